// The usage recorder over a real store (SQLite always, PostgreSQL when
// JGG_TEST_DATABASE_URL is set), wrapped only to count its calls: many
// requests make one write per flush interval, two recorders sharing a store
// (two gateways) add up, addresses are cut to the newest N, close() writes
// what is left, reads add what is not written yet, and a failed write is
// tried again without losing a count.
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTokenStore } from '../../src/store/kysely-store.ts';
import type { TokenStore } from '../../src/store/store.ts';
import { createUsageRecorder, type TokenUse, type UsageRecorder } from '../../src/tokens/usage-recorder.ts';
import { type FreshDatabase, postgresBackend, sqliteBackend } from '../store/databases.ts';

const T0 = Date.parse('2030-01-01T00:00:00.000Z');
const at = (seconds: number) => new Date(T0 + seconds * 1000);

/** The store as it is, counting addTokenUsage calls (and failing the next ones when told). */
function counting(store: TokenStore) {
  const counted = { writes: 0, failNext: 0 };
  const wrapped: TokenStore = {
    ...store,
    async addTokenUsage(batch, keep) {
      counted.writes++;
      if (counted.failNext > 0) {
        counted.failNext--;
        throw new Error('store unreachable (test)');
      }
      return store.addTokenUsage(batch, keep);
    },
  };
  return { store: wrapped, counted };
}

const BACKENDS = [sqliteBackend(), postgresBackend(process.env.JGG_TEST_DATABASE_URL)];

describe.each(BACKENDS.map((b) => [b.name, b] as const))('usage recorder on %s', (_name, backend) => {
  describe.skipIf(!backend.enabled)('batched usage', () => {
    let database: FreshDatabase;
    let store: TokenStore;
    const recorders: UsageRecorder[] = [];

    beforeAll(async () => {
      database = await backend.fresh();
      store = createTokenStore(database.url);
      await store.migrate();
    });
    afterAll(async () => {
      for (const r of recorders) await r.close();
      await store?.close();
      await database?.dispose();
    });

    async function newToken(): Promise<string> {
      const identity = await store.upsertIdentity(
        {
          flavor: 'cloud',
          jiraAccountId: `acc-${randomBytes(6).toString('hex')}`,
          jiraName: null,
          displayName: 'Usage Test',
          email: null,
          sealedCredential: 'sealed',
        },
        at(0),
      );
      const token = await store.insertToken({
        identityId: identity.id,
        kind: 'personal',
        name: 'usage',
        secretHash: randomBytes(32).toString('hex'),
        hashKeyId: 'k1',
        scopes: ['issues:read'],
        projects: null,
        allowedIps: null,
        createdAt: at(0),
        expiresAt: null,
        rotatedFromId: null,
        createdById: null,
      });
      return token.id;
    }

    function recorder(over: TokenStore, flushMs = 60_000, recentIps = 5): UsageRecorder {
      const r = createUsageRecorder({ store: over, flushMs, recentIps });
      recorders.push(r);
      return r;
    }

    const use = (tokenId: string, overrides: Partial<TokenUse> = {}): TokenUse => ({
      tokenId,
      at: at(1),
      ip: '192.0.2.1',
      points: 1,
      error: false,
      ...overrides,
    });

    it('200 requests over two tokens make one store write when the interval ends', async () => {
      const [a, b] = [await newToken(), await newToken()];
      const { store: over, counted } = counting(store);
      const r = recorder(over, 100);
      for (let i = 0; i < 200; i++) {
        r.record(use(i % 2 === 0 ? a : b, { at: at(i), points: 3, error: i % 10 === 0 }));
      }
      expect(counted.writes).toBe(0);
      await expect.poll(() => counted.writes).toBe(1);
      // Waits for that write to finish; nothing new is counted, so it writes nothing more.
      await r.flush();
      expect(counted.writes).toBe(1);
      const stored = await store.getTokenUsage([a, b]);
      // Even i are a's: 100 requests, 300 points, errors at i = 0, 10, ... 190.
      expect(stored.get(a)).toMatchObject({ requests: 100, points: 300, errors: 20 });
      expect(stored.get(b)).toMatchObject({ requests: 100, points: 300, errors: 0 });
      expect(await store.getToken(a)).toMatchObject({ lastUsedAt: at(198), lastUsedIp: '192.0.2.1' });
      expect(await store.getToken(b)).toMatchObject({ lastUsedAt: at(199) });
      // Nothing counted since: no write at the next interval.
      await new Promise((resolve) => setTimeout(resolve, 250));
      expect(counted.writes).toBe(1);
    });

    it('two recorders on one store (two gateways) add up', async () => {
      const token = await newToken();
      const [one, two] = [recorder(store), recorder(store)];
      for (let i = 0; i < 30; i++) one.record(use(token, { points: 2, ip: '192.0.2.10', at: at(i) }));
      for (let i = 0; i < 20; i++) two.record(use(token, { points: 5, ip: '192.0.2.20', at: at(100 + i) }));
      await Promise.all([one.flush(), two.flush()]);
      one.record(use(token, { points: 1, error: true, ip: '192.0.2.10', at: at(200) }));
      await one.flush();
      const usage = (await store.getTokenUsage([token])).get(token);
      expect(usage).toMatchObject({ requests: 51, points: 161, errors: 1 });
      expect(usage?.recentIps).toEqual([
        { ip: '192.0.2.10', lastSeenAt: at(200) },
        { ip: '192.0.2.20', lastSeenAt: at(119) },
      ]);
      expect(await store.getToken(token)).toMatchObject({ lastUsedAt: at(200), lastUsedIp: '192.0.2.10' });
    });

    it('keeps the newest N addresses, in memory and in the store', async () => {
      const token = await newToken();
      const r = recorder(store, 60_000, 3);
      for (let i = 1; i <= 6; i++) r.record(use(token, { ip: `198.51.100.${i}`, at: at(i) }));
      // Seen again later: moves up.
      r.record(use(token, { ip: '198.51.100.2', at: at(10) }));
      const expected = [
        { ip: '198.51.100.2', lastSeenAt: at(10) },
        { ip: '198.51.100.6', lastSeenAt: at(6) },
        { ip: '198.51.100.5', lastSeenAt: at(5) },
      ];
      expect((await r.read([token])).get(token)?.recentIps).toEqual(expected);
      await r.flush();
      expect((await store.getTokenUsage([token])).get(token)?.recentIps).toEqual(expected);
      // Older addresses written later by another gateway are cut on the way in.
      const other = recorder(store, 60_000, 3);
      other.record(use(token, { ip: '203.0.113.1', at: at(0) }));
      await other.flush();
      expect((await store.getTokenUsage([token])).get(token)?.recentIps).toEqual(expected);
    });

    it('reads add what is not written yet; close() writes it', async () => {
      const token = await newToken();
      const { store: over, counted } = counting(store);
      const r = recorder(over);
      r.record(use(token, { points: 4 }));
      await r.flush();
      r.record(use(token, { points: 6, ip: '2001:db8::7', at: at(9), error: true }));
      expect(counted.writes).toBe(1);
      expect((await r.read([token])).get(token)).toMatchObject({ requests: 2, points: 10, errors: 1 });
      expect((await store.getTokenUsage([token])).get(token)).toMatchObject({ requests: 1, points: 4 });
      expect(r.lastUse({ id: token, lastUsedAt: at(1), lastUsedIp: '192.0.2.1' })).toEqual({
        at: at(9),
        ip: '2001:db8::7',
      });
      await r.close();
      expect(counted.writes).toBe(2);
      expect((await store.getTokenUsage([token])).get(token)).toMatchObject({
        requests: 2,
        points: 10,
        errors: 1,
      });
      // A token never used reads as zeros.
      const unused = await newToken();
      expect((await r.read([unused])).get(unused)).toEqual({
        requests: 0,
        points: 0,
        errors: 0,
        recentIps: [],
      });
    });

    it('a failed write is put back and written with what came after, nothing lost or doubled', async () => {
      const token = await newToken();
      const { store: over, counted } = counting(store);
      const errors: unknown[] = [];
      const r = createUsageRecorder({
        store: over,
        flushMs: 60_000,
        recentIps: 5,
        onError: (e) => errors.push(e),
      });
      recorders.push(r);
      r.record(use(token, { points: 2 }));
      counted.failNext = 1;
      await r.flush();
      expect(errors).toHaveLength(1);
      expect((await store.getTokenUsage([token])).has(token)).toBe(false);
      // Still counted here, and shown to readers.
      expect((await r.read([token])).get(token)).toMatchObject({ requests: 1, points: 2 });
      r.record(use(token, { points: 3, at: at(5) }));
      await r.flush();
      expect(counted.writes).toBe(2);
      expect((await store.getTokenUsage([token])).get(token)).toMatchObject({ requests: 2, points: 5 });
      expect((await r.read([token])).get(token)).toMatchObject({ requests: 2, points: 5 });
    });
  });
});
