// Loading issues by key or id through a per-request DataLoader: every load of
// one GraphQL request's tick (issue(key) under aliases, nested parents and
// linked issues that need more than Jira embedded, activity and custom fields
// read again) becomes one Jira request, a search `key in (...)` on Data
// Center, one bulkfetch on Cloud, asking for the union of the plans.
import type { GraphQLResolveInfo } from 'graphql';
import { fetchIssues, type IssueFieldPlan, MAX_BATCH, projectOfKey } from '../../jira/issue-reads.ts';
import { type JiraJson, objOrNull, str } from '../../jira/json.ts';
import type { GatewayContext } from '../../request-context.ts';
import { callJira } from '../jira-call.ts';
import { loaderFor } from '../loaders.ts';
import { outsideRestriction, projectRestriction } from '../project-restriction.ts';
import { issuePlan, mergePlans } from './selection-plan.ts';

interface IssueLoad {
  /** An issue key (upper case) or id. */
  ref: string;
  plan: IssueFieldPlan;
}

function planKey(plan: IssueFieldPlan): string {
  return `${plan.fields.join(',')}|${plan.expand.join(',')}`;
}

/**
 * Loads an issue by key or id through the request's batch: every load of one
 * tick becomes one Jira request with the union of the plans. Null when the
 * issue does not exist, the caller may not see it, or the token's project
 * restriction hides it.
 */
export function loadIssue(ctx: GatewayContext, ref: string, plan: IssueFieldPlan): Promise<JiraJson | null> {
  const loader = loaderFor<IssueLoad, JiraJson | null, string>(
    ctx,
    'issue-by-ref',
    async (loads) => {
      const union = mergePlans(loads.map((l) => l.plan));
      const found = await callJira(ctx, (jira) =>
        fetchIssues(
          jira,
          loads.map((l) => l.ref),
          union,
          { projects: projectRestriction(ctx) },
        ),
      );
      return loads.map((l) => found.get(l.ref) ?? null);
    },
    { maxBatchSize: MAX_BATCH, cacheKeyFn: (l) => `${l.ref}|${planKey(l.plan)}` },
  );
  return loader.load({ ref: ref.trim().toUpperCase(), plan });
}

/** What Jira embeds of an issue inside another (parent, subtasks, issue links). */
const EMBEDDED_FIELDS = new Set(['summary', 'status', 'priority', 'issuetype']);

/**
 * An issue Jira embedded in another: answered from the embedded form when the
 * selection needs nothing more, else loaded (batched with its siblings). Null
 * when the token's project restriction hides it.
 */
export async function embeddedIssue(
  ctx: GatewayContext,
  info: GraphQLResolveInfo,
  raw: unknown,
): Promise<JiraJson | null> {
  const embedded = objOrNull(raw);
  if (!embedded) return null;
  const key = str(embedded.key);
  if (outsideRestriction(ctx, projectOfKey(key))) return null;
  const plan = issuePlan(info);
  if (plan.expand.length === 0 && plan.fields.every((f) => EMBEDDED_FIELDS.has(f))) return embedded;
  return (await loadIssue(ctx, key !== '' ? key : str(embedded.id), plan)) ?? null;
}
