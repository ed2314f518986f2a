// When a failed Jira call is tried again. Only idempotent reads are retried
// (a write that timed out may have happened; repeating it could duplicate a
// comment or a work log), only on answers that say "later" (429, 502, 503,
// 504) or a broken connection, a bounded number of times within a bounded
// total time, waiting what Jira asks for in Retry-After.
import { setTimeout as sleep } from 'node:timers/promises';
import { JiraError, JiraRateLimitedError, JiraUnavailableError } from './errors.ts';

export interface RetryPolicy {
  /** Retries after the first attempt (default 2). */
  retries: number;
  /** First back-off when Jira gives no Retry-After; doubles per retry, with jitter (default 250 ms). */
  baseDelayMs: number;
  /** The longest Retry-After the client waits for; a longer one surfaces at once,
   *  so the caller can pass it on instead of hanging (default 5 s). */
  maxRetryAfterMs: number;
  /** Total time from the first attempt beyond which no retry starts (default 10 s). */
  budgetMs: number;
}

export const DEFAULT_RETRY_POLICY: RetryPolicy = {
  retries: 2,
  baseDelayMs: 250,
  maxRetryAfterMs: 5_000,
  budgetMs: 10_000,
};

const RETRYABLE_STATUSES = new Set([429, 502, 503, 504]);

export function isRetryable(error: unknown): error is JiraRateLimitedError | JiraUnavailableError {
  if (error instanceof JiraRateLimitedError) return true;
  if (!(error instanceof JiraUnavailableError)) return false;
  if (error.reason === 'status') return error.status !== null && RETRYABLE_STATUSES.has(error.status);
  // A reset is typically a keep-alive socket the server closed as we reused it.
  // Refused connections and timeouts are not retried: Jira is down or slow,
  // and retrying would only multiply the caller's wait.
  return error.reason === 'connection-reset';
}

/** How long to wait before retry number `retry` (1-based), or null to give up. */
export function retryDelayMs(
  error: JiraRateLimitedError | JiraUnavailableError,
  retry: number,
  policy: RetryPolicy,
  random: () => number = Math.random,
): number | null {
  if (error.retryAfterSeconds !== null) {
    const wait = error.retryAfterSeconds * 1000;
    return wait > policy.maxRetryAfterMs ? null : wait;
  }
  // Equal jitter: half fixed, half random, so many callers failing together
  // do not come back together.
  const backoff = policy.baseDelayMs * 2 ** (retry - 1);
  return backoff / 2 + random() * (backoff / 2);
}

export interface RetryContext {
  idempotent: boolean;
  policy: RetryPolicy;
  signal?: AbortSignal;
  now?: () => number;
}

/** Runs `attempt` and retries it under the policy; the last error surfaces. */
export async function withRetries<T>(attempt: () => Promise<T>, ctx: RetryContext): Promise<T> {
  const now = ctx.now ?? Date.now;
  const started = now();
  for (let retry = 1; ; retry++) {
    try {
      return await attempt();
    } catch (error) {
      if (!(error instanceof JiraError) || !ctx.idempotent || retry > ctx.policy.retries) throw error;
      if (!isRetryable(error)) throw error;
      const delay = retryDelayMs(error, retry, ctx.policy);
      if (delay === null || now() - started + delay > ctx.policy.budgetMs) throw error;
      await pause(delay, ctx.signal);
    }
  }
}

async function pause(ms: number, signal: AbortSignal | undefined): Promise<void> {
  try {
    await sleep(ms, undefined, { signal });
  } catch (error) {
    // Surface the caller's own abort reason, as the transport does.
    if (signal?.aborted) throw signal.reason;
    throw error;
  }
}
