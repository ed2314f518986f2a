// The push side of the revocation feed, for many instances (JGG_REDIS_URL):
// a process that changed a token or identity in the store (a revoke, rotate,
// relink, refused credential; kysely-store.ts onChanged) publishes the
// identity it concerns on `<prefix>changes`, and every serving process drops
// what it caches of that identity within milliseconds. Redis pub/sub keeps
// nothing: a message sent while an instance is disconnected is lost. So the
// store's revision poll (revocation-feed.ts, every JGG_REVOCATION_POLL_MS)
// stays on as the fallback, and an instance that was cut off from Redis drops
// everything it caches when it is subscribed again.
import type { Logger } from 'pino';
import type { RedisConnection } from '../redis.ts';

const CHANNEL = 'changes';
const MESSAGE_VERSION = 1;

export function changesChannel(prefix: string): string {
  return `${prefix}${CHANNEL}`;
}

/** The message for a change to one identity (its tokens or its link). */
export function changeMessage(identityId: string): string {
  return JSON.stringify({ v: MESSAGE_VERSION, identityId });
}

/**
 * The identity a message names, or null for "something changed, forget
 * everything": a message this version cannot read (a newer instance during a
 * rolling upgrade, a stray publish) must not be ignored, so it fails closed.
 */
export function parseChange(message: string): string | null {
  try {
    const parsed: unknown = JSON.parse(message);
    if (typeof parsed !== 'object' || parsed === null) return null;
    const { v, identityId } = parsed as { v?: unknown; identityId?: unknown };
    if (v !== MESSAGE_VERSION || typeof identityId !== 'string' || identityId === '') return null;
    return identityId;
  } catch {
    return null;
  }
}

export interface ChangeAnnouncer {
  /** Publishes the change without waiting; a failure is told to onError and left to the poll. */
  announce(identityId: string): void;
  /** Resolves once every announcement made so far was published or given up (a CLI awaits it before exiting). */
  flush(): Promise<void>;
}

export interface ChangeAnnouncerOptions {
  /**
   * How long an announcement waits for a connection that is not ready yet
   * (a CLI command connects lazily; the shared client queues nothing while
   * disconnected). Past it the announcement is dropped: the poll carries the
   * change within JGG_REVOCATION_POLL_MS anyway.
   */
  readyWaitMs?: number;
  onError?: (error: unknown) => void;
}

export function createChangeAnnouncer(
  redis: RedisConnection,
  options: ChangeAnnouncerOptions = {},
): ChangeAnnouncer {
  const channel = changesChannel(redis.prefix);
  const readyWaitMs = options.readyWaitMs ?? 1_000;
  const pending = new Set<Promise<void>>();

  function whenReady(): Promise<void> {
    const { client } = redis;
    if (client.status === 'ready') return Promise.resolve();
    if (client.status === 'wait') void client.connect().catch(() => {});
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        client.off('ready', onReady);
        reject(new Error(`redis not ready within ${readyWaitMs} ms`));
      }, readyWaitMs);
      const onReady = () => {
        clearTimeout(timer);
        resolve();
      };
      client.once('ready', onReady);
    });
  }

  return {
    announce(identityId) {
      const sent = whenReady()
        .then(() => redis.client.publish(channel, changeMessage(identityId)))
        .then(
          () => {},
          (error: unknown) => options.onError?.(error),
        )
        .finally(() => pending.delete(sent));
      pending.add(sent);
    },
    async flush() {
      await Promise.all([...pending]);
    },
  };
}

export interface ChangeSubscription {
  /** Subscribes; resolves at once, without waiting for Redis (an instance starts while Redis is down). */
  start(): void;
  stop(): Promise<void>;
}

export interface ChangeSubscriptionOptions {
  /** An identity changed, or (null) anything may have: drop what is cached of it. */
  onChange: (identityId: string | null) => void;
  logger?: Pick<Logger, 'warn'>;
}

/** Listens on its own connection (a subscribed connection can do nothing else). */
export function subscribeToChanges(
  redis: RedisConnection,
  { onChange, logger }: ChangeSubscriptionOptions,
): ChangeSubscription {
  const channel = changesChannel(redis.prefix);
  // Queues the SUBSCRIBE until connected, and ioredis subscribes again after
  // each reconnection (autoResubscribe).
  const subscriber = redis.client.duplicate({ enableOfflineQueue: true, maxRetriesPerRequest: null });
  let readyOnce = false;
  let cutOff = false;
  subscriber.on('message', (from: string, message: string) => {
    if (from === channel) onChange(parseChange(message));
  });
  subscriber.on('error', () => {
    // Said by the shared connection (redis.ts); this one only has to notice.
  });
  subscriber.on('close', () => {
    if (readyOnce) cutOff = true;
  });
  subscriber.on('ready', () => {
    // Messages published while this instance was cut off are lost for good.
    if (cutOff) onChange(null);
    cutOff = false;
    readyOnce = true;
  });
  return {
    start() {
      subscriber
        .subscribe(channel)
        .catch((error: unknown) => logger?.warn({ err: error }, 'redis change subscription failed'));
    },
    async stop() {
      subscriber.disconnect();
    },
  };
}
