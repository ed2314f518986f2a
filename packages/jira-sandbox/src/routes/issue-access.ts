// Which issue a request addresses, and whether the caller may read or write
// it. Reads answer 404 for issues the caller may not see, exactly like a
// missing issue.
import { isRouteResult, jiraError, notAuthenticated, type RouteContext, type RouteResult } from '../http.ts';
import type { Flavor, SandboxIssue, SandboxUser } from '../model.ts';

/** Each flavour's 404 for an issue that is missing or hidden from the caller. */
export function issueNotFound(flavor: Flavor): RouteResult {
  return jiraError(404, [
    flavor === 'cloud'
      ? 'Issue does not exist or you do not have permission to see it.'
      : 'Issue Does Not Exist',
  ]);
}

export function visibleIssue(ctx: RouteContext): SandboxIssue | RouteResult {
  const issue = ctx.store.findIssue(ctx.params.issueIdOrKey ?? '');
  if (!issue || !ctx.store.canSeeIssue(ctx.user, issue)) return issueNotFound(ctx.flavor);
  return issue;
}

/** The issue a write addresses. Data Center refuses anonymous writes with 401;
 *  Cloud's anonymous caller simply sees no issue. */
export function writableIssue(ctx: RouteContext): { issue: SandboxIssue; user: SandboxUser } | RouteResult {
  if (!ctx.user && ctx.flavor === 'datacenter') return notAuthenticated();
  const issue = visibleIssue(ctx);
  if (isRouteResult(issue)) return issue;
  if (!ctx.user) return issueNotFound(ctx.flavor);
  return { issue, user: ctx.user };
}
