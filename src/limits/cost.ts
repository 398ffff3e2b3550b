import {
  Kind,
  getNamedType,
  getNullableType,
  isListType,
  isObjectType,
  isInterfaceType,
  valueFromASTUntyped,
  type GraphQLSchema,
  type GraphQLNamedType,
  type DocumentNode,
  type FieldNode,
  type FragmentDefinitionNode,
  type OperationDefinitionNode,
  type SelectionSetNode,
  type ValueNode,
} from 'graphql';
import { fieldPolicy } from '../policy/field-policy';

/** Every field costs 1, times the `first` of each list above it (a page of 100 costs 100 times its contents). */
export const DEFAULT_LIST_SIZE = 10;

/**
 * Lists without `first` are costed by the most rows their resolver returns (its LIMIT); a list of objects not
 * named here by UNBOUNDED_LIST_SIZE.
 */
const LIST_BOUNDS: Readonly<Record<string, number>> = {
  // A connection's edges are its page: already weighted by the `first` of the field above.
  edges: 1,
  // One entry per field of a member at most.
  denied: Object.keys(fieldPolicy.Member ?? {}).length,
  openCorrections: 500,
  entrustedWork: 500,
  lawfulRequests: 200,
  notices: 100,
};
export const UNBOUNDED_LIST_SIZE = 100;

/** `first` as the request will run it: a literal, a variable's value, else the variable's default. */
function firstArgument(
  field: FieldNode,
  variables: Record<string, unknown>,
  defaults: Record<string, unknown>,
): number | null {
  const arg = field.arguments?.find((a) => a.name.value === 'first');
  if (!arg) return null;
  const value: ValueNode = arg.value;
  if (value.kind === Kind.INT) return Number(value.value);
  if (value.kind === Kind.VARIABLE) {
    const name = value.name.value;
    const v = name in variables ? variables[name] : defaults[name];
    return typeof v === 'number' ? v : DEFAULT_LIST_SIZE;
  }
  return DEFAULT_LIST_SIZE;
}

/**
 * The cost of one operation. Fragments are expanded where they are spread; a cycle (which validation refuses
 * anyway) stops the walk instead of looping.
 */
export function operationCost(
  operation: OperationDefinitionNode,
  fragments: Readonly<Record<string, FragmentDefinitionNode>>,
  variables: Record<string, unknown> = {},
  schema?: GraphQLSchema,
): number {
  const defaults = Object.fromEntries(
    (operation.variableDefinitions ?? [])
      .filter((d) => d.defaultValue)
      .map((d) => [d.variable.name.value, valueFromASTUntyped(d.defaultValue!)]),
  );
  const typeNamed = (name: string | undefined): GraphQLNamedType | undefined =>
    name && schema ? (schema.getType(name) ?? undefined) : undefined;
  const root = schema
    ? ((operation.operation === 'mutation'
        ? schema.getMutationType()
        : operation.operation === 'subscription'
          ? schema.getSubscriptionType()
          : schema.getQueryType()) ?? undefined)
    : undefined;
  /** How many items the field's list can hold when `first` does not say; 1 for a field that is no list of objects. */
  const listSize = (
    parent: GraphQLNamedType | undefined,
    field: FieldNode,
  ): { size: number; type: GraphQLNamedType | undefined } => {
    const def =
      parent && (isObjectType(parent) || isInterfaceType(parent)) ? parent.getFields()[field.name.value] : undefined;
    if (!def) return { size: 1, type: undefined };
    const type = getNamedType(def.type);
    const list = isListType(getNullableType(def.type)) && (isObjectType(type) || isInterfaceType(type));
    return { size: list ? (LIST_BOUNDS[field.name.value] ?? UNBOUNDED_LIST_SIZE) : 1, type };
  };
  const walk = (
    set: SelectionSetNode | undefined,
    multiplier: number,
    parent: GraphQLNamedType | undefined,
    seen: ReadonlySet<string>,
  ): number => {
    if (!set) return 0;
    let total = 0;
    for (const sel of set.selections) {
      if (sel.kind === Kind.FIELD) {
        if (sel.name.value.startsWith('__')) continue;
        const first = firstArgument(sel, variables, defaults);
        const { size, type } = listSize(parent, sel);
        const inner = multiplier * Math.max(1, Math.min(first ?? size, 10_000));
        total += multiplier + walk(sel.selectionSet, inner, type, seen);
      } else if (sel.kind === Kind.INLINE_FRAGMENT) {
        total += walk(sel.selectionSet, multiplier, typeNamed(sel.typeCondition?.name.value) ?? parent, seen);
      } else {
        const name = sel.name.value;
        const fragment = fragments[name];
        if (fragment && !seen.has(name))
          total += walk(
            fragment.selectionSet,
            multiplier,
            typeNamed(fragment.typeCondition.name.value),
            new Set([...seen, name]),
          );
      }
      if (total > 1e9) return total;
    }
    return total;
  };
  return walk(operation.selectionSet, 1, root, new Set());
}

export function documentFragments(document: DocumentNode): Record<string, FragmentDefinitionNode> {
  return Object.fromEntries(
    document.definitions
      .filter((d): d is FragmentDefinitionNode => d.kind === Kind.FRAGMENT_DEFINITION)
      .map((d) => [d.name.value, d]),
  );
}
