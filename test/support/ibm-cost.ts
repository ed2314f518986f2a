// A static cost analysis of an operation from the @cost / @listSize directives
// applied in an SDL, as Apollo's router and the Hive gateway compute it (IBM
// GraphQL Cost Directives): each field costs its @cost weight, or its named
// type's, or 1 for an object and 0 for a leaf; times the sizes of the lists
// above it and its own. A list's size is the largest slicing argument given,
// else its assumedSize, else `defaultListSize`; a connection's size applies to
// its sizedFields. Every occurrence counts (no merging of equal response
// keys), @skip/@include are ignored, and the operation type costs nothing:
// the figure is what a tool reading schema.graphql would say at most. Used by
// tests to check the published directives bound the gateway's own estimate.
import {
  type ConstDirectiveNode,
  type DocumentNode,
  type FieldNode,
  type FragmentDefinitionNode,
  type GraphQLField,
  type GraphQLNamedType,
  type GraphQLObjectType,
  type GraphQLSchema,
  getNamedType,
  getNullableType,
  isLeafType,
  isListType,
  isObjectType,
  Kind,
  type SelectionSetNode,
  valueFromASTUntyped,
} from 'graphql';

type Variables = Readonly<Record<string, unknown>>;

function directive(
  node: { readonly directives?: readonly ConstDirectiveNode[] } | null | undefined,
  name: string,
): Record<string, unknown> | null {
  const found = node?.directives?.find((d) => d.name.value === name);
  if (!found) return null;
  return Object.fromEntries((found.arguments ?? []).map((a) => [a.name.value, valueFromASTUntyped(a.value)]));
}

function weightOf(field: GraphQLField<unknown, unknown>, named: GraphQLNamedType): number {
  const own = directive(field.astNode, 'cost') ?? directive(named.astNode, 'cost');
  if (own) return Number(own.weight);
  return isLeafType(named) ? 0 : 1;
}

function argumentNumber(node: FieldNode, name: string, variables: Variables): number | null {
  const given = node.arguments?.find((a) => a.name.value === name);
  if (!given) return null;
  const value = valueFromASTUntyped(given.value, variables as Record<string, unknown>);
  return typeof value === 'number' ? value : null;
}

export interface IbmCostOptions {
  /** The size of a list that publishes none (a tool's setting; at least 1 in the README's rule). */
  defaultListSize: number;
}

export function ibmCost(
  schema: GraphQLSchema,
  document: DocumentNode,
  variables: Variables = {},
  options: IbmCostOptions = { defaultListSize: 1 },
): number {
  const fragments = new Map<string, FragmentDefinitionNode>();
  for (const d of document.definitions)
    if (d.kind === Kind.FRAGMENT_DEFINITION) fragments.set(d.name.value, d);

  const fieldsOf = (set: SelectionSetNode): FieldNode[] =>
    set.selections.flatMap((s) => {
      if (s.kind === Kind.FIELD) return [s];
      if (s.kind === Kind.INLINE_FRAGMENT) return fieldsOf(s.selectionSet);
      const fragment = fragments.get(s.name.value);
      return fragment ? fieldsOf(fragment.selectionSet) : [];
    });

  const walk = (
    type: GraphQLObjectType,
    set: SelectionSetNode,
    multiplier: number,
    sized: ReadonlyMap<string, number>,
  ): number => {
    let total = 0;
    for (const node of fieldsOf(set)) {
      if (node.name.value.startsWith('__')) continue;
      const field = type.getFields()[node.name.value];
      if (!field) continue;
      const named = getNamedType(field.type);
      const listSize = directive(field.astNode, 'listSize');
      let factor = 1;
      const childSizes = new Map<string, number>();
      const fromParent = sized.get(field.name);
      if (fromParent !== undefined) {
        factor = fromParent;
      } else if (listSize) {
        const slicing = (listSize.slicingArguments as string[] | undefined) ?? [];
        const given = slicing.map((a) => argumentNumber(node, a, variables)).filter((n) => n !== null);
        const size = given.length > 0 ? Math.max(...given) : Number(listSize.assumedSize ?? 0);
        const sizedFields = listSize.sizedFields as string[] | undefined;
        if (sizedFields && sizedFields.length > 0) for (const f of sizedFields) childSizes.set(f, size);
        else factor = size;
      } else if (isListType(getNullableType(field.type))) {
        factor = options.defaultListSize;
      }
      const times = multiplier * factor;
      total += times * weightOf(field, named);
      if (node.selectionSet && isObjectType(named))
        total += walk(named, node.selectionSet, times, childSizes);
    }
    return total;
  };

  let total = 0;
  for (const d of document.definitions) {
    if (d.kind !== Kind.OPERATION_DEFINITION) continue;
    const root = schema.getRootType(d.operation);
    if (root) total += walk(root, d.selectionSet, 1, new Map());
  }
  return total;
}
