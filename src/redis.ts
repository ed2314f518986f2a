// The one Redis connection a serving process shares (JGG_REDIS_URL): the
// rate-limit counters and the change announcements use it. Pub/sub takes a
// connection of its own, made with `duplicate()`.
import { Redis } from 'ioredis';
import type { Logger } from 'pino';

export type { Redis } from 'ioredis';

export interface RedisConnection {
  client: Redis;
  /** Prepended to every key and channel (JGG_REDIS_PREFIX). */
  prefix: string;
  close(): Promise<void>;
}

/**
 * Connects lazily and never waits on a down Redis: commands fail at once
 * while it is unreachable (no offline queue), so a caller can fall back
 * instead of hanging a request, and ioredis keeps reconnecting behind.
 */
export function openRedis(url: string, prefix: string, logger: Logger): RedisConnection {
  const client = new Redis(url, {
    enableOfflineQueue: false,
    maxRetriesPerRequest: 1,
    connectTimeout: 2_000,
    // A Redis that holds the connection but stops answering (a network
    // partition, not a refusal) fails a command after this instead of holding
    // the request: the rate limit then counts in memory (limits/point-budget.ts).
    commandTimeout: 1_000,
    // Back off to at most 2 s between reconnection attempts, forever.
    retryStrategy: (attempt) => Math.min(attempt * 100, 2_000),
  });
  let down = false;
  client.on('error', (error: Error) => {
    // Said once per outage, not once per reconnection attempt.
    if (!down) logger.warn({ err: { message: error.message } }, 'redis unreachable');
    down = true;
  });
  client.on('ready', () => {
    if (down) logger.info('redis reachable again');
    down = false;
  });
  return {
    client,
    prefix,
    async close() {
      client.disconnect();
    },
  };
}
