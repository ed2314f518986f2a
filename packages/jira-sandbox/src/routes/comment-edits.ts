// One comment of an issue: GET, PUT (body and visibility) and DELETE
// .../comment/{id}. Its author may edit and delete it (Edit/Delete Own
// Comments), the project's Administrators and Jira administrators anyone's
// (Edit/Delete All Comments). A comment that is not on the issue, or that is
// restricted to a role or group the caller is not in, is not found.

import { canSeeComment } from '../comment-visibility.ts';
import {
  asObject,
  fieldErrors,
  isRouteResult,
  noContent,
  ok,
  type RouteContext,
  type RouteResult,
} from '../http.ts';
import type { SandboxComment, SandboxIssue, SandboxUser } from '../model.ts';
import { ownedOrAll, type ProjectPermission } from '../permission-scheme.ts';
import { commentJson } from '../representation/issue-sub-resources.ts';
import { visibleIssue, writableIssue } from './issue-access.ts';
import { writeClock } from './issue-history.ts';
import { commentBodyInput } from './rich-text-input.ts';
import { VISIBILITY_ERROR_FIELD, visibilityInput } from './visibility-input.ts';
import { commentNotFound, commentRefused } from './write-permissions.ts';

function findComment(ctx: RouteContext, issue: SandboxIssue): SandboxComment | RouteResult {
  const id = ctx.params.id ?? '';
  const comment = issue.comments.find((c) => c.id === id);
  if (!comment || !canSeeComment(ctx.store, ctx.user, issue, comment)) return commentNotFound(id);
  return comment;
}

export function getComment(ctx: RouteContext): RouteResult {
  const issue = visibleIssue(ctx);
  if (isRouteResult(issue)) return issue;
  const comment = findComment(ctx, issue);
  if (isRouteResult(comment)) return comment;
  return ok(commentJson(comment, issue, ctx));
}

const COMMENT_RIGHTS = {
  edit: ['EDIT_OWN_COMMENTS', 'EDIT_ALL_COMMENTS'],
  delete: ['DELETE_OWN_COMMENTS', 'DELETE_ALL_COMMENTS'],
} as const satisfies Record<string, readonly [ProjectPermission, ProjectPermission]>;

/** The comment a write addresses, once the caller may change it. */
function changeableComment(
  ctx: RouteContext,
  action: 'edit' | 'delete',
): { issue: SandboxIssue; user: SandboxUser; comment: SandboxComment } | RouteResult {
  const target = writableIssue(ctx);
  if (isRouteResult(target)) return target;
  const comment = findComment(ctx, target.issue);
  if (isRouteResult(comment)) return comment;
  const [own, all] = COMMENT_RIGHTS[action];
  const allowed = ownedOrAll(ctx.store, target.user, target.issue, comment.authorKey, own, all);
  if (!allowed) return commentRefused(action, comment.id);
  return { ...target, comment };
}

/** Replaces the body and the visibility: a body without `visibility` makes the
 *  comment public again, as Jira's REST update does. */
export function updateComment(ctx: RouteContext): RouteResult {
  const target = changeableComment(ctx, 'edit');
  if (isRouteResult(target)) return target;
  const { issue, user, comment } = target;
  const input = asObject(ctx.body) ?? {};
  const body = commentBodyInput(ctx, input.body);
  if (isRouteResult(body)) return body;
  const visibility = visibilityInput(ctx, issue, input.visibility);
  if (visibility && 'error' in visibility) return fieldErrors({ [VISIBILITY_ERROR_FIELD]: visibility.error });

  const now = writeClock(ctx.store);
  comment.body = body;
  comment.visibility = visibility;
  comment.updateAuthorKey = user.key;
  comment.updated = now;
  issue.updated = now;
  return ok(commentJson(comment, issue, ctx));
}

export function deleteComment(ctx: RouteContext): RouteResult {
  const target = changeableComment(ctx, 'delete');
  if (isRouteResult(target)) return target;
  const { issue, comment } = target;
  issue.comments = issue.comments.filter((c) => c !== comment);
  issue.updated = writeClock(ctx.store);
  return noContent();
}
