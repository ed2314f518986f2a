// What Jira must send for a GraphQL selection (field pushdown). Each GraphQL
// field that comes from a Jira field declares, where it is defined, which
// Jira `fields` (and `expand`) it needs:
//   extensions: { ...requires('issues:read'), ...jiraNeeds({ fields: ['summary'] }) }
// A resolver that fetches issues asks `issuePlan(info, paths)` for the union
// over the selection (aliases, fragments and inline fragments included), so a
// query for key and summary makes Jira send key and summary only.
//
// Answers are remembered for as long as the parsed document lives. Yoga
// keeps one parsed document per query text, so a client that sends the same
// query with other variables reuses the answer: walking the selection with
// graphql-parse-resolve-info is a measurable share of a single-issue query's
// CPU (BENCHMARKS.md, "What changed, and what it saved"). The answer may depend on variables only through the
// selection below the field (@skip/@include, arguments such as
// customFields(names: $names)): a selection that uses no variable is
// remembered per document; one that does, per request (its variables object).
import {
  type ArgumentNode,
  type FieldNode,
  type FragmentDefinitionNode,
  type GraphQLObjectType,
  type GraphQLResolveInfo,
  getNamedType,
  type SelectionSetNode,
  type ValueNode,
} from 'graphql';
import { type FieldsByTypeName, parseResolveInfo, type ResolveTree } from 'graphql-parse-resolve-info';
import type { IssueFieldPlan } from '../../jira/issue-reads.ts';
import { RichTextRef } from '../rich-text.ts';

// ---------------------------------------------------------------- declarations

export interface JiraFieldNeeds {
  fields?: readonly string[];
  expand?: readonly string[];
}

/** Static needs, or needs that depend on the field's arguments (customFields(ids: ...)). */
export type NeedsSpec = JiraFieldNeeds | ((args: Record<string, unknown>) => JiraFieldNeeds);

export function jiraNeeds(spec: NeedsSpec): { jira: NeedsSpec } {
  return { jira: spec };
}

// ---------------------------------------------------------------- reading the selection

/** The trees selected under `path` (field names, any alias, any type) below the current field. */
function selectedTrees(info: GraphQLResolveInfo, path: readonly string[]): ResolveTree[] {
  const root = parseResolveInfo(info) as ResolveTree | null | undefined;
  let trees = root ? [root] : [];
  for (const step of path) {
    trees = trees.flatMap((tree) =>
      Object.values(tree.fieldsByTypeName).flatMap((fields: FieldsByTypeName[string]) =>
        Object.values(fields).filter((child) => child.name === step),
      ),
    );
  }
  return trees;
}

/** The union of plans, sorted, each field and expand once. */
export function mergePlans(plans: readonly IssueFieldPlan[]): IssueFieldPlan {
  const fields = new Set<string>();
  const expand = new Set<string>();
  for (const p of plans) {
    for (const f of p.fields) fields.add(f);
    for (const e of p.expand) expand.add(e);
  }
  return { fields: [...fields].sort(), expand: [...expand].sort() };
}

/**
 * The Jira fields and expands the selection of `typeName` objects below the
 * current field needs. `path` leads from the current field to them, e.g.
 * ['edges', 'node'] for a connection; [] when the field returns them itself.
 */
export function selectionNeeds(
  info: GraphQLResolveInfo,
  path: readonly string[] = [],
  typeName = 'Issue',
): IssueFieldPlan {
  const defs = (info.schema.getType(typeName) as GraphQLObjectType | undefined)?.getFields() ?? {};
  const needs: JiraFieldNeeds[] = [];
  for (const tree of selectedTrees(info, path)) {
    for (const child of Object.values(tree.fieldsByTypeName[typeName] ?? {})) {
      const spec = defs[child.name]?.extensions.jira as NeedsSpec | undefined;
      if (spec) needs.push(typeof spec === 'function' ? spec(child.args) : spec);
    }
  }
  return mergePlans(needs.map((n) => ({ fields: n.fields ?? [], expand: n.expand ?? [] })));
}

/**
 * renderedFields, when a rich-text field of the issue has `html` selected:
 * Jira renders every selected field then, so it is asked only when wanted.
 * (jiraNeeds declarations see a field's arguments, not its sub-selection.)
 */
function renderedNeeded(info: GraphQLResolveInfo, path: readonly string[]): boolean {
  const defs = (info.schema.getType('Issue') as GraphQLObjectType | undefined)?.getFields() ?? {};
  return selectedTrees(info, path).some((tree) =>
    Object.values(tree.fieldsByTypeName.Issue ?? {}).some((child) => {
      const def = defs[child.name];
      if (!def || getNamedType(def.type).name !== RichTextRef.name) return false;
      return Object.values(child.fieldsByTypeName[RichTextRef.name] ?? {}).some((f) => f.name === 'html');
    }),
  );
}

/**
 * The Jira fields and expands the Issue selections under `paths` need (each
 * path leads from the current field to Issue objects: [] when the field
 * returns issues, ['edges', 'node'] and ['nodes'] for a connection).
 */
export function issuePlan(
  info: GraphQLResolveInfo,
  paths: readonly (readonly string[])[] = [[]],
): IssueFieldPlan {
  return fromSelection(info, `issuePlan:${paths.map((p) => p.join('.')).join('|')}`, () =>
    mergePlans(
      paths.flatMap((path) => {
        const needs = selectionNeeds(info, path);
        return renderedNeeded(info, path) ? [needs, { fields: [], expand: ['renderedFields'] }] : [needs];
      }),
    ),
  );
}

/** Whether the selection below the current field reaches `path` (any alias, fragments included). */
export function selects(info: GraphQLResolveInfo, path: readonly string[]): boolean {
  return fromSelection(info, `selects:${path.join('.')}`, () => selectedTrees(info, path).length > 0);
}

// ---------------------------------------------------------------- remembering answers

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
function fromSelection<T>(info: GraphQLResolveInfo, key: string, compute: () => T): T {
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
