// Field pushdown: each GraphQL field that comes from a Jira issue field
// declares, where it is defined, which Jira `fields` (and `expand`) it needs:
//   extensions: { ...requires('issues:read'), ...jiraNeeds({ fields: ['summary'] }) }
// A resolver that fetches issues asks `issueNeeds(info, path)` for the union
// over the selection (aliases, fragments and inline fragments included), so a
// query for key and summary makes Jira send key and summary only.
import type { GraphQLObjectType, GraphQLResolveInfo } from 'graphql';
import { type FieldsByTypeName, parseResolveInfo, type ResolveTree } from 'graphql-parse-resolve-info';

export interface JiraFieldNeeds {
  fields?: readonly string[];
  expand?: readonly string[];
}

/** Static needs, or needs that depend on the field's arguments (customFields(ids: ...)). */
export type NeedsSpec = JiraFieldNeeds | ((args: Record<string, unknown>) => JiraFieldNeeds);

export function jiraNeeds(spec: NeedsSpec): { jira: NeedsSpec } {
  return { jira: spec };
}

export interface IssueFetchPlan {
  fields: string[];
  expand: string[];
}

function mergeInto(plan: { fields: Set<string>; expand: Set<string> }, needs: JiraFieldNeeds): void {
  for (const f of needs.fields ?? []) plan.fields.add(f);
  for (const e of needs.expand ?? []) plan.expand.add(e);
}

/** The trees selected under `path` (field names, any alias) from `tree`, for any type. */
function descend(trees: ResolveTree[], step: string): ResolveTree[] {
  return trees.flatMap((tree) =>
    Object.values(tree.fieldsByTypeName).flatMap((fields: FieldsByTypeName[string]) =>
      Object.values(fields).filter((child) => child.name === step),
    ),
  );
}

/**
 * The Jira fields and expands the selection of `typeName` objects below the
 * current field needs. `path` leads from the current field to them, e.g.
 * ['edges', 'node'] for a connection; [] when the field returns them itself.
 */
export function issueNeeds(
  info: GraphQLResolveInfo,
  path: readonly string[] = [],
  typeName = 'Issue',
): IssueFetchPlan {
  const root = parseResolveInfo(info) as ResolveTree | null | undefined;
  const plan = { fields: new Set<string>(), expand: new Set<string>() };
  if (!root) return { fields: [], expand: [] };
  let trees = [root];
  for (const step of path) trees = descend(trees, step);
  const type = info.schema.getType(typeName) as GraphQLObjectType | undefined;
  const defs = type?.getFields() ?? {};
  for (const tree of trees) {
    for (const child of Object.values(tree.fieldsByTypeName[typeName] ?? {})) {
      const spec = defs[child.name]?.extensions.jira as NeedsSpec | undefined;
      if (spec) mergeInto(plan, typeof spec === 'function' ? spec(child.args) : spec);
    }
  }
  return { fields: [...plan.fields].sort(), expand: [...plan.expand].sort() };
}
