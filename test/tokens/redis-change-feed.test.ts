// The change announcements between instances, on the real Redis
// (JGG_TEST_REDIS_URL; skipped, saying so, where it is unset), behind a TCP
// proxy a test can cut to play an outage.
import { randomBytes } from 'node:crypto';
import { pino } from 'pino';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { openRedis, type RedisConnection } from '../../src/redis.ts';
import {
  changeMessage,
  changesChannel,
  createChangeAnnouncer,
  parseChange,
  subscribeToChanges,
} from '../../src/tokens/redis-change-feed.ts';
import { startTcpProxy, type TcpProxy } from '../support/tcp-proxy.ts';

const REDIS_URL = process.env.JGG_TEST_REDIS_URL;
const silent = pino({ level: 'silent' });

describe('change messages', () => {
  it('name the identity, and read back', () => {
    expect(parseChange(changeMessage('id-1'))).toBe('id-1');
    expect(changesChannel('jgg:')).toBe('jgg:changes');
  });

  it.each([
    ['not JSON', 'revoke!'],
    ['another version', JSON.stringify({ v: 2, identityId: 'id-1' })],
    ['no identity', JSON.stringify({ v: 1 })],
    ['an empty identity', JSON.stringify({ v: 1, identityId: '' })],
    ['a number for identity', JSON.stringify({ v: 1, identityId: 7 })],
    ['null', 'null'],
  ])('read %s as "forget everything" rather than being ignored', (_what, message) => {
    expect(parseChange(message)).toBeNull();
  });
});

/** Resolves with the first value `take` answers for, or rejects after `ms`. */
function waitFor<T>(register: (take: (value: T) => void) => void, ms = 2_000): Promise<T> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`nothing within ${ms} ms`)), ms);
    register((value) => {
      clearTimeout(timer);
      resolve(value);
    });
  });
}

describe.skipIf(!REDIS_URL)(
  REDIS_URL ? 'announcements on Redis' : 'announcements on Redis (set JGG_TEST_REDIS_URL to run)',
  () => {
    let proxy: TcpProxy;
    const opened: RedisConnection[] = [];
    const stops: (() => Promise<void>)[] = [];

    beforeAll(async () => {
      const target = new URL(REDIS_URL ?? '');
      proxy = await startTcpProxy({ host: target.hostname, port: Number(target.port || 6379) });
    });

    afterEach(async () => {
      proxy.restore();
      await Promise.all(stops.splice(0).map((stop) => stop()));
      await Promise.all(opened.splice(0).map((c) => c.close()));
    });

    afterAll(async () => {
      await proxy?.close();
    });

    function connect(prefix: string, through: 'proxy' | 'direct' = 'direct'): RedisConnection {
      const url = through === 'proxy' ? `redis://127.0.0.1:${proxy.port}` : (REDIS_URL ?? '');
      const connection = openRedis(url, prefix, silent);
      opened.push(connection);
      return connection;
    }

    async function ready(connection: RedisConnection): Promise<void> {
      if (connection.client.status !== 'ready')
        await waitFor((take) => connection.client.once('ready', take));
    }

    function listen(connection: RedisConnection, onChange: (id: string | null) => void) {
      const subscription = subscribeToChanges(connection, { onChange, logger: silent });
      subscription.start();
      stops.push(() => subscription.stop());
      return subscription;
    }

    const freshPrefix = () => `jggtest${randomBytes(4).toString('hex')}:`;

    it('reach a subscribed instance with the identity, and only under the same prefix', async () => {
      const prefix = freshPrefix();
      const heard: (string | null)[] = [];
      const elsewhere: (string | null)[] = [];
      const subscriber = connect(prefix);
      listen(subscriber, (id) => heard.push(id));
      listen(connect(freshPrefix()), (id) => elsewhere.push(id));
      await ready(subscriber);
      // The SUBSCRIBE is in flight on its own connection; give it a moment.
      await new Promise((resolve) => setTimeout(resolve, 100));

      const announcer = createChangeAnnouncer(connect(prefix));
      announcer.announce('identity-a');
      announcer.announce('identity-b');
      await announcer.flush();
      await new Promise((resolve) => setTimeout(resolve, 100));
      expect(heard).toEqual(['identity-a', 'identity-b']);
      expect(elsewhere).toEqual([]);
    });

    it('wait for a connection still opening, as a CLI command has', async () => {
      const prefix = freshPrefix();
      const heard: (string | null)[] = [];
      const subscriber = connect(prefix);
      listen(subscriber, (id) => heard.push(id));
      await ready(subscriber);
      await new Promise((resolve) => setTimeout(resolve, 100));
      // Announced at once after opening, before 'ready'.
      const fresh = connect(prefix);
      expect(fresh.client.status).not.toBe('ready');
      const announcer = createChangeAnnouncer(fresh);
      announcer.announce('identity-c');
      await announcer.flush();
      await new Promise((resolve) => setTimeout(resolve, 100));
      expect(heard).toEqual(['identity-c']);
    });

    it('are given up, told to onError, when Redis cannot be reached (the poll carries the change)', async () => {
      proxy.cut();
      const errors: unknown[] = [];
      const announcer = createChangeAnnouncer(connect(freshPrefix(), 'proxy'), {
        readyWaitMs: 200,
        onError: (error) => errors.push(error),
      });
      const since = performance.now();
      announcer.announce('identity-d');
      await announcer.flush();
      expect(performance.now() - since).toBeLessThan(2_000);
      expect(errors).toHaveLength(1);
    });

    it('make an instance cut off from Redis forget everything once it is back (messages were lost)', async () => {
      const prefix = freshPrefix();
      const heard: (string | null)[] = [];
      const subscriber = connect(prefix, 'proxy');
      listen(subscriber, (id) => heard.push(id));
      await ready(subscriber);
      await new Promise((resolve) => setTimeout(resolve, 200));
      expect(heard).toEqual([]);

      proxy.cut();
      // Sent while the instance is cut off: lost for it.
      const announcer = createChangeAnnouncer(connect(prefix));
      announcer.announce('identity-lost');
      await announcer.flush();
      proxy.restore();

      const first = await waitFor<string | null>((take) => {
        const check = setInterval(() => {
          if (heard.length > 0) {
            clearInterval(check);
            take(heard[0] === undefined ? 'none' : heard[0]);
          }
        }, 20);
      }, 5_000);
      expect(first).toBeNull();
      // And it is subscribed again: the next announcement arrives.
      await new Promise((resolve) => setTimeout(resolve, 200));
      announcer.announce('identity-e');
      await announcer.flush();
      await new Promise((resolve) => setTimeout(resolve, 200));
      expect(heard).toContain('identity-e');
    });
  },
);
