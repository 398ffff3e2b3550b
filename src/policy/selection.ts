import {
  getNamedType,
  isObjectType,
  isInterfaceType,
  type FragmentDefinitionNode,
  type GraphQLNamedType,
  type GraphQLResolveInfo,
  type GraphQLSchema,
  type OperationDefinitionNode,
  type SelectionSetNode,
} from 'graphql';
import type { Path } from 'graphql/jsutils/Path';
import { fieldPolicy } from './field-policy';
import type { PersonalField } from './categories';

/** The personal fields one place of an operation asks of the members it holds, with every response key (alias). */
export interface PersonalSelection {
  /** Distinct fields, in the order first asked. */
  readonly fields: readonly PersonalField[];
  /** The response keys each field is answered under (same index as `fields`). */
  readonly keys: readonly (readonly string[])[];
}

/** Per place of the operation (response keys from the root, list indexes left out, joined by '.'): what it asks. */
export type SelectionPlan = ReadonlyMap<string, PersonalSelection>;

const plans = new WeakMap<OperationDefinitionNode, { schema: GraphQLSchema; plan: SelectionPlan }>();

const personalField = (type: GraphQLNamedType, field: string): PersonalField | null => {
  const access = Object.hasOwn(fieldPolicy, type.name) ? fieldPolicy[type.name]?.[field] : undefined;
  return access?.kind === 'PERSONAL' ? access.field : null;
};

/**
 * The plan of the operation being executed: made once per parsed operation (the server keeps parsed documents, so
 * once per distinct query) and reused, unless the operation has @skip or @include, whose outcome depends on the
 * variables: then per request. Fragments, inline fragments and aliases are followed.
 */
export function selectionPlan(info: GraphQLResolveInfo): SelectionPlan {
  const cached = plans.get(info.operation);
  if (cached && cached.schema === info.schema) return cached.plan;
  const built = buildPlan(info.schema, info.operation, info.fragments);
  if (!built.conditional) plans.set(info.operation, { schema: info.schema, plan: built.plan });
  return built.plan;
}

function buildPlan(
  schema: GraphQLSchema,
  operation: OperationDefinitionNode,
  fragments: Record<string, FragmentDefinitionNode>,
): { plan: SelectionPlan; conditional: boolean } {
  const plan = new Map<string, { fields: PersonalField[]; keys: string[][] }>();
  let conditional = false;
  const root = schema.getRootType(operation.operation);
  const walk = (set: SelectionSetNode, type: GraphQLNamedType, at: string, seen: ReadonlySet<string>): void => {
    for (const selection of set.selections) {
      if (selection.directives?.some((d) => d.name.value === 'skip' || d.name.value === 'include')) conditional = true;
      if (selection.kind === 'Field') {
        const name = selection.name.value;
        const key = selection.alias?.value ?? name;
        const personal = personalField(type, name);
        if (personal) {
          let place = plan.get(at);
          if (!place) plan.set(at, (place = { fields: [], keys: [] }));
          const i = place.fields.indexOf(personal);
          if (i < 0) {
            place.fields.push(personal);
            place.keys.push([key]);
          } else if (!place.keys[i]!.includes(key)) place.keys[i]!.push(key);
        }
        if (!selection.selectionSet || !(isObjectType(type) || isInterfaceType(type))) continue;
        const def = type.getFields()[name];
        if (def) walk(selection.selectionSet, getNamedType(def.type), at === '' ? key : `${at}.${key}`, seen);
      } else if (selection.kind === 'InlineFragment') {
        const cond = selection.typeCondition ? schema.getType(selection.typeCondition.name.value) : type;
        if (cond) walk(selection.selectionSet, cond, at, seen);
      } else {
        const name = selection.name.value;
        const fragment = fragments[name];
        if (!fragment || seen.has(name)) continue;
        const cond = schema.getType(fragment.typeCondition.name.value);
        if (cond) walk(fragment.selectionSet, cond, at, new Set([...seen, name]));
      }
    }
  };
  if (root) walk(operation.selectionSet, root, '', new Set());
  return { plan, conditional };
}

/** The plan's key of the place an object sits at: its path's response keys, list indexes left out. */
export function placeOf(path: Path): string {
  let key = '';
  for (let p: Path | undefined = path; p; p = p.prev) {
    if (typeof p.key === 'number') continue;
    key = key === '' ? p.key : `${p.key}.${key}`;
  }
  return key;
}
