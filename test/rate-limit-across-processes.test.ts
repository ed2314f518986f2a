// One budget across instances: two `jgg serve` processes on one PostgreSQL
// and one Redis charge the same counter, so a token's points spent on one are
// gone on the other. Redis is reached through a TCP proxy the test cuts: while
// it is down each process counts in its own memory (the insurance limiter),
// requests are still answered and limited, and a token may spend a budget per
// instance, as the README says ("Rate limits"); once Redis is back the shared
// counter rules again. Needs JGG_TEST_DATABASE_URL and JGG_TEST_REDIS_URL.
import { randomBytes } from 'node:crypto';
import { Redis } from 'ioredis';
import { type RunningSandbox, startSandbox } from 'jira-sandbox';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateSecretKeyBase64 } from '../src/auth/keyring.ts';
import { type FreshDatabase, postgresBackend } from './store/databases.ts';
import { useJggProcesses } from './support/jgg-process.ts';
import { redisAddress, startTcpProxy, type TcpProxy } from './support/tcp-proxy.ts';

const POINTS_PER_HOUR = 6;
const RATE_LIMIT = '{ rateLimit { limit cost used remaining } }';
const redisUrl = process.env.JGG_TEST_REDIS_URL;
const postgres = postgresBackend(process.env.JGG_TEST_DATABASE_URL);
const enabled = Boolean(redisUrl) && postgres.enabled;

interface Answer {
  status: number;
  headers: Headers;
  // biome-ignore lint/suspicious/noExplicitAny: GraphQL answers are checked field by field in tests
  body: any;
}

async function ask(url: string, secret: string, query = RATE_LIMIT): Promise<Answer> {
  const res = await fetch(url, {
    method: 'POST',
    headers: { Authorization: `Bearer ${secret}`, 'Content-Type': 'application/json' },
    body: JSON.stringify({ query }),
  });
  return { status: res.status, headers: res.headers, body: JSON.parse(await res.text()) };
}

/** Calls `probe` every 100 ms until it holds; fails after `ms`. */
async function until(what: string, probe: () => Promise<boolean>, ms = 15_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!(await probe())) {
    if (Date.now() > deadline) throw new Error(`gave up waiting: ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

let sandbox: RunningSandbox;
let baseEnv: NodeJS.ProcessEnv = {};
const jgg = useJggProcesses(() => baseEnv);

describe.skipIf(!enabled)('one budget across two jgg serve processes (PostgreSQL and Redis)', () => {
  let database: FreshDatabase;
  let proxy: TcpProxy;
  let redis: Redis;
  const prefix = `jggtest-${randomBytes(6).toString('hex')}:`;
  let env: NodeJS.ProcessEnv = {};

  const mint = async (name: string) =>
    JSON.parse(
      await jgg.ok(
        ['token', 'create', '--user', 'alice', '--scopes', 'issues:read', '--name', name, '--json'],
        env,
      ),
    ) as { secret: string; token: { id: string } };
  /** The token's counter in Redis, as the gateways keep it (rate-limiter-flexible's key). */
  const shared = async (budgetId: string) => Number((await redis.get(`${prefix}rate:${budgetId}`)) ?? 0);

  beforeAll(async () => {
    sandbox = await startSandbox({ flavor: 'datacenter', issues: 20, seed: 3 });
    database = await postgres.fresh();
    proxy = await startTcpProxy(redisAddress(redisUrl!));
    redis = new Redis(redisUrl!);
    baseEnv = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('JGG_')));
    env = {
      JGG_JIRA_URL: sandbox.url,
      JGG_DATABASE_URL: database.url,
      JGG_SECRET_KEY: generateSecretKeyBase64(),
      JGG_REDIS_URL: `redis://127.0.0.1:${proxy.port}`,
      JGG_REDIS_PREFIX: prefix,
      JGG_RATE_LIMIT_PER_HOUR: String(POINTS_PER_HOUR),
    };
    await jgg.ok(['migrate'], env);
    await jgg.ok(['identity', 'link', '--jira-token', sandbox.store.usersByName.get('alice')!.token], env);
  }, 60_000);

  afterAll(async () => {
    const keys = await redis?.keys(`${prefix}*`);
    if (keys && keys.length > 0) await redis.del(...keys);
    redis?.disconnect();
    await proxy?.close();
    await database?.dispose();
    await sandbox?.close();
  });

  /** Two `jgg serve` processes (each test's own: they are stopped after each), charging through Redis. */
  async function startBoth(): Promise<[string, string]> {
    const urls: [string, string] = [(await jgg.serve(env)).url, (await jgg.serve(env)).url];
    // Each process connects to Redis as it starts; until then it counts in memory.
    // A token of its own per process shows when its charges reach Redis.
    for (const url of urls) {
      const probe = await mint('probe');
      await until(`${url} charging through redis`, async () => {
        await ask(url, probe.secret);
        return (await shared(probe.token.id)) > 0;
      });
    }
    return urls;
  }

  it('spends one budget: points charged on one process are gone on the other', async () => {
    const [a, b] = await startBoth();
    const { secret, token } = await mint('shared');
    for (let i = 1; i <= POINTS_PER_HOUR / 2; i++) {
      expect((await ask(a, secret)).body.data.rateLimit).toMatchObject({ used: i });
    }
    for (let i = POINTS_PER_HOUR / 2 + 1; i <= POINTS_PER_HOUR; i++) {
      const answer = await ask(b, secret);
      expect(answer.body.data.rateLimit).toEqual({
        limit: POINTS_PER_HOUR,
        cost: 1,
        used: i,
        remaining: POINTS_PER_HOUR - i,
      });
      expect(answer.headers.get('ratelimit-used')).toBe(String(i));
    }
    expect(await shared(token.id)).toBe(POINTS_PER_HOUR);
    for (const url of [a, b]) {
      const refused = await ask(url, secret);
      expect(refused.status).toBe(429);
      expect(refused.body.errors[0].extensions.code).toBe('RATE_LIMITED');
      expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(0);
    }
    // Refusals keep nothing.
    expect(await shared(token.id)).toBe(POINTS_PER_HOUR);
  }, 90_000);

  it('while Redis is down, each process answers and limits on its own; then shares again', async () => {
    const [a, b] = await startBoth();
    const { secret, token } = await mint('outage');
    expect((await ask(a, secret)).body.data.rateLimit).toMatchObject({ used: 1 });
    expect(await shared(token.id)).toBe(1);

    proxy.cut();
    // Each process is told at once (its connection is broken) and falls back to its own counter.
    for (const url of [a, b]) {
      for (let i = 1; i <= POINTS_PER_HOUR; i++) {
        const answer = await ask(url, secret);
        expect(answer.status, `request ${i} on ${url} while redis is down`).toBe(200);
        expect(answer.body.data.rateLimit).toMatchObject({ used: i, limit: POINTS_PER_HOUR });
      }
      const refused = await ask(url, secret);
      expect(refused.status).toBe(429);
      expect(refused.body.errors[0].extensions.code).toBe('RATE_LIMITED');
    }
    // What was spent meanwhile never reached Redis.
    expect(await shared(token.id)).toBe(1);

    proxy.restore();
    // ioredis reconnects within its back-off (at most 2 s): the shared counter takes over again.
    let answer: Answer | undefined;
    await until('a charging through redis again', async () => {
      answer = await ask(a, secret);
      return answer.status === 200 && (await shared(token.id)) > 1;
    });
    expect(answer?.body.data.rateLimit).toMatchObject({ used: 2 });
    await until('b charging through redis again', async () => {
      answer = await ask(b, secret);
      return answer.status === 200 && (await shared(token.id)) > 2;
    });
    expect(answer?.body.data.rateLimit).toMatchObject({ used: 3 });
  }, 90_000);
});

describe.skipIf(enabled)('one budget across processes', () => {
  it.skip('needs JGG_TEST_DATABASE_URL and JGG_TEST_REDIS_URL (PostgreSQL and Redis)', () => undefined);
});
