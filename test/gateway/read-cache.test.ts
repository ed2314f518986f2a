// Reads of one caller are shared: identical concurrent reads go to Jira once,
// and the short answer cache serves repeats. Never across callers, and never
// across a token's project restriction.
import { describe, expect, it } from 'vitest';
import { createReadCache } from '../../src/jira/read-cache.ts';
import { type GatewayAnswer, type GatewayHarness, useGateway } from '../support/gateway.ts';
import { withoutRateLimit } from '../support/rate-limit.ts';

async function sandbox(gw: GatewayHarness, path: string, body?: unknown): Promise<{ requests: number }> {
  const res = await fetch(`${gw.sandbox.url}${path}`, {
    method: body === undefined && path.endsWith('stats') ? 'GET' : 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return (await res.json()) as { requests: number };
}

// Valid for everyone: alice's first page starts with OPS issues, bob's (no OPS) with PROJ.
const QUERY = '{ issues(jql: "project != MOB ORDER BY key", first: 20) { nodes { key summary } } }';

describe('identical concurrent reads, with the answer cache off', () => {
  const gw = useGateway({ flavor: 'datacenter', env: { JGG_CACHE_TTL_MS: '0' } });

  it('go to Jira once per caller and restriction', async () => {
    const alice = await gw().token('alice', { scopes: ['issues:read'] });
    const aliceToo = await gw().token('alice', { scopes: ['issues:read', 'comments:read'] });
    const restricted = await gw().token('alice', { scopes: ['issues:read'], projects: ['PROJ'] });
    const bob = await gw().token('bob', { scopes: ['issues:read'] });
    await sandbox(gw(), '/__sandbox/settings', { latencyMs: 200 });
    try {
      await sandbox(gw(), '/__sandbox/reset', {});
      const answers = await Promise.all([
        ...Array.from({ length: 5 }, () => gw().gql(alice.secret, QUERY)),
        gw().gql(aliceToo.secret, QUERY),
        gw().gql(restricted.secret, QUERY),
        gw().gql(bob.secret, QUERY),
      ]);
      // alice's six (two tokens, one identity, no restriction) share one read;
      // the restricted token and bob each make their own.
      expect((await sandbox(gw(), '/__sandbox/stats')).requests).toBe(3);
      for (const a of answers) expect(a.body.errors, JSON.stringify(a.body.errors)).toBeUndefined();
      const keys = answers.map(
        (a) => a.body.data.issues.nodes.map((n: { key: string }) => n.key) as string[],
      );
      for (const k of keys.slice(1, 6)) expect(k).toEqual(keys[0]);
      expect(keys[0]?.some((k) => k.startsWith('OPS-'))).toBe(true);
      expect(keys[6]?.every((k) => k.startsWith('PROJ-'))).toBe(true);
      expect(keys[7]?.some((k) => k.startsWith('OPS-'))).toBe(false);
      // Sequential repeats are not cached: each reaches Jira.
      await sandbox(gw(), '/__sandbox/reset', {});
      await gw().gql(alice.secret, QUERY);
      await gw().gql(alice.secret, QUERY);
      expect((await sandbox(gw(), '/__sandbox/stats')).requests).toBe(2);
    } finally {
      await sandbox(gw(), '/__sandbox/settings', { latencyMs: 0 });
    }
  });
});

describe('the answer cache', () => {
  const gw = useGateway({ flavor: 'cloud', env: { JGG_CACHE_TTL_MS: '400' } });

  it('serves a caller’s repeats until the TTL, and never another caller', async () => {
    const alice = await gw().token('alice', { scopes: ['issues:read'] });
    const bob = await gw().token('bob', { scopes: ['issues:read'] });
    await sandbox(gw(), '/__sandbox/reset', {});
    const first = await gw().gql(alice.secret, QUERY);
    const again = await gw().gql(alice.secret, QUERY);
    expect(withoutRateLimit(again.body)).toEqual(withoutRateLimit(first.body));
    expect((await sandbox(gw(), '/__sandbox/stats')).requests).toBe(1);
    // Entries are sized by the length of Jira's answer (here one search of a few issues).
    const kept = gw().gateway.runtime.services.readCache.stats();
    expect(kept.entries).toBe(1);
    expect(kept.bytes).toBeGreaterThan(1000);
    expect(kept.bytes).toBeLessThan(200_000);
    const bobs = await gw().gql(bob.secret, QUERY);
    expect((await sandbox(gw(), '/__sandbox/stats')).requests).toBe(2);
    expect(JSON.stringify(bobs.body)).not.toContain('OPS-');
    await new Promise((r) => setTimeout(r, 450));
    await gw().gql(alice.secret, QUERY);
    expect((await sandbox(gw(), '/__sandbox/stats')).requests).toBe(3);
  });
});

describe('the answer cache, when another process changes the identity', () => {
  const gw = useGateway({ flavor: 'datacenter', env: { JGG_CACHE_TTL_MS: '60000' } });

  let pageSize = 20;
  async function readTwiceThenCount(
    secret: string,
    between: () => Promise<void> | void,
  ): Promise<{ requests: number; last: GatewayAnswer }> {
    // A page size of each test's own: nothing an earlier test cached is met.
    const query = QUERY.replace('first: 20', `first: ${pageSize--}`);
    await sandbox(gw(), '/__sandbox/reset', {});
    expect((await gw().gql(secret, query)).body.errors).toBeUndefined();
    expect((await gw().gql(secret, query)).body.errors).toBeUndefined();
    // The repeat came from the cache.
    expect((await sandbox(gw(), '/__sandbox/stats')).requests).toBe(1);
    await between();
    const last = await gw().gql(secret, query);
    return { requests: (await sandbox(gw(), '/__sandbox/stats')).requests, last };
  }

  it('drops its answers on an announced change (Redis pub/sub)', async () => {
    const alice = await gw().token('alice', { scopes: ['issues:read'] });
    const identity = await gw().gateway.runtime.services.store.findIdentity('alice');
    if (!identity) throw new Error('alice is not linked');
    const { requests, last } = await readTwiceThenCount(alice.secret, () =>
      gw().gateway.runtime.services.applyChange(identity.id),
    );
    expect(requests, 'Jira asked again after the announcement').toBe(2);
    expect(last.body.errors).toBeUndefined();
  });

  it('never serves answers read with a credential since replaced (a relink)', async () => {
    const alice = await gw().token('alice', { scopes: ['issues:read'] });
    const { requests, last } = await readTwiceThenCount(alice.secret, async () => {
      await new Promise((resolve) => setTimeout(resolve, 5));
      await gw().link('alice');
    });
    // The first read, the link's own check of the credential (/myself), and the read again.
    expect(requests, 'read again with the credential now linked').toBe(3);
    expect(last.body.errors).toBeUndefined();
  });

  it('never serves answers read with a credential since refused, seen by the revision poll only', async () => {
    const bob = await gw().token('bob', { scopes: ['issues:read'] });
    const { services } = gw().gateway.runtime;
    const identity = await services.store.findIdentity('bob');
    if (!identity) throw new Error('bob is not linked');
    const { requests, last } = await readTwiceThenCount(bob.secret, async () => {
      // Another instance marks it, and this one hears only "something changed".
      await services.store.markCredentialInvalid(identity.id, new Date());
      services.dropCachedSessions();
    });
    // Refused before Jira is asked, and the cached answer is not served instead.
    expect(last.body.data).toBeNull();
    expect(last.body.errors[0].extensions.code).toBe('UPSTREAM_CREDENTIAL_INVALID');
    expect(requests).toBe(1);
  });
});

describe('createReadCache', () => {
  it('is bounded by bytes and refuses answers larger than a tenth of it', () => {
    const cache = createReadCache({ ttlMs: 60_000, maxBytes: 1000 });
    cache.set('a', 'A', 90);
    cache.set('big', 'B', 200);
    expect(cache.get('big')).toBeUndefined();
    for (let i = 0; i < 15; i++) cache.set(`k${i}`, i, 90);
    expect(cache.stats().bytes).toBeLessThanOrEqual(1000);
    expect(cache.get('a')).toBeUndefined();
    expect(cache.get('k14')).toBe(14);
  });

  it('keeps nothing with a TTL of 0', () => {
    const cache = createReadCache({ ttlMs: 0, maxBytes: 1000 });
    cache.set('a', 1, 10);
    expect(cache.get('a')).toBeUndefined();
  });
});
