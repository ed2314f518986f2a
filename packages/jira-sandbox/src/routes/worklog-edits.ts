// One worklog of an issue: GET, PUT and DELETE .../worklog/{id}. Its author
// may edit and delete it (Edit/Delete Own Worklogs), the project's
// Administrators and Jira administrators anyone's (Edit/Delete All
// Worklogs). Both move the issue's time spent and, per adjustEstimate, its
// remaining estimate, with the history POST leaves (worklog-time.ts).
import { asObject, isRouteResult, noContent, ok, type RouteContext, type RouteResult } from '../http.ts';
import type { SandboxIssue, SandboxUser, SandboxWorklog } from '../model.ts';
import { ownedOrAll, type ProjectPermission } from '../permission-scheme.ts';
import { worklogJson } from '../representation/issue-sub-resources.ts';
import { visibleIssue, writableIssue } from './issue-access.ts';
import { writeClock } from './issue-history.ts';
import { estimateAfter, recordWorklogTime, worklogFields } from './worklog-time.ts';
import { worklogNotFound, worklogRefused } from './write-permissions.ts';

function findWorklog(ctx: RouteContext, issue: SandboxIssue): SandboxWorklog | RouteResult {
  const id = ctx.params.id ?? '';
  return issue.worklogs.find((w) => w.id === id) ?? worklogNotFound(id);
}

export function getWorklog(ctx: RouteContext): RouteResult {
  const issue = visibleIssue(ctx);
  if (isRouteResult(issue)) return issue;
  const worklog = findWorklog(ctx, issue);
  if (isRouteResult(worklog)) return worklog;
  return ok(worklogJson(worklog, issue, ctx));
}

const WORKLOG_RIGHTS = {
  edit: ['EDIT_OWN_WORKLOGS', 'EDIT_ALL_WORKLOGS'],
  delete: ['DELETE_OWN_WORKLOGS', 'DELETE_ALL_WORKLOGS'],
} as const satisfies Record<string, readonly [ProjectPermission, ProjectPermission]>;

/** The worklog a write addresses, once the caller may change it. */
function changeableWorklog(
  ctx: RouteContext,
  action: 'edit' | 'delete',
): { issue: SandboxIssue; user: SandboxUser; worklog: SandboxWorklog } | RouteResult {
  const target = writableIssue(ctx);
  if (isRouteResult(target)) return target;
  const worklog = findWorklog(ctx, target.issue);
  if (isRouteResult(worklog)) return worklog;
  const [own, all] = WORKLOG_RIGHTS[action];
  if (!ownedOrAll(ctx.store, target.user, target.issue, worklog.authorKey, own, all)) {
    return worklogRefused(ctx, target.user, action);
  }
  return { ...target, worklog };
}

/** Changes what the body names (time spent, started, comment); the rest stays. */
export function updateWorklog(ctx: RouteContext): RouteResult {
  const target = changeableWorklog(ctx, 'edit');
  if (isRouteResult(target)) return target;
  const { issue, user, worklog } = target;
  const input = worklogFields(ctx, asObject(ctx.body) ?? {}, false);
  if (isRouteResult(input)) return input;
  const seconds = input.seconds ?? worklog.timeSpentSeconds;
  const delta = seconds - worklog.timeSpentSeconds;
  // Editing has no manual mode: adjustEstimate=manual is refused like an unknown mode.
  const estimate = estimateAfter(ctx, issue, delta, null);
  if (isRouteResult(estimate)) return estimate;

  const now = writeClock(ctx.store);
  worklog.timeSpentSeconds = seconds;
  if (input.started !== null) worklog.started = input.started;
  if (input.comment !== null) worklog.comment = input.comment;
  worklog.updateAuthorKey = user.key;
  worklog.updated = now;
  const spent = (issue.timeSpent ?? 0) + delta;
  recordWorklogTime(
    ctx.store,
    issue,
    user,
    { spent, estimate, worklogFrom: worklog.id, worklogTo: worklog.id },
    now,
  );
  return ok(worklogJson(worklog, issue, ctx));
}

export function deleteWorklog(ctx: RouteContext): RouteResult {
  const target = changeableWorklog(ctx, 'delete');
  if (isRouteResult(target)) return target;
  const { issue, user, worklog } = target;
  const estimate = estimateAfter(ctx, issue, -worklog.timeSpentSeconds, 'increaseBy');
  if (isRouteResult(estimate)) return estimate;

  const now = writeClock(ctx.store);
  issue.worklogs = issue.worklogs.filter((w) => w !== worklog);
  const left = (issue.timeSpent ?? 0) - worklog.timeSpentSeconds;
  // With its last worklog gone an issue has no time spent, as before any was logged.
  const spent = issue.worklogs.length === 0 || left <= 0 ? null : left;
  recordWorklogTime(
    ctx.store,
    issue,
    user,
    { spent, estimate, worklogFrom: worklog.id, worklogTo: null },
    now,
  );
  return noContent();
}
