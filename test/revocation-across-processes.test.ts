// A revocation or relink made by one process reaches a running `jgg serve`
// within 1 s: `jgg serve` and the CLI run as separate processes (as in
// cli-gateway.test.ts) on one store, SQLite always and PostgreSQL when
// JGG_TEST_DATABASE_URL is set. The serving process keeps its token cache
// (JGG_TOKEN_CACHE_MS, 30 s by default) on: without the store's revision
// poll it would go on accepting a revoked token for up to 30 s.
import { type RunningSandbox, type SandboxUser, startSandbox } from 'jira-sandbox';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateSecretKeyBase64 } from '../src/auth/keyring.ts';
import { type FreshDatabase, postgresBackend, sqliteBackend } from './store/databases.ts';
import { useJggProcesses } from './support/jgg-process.ts';
import { withoutRateLimit } from './support/rate-limit.ts';

/**
 * The issue asks for "within 1 s"; the measurement also holds the CLI
 * process's exit and this test's own request, so 0.5 s of slack is allowed
 * for process scheduling on a busy machine. Without the revision poll the
 * wait would be the cache's 30 s.
 */
const WITHIN_MS = 1000;
const SLACK_MS = 500;

let sandbox: RunningSandbox;
let baseEnv: NodeJS.ProcessEnv = {};
const jgg = useJggProcesses(() => baseEnv);
const ok = jgg.ok;
const serve = async (env: NodeJS.ProcessEnv): Promise<string> => (await jgg.serve(env)).url;

interface Answer {
  status: number;
  // biome-ignore lint/suspicious/noExplicitAny: GraphQL answers are checked field by field in tests
  body: any;
}

async function ask(url: string, secret: string): Promise<Answer> {
  const res = await fetch(url, {
    method: 'POST',
    headers: { Authorization: `Bearer ${secret}`, 'Content-Type': 'application/json' },
    body: JSON.stringify({ query: '{ issue(key: "PROJ-1") { key } }' }),
  });
  return { status: res.status, body: JSON.parse(await res.text()) };
}

/** Asks every 100 ms until `done` holds or WITHIN_MS + SLACK_MS passed; answers the time it took. */
async function msUntil(url: string, secret: string, done: (answer: Answer) => boolean): Promise<number> {
  const since = performance.now();
  for (;;) {
    const answer = await ask(url, secret);
    const elapsed = performance.now() - since;
    if (done(answer)) return elapsed;
    if (elapsed > WITHIN_MS + SLACK_MS) return Number.POSITIVE_INFINITY;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

function user(name: string): SandboxUser {
  const u = sandbox.store.usersByName.get(name);
  if (!u) throw new Error(`no sandbox user ${name}`);
  return u;
}

beforeAll(async () => {
  sandbox = await startSandbox({ flavor: 'datacenter', issues: 20, seed: 3 });
  baseEnv = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('JGG_')));
  Object.assign(baseEnv, { JGG_JIRA_URL: sandbox.url });
});

afterAll(async () => {
  await sandbox?.close();
});

const BACKENDS = [sqliteBackend(), postgresBackend(process.env.JGG_TEST_DATABASE_URL)];

describe.each(BACKENDS.map((b) => [b.name, b] as const))('across processes on %s', (_name, backend) => {
  describe.skipIf(!backend.enabled)('a running jgg serve', () => {
    let database: FreshDatabase;
    let env: NodeJS.ProcessEnv = {};

    beforeAll(async () => {
      database = await backend.fresh();
      env = { JGG_DATABASE_URL: database.url };
      // SQLite keeps its generated key beside the file, which every process finds.
      if (database.url.startsWith('postgres')) env.JGG_SECRET_KEY = generateSecretKeyBase64();
      await ok(['migrate'], env);
    });

    afterAll(async () => {
      await database?.dispose();
    });

    it('refuses a token within 1 s of `jgg token revoke` in another process', async () => {
      await ok(['identity', 'link', '--jira-token', user('alice').token], env);
      const issued = JSON.parse(
        await ok(['token', 'create', '--user', 'alice', '--scopes', 'issues:read', '--json'], env),
      ) as { secret: string; token: { id: string } };
      const url = await serve(env);
      // Used twice, so the serving process holds it in its token cache.
      expect(withoutRateLimit((await ask(url, issued.secret)).body)).toEqual({
        data: { issue: { key: 'PROJ-1' } },
      });
      expect((await ask(url, issued.secret)).status).toBe(200);

      await ok(['token', 'revoke', issued.token.id], env);
      const took = await msUntil(url, issued.secret, (a) => a.status === 401);
      expect(took, 'ms until the revoked token was refused').toBeLessThanOrEqual(WITHIN_MS + SLACK_MS);
      const refused = await ask(url, issued.secret);
      expect(refused.status).toBe(401);
      expect(refused.body.errors[0].message).toBe('The token has been revoked.');
    }, 60_000);

    it('uses a credential relinked with `jgg identity link` within 1 s', async () => {
      // erin's Jira personal access tokens, made and deleted with her own credential.
      const own = { Authorization: `Bearer ${user('erin').token}`, 'Content-Type': 'application/json' };
      const makePat = async (name: string) =>
        (await (
          await fetch(`${sandbox.url}/rest/pat/latest/tokens`, {
            method: 'POST',
            headers: own,
            body: JSON.stringify({ name }),
          })
        ).json()) as { id: number; rawToken: string };

      const first = await makePat('jgg first');
      await ok(['identity', 'link', '--jira-token', first.rawToken], env);
      const issued = JSON.parse(
        await ok(['token', 'create', '--user', 'erin', '--scopes', 'issues:read', '--json'], env),
      ) as { secret: string };
      // Jira's answers are not reused, so each request meets the credential in force.
      const url = await serve({ ...env, JGG_CACHE_TTL_MS: '0' });
      expect(withoutRateLimit((await ask(url, issued.secret)).body)).toEqual({
        data: { issue: { key: 'PROJ-1' } },
      });

      // Jira stops accepting the first PAT: the gateway says so (and marks it).
      const deleted = await fetch(`${sandbox.url}/rest/pat/latest/tokens/${first.id}`, {
        method: 'DELETE',
        headers: own,
      });
      expect(deleted.status).toBe(204);
      const dead = await ask(url, issued.secret);
      expect(dead.body.errors[0].extensions.code).toBe('UPSTREAM_CREDENTIAL_INVALID');
      // Asked again, the token and its marked identity are looked up and cached.
      const marked = await ask(url, issued.secret);
      expect(marked.body.errors[0].extensions.code).toBe('UPSTREAM_CREDENTIAL_INVALID');

      // An operator links her new PAT from the host.
      const second = await makePat('jgg second');
      await ok(['identity', 'link', '--jira-token', second.rawToken], env);
      const took = await msUntil(url, issued.secret, (a) => a.body.errors === undefined);
      expect(took, 'ms until the relinked credential was used').toBeLessThanOrEqual(WITHIN_MS + SLACK_MS);
      expect(withoutRateLimit((await ask(url, issued.secret)).body)).toEqual({
        data: { issue: { key: 'PROJ-1' } },
      });
    }, 60_000);
  });
});
