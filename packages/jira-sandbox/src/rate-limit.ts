// A token bucket per limited scope, answering with the headers each flavour
// sends, so the gateway's back-off can be tested against the real header
// names. Which scope a request falls in is Jira's choice and the server's
// (server.ts, rateLimitScope): on Data Center the user; on Cloud what the
// RateLimit-Reason names (the user for a burst limit, the whole site for a
// quota, one issue for the per-issue write limit).
import type { Flavor } from './model.ts';

/** The RateLimit-Reason values Jira Cloud documents ("Rate limiting", Jira Cloud platform REST API). */
export const CLOUD_RATE_LIMIT_REASONS = [
  'jira-burst-based',
  'jira-quota-tenant-based',
  'jira-quota-global-based',
  'jira-per-issue-on-write',
] as const;
export type CloudRateLimitReason = (typeof CLOUD_RATE_LIMIT_REASONS)[number];

export function isCloudRateLimitReason(value: unknown): value is CloudRateLimitReason {
  return CLOUD_RATE_LIMIT_REASONS.some((r) => r === value);
}

export interface RateDecision {
  allowed: boolean;
  headers: Record<string, string>;
}

export interface RateLimit {
  /** Requests a bucket holds, and refills over one interval. */
  limit: number;
  /** The refill interval in seconds (Data Center's X-RateLimit-Interval-Seconds). */
  intervalSeconds: number;
  flavor: Flavor;
  /** Sent as RateLimit-Reason on Cloud; Data Center sends none. */
  reason: CloudRateLimitReason;
}

export interface RateLimiter {
  /** Takes one request from the bucket named `scope`. */
  take(scope: string, rate: RateLimit): RateDecision;
  /** Fills every bucket again (a changed limit starts afresh). */
  reset(): void;
}

export function createRateLimiter(now: () => number = Date.now): RateLimiter {
  const buckets = new Map<string, { tokens: number; at: number }>();
  return {
    reset: () => buckets.clear(),
    take(scope, { limit, intervalSeconds, flavor, reason }) {
      const t = now();
      const perSecond = limit / intervalSeconds;
      const bucket = buckets.get(scope) ?? { tokens: limit, at: t };
      bucket.tokens = Math.min(limit, bucket.tokens + ((t - bucket.at) / 1000) * perSecond);
      bucket.at = t;
      const allowed = bucket.tokens >= 1;
      if (allowed) bucket.tokens -= 1;
      buckets.set(scope, bucket);
      const remaining = Math.max(0, Math.floor(bucket.tokens));
      const retryAfter = allowed ? 0 : Math.max(1, Math.ceil((1 - bucket.tokens) / perSecond));
      if (flavor === 'datacenter') {
        const headers: Record<string, string> = {
          'X-RateLimit-Limit': String(limit),
          'X-RateLimit-Remaining': String(remaining),
          'X-RateLimit-Interval-Seconds': String(intervalSeconds),
          'X-RateLimit-FillRate': String(limit),
        };
        if (!allowed) headers['Retry-After'] = String(retryAfter);
        return { allowed, headers };
      }
      const headers: Record<string, string> = {};
      if (!allowed) {
        headers['Retry-After'] = String(retryAfter);
        headers['X-RateLimit-Reset'] = new Date(t + retryAfter * 1000).toISOString();
        headers['X-RateLimit-Limit'] = String(limit);
        headers['X-RateLimit-Remaining'] = '0';
        headers['X-RateLimit-NearLimit'] = 'true';
        headers['RateLimit-Reason'] = reason;
      } else if (remaining < limit * 0.2) {
        headers['X-RateLimit-NearLimit'] = 'true';
      }
      return { allowed, headers };
    },
  };
}
