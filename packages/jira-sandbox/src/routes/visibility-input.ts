// A comment's `visibility` in a request body: {type: "role"|"group", value}
// (Cloud also takes `identifier`: the role's name or the group's id). The
// caller must be in the role or group they restrict to, as in Jira, which
// words every refusal under the field key `commentLevel`.

import { groupById, isMember, knownGroups, projectRoles } from '../comment-visibility.ts';
import { asObject, type RouteContext } from '../http.ts';
import type { CommentVisibility, SandboxIssue } from '../model.ts';

/** The restriction asked for: null for none (absent or null), or Jira's error message. */
export function visibilityInput(
  ctx: RouteContext,
  issue: SandboxIssue,
  value: unknown,
): CommentVisibility | null | { error: string } {
  if (value === undefined || value === null) return null;
  const obj = asObject(value);
  const type = obj?.type;
  if (type !== 'role' && type !== 'group') {
    return { error: `Visibility type '${String(type)}' is not valid: use 'group' or 'role'.` };
  }
  const identifier = ctx.flavor === 'cloud' && typeof obj?.identifier === 'string' ? obj.identifier : null;
  const given = typeof obj?.value === 'string' ? obj.value : null;
  const { store, user } = ctx;
  if (type === 'group') {
    const name = identifier !== null ? groupById(store, identifier) : given;
    if (!name || !knownGroups(store).includes(name)) {
      return { error: `Group: ${identifier ?? given ?? ''} does not exist.` };
    }
    const visibility: CommentVisibility = { type, value: name };
    return isMember(store, user, issue, visibility)
      ? visibility
      : { error: `You are currently not a member of the group: ${name}.` };
  }
  // Cloud's identifier of a role is its name.
  const name = identifier ?? given ?? '';
  if (!projectRoles(store, issue).includes(name)) return { error: `Role: ${name} does not exist.` };
  const visibility: CommentVisibility = { type, value: name };
  return isMember(store, user, issue, visibility)
    ? visibility
    : { error: `You are currently not a member of the project role: ${name}.` };
}

/** The field key Jira files visibility errors under. */
export const VISIBILITY_ERROR_FIELD = 'commentLevel';
