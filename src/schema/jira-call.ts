// Calls Jira as the caller's own identity and turns Jira's failures into the
// gateway's error codes. When Jira stops accepting the stored credential (and
// /myself confirms it) the identity is marked (and audited) so an admin can
// see who must sign in again.
import type { GraphQLError } from 'graphql';
import { gatewayError, type PublicErrorCode } from '../errors.ts';
import { credentialRedactor } from '../jira/credential-redaction.ts';
import { JiraError, JiraRateLimitedError } from '../jira/errors.ts';
import type { JiraReader } from '../jira/reader.ts';
import type { GatewayContext } from '../request-context.ts';

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
    if (error instanceof JiraError && error.code === 'UPSTREAM_CREDENTIAL_INVALID') {
      // The call went out with the session's own credential: ask Jira /myself before believing it.
      const check = await ctx.services.identities.confirmCredentialRejected(identity, ctx.clientIp);
      if (check !== 'invalid') throw credentialGlitch(ctx, error, check);
    }
    throw jiraFailure(ctx, error);
  }
}

/** Jira refused the credential once, but /myself accepts it (or could not be asked): not the credential's fault. */
function credentialGlitch(ctx: GatewayContext, error: JiraError, check: 'accepted' | 'unconfirmed'): unknown {
  const message =
    check === 'accepted'
      ? 'Jira refused the stored credential on this call but accepts it otherwise; try again.'
      : 'Jira refused the stored credential on this call and could not be asked to confirm it; try again later.';
  return outgoing(ctx, 'UPSTREAM_UNAVAILABLE', message, extensionsOf(error));
}

/**
 * The GraphQL error for a failed Jira call (other errors pass through to be
 * masked). It marks nothing: callJira confirms a refused credential first,
 * and signIn's refusals are of a credential that is not stored at all.
 */
export function jiraFailure(ctx: GatewayContext, error: unknown): unknown {
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
  // Jira's own words only for a refusal of the request (4xx); a 5xx says what the status says.
  const refusal = error.status !== null && error.status < 500;
  const fieldWords = Object.entries(error.fieldErrors).map(([field, text]) => `${field}: ${text}`);
  const words = [...error.jiraMessages, ...fieldWords];
  let message = refusal && words.length > 0 ? words.join(' ') : summary(error.code, error.status);
  if (error instanceof JiraRateLimitedError) message = rateLimitMessage(error, message);
  return outgoing(ctx, error.code, message, extensionsOf(error), error.fieldErrors);
}

function extensionsOf(error: JiraError): Record<string, unknown> {
  const extensions: Record<string, unknown> = { jiraStatus: error.status };
  if (error.requestId) extensions.jiraRequestId = error.requestId;
  const retryAfter = (error as { retryAfterSeconds?: unknown }).retryAfterSeconds;
  if (typeof retryAfter === 'number') extensions.retryAfterSeconds = retryAfter;
  if (error instanceof JiraRateLimitedError) {
    // When the gateway will call Jira again for this caller, and what Jira limited.
    if (error.resumeAt !== null) extensions.retryAt = new Date(error.resumeAt).toISOString();
    if (error.scope !== null) extensions.rateLimitScope = error.scope;
    if (error.reason !== null) extensions.jiraRateLimitReason = error.reason;
    // A write refused with 429 (or held back) was not applied: trying again later cannot duplicate it.
    if (error.write) extensions.outcome = 'not-applied';
  }
  return extensions;
}

const SCOPE_WORDS = {
  identity: 'this user',
  issue: 'writes to this issue',
  site: 'every user of this Jira',
} as const;

/** Jira's own words for its 429, or the gateway's for a call it held back; a write says it did not happen. */
function rateLimitMessage(error: JiraRateLimitedError, jiraWords: string): string {
  const wait = error.retryAfterSeconds === null ? 'later' : `in ${error.retryAfterSeconds} s`;
  const base = error.held
    ? `Jira is rate limiting ${SCOPE_WORDS[error.scope ?? 'identity']}, so the gateway did not call it; try again ${wait}.`
    : jiraWords;
  if (!error.write) return base;
  return error.held
    ? `${base} The write was not sent, so nothing changed.`
    : `${base} The write was not applied: Jira refused it, so nothing changed.`;
}

/**
 * The error the caller gets, checked again on the way out: the Jira client
 * redacts what it keeps of an answer, and this redacts the message and Jira's
 * field errors with the caller's own credential once more, so a text that
 * slipped past the first (a future path keeping more of Jira's answer) still
 * does not carry it.
 */
function outgoing(
  ctx: GatewayContext,
  code: PublicErrorCode,
  message: string,
  extensions: Record<string, unknown>,
  fieldErrors: Readonly<Record<string, string>> = {},
): GraphQLError {
  const identity = ctx.session?.identity;
  const redact = identity
    ? credentialRedactor(ctx.services.identities.credentialOf(identity))
    : (text: string) => text;
  const out = { ...extensions };
  if (Object.keys(fieldErrors).length > 0) {
    out.fieldErrors = Object.fromEntries(
      Object.entries(fieldErrors).map(([field, text]) => [redact(field), redact(text)]),
    );
  }
  return gatewayError(code, redact(message), out);
}

function summary(code: string, status: number | null): string {
  switch (code) {
    case 'UPSTREAM_CREDENTIAL_INVALID':
      return 'Jira no longer accepts the credential stored for this identity; sign in again with a new Jira token.';
    case 'UPSTREAM_RATE_LIMITED':
      return 'Jira is rate limiting this user; try again later.';
    case 'UPSTREAM_UNAVAILABLE':
      return status === null
        ? 'Jira did not answer in time or is unavailable.'
        : `Jira is unavailable: it answered HTTP ${status}.`;
    case 'FORBIDDEN':
      return 'Jira does not allow this user to do that.';
    case 'NOT_FOUND':
      return 'Jira says it does not exist or this user may not see it.';
    default:
      return 'Jira refused the request.';
  }
}
