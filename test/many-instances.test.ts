// Two `jgg serve` processes behind no balancer, sharing one PostgreSQL and one
// Redis, as the README's many-instance recipe runs them: a token revoked
// through one is refused by the other within 1 s, announced on Redis pub/sub;
// with Redis cut off (a TCP proxy in front of it, cut), both keep answering
// and the revocation still arrives, by the store's revision poll. Runs only
// where both JGG_TEST_DATABASE_URL and JGG_TEST_REDIS_URL are set (CI sets both).
import { randomBytes } from 'node:crypto';
import { Redis } from 'ioredis';
import { type RunningSandbox, startSandbox } from 'jira-sandbox';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { generateSecretKeyBase64 } from '../src/auth/keyring.ts';
import { type FreshDatabase, postgresBackend } from './store/databases.ts';
import { useJggProcesses } from './support/jgg-process.ts';
import { withoutRateLimit } from './support/rate-limit.ts';
import { startTcpProxy, type TcpProxy } from './support/tcp-proxy.ts';

const DATABASE_URL = process.env.JGG_TEST_DATABASE_URL;
const REDIS_URL = process.env.JGG_TEST_REDIS_URL;
const enabled = Boolean(DATABASE_URL && REDIS_URL);

/** The issue's bound, plus slack for this test's own requests and a busy 2-core machine. */
const WITHIN_MS = 1000;
const SLACK_MS = 500;

let sandbox: RunningSandbox;
let baseEnv: NodeJS.ProcessEnv = {};
// The two instances start once, in beforeAll, and serve every test.
const jgg = useJggProcesses(() => baseEnv, { killAfter: 'all' });

interface Answer {
  status: number;
  // biome-ignore lint/suspicious/noExplicitAny: GraphQL answers are checked field by field in tests
  body: any;
}

async function graphql(url: string, secret: string, query: string, variables = {}): Promise<Answer> {
  const res = await fetch(url, {
    method: 'POST',
    headers: { Authorization: `Bearer ${secret}`, 'Content-Type': 'application/json' },
    body: JSON.stringify({ query, variables }),
  });
  return { status: res.status, body: JSON.parse(await res.text()) };
}

const readIssue = (url: string, secret: string) => graphql(url, secret, '{ issue(key: "PROJ-1") { key } }');

/** Asks every 50 ms until the token is refused; answers how long that took (Infinity past the bound). */
async function msUntilRefused(url: string, secret: string): Promise<number> {
  const since = performance.now();
  for (;;) {
    const answer = await readIssue(url, secret);
    const elapsed = performance.now() - since;
    if (answer.status === 401) return elapsed;
    if (elapsed > WITHIN_MS + SLACK_MS) return Number.POSITIVE_INFINITY;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

function sandboxToken(name: string): string {
  const user = sandbox.store.usersByName.get(name);
  if (!user) throw new Error(`no sandbox user ${name}`);
  return user.token;
}

describe.skipIf(!enabled)('two gateway processes sharing PostgreSQL and Redis', () => {
  let database: FreshDatabase;
  let redisProxy: TcpProxy;
  let env: NodeJS.ProcessEnv = {};
  let prefix = '';
  let listener: Redis;
  const heard: string[] = [];
  let a = '';
  let b = '';
  let manager = '';
  let aliceIdentity = '';

  beforeAll(async () => {
    sandbox = await startSandbox({ flavor: 'datacenter', issues: 20, seed: 5 });
    baseEnv = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('JGG_')));
    const redisUrl = new URL(REDIS_URL ?? '');
    redisProxy = await startTcpProxy({ host: redisUrl.hostname, port: Number(redisUrl.port || 6379) });
    database = await postgresBackend(DATABASE_URL).fresh();
    // A prefix of this run's own: other suites share the Redis server.
    prefix = `jggtest${randomBytes(4).toString('hex')}:`;
    env = {
      JGG_JIRA_URL: sandbox.url,
      JGG_DATABASE_URL: database.url,
      JGG_SECRET_KEY: generateSecretKeyBase64(),
      JGG_REDIS_URL: `redis://127.0.0.1:${redisProxy.port}`,
      JGG_REDIS_PREFIX: prefix,
    };
    baseEnv = { ...baseEnv, ...env };
    await jgg.ok(['migrate']);
    await jgg.ok(['identity', 'link', '--jira-token', sandboxToken('alice')]);
    const issued = JSON.parse(
      await jgg.ok([
        'token',
        'create',
        '--user',
        'alice',
        '--scopes',
        'tokens:read,tokens:write,issues:read',
        '--json',
      ]),
    ) as { secret: string; token: { identityId: string } };
    manager = issued.secret;
    aliceIdentity = issued.token.identityId;
    const [first, second] = await Promise.all([jgg.serve(), jgg.serve()]);
    a = first.url;
    b = second.url;
    // This test's own ear on the channel, straight to Redis (not through the proxy).
    listener = new Redis(REDIS_URL ?? '');
    listener.on('message', (_channel: string, message: string) => heard.push(message));
    await listener.subscribe(`${prefix}changes`);
  }, 60_000);

  afterEach(() => {
    redisProxy.restore();
    heard.length = 0;
  });

  afterAll(async () => {
    listener?.disconnect();
    await redisProxy?.close();
    await database?.dispose();
    await sandbox?.close();
  });

  /** A token made through instance A by the manager (which covers it: no wider, no later expiry). */
  async function createToken(scopes: string[]): Promise<{ secret: string; id: string; identityId: string }> {
    const made = await graphql(
      a,
      manager,
      'mutation($input: CreateAccessTokenInput!) { createAccessToken(input: $input) { secret token { id } } }',
      { input: { name: `victim ${randomBytes(3).toString('hex')}`, scopes } },
    );
    expect(made.body.errors).toBeUndefined();
    const { secret, token } = made.body.data.createAccessToken;
    expect(aliceIdentity).not.toBe('');
    return { secret, id: token.id, identityId: aliceIdentity };
  }

  /** The announcements heard within 1 s that name the identity. */
  async function announcementsOf(identityId: string): Promise<unknown[]> {
    const naming = () => heard.map((m) => JSON.parse(m)).filter((m) => m.identityId === identityId);
    for (let i = 0; i < 20 && naming().length === 0; i++) await new Promise((r) => setTimeout(r, 50));
    return naming();
  }

  const revoke = (id: string) =>
    graphql(a, manager, 'mutation($id: ID!) { revokeAccessToken(id: $id) { token { id revokedAt } } }', {
      id,
    });

  it('a token revoked through one instance is refused by the other within 1 s, announced on Redis', async () => {
    const victim = await createToken(['issues:read']);
    // B has the victim's session cached (JGG_TOKEN_CACHE_MS, 30 s by default).
    expect(withoutRateLimit((await readIssue(b, victim.secret)).body)).toEqual({
      data: { issue: { key: 'PROJ-1' } },
    });
    expect((await readIssue(b, victim.secret)).status).toBe(200);

    const revoked = await revoke(victim.id);
    expect(revoked.body.errors).toBeUndefined();
    expect(revoked.body.data.revokeAccessToken.token.id).toBe(victim.id);

    const took = await msUntilRefused(b, victim.secret);
    expect(took, 'ms until instance B refused the token revoked on A').toBeLessThanOrEqual(
      WITHIN_MS + SLACK_MS,
    );
    expect((await readIssue(b, victim.secret)).body.errors[0].message).toBe('The token has been revoked.');
    // A announced it, naming the identity (never the token's secret).
    expect(await announcementsOf(victim.identityId)).toContainEqual({ v: 1, identityId: victim.identityId });
    expect(heard.join('')).not.toContain(victim.secret);
    // The manager, same identity, is unaffected on both.
    expect((await readIssue(a, manager)).status).toBe(200);
    expect((await readIssue(b, manager)).status).toBe(200);
  }, 60_000);

  it('a `jgg token revoke` on the host is announced on Redis too', async () => {
    const victim = await createToken(['issues:read']);
    await jgg.ok(['token', 'revoke', victim.id]);
    expect(await announcementsOf(victim.identityId)).toContainEqual({ v: 1, identityId: victim.identityId });
  }, 60_000);

  it('with Redis cut off, both keep answering and a revocation still arrives by the poll', async () => {
    const victim = await createToken(['issues:read']);
    expect((await readIssue(b, victim.secret)).status).toBe(200);

    redisProxy.cut();
    expect(withoutRateLimit((await readIssue(a, manager)).body)).toEqual({
      data: { issue: { key: 'PROJ-1' } },
    });
    const revoked = await revoke(victim.id);
    expect(revoked.body.errors).toBeUndefined();
    const took = await msUntilRefused(b, victim.secret);
    expect(took, 'ms until B refused it with Redis down (revision poll)').toBeLessThanOrEqual(
      WITHIN_MS + SLACK_MS,
    );
    // Nothing reached Redis while it was cut off.
    expect(heard).toEqual([]);
    // Readiness does not hang on Redis: the instances stay in the balancer.
    const ready = await fetch(new URL('/readyz', b));
    expect(ready.status).toBe(200);

    redisProxy.restore();
    const later = await createToken(['issues:read']);
    expect((await readIssue(b, later.secret)).status).toBe(200);
  }, 60_000);
});
