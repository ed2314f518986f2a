// Limits signIn, the one operation open to anyone: each attempt is a Jira call
// that tries a credential. Attempts are counted per client address (IPv6 by
// its /64, which one client usually holds whole) and for everyone together,
// and repeated failures from one address add an exponential back-off. The
// counters are rate-limiter-flexible limiters, in memory by default; with
// Redis, runtime.ts passes limiters/shared-limiter.ts's, shared by every instance.
import ipaddr from 'ipaddr.js';
import { type RateLimiterAbstract, RateLimiterMemory, RateLimiterRes } from 'rate-limiter-flexible';

export interface SignInLimits {
  perAddressPerMinute: number;
  globalPerMinute: number;
  /** Failures in a row from one address before back-off starts. */
  freeFailures?: number;
  /** The longest back-off. */
  maxBackoffSeconds?: number;
}

export type SignInAdmission =
  | { admitted: true }
  | { admitted: false; limit: 'address' | 'backoff' | 'global'; retryAfterSeconds: number };

export interface SignInThrottle {
  /** Counts an attempt from `ip`, or refuses it before it costs a Jira call. */
  admit(ip: string): Promise<SignInAdmission>;
  /** Jira refused the credential tried from `ip`: counts towards its back-off. */
  failed(ip: string): Promise<void>;
}

/** Makes a limiter of `points` per `durationSeconds`; memory unless told otherwise. */
export type LimiterFactory = (name: string, points: number, durationSeconds: number) => RateLimiterAbstract;

const memoryLimiter: LimiterFactory = (name, points, duration) =>
  new RateLimiterMemory({ keyPrefix: `signin-${name}`, points, duration });

const DEFAULT_FREE_FAILURES = 3;
const DEFAULT_MAX_BACKOFF_SECONDS = 15 * 60;
/** Failures are counted in windows of this length from the first one. */
const FAILURE_WINDOW_SECONDS = 60 * 60;

/** The key an address is counted under: IPv4 as is, IPv6 by its /64. */
export function addressKey(ip: string): string {
  if (!ipaddr.isValid(ip)) return ip === '' ? 'unknown' : ip;
  const parsed = ipaddr.parse(ip);
  if (parsed.kind() === 'ipv4') return parsed.toString();
  const v6 = parsed as ipaddr.IPv6;
  if (v6.isIPv4MappedAddress()) return v6.toIPv4Address().toString();
  const network = new ipaddr.IPv6([...v6.parts.slice(0, 4), 0, 0, 0, 0]);
  return `${network.toString()}/64`;
}

/** Whole seconds until `res` frees a point; never 0, so a client always waits. */
function secondsUntil(res: RateLimiterRes): number {
  return Math.max(1, Math.ceil(res.msBeforeNext / 1000));
}

/** The refusal a limiter's rejection stands for; anything else (a store failure) is rethrown. */
function refusal(limit: 'address' | 'global', rejection: unknown): SignInAdmission {
  if (rejection instanceof RateLimiterRes) {
    return { admitted: false, limit, retryAfterSeconds: secondsUntil(rejection) };
  }
  throw rejection;
}

export function createSignInThrottle(
  limits: SignInLimits,
  limiter: LimiterFactory = memoryLimiter,
): SignInThrottle {
  const freeFailures = limits.freeFailures ?? DEFAULT_FREE_FAILURES;
  const maxBackoff = limits.maxBackoffSeconds ?? DEFAULT_MAX_BACKOFF_SECONDS;
  const perAddress = limiter('address', limits.perAddressPerMinute, 60);
  const global = limiter('global', limits.globalPerMinute, 60);
  const failures = limiter('failures', Number.MAX_SAFE_INTEGER, FAILURE_WINDOW_SECONDS);
  // Used only through block(): a blocked key holds more than its one point.
  const backoff = limiter('backoff', 1, 1);

  return {
    async admit(ip) {
      const key = addressKey(ip);
      const blocked = await backoff.get(key);
      // An expired block may linger until its timer has run: it no longer counts.
      if (blocked !== null && blocked.consumedPoints > 1 && blocked.msBeforeNext > 0) {
        return { admitted: false, limit: 'backoff', retryAfterSeconds: secondsUntil(blocked) };
      }
      // The address first: one busy client spends its own allowance, not everyone's.
      try {
        await perAddress.consume(key);
      } catch (rejection) {
        return refusal('address', rejection);
      }
      try {
        await global.consume('all');
      } catch (rejection) {
        return refusal('global', rejection);
      }
      return { admitted: true };
    },

    async failed(ip) {
      const key = addressKey(ip);
      const { consumedPoints } = await failures.penalty(key, 1);
      // A success does not reset the count: an attacker holding one good
      // credential could otherwise clear its back-off between guesses.
      if (consumedPoints <= freeFailures) return;
      const seconds = Math.min(2 ** (consumedPoints - freeFailures - 1), maxBackoff);
      await backoff.block(key, seconds);
    },
  };
}
