// A gateway with JGG_REDIS_URL listens for other instances' announcements:
// one naming an identity drops that identity's cached Jira answers at once
// (the revision poll alone never would: it drops sessions, not answers).
// Needs the real Redis (JGG_TEST_REDIS_URL; skipped, saying so, where unset).
import { randomBytes } from 'node:crypto';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTokenStore } from '../../src/store/kysely-store.ts';
import { changeMessage } from '../../src/tokens/redis-change-feed.ts';
import { useGateway } from '../support/gateway.ts';

const REDIS_URL = process.env.JGG_TEST_REDIS_URL;
const prefix = `jggtest${randomBytes(4).toString('hex')}:`;
const QUERY = '{ issues(jql: "project = PROJ ORDER BY key", first: 5) { nodes { key } } }';

describe.skipIf(!REDIS_URL)(
  REDIS_URL
    ? 'a gateway subscribed to changes'
    : 'a gateway subscribed to changes (set JGG_TEST_REDIS_URL to run)',
  () => {
    const gw = useGateway({
      flavor: 'cloud',
      env: { JGG_CACHE_TTL_MS: '60000', JGG_REDIS_URL: REDIS_URL ?? '', JGG_REDIS_PREFIX: prefix },
    });
    let publisher: Redis;

    beforeAll(() => {
      publisher = new Redis(REDIS_URL ?? '');
    });

    afterAll(() => {
      publisher?.disconnect();
    });

    async function jiraRequests(reset = false): Promise<number> {
      const url = `${gw().sandbox.url}/__sandbox/${reset ? 'reset' : 'stats'}`;
      const res = await fetch(url, {
        method: reset ? 'POST' : 'GET',
        headers: { 'Content-Type': 'application/json' },
        ...(reset ? { body: '{}' } : {}),
      });
      return ((await res.json()) as { requests: number }).requests;
    }

    /** Publishes until a subscriber hears it (the gateway subscribes as it starts, without waiting). */
    async function announce(message: string): Promise<void> {
      for (let i = 0; i < 50; i++) {
        if ((await publisher.publish(`${prefix}changes`, message)) > 0) return;
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
      throw new Error('no gateway subscribed');
    }

    it('drops the named identity’s cached answers, and only theirs', async () => {
      const alice = await gw().token('alice', { scopes: ['issues:read'] });
      const bob = await gw().token('bob', { scopes: ['issues:read'] });
      const identity = await gw().gateway.runtime.services.store.findIdentity(
        gw().sandboxUser('alice').accountId,
      );
      if (!identity) throw new Error('alice is not linked');
      await jiraRequests(true);
      for (const secret of [alice.secret, bob.secret, alice.secret, bob.secret]) {
        expect((await gw().gql(secret, QUERY)).body.errors).toBeUndefined();
      }
      expect(await jiraRequests()).toBe(2);

      await announce(changeMessage(identity.id));
      await new Promise((resolve) => setTimeout(resolve, 100));
      await gw().gql(alice.secret, QUERY);
      await gw().gql(bob.secret, QUERY);
      expect(await jiraRequests(), 'alice read again, bob from the cache').toBe(3);
    });

    it('drops every cached session on a message it cannot read, so a stray publish fails closed', async () => {
      const carol = await gw().token('carol', { scopes: ['issues:read'] });
      expect((await gw().gql(carol.secret, QUERY)).status).toBe(200);
      // Revoked behind the gateway's back, by a process that announces nothing:
      // the cached session would still pass until the revision poll.
      const elsewhere = createTokenStore(gw().gateway.runtime.config.store.url);
      try {
        await elsewhere.revokeToken(carol.id, new Date());
      } finally {
        await elsewhere.close();
      }
      await announce('{"v":99}');
      await new Promise((resolve) => setTimeout(resolve, 100));
      expect((await gw().gql(carol.secret, QUERY)).status).toBe(401);
    });
  },
);
