// Whether a failed write happened in Jira. A write is never retried (retry.ts),
// so a failure must say whether Jira may have applied it: a refusal (4xx) or a
// connection Jira never accepted did not; silence after the request was sent
// (a timeout, a broken connection, the request's deadline) or a 5xx may have.
import { JiraError, JiraUnavailableError } from './errors.ts';

/** True when the write may or may not have been applied in Jira. */
export function writeOutcomeUnknown(error: unknown): boolean {
  // The request's own deadline (an AbortSignal's TimeoutError) can fire after Jira has the request.
  if (error instanceof Error && error.name === 'TimeoutError') return true;
  if (!(error instanceof JiraError)) return false;
  if (!(error instanceof JiraUnavailableError)) return false;
  // A refused connection never carried the request; everything else may have.
  return error.reason !== 'connection-refused';
}
