// Calls Jira as the caller's own identity and turns Jira's failures into the
// gateway's error codes. When Jira stops accepting the stored credential the
// identity is marked (and audited) so an admin can see who must sign in again.
import type { GatewayContext } from '../context.ts';
import { JiraError } from '../jira/errors.ts';
import type { JiraReader } from '../jira/reader.ts';
import { gatewayError } from './errors.ts';

export async function callJira<T>(ctx: GatewayContext, work: (jira: JiraReader) => Promise<T>): Promise<T> {
  const session = ctx.session;
  if (!session || !ctx.jira) throw gatewayError('UNAUTHENTICATED', 'This operation needs a gateway token.');
  const { identity } = session;
  if (identity.credentialInvalidAt !== null) {
    throw gatewayError(
      'UPSTREAM_CREDENTIAL_INVALID',
      'Jira no longer accepts the credential stored for this identity; sign in again with a new Jira token.',
    );
  }
  try {
    return await work(ctx.jira);
  } catch (error) {
    throw await jiraFailure(ctx, error);
  }
}

/** The GraphQL error for a failed Jira call (other errors pass through to be masked). */
export async function jiraFailure(ctx: GatewayContext, error: unknown): Promise<unknown> {
  // The request's own deadline (AbortSignal.timeout) ran out while Jira was still busy.
  if (error instanceof Error && error.name === 'TimeoutError') {
    return gatewayError(
      'UPSTREAM_UNAVAILABLE',
      'Jira did not answer in time: the request deadline (JGG_JIRA_DEADLINE_MS) passed.',
      {
        jiraStatus: null,
      },
    );
  }
  if (!(error instanceof JiraError) || error.code === 'INTERNAL_SERVER_ERROR') return error;
  if (error.code === 'UPSTREAM_CREDENTIAL_INVALID' && ctx.session) {
    await ctx.services.identities.markCredentialInvalid(ctx.session.identity, ctx.clientIp);
  }
  const message = error.jiraMessages.length > 0 ? error.jiraMessages.join(' ') : summary(error.code);
  const extensions: Record<string, unknown> = { jiraStatus: error.status };
  if (error.requestId) extensions.jiraRequestId = error.requestId;
  if (Object.keys(error.fieldErrors).length > 0) extensions.jiraErrors = error.fieldErrors;
  const retryAfter = (error as { retryAfterSeconds?: unknown }).retryAfterSeconds;
  if (typeof retryAfter === 'number') extensions.retryAfterSeconds = retryAfter;
  return gatewayError(error.code, message, extensions);
}

function summary(code: string): string {
  switch (code) {
    case 'UPSTREAM_CREDENTIAL_INVALID':
      return 'Jira no longer accepts the credential stored for this identity; sign in again with a new Jira token.';
    case 'UPSTREAM_RATE_LIMITED':
      return 'Jira is rate limiting this user; try again later.';
    case 'UPSTREAM_UNAVAILABLE':
      return 'Jira did not answer in time or is unavailable.';
    case 'FORBIDDEN':
      return 'Jira does not allow this user to do that.';
    case 'NOT_FOUND':
      return 'Jira says it does not exist or this user may not see it.';
    default:
      return 'Jira refused the request.';
  }
}
