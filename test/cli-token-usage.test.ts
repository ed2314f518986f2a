// `jgg token list` as an operator runs it (a child process on a SQLite store
// a gateway has written usage to): the table shows requests, errors and the
// last address, and marks tokens within 7 days of expiry; --json carries
// every usage figure, the recent addresses and expiresSoon.
import { randomBytes } from 'node:crypto';
import { once } from 'node:events';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startSandbox } from 'jira-sandbox';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTokenStore } from '../src/store/kysely-store.ts';
import { useJggProcesses } from './support/jgg-process.ts';

const DAY_MS = 24 * 60 * 60 * 1000;
let dataDir = '';
let env: NodeJS.ProcessEnv = {};
const { ok, run, serve } = useJggProcesses(() => env);
const ids: Record<'soon' | 'later' | 'forever', string> = { soon: '', later: '', forever: '' };
const lastSeen = new Date(Date.now() - 60_000);

beforeAll(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'jgg-cli-usage-'));
  env = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('JGG_')));
  env.JGG_DATABASE_URL = `sqlite:${join(dataDir, 'jgg.db')}`;
  const store = createTokenStore(env.JGG_DATABASE_URL);
  await store.migrate();
  const now = new Date();
  const identity = await store.upsertIdentity(
    {
      flavor: 'datacenter',
      jiraAccountId: 'JIRAUSER9',
      jiraName: 'dana',
      displayName: 'Dana',
      email: null,
      sealedCredential: 'sealed',
    },
    now,
  );
  const lifetimes = { soon: 3 * DAY_MS, later: 30 * DAY_MS, forever: null } as const;
  for (const [name, lifetime] of Object.entries(lifetimes) as [keyof typeof ids, number | null][]) {
    const token = await store.insertToken({
      identityId: identity.id,
      kind: 'personal',
      name,
      secretHash: randomBytes(32).toString('hex'),
      hashKeyId: 'k1',
      scopes: ['issues:read'],
      projects: null,
      allowedIps: null,
      createdAt: now,
      expiresAt: lifetime === null ? null : new Date(now.getTime() + lifetime),
      rotatedFromId: null,
      createdById: null,
      ...(name === 'soon' ? { rateLimitPerHour: 120 } : {}),
    });
    ids[name] = token.id;
  }
  // What a gateway's usage recorder would have written.
  await store.addTokenUsage(
    [
      {
        tokenId: ids.soon,
        requests: 42,
        points: 130,
        errors: 3,
        lastUsedAt: lastSeen,
        lastUsedIp: '192.0.2.44',
        ips: [
          { ip: '192.0.2.44', lastSeenAt: lastSeen },
          { ip: '2001:db8::5', lastSeenAt: new Date(lastSeen.getTime() - 1000) },
        ],
      },
    ],
    5,
  );
  await store.close();
});

afterAll(() => {
  if (dataDir) rmSync(dataDir, { recursive: true, force: true });
});

describe('jgg token list shows usage and the expiry notice', () => {
  it('as a table: requests, errors, last address, and a mark on the token expiring soon', async () => {
    const out = await ok(['token', 'list']);
    const lines = out.trimEnd().split('\n');
    expect(lines[0]).toMatch(
      /^ID\s+NAME\s+SCOPES\s+EXPIRES\s+LAST USED\s+LAST IP\s+REQUESTS\s+ERRORS\s+POINTS\/H\s+STATE$/,
    );
    const row = (id: string) => lines.find((l) => l.startsWith(id)) ?? '';
    expect(row(ids.soon)).toMatch(/\d{4}-\d\d-\d\d \(soon!\)\s+\S+\s+192\.0\.2\.44\s+42\s+3\s+120\s+live$/);
    expect(row(ids.later)).not.toContain('soon');
    expect(row(ids.later)).toMatch(/never\s+0\s+0\s+5000\s+live$/);
    expect(row(ids.forever)).toMatch(/never\s+never\s+0\s+0\s+5000\s+live$/);
  });

  it('as JSON: expiresSoon and every usage figure', async () => {
    const listed = JSON.parse(await ok(['token', 'list', '--json'])) as Record<string, unknown>[];
    const byId = new Map(listed.map((t) => [t.id, t]));
    expect(byId.get(ids.soon)).toMatchObject({
      name: 'soon',
      expiresSoon: true,
      rateLimitPerHour: 120,
      lastUsedAt: lastSeen.toISOString(),
      lastUsedIp: '192.0.2.44',
      usage: {
        requests: 42,
        points: 130,
        errors: 3,
        recentIps: [
          { ip: '192.0.2.44', lastSeenAt: lastSeen.toISOString() },
          { ip: '2001:db8::5', lastSeenAt: new Date(lastSeen.getTime() - 1000).toISOString() },
        ],
      },
    });
    expect(byId.get(ids.later)).toMatchObject({
      expiresSoon: false,
      usage: { requests: 0, points: 0, errors: 0, recentIps: [] },
    });
    expect(byId.get(ids.forever)).toMatchObject({
      expiresAt: null,
      expiresSoon: false,
      rateLimitPerHour: 5000,
    });
  });
});

describe('jgg token create --rate-limit', () => {
  it('gives the token a narrower hourly budget, and refuses one above the default or not a number', async () => {
    const made = JSON.parse(
      await ok([
        'token',
        'create',
        '--user',
        'dana',
        '--scopes',
        'issues:read',
        '--rate-limit',
        '250',
        '--json',
      ]),
    ) as { token: { id: string; rateLimitPerHour: number } };
    expect(made.token.rateLimitPerHour).toBe(250);
    const listed = JSON.parse(await ok(['token', 'list', '--json'])) as {
      id: string;
      rateLimitPerHour: number;
    }[];
    expect(listed.find((t) => t.id === made.token.id)?.rateLimitPerHour).toBe(250);
    const table = await ok(['token', 'list']);
    expect(table.split('\n').find((l) => l.startsWith(made.token.id))).toMatch(/\s250\s+live$/);

    const above = await run([
      'token',
      'create',
      '--user',
      'dana',
      '--scopes',
      'issues:read',
      '--rate-limit',
      '5001',
    ]);
    expect(above.code).not.toBe(0);
    expect(above.stderr).toMatch(/^jgg token create: rateLimitPerHour must be a whole number from 1 to 5000/);
    const lowered = await run(
      ['token', 'create', '--user', 'dana', '--scopes', 'issues:read', '--rate-limit', '250'],
      { JGG_RATE_LIMIT_PER_HOUR: '100' },
    );
    expect(lowered.stderr).toMatch(/from 1 to 100 /);
    const word = await run([
      'token',
      'create',
      '--user',
      'dana',
      '--scopes',
      'issues:read',
      '--rate-limit',
      'lots',
    ]);
    expect(word.stderr.trim()).toBe(
      "jgg token create: --rate-limit: 'lots' is not a whole number of points per hour",
    );
  }, 60_000);
});

describe('jgg serve writes the usage it holds when it stops', () => {
  it('three requests, then SIGTERM long before the flush interval: jgg token list counts them', async () => {
    const sandbox = await startSandbox({ flavor: 'datacenter', issues: 5, seed: 3 });
    try {
      const jira = { JGG_JIRA_URL: sandbox.url };
      const alice = sandbox.store.usersByName.get('alice');
      if (!alice) throw new Error('no sandbox user alice');
      await ok(['identity', 'link', '--jira-token', alice.token], jira);
      const created = JSON.parse(
        await ok(['token', 'create', '--user', 'alice', '--scopes', 'users:read', '--json'], jira),
      ) as { secret: string; token: { id: string } };
      const { url, child } = await serve({ ...jira, JGG_USAGE_FLUSH_MS: '600000' });
      for (let i = 0; i < 3; i++) {
        const res = await fetch(url, {
          method: 'POST',
          headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${created.secret}` },
          body: JSON.stringify({ query: '{ viewer { user { displayName } } }' }),
        });
        expect(res.status).toBe(200);
        expect(res.headers.get('token-expiration')).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
      }
      const exited = once(child, 'exit');
      child.kill('SIGTERM');
      expect((await exited)[0]).toBe(0);
      const listed = JSON.parse(await ok(['token', 'list', '--user', 'alice', '--json'])) as {
        id: string;
        lastUsedIp: string | null;
        usage: { requests: number; errors: number };
      }[];
      const token = listed.find((t) => t.id === created.token.id);
      expect(token?.usage).toMatchObject({ requests: 3, errors: 0 });
      expect(['127.0.0.1', '::1']).toContain(token?.lastUsedIp);
    } finally {
      await sandbox.close();
    }
    // Five jgg processes in turn (link, create, serve, list): slow on a busy machine.
  }, 180_000);
});
