import fs from 'node:fs';
import path from 'node:path';
import { parse, print, type FragmentDefinitionNode, type OperationDefinitionNode } from 'graphql';
import type * as G from '../generated/graphql';
import { gql, type Caller, type GraphQLResponse } from './http';

const operations = new Map<string, OperationDefinitionNode>();
const fragments = new Map<string, FragmentDefinitionNode>();
for (const file of fs.readdirSync(path.join(__dirname, '../operations'))) {
  const doc = parse(fs.readFileSync(path.join(__dirname, '../operations', file), 'utf8'));
  for (const def of doc.definitions) {
    if (def.kind === 'FragmentDefinition') fragments.set(def.name.value, def);
    else if (def.kind === 'OperationDefinition' && def.name) operations.set(def.name.value, def);
  }
}

/** The fragments a definition spreads, and the ones those spread, each once. */
function fragmentsOf(text: string, seen = new Set<string>()): string[] {
  const out: string[] = [];
  for (const [, name] of text.matchAll(/\.\.\.\s*([A-Za-z_]\w*)/g)) {
    const fragment = fragments.get(name!);
    if (!fragment || seen.has(name!)) continue;
    seen.add(name!);
    const printed = print(fragment);
    out.push(printed, ...fragmentsOf(printed, seen));
  }
  return out;
}

/** The text of a named operation in test/operations (the same documents codegen types), with its fragments. */
export function operation(name: string): string {
  const def = operations.get(name);
  if (!def) throw new Error(`no operation ${name} in test/operations`);
  const text = print(def);
  return [text, ...fragmentsOf(text)].join('\n\n');
}

/** Each operation of test/operations with the result and variable types `npm run gen` generates for it. */
export interface Operations {
  Login: [G.LoginMutation, G.LoginMutationVariables];
  Logout: [G.LogoutMutation, G.LogoutMutationVariables];
  Me: [G.MeQuery, G.MeQueryVariables];
  Members: [G.MembersQuery, G.MembersQueryVariables];
  MemberById: [G.MemberByIdQuery, G.MemberByIdQueryVariables];
  PublicInfo: [G.PublicInfoQuery, G.PublicInfoQueryVariables];
}

/** Runs a named operation over real HTTP; its answer and variables are typed as the schema says they are. */
export const run = <N extends keyof Operations>(
  url: string,
  name: N,
  variables: Operations[N][1],
  caller: Caller = {},
): Promise<GraphQLResponse<Operations[N][0]>> => gql<Operations[N][0]>(url, operation(name), variables, caller);
