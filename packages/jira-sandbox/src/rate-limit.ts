// A token bucket per caller, answering with the headers each flavour sends,
// so the gateway's back-off can be tested against the real header names.
import type { Flavor } from './model.ts';

export interface RateDecision {
  allowed: boolean;
  headers: Record<string, string>;
}

export interface RateLimiter {
  take(callerId: string, limitPerSecond: number, flavor: Flavor): RateDecision;
}

export function createRateLimiter(now: () => number = Date.now): RateLimiter {
  const buckets = new Map<string, { tokens: number; at: number }>();
  return {
    take(callerId, limit, flavor) {
      const t = now();
      const bucket = buckets.get(callerId) ?? { tokens: limit, at: t };
      bucket.tokens = Math.min(limit, bucket.tokens + ((t - bucket.at) / 1000) * limit);
      bucket.at = t;
      const allowed = bucket.tokens >= 1;
      if (allowed) bucket.tokens -= 1;
      buckets.set(callerId, bucket);
      const remaining = Math.max(0, Math.floor(bucket.tokens));
      const retryAfter = allowed ? 0 : Math.max(1, Math.ceil((1 - bucket.tokens) / limit));
      if (flavor === 'datacenter') {
        const headers: Record<string, string> = {
          'X-RateLimit-Limit': String(limit),
          'X-RateLimit-Remaining': String(remaining),
          'X-RateLimit-Interval-Seconds': '1',
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
        headers['RateLimit-Reason'] = 'jira-quota-tenant-based';
      } else if (remaining < limit * 0.2) {
        headers['X-RateLimit-NearLimit'] = 'true';
      }
      return { allowed, headers };
    },
  };
}
