// Each token's hourly budget of points (README "Rate limits"). The counters
// are rate-limiter-flexible limiters: RateLimiterRedis when JGG_REDIS_URL is
// set, so every instance charges one shared counter (one atomic Lua script per
// charge: SET NX with the window's expiry, then INCRBY), with an in-memory
// insurance limiter that takes over while Redis is unreachable; RateLimiterMemory
// alone without Redis (one process).
//
// One limiter serves every budget size: it only counts (its own ceiling is out
// of reach) and the budget compares the count with the token's limit, so a
// token's counter is the same whatever its limit and one Redis key per budget.
// The window is fixed: it starts at the first charge and lasts an hour.
import type { Logger } from 'pino';
import {
  type RateLimiterAbstract,
  RateLimiterMemory,
  RateLimiterRedis,
  RateLimiterRes,
} from 'rate-limiter-flexible';
import type { RedisConnection } from '../redis.ts';

export const BUDGET_WINDOW_SECONDS = 3600;
/** The limiters' own ceiling: never reached, the budget decides (see above). */
const UNCAPPED = Number.MAX_SAFE_INTEGER;

/** Where a budget stands after a charge (or a look). */
export interface BudgetStatus {
  /** Points per hour. */
  limit: number;
  /** Points spent in the current window. */
  used: number;
  remaining: number;
  /** When the window ends and the budget is whole again. */
  resetAt: Date;
}

export interface Charge extends BudgetStatus {
  /** The points this charge asked for. */
  cost: number;
  /** false: the budget could not pay; nothing was kept. */
  allowed: boolean;
  /** Whole seconds until the window resets (at least 1); meaningful when refused. */
  retryAfterSeconds: number;
}

export interface PointBudget {
  /** 'redis' when the counters are shared, 'memory' when they are this process's own. */
  readonly store: 'redis' | 'memory';
  /**
   * Charges `cost` points to `budgetId` if its budget of `limit` points can
   * pay them all; otherwise charges nothing and says when to come back.
   */
  charge(budgetId: string, limit: number, cost: number): Promise<Charge>;
  /** The budget as it stands, charging nothing. */
  peek(budgetId: string, limit: number): Promise<BudgetStatus>;
}

export interface PointBudgetOptions {
  /** The shared Redis connection; null counts in this process's memory. */
  redis: RedisConnection | null;
  logger?: Logger;
  now?: () => number;
}

/** The counting limiter: Redis with a memory insurance, or memory alone. */
function counter(redis: RedisConnection | null, logger: Logger | undefined): RateLimiterAbstract {
  const memory = new RateLimiterMemory({
    keyPrefix: 'rate',
    points: UNCAPPED,
    duration: BUDGET_WINDOW_SECONDS,
  });
  if (redis === null) return memory;
  const shared = new RateLimiterRedis({
    storeClient: redis.client,
    keyPrefix: `${redis.prefix}rate`,
    points: UNCAPPED,
    duration: BUDGET_WINDOW_SECONDS,
    // Our client has no offline queue; while it is not 'ready' (connecting,
    // reconnecting) go to the insurance at once rather than fail the command.
    rejectIfRedisNotReady: true,
    // While Redis is unreachable each instance counts on its own: requests are
    // still answered and limited, but a token may spend up to N budgets over N
    // instances (README "Rate limits"). Refusing everything, or letting
    // everything through, would be worse for an outage of a cache.
    insuranceLimiter: memory,
  });
  let degraded = false;
  redis.client.on('ready', () => {
    if (degraded) logger?.info('rate limits shared through redis again');
    degraded = false;
  });
  redis.client.on('error', () => {
    if (!degraded) logger?.warn('rate limits counted per instance while redis is unreachable');
    degraded = true;
  });
  return shared;
}

/** A rejection of the limiter carries the count; anything else is a failure of both stores. */
function counted(result: unknown): RateLimiterRes {
  if (result instanceof RateLimiterRes) return result;
  throw result;
}

export function createPointBudget({ redis, logger, now }: PointBudgetOptions): PointBudget {
  const clock = now ?? Date.now;
  const limiter = counter(redis, logger);

  const status = (limit: number, used: number, msBeforeNext: number): BudgetStatus => ({
    limit,
    used,
    remaining: Math.max(0, limit - used),
    // Whole seconds, as the RateLimit-Reset header says it.
    resetAt: new Date(Math.ceil((clock() + Math.max(0, msBeforeNext)) / 1000) * 1000),
  });

  return {
    store: redis === null ? 'memory' : 'redis',

    async charge(budgetId, limit, cost) {
      // Consume, then give back if over: the count itself is the arbiter, so
      // concurrent requests (on any instance) never spend past the limit
      // together, which a look-then-consume would allow. A refused request
      // keeps nothing, so hammering while refused does not push a caller's
      // budget further into debt; it costs one more atomic script per refusal.
      const res = counted(await limiter.consume(budgetId, cost).catch(counted));
      const retryAfterSeconds = Math.max(1, Math.ceil(res.msBeforeNext / 1000));
      if (res.consumedPoints <= limit) {
        return {
          ...status(limit, res.consumedPoints, res.msBeforeNext),
          cost,
          allowed: true,
          retryAfterSeconds,
        };
      }
      // Only while the window lives: a reward into an expired key would open a
      // new window with negative spend (a bonus). A few ms of margin suffice.
      if (res.msBeforeNext > 50) await limiter.reward(budgetId, cost);
      const used = res.consumedPoints - cost;
      return { ...status(limit, used, res.msBeforeNext), cost, allowed: false, retryAfterSeconds };
    },

    async peek(budgetId, limit) {
      const res = await limiter.get(budgetId);
      if (res === null) return status(limit, 0, BUDGET_WINDOW_SECONDS * 1000);
      return status(limit, res.consumedPoints, res.msBeforeNext);
    },
  };
}
