import {
  Kind,
  type DocumentNode,
  type FieldNode,
  type FragmentDefinitionNode,
  type OperationDefinitionNode,
  type SelectionSetNode,
  type ValueNode,
} from 'graphql';

/** Every field costs 1, times the `first` of each list above it (a page of 100 costs 100 times its contents). */
export const DEFAULT_LIST_SIZE = 10;

function firstArgument(field: FieldNode, variables: Record<string, unknown>): number | null {
  const arg = field.arguments?.find((a) => a.name.value === 'first');
  if (!arg) return null;
  const value: ValueNode = arg.value;
  if (value.kind === Kind.INT) return Number(value.value);
  if (value.kind === Kind.VARIABLE) {
    const v = variables[value.name.value];
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
): number {
  const walk = (set: SelectionSetNode | undefined, multiplier: number, seen: ReadonlySet<string>): number => {
    if (!set) return 0;
    let total = 0;
    for (const sel of set.selections) {
      if (sel.kind === Kind.FIELD) {
        if (sel.name.value.startsWith('__')) continue;
        const first = firstArgument(sel, variables);
        const inner = first === null ? multiplier : multiplier * Math.max(1, Math.min(first, 10_000));
        total += multiplier + walk(sel.selectionSet, inner, seen);
      } else if (sel.kind === Kind.INLINE_FRAGMENT) {
        total += walk(sel.selectionSet, multiplier, seen);
      } else {
        const name = sel.name.value;
        const fragment = fragments[name];
        if (fragment && !seen.has(name)) total += walk(fragment.selectionSet, multiplier, new Set([...seen, name]));
      }
      if (total > 1e9) return total;
    }
    return total;
  };
  return walk(operation.selectionSet, 1, new Set());
}

export function documentFragments(document: DocumentNode): Record<string, FragmentDefinitionNode> {
  return Object.fromEntries(
    document.definitions.filter((d): d is FragmentDefinitionNode => d.kind === Kind.FRAGMENT_DEFINITION).map((d) => [d.name.value, d]),
  );
}
