// Limiters whose counts every instance shares through Redis, for limits that
// must hold across instances whatever they count (signIn attempts per address
// and in all): rate-limiter-flexible's RateLimiterRedis (one atomic Lua script
// per count) with an in-memory insurance limiter, so that while Redis is
// unreachable each instance goes on limiting on its own rather than failing.
import { type RateLimiterAbstract, RateLimiterMemory, RateLimiterRedis } from 'rate-limiter-flexible';
import type { RedisConnection } from '../redis.ts';

/** Makes a limiter of `points` per `durationSeconds` named `name` (the key prefix under `namespace`). */
export type SharedLimiterFactory = (
  name: string,
  points: number,
  durationSeconds: number,
) => RateLimiterAbstract;

export function redisLimiters(redis: RedisConnection, namespace: string): SharedLimiterFactory {
  return (name, points, duration) =>
    new RateLimiterRedis({
      storeClient: redis.client,
      keyPrefix: `${redis.prefix}${namespace}-${name}`,
      points,
      duration,
      // Our client has no offline queue: while it is not connected, go to the insurance at once.
      rejectIfRedisNotReady: true,
      insuranceLimiter: new RateLimiterMemory({ keyPrefix: `${namespace}-${name}`, points, duration }),
    });
}
