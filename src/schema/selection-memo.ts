// Answers worked out from a field's selection (which Jira fields and expands
// it needs, whether it reaches a sub-field), remembered for as long as the
// parsed document lives. Yoga keeps one parsed document per query text, so a
// client that sends the same query with other variables reuses the answer:
// walking the selection with graphql-parse-resolve-info cost about 3% of a
// single-issue query's CPU (BENCHMARKS.md).
//
// The answer may depend on variables only through the selection below the
// field (@skip/@include, arguments such as customFields(names: $names)). A
// selection that uses no variable is remembered per document; one that does,
// per request (its variables object), as before.
import type {
  ArgumentNode,
  FieldNode,
  FragmentDefinitionNode,
  GraphQLResolveInfo,
  SelectionSetNode,
  ValueNode,
} from 'graphql';

interface Remembered {
  /** The field's nodes as merged in the execution that computed it (same response key). */
  nodes: readonly FieldNode[];
  parentType: unknown;
  value: unknown;
}

const byDocument = new WeakMap<FieldNode, Map<string, Remembered>>();
const byRequest = new WeakMap<object, WeakMap<readonly FieldNode[], Map<string, unknown>>>();
const variableUse = new WeakMap<FieldNode, boolean>();

function valueUsesVariables(value: ValueNode): boolean {
  if (value.kind === 'Variable') return true;
  if (value.kind === 'ListValue') return value.values.some(valueUsesVariables);
  if (value.kind === 'ObjectValue') return value.fields.some((f) => valueUsesVariables(f.value));
  return false;
}

const argumentsUseVariables = (args: readonly ArgumentNode[] | undefined): boolean =>
  args?.some((a) => valueUsesVariables(a.value)) ?? false;

function selectionUsesVariables(
  set: SelectionSetNode | undefined,
  fragments: Record<string, FragmentDefinitionNode>,
  seen: Set<string>,
): boolean {
  for (const selection of set?.selections ?? []) {
    if (selection.directives?.some((d) => argumentsUseVariables(d.arguments))) return true;
    if (selection.kind === 'Field') {
      if (argumentsUseVariables(selection.arguments)) return true;
      if (selectionUsesVariables(selection.selectionSet, fragments, seen)) return true;
    } else if (selection.kind === 'InlineFragment') {
      if (selectionUsesVariables(selection.selectionSet, fragments, seen)) return true;
    } else if (!seen.has(selection.name.value)) {
      seen.add(selection.name.value);
      if (selectionUsesVariables(fragments[selection.name.value]?.selectionSet, fragments, seen)) return true;
    }
  }
  return false;
}

function usesVariables(info: GraphQLResolveInfo): boolean {
  let uses = false;
  for (const node of info.fieldNodes) {
    let known = variableUse.get(node);
    if (known === undefined) {
      known = selectionUsesVariables(node.selectionSet, info.fragments, new Set());
      variableUse.set(node, known);
    }
    uses ||= known;
  }
  return uses;
}

function sameNodes(a: readonly FieldNode[], b: readonly FieldNode[]): boolean {
  return a.length === b.length && a.every((node, i) => node === b[i]);
}

/**
 * `compute()`'s answer for this field's selection and `key`, computed once per
 * parsed document (or per request, when the selection uses variables). The
 * answer is shared: callers must not change it.
 */
export function fromSelection<T>(info: GraphQLResolveInfo, key: string, compute: () => T): T {
  const first = info.fieldNodes[0];
  if (first === undefined) return compute();
  if (!usesVariables(info)) {
    let answers = byDocument.get(first);
    const known = answers?.get(key);
    if (known && known.parentType === info.parentType && sameNodes(known.nodes, info.fieldNodes)) {
      return known.value as T;
    }
    const value = compute();
    if (!answers) {
      answers = new Map();
      byDocument.set(first, answers);
    }
    answers.set(key, { nodes: info.fieldNodes, parentType: info.parentType, value });
    return value;
  }
  let byField = byRequest.get(info.variableValues);
  if (!byField) {
    byField = new WeakMap();
    byRequest.set(info.variableValues, byField);
  }
  let answers = byField.get(info.fieldNodes);
  if (!answers) {
    answers = new Map();
    byField.set(info.fieldNodes, answers);
  }
  if (answers.has(key)) return answers.get(key) as T;
  const value = compute();
  answers.set(key, value);
  return value;
}
