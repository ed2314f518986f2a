// Comment visibility: the groups the sandbox knows (and their Cloud ids), who
// is in a project role or a group, and so who may see a restricted comment.
// Jira hides such a comment from everyone else, Jira administrators included;
// the routes, the issue's comment field and JQL's comment search all ask here.
import { createHash } from 'node:crypto';
import type { CommentVisibility, SandboxComment, SandboxIssue, SandboxUser } from './model.ts';
import type { SandboxStore } from './store.ts';

/** The groups users are in (jira-administrators, jira-software-users): the
 *  sandbox has no other directory of groups. */
export function knownGroups(store: SandboxStore): string[] {
  return [...new Set(store.data.users.flatMap((u) => u.groups))].sort();
}

/** A group's fixed Cloud groupId, shaped like Cloud's (a UUID). */
export function groupId(name: string): string {
  const hex = createHash('sha256').update(`jgg-sandbox-group:${name}`).digest('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20, 32)}`;
}

/** The group a Cloud groupId names. */
export function groupById(store: SandboxStore, id: string): string | undefined {
  return knownGroups(store).find((name) => groupId(name) === id);
}

/** The project roles of the issue's project (Administrators, Developers, Users). */
export function projectRoles(store: SandboxStore, issue: SandboxIssue): string[] {
  return Object.keys(store.projectsById.get(issue.projectId)?.roles ?? {});
}

/** Whether the user is in the role or group, within the issue's project. */
export function isMember(
  store: SandboxStore,
  user: SandboxUser | null,
  issue: SandboxIssue,
  visibility: CommentVisibility,
): boolean {
  if (user === null) return false;
  if (visibility.type === 'group') return user.groups.includes(visibility.value);
  const members = store.projectsById.get(issue.projectId)?.roles[visibility.value] ?? [];
  return members.includes(user.key);
}

/** A comment the user may see, given that they see the issue. */
export function canSeeComment(
  store: SandboxStore,
  user: SandboxUser | null,
  issue: SandboxIssue,
  comment: SandboxComment,
): boolean {
  return !comment.visibility || isMember(store, user, issue, comment.visibility);
}

/** The issue's comments the user may see, in stored order. */
export function visibleComments(
  store: SandboxStore,
  user: SandboxUser | null,
  issue: SandboxIssue,
): SandboxComment[] {
  // Most comments are public: skip the filter's allocations when all are.
  if (issue.comments.every((c) => !c.visibility)) return issue.comments;
  return issue.comments.filter((c) => canSeeComment(store, user, issue, c));
}
