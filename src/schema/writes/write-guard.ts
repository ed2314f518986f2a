// A token's project restriction, applied to writes: no issue created in,
// edited in, or made to point at (parent, epic) a project outside the
// token's. The issue a write addresses is read fresh from Jira (its project
// now, not a cached or key-derived one); outside the projects it is answered
// as missing, like a read. The key Jira answers for a created issue is
// checked again on the way out.
import { gatewayError } from '../../errors.ts';
import { JiraNotFoundError } from '../../jira/errors.ts';
import { projectOfKey } from '../../jira/issue-reads.ts';
import { type IssueTarget, readIssueTarget } from '../../jira/issue-writes.ts';
import type { JiraWriter } from '../../jira/writer.ts';
import type { GatewayContext } from '../../request-context.ts';
import { outsideRestriction, projectRestriction } from '../project-restriction.ts';

const notFound = (ref: string) =>
  gatewayError('NOT_FOUND', `Issue ${ref} does not exist, or this token may not see it.`);

/** The issue a write addresses, if the caller may see it in Jira and the token's projects include it. */
export async function writableIssue(
  ctx: GatewayContext,
  jira: JiraWriter,
  ref: string,
): Promise<IssueTarget> {
  const trimmed = ref.trim();
  if (trimmed === '') throw gatewayError('BAD_USER_INPUT', 'An issue key is required.');
  let target: IssueTarget;
  try {
    target = await readIssueTarget(jira, trimmed);
  } catch (error) {
    if (error instanceof JiraNotFoundError) throw notFound(trimmed);
    throw error;
  }
  if (target.key === '' || outsideRestriction(ctx, target.projectKey)) throw notFound(trimmed);
  return target;
}

/** Refuses a new issue in a project outside the token's projects, before Jira is asked. */
export function assertCreatableIn(ctx: GatewayContext, projectKey: string): void {
  if (!outsideRestriction(ctx, projectKey)) return;
  throw gatewayError(
    'FORBIDDEN',
    `This token is restricted to projects ${projectRestriction(ctx)?.join(', ')}; it cannot write to ${projectKey}.`,
  );
}

/** Each issue a write would point at must be one the caller may see and the token's projects include. */
export async function assertLinkable(
  ctx: GatewayContext,
  jira: JiraWriter,
  keys: readonly string[],
): Promise<void> {
  for (const key of new Set(keys)) {
    if (projectRestriction(ctx) === null) continue;
    // The key's prefix is a hint only (issues move); the fresh read decides.
    if (outsideRestriction(ctx, projectOfKey(key))) throw notFound(key);
    await writableIssue(ctx, jira, key);
  }
}

/**
 * The issue Jira says it created should be in the project asked for: a key
 * elsewhere means Jira moved it (an automation). The write happened, so this
 * only logs it; the payload's issue is read through the restriction (null
 * outside the token's projects), so the token learns nothing more of it.
 */
export function noteCreatedKey(ctx: GatewayContext, projectKey: string, createdKey: string): void {
  if (projectOfKey(createdKey) === projectKey.trim().toUpperCase()) return;
  ctx.logger.warn(
    { requestId: ctx.requestId, tokenId: ctx.session?.token.id, asked: projectKey, created: createdKey },
    'createIssue: Jira created the issue outside the project asked for',
  );
}
