// How each flavour refuses a write the permission scheme (permission-scheme.ts)
// does not allow, worded as Jira words it, with the status its OpenAPI document
// gives. A write on an issue the caller cannot see never gets here: it is a
// 404 like a missing issue (issue-access.ts).
import { jiraError, type RouteContext, type RouteResult } from '../http.ts';
import type { SandboxIssue, SandboxUser } from '../model.ts';
import { hasIssuePermission, type ProjectPermission } from '../permission-scheme.ts';

/** The caller's permission on the issue's project. */
export function mayOnIssue(ctx: RouteContext, issue: SandboxIssue, permission: ProjectPermission): boolean {
  return hasIssuePermission(ctx.store, ctx.user, issue, permission);
}

/** PUT .../assignee without Assign Issues: 403 (Cloud's document; Data
 *  Center's lists 401 for it, which would read as a failed login). */
export function assignRefused(): RouteResult {
  return jiraError(403, ['You do not have permission to assign issues.']);
}

/** A worklog write without its permission: Data Center answers 403 and
 *  addresses the caller by name; Cloud's document gives 400. */
export function worklogRefused(
  ctx: RouteContext,
  user: SandboxUser,
  action: 'create' | 'edit' | 'delete',
): RouteResult {
  const what =
    action === 'create'
      ? 'associate a worklog to this issue'
      : action === 'edit'
        ? 'edit this worklog'
        : 'delete this worklog';
  if (ctx.flavor === 'cloud') return jiraError(400, [`You do not have the permission to ${what}.`]);
  return jiraError(403, [`${user.displayName}, you do not have the permission to ${what}.`]);
}

/** Someone else's comment without Edit/Delete All Comments: 400 in both documents. */
export function commentRefused(action: 'edit' | 'delete', commentId: string): RouteResult {
  return jiraError(400, [
    action === 'edit'
      ? 'You do not have the permission to edit this comment.'
      : `You do not have permission to delete comment with id: ${commentId}`,
  ]);
}

/** A comment id that is not on the issue, or that the caller may not see. */
export function commentNotFound(commentId: string): RouteResult {
  return jiraError(404, [`Can not find a comment for the id: ${commentId}.`]);
}

/** A worklog id that is not on the issue. */
export function worklogNotFound(worklogId: string): RouteResult {
  return jiraError(404, [`Cannot find worklog with id: ${worklogId}.`]);
}
