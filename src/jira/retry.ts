// When a failed Jira call is tried again. Only idempotent reads are retried
// (a write that timed out may have happened; repeating it could duplicate a
// comment or a work log), only on answers that say "later" (429, 502, 503,
// 504) or a broken connection, a bounded number of times within a bounded
// total time, waiting what Jira asks for in Retry-After. A call held back by
// a pause (upstream-pause.ts) fails at once; a retry meeting one waits it out
// like a Retry-After, within the same cap and budget.
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
  now: () => number = Date.now,
): number | null {
  // A noted 429 pauses its scope until resumeAt: waiting exactly that long
  // lands the retry at the pause's end (a later 429 may have extended it).
  if (error instanceof JiraRateLimitedError && error.resumeAt !== null) {
    const wait = Math.max(0, error.resumeAt - now());
    return wait > policy.maxRetryAfterMs ? null : wait;
  }
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
  /** Asked before every attempt: the refusal of a call a pause holds back, or null to go. */
  held?: () => JiraRateLimitedError | null;
}

/** Runs `attempt` and retries it under the policy; the last error surfaces. */
export async function withRetries<T>(attempt: () => Promise<T>, ctx: RetryContext): Promise<T> {
  const now = ctx.now ?? Date.now;
  const started = now();
  for (let retry = 1; ; retry++) {
    if (ctx.held) await waitUnlessFirst(ctx.held, retry === 1, started, now, ctx);
    try {
      return await attempt();
    } catch (error) {
      if (!(error instanceof JiraError) || !ctx.idempotent || retry > ctx.policy.retries) throw error;
      if (!isRetryable(error)) throw error;
      const delay = retryDelayMs(error, retry, ctx.policy, Math.random, now);
      if (delay === null || now() - started + delay > ctx.policy.budgetMs) throw error;
      await pause(delay, ctx.signal);
    }
  }
}

/**
 * Lets the call go once no pause holds it. A first attempt that is held fails
 * at once (the point of a pause is not to queue callers); a retry waits the
 * pause out when it ends within the Retry-After cap and the budget, without
 * spending a retry on it (the timer may wake a millisecond before the pause's end).
 */
async function waitUnlessFirst(
  held: () => JiraRateLimitedError | null,
  first: boolean,
  started: number,
  now: () => number,
  ctx: RetryContext,
): Promise<void> {
  for (let refusal = held(); refusal !== null; refusal = held()) {
    if (first || refusal.resumeAt === null) throw refusal;
    const wait = Math.max(1, refusal.resumeAt - now());
    if (wait > ctx.policy.maxRetryAfterMs || now() - started + wait > ctx.policy.budgetMs) throw refusal;
    await pause(wait, ctx.signal);
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
