// Whether a failed mutation may have changed Jira. Used by idempotency
// (idempotency.ts) to keep or release a key: a key whose write may have
// happened is kept, so a retry never writes twice.
import { GraphQLError } from 'graphql';
import type { PublicErrorCode } from '../errors.ts';

/** Codes that mean Jira certainly did not apply the write (a refusal, or a call that never left). */
const NOT_APPLIED: ReadonlySet<string> = new Set<PublicErrorCode>([
  'UNAUTHENTICATED',
  'INSUFFICIENT_SCOPE',
  'FORBIDDEN',
  'NOT_FOUND',
  'BAD_USER_INPUT',
  'RATE_LIMITED',
  'UPSTREAM_RATE_LIMITED',
  'UPSTREAM_CREDENTIAL_INVALID',
  'QUERY_TOO_COMPLEX',
]);

/**
 * Whether a mutation's failure leaves Jira's state unknown: an outcome
 * "unknown", or anything unexpected (a masked error after the write may have
 * happened). Idempotency keeps such a key, so a retry never writes twice.
 */
export function failureOutcomeUnknown(error: unknown): boolean {
  if (!(error instanceof GraphQLError)) return true;
  const { code, outcome } = error.extensions;
  if (outcome === 'unknown') return true;
  if (code === 'UPSTREAM_UNAVAILABLE') return false;
  return typeof code !== 'string' || !NOT_APPLIED.has(code);
}
