import fs from 'node:fs';
import path from 'node:path';
import { parse, print, type OperationDefinitionNode } from 'graphql';

const documents = new Map<string, string>();
for (const file of fs.readdirSync(path.join(__dirname, '../operations'))) {
  const doc = parse(fs.readFileSync(path.join(__dirname, '../operations', file), 'utf8'));
  for (const def of doc.definitions) {
    const name = (def as OperationDefinitionNode).name?.value;
    if (name) documents.set(name, print(def));
  }
}

/** The text of a named operation in test/operations (the same documents codegen types). */
export function operation(name: string): string {
  const text = documents.get(name);
  if (!text) throw new Error(`no operation ${name} in test/operations`);
  return text;
}
