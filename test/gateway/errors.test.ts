// Every error code a Jira call can end in, each produced by a real sandbox
// answer (natural, or injected with the sandbox's fault settings) and read
// back through GraphQL over HTTP: the code, Jira's own message, the retries
// the gateway made, and the rest of the query answering around the failure.
import { type AddressInfo, connect, createServer, type Server, type Socket } from 'node:net';
import {
  authorizationFor,
  defaultSettings,
  type Flavor,
  type InjectableStatus,
  type SandboxSettings,
} from 'jira-sandbox';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { type GatewayAnswer, type GatewayHarness, useGateway } from '../support/gateway.ts';

interface GraphQLErrorJson {
  message: string;
  path?: (string | number)[];
  extensions: { code: string; [name: string]: unknown };
}

const ISSUE = 'query($key: String!) { issue(key: $key) { key summary } }';
const ISSUES = 'query($jql: String!) { issues(jql: $jql, first: 3) { edges { node { key } } } }';

/** The only error of an answer, checked to be one (and the HTTP status: 200 unless said). */
function onlyError(res: GatewayAnswer, status = 200): GraphQLErrorJson {
  expect(res.status).toBe(status);
  expect(res.body.errors, JSON.stringify(res.body)).toHaveLength(1);
  return res.body.errors[0] as GraphQLErrorJson;
}

/** POSTs a patch to /__sandbox/settings and fails the test on a refusal. */
async function sandboxSettings(gw: GatewayHarness, patch: Partial<SandboxSettings>): Promise<void> {
  const res = await fetch(`${gw.sandbox.url}/__sandbox/settings`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify(patch),
  });
  expect(res.status, await res.text()).toBe(200);
}

async function injectErrors(gw: GatewayHarness, errorStatus: InjectableStatus): Promise<void> {
  await sandboxSettings(gw, { errorRate: 1, errorStatus });
}

/** Jira requests served since the last reset, by route, as /__sandbox/stats says. */
async function sandboxStats(
  gw: GatewayHarness,
): Promise<{ requests: number; byRoute: Record<string, number> }> {
  return (await (await fetch(`${gw.sandbox.url}/__sandbox/stats`)).json()) as {
    requests: number;
    byRoute: Record<string, number>;
  };
}

async function resetStats(gw: GatewayHarness): Promise<void> {
  await fetch(`${gw.sandbox.url}/__sandbox/reset`, { method: 'POST' });
}

/** One field that calls Jira, next to one that does not, so a failure shows what else still answers. */
const FIELDS = {
  issue: 'query($key: String!) { issue(key: $key) { key summary } viewer { user { displayName } } }',
  issues:
    '{ issues(jql: "project = PROJ ORDER BY key", first: 3) { edges { node { key } } } viewer { user { displayName } } }',
} as const;
type Field = keyof typeof FIELDS;
const FIELD_NAMES = Object.keys(FIELDS) as Field[];

/** A PROJ issue every user with PROJ may see (no security level). */
function openKey(gw: GatewayHarness): string {
  const issue = gw.sandbox.store.data.issues.find(
    (i) => i.projectId === '10000' && i.securityLevelId === null,
  );
  if (!issue) throw new Error('no open PROJ issue');
  return issue.key;
}

function runField(gw: GatewayHarness, field: Field, secret: string): Promise<GatewayAnswer> {
  return gw.gql(secret, FIELDS[field], field === 'issue' ? { key: openKey(gw) } : undefined);
}

/** Runs `field`'s query as `secret` and checks the one failure in it, and what else answers. */
async function failingField(
  gw: GatewayHarness,
  field: Field,
  secret: string,
  status = 200,
): Promise<GraphQLErrorJson> {
  const res = await runField(gw, field, secret);
  const error = onlyError(res, status);
  if (status === 429) expect(Number(res.headers.get('retry-after'))).toBe(error.extensions.retryAfterSeconds);
  expect(error.path).toEqual([field]);
  if (field === 'issue') {
    // The rest of the query still answers.
    expect(res.body.data.issue).toBeNull();
    expect(res.body.data.viewer.user.displayName).toEqual(expect.any(String));
  } else {
    // issues is non-null (schema.graphql), so its failure nulls the whole answer.
    expect(res.body.data).toBeNull();
  }
  return error;
}

/**
 * Checks the Jira requests since the last reset: every read took `attempts`
 * (the first and the retries); reads by POST (Cloud's bulkfetch) are read-only
 * and retried like GETs. Answers how many routes there were.
 */
async function expectAttempts(gw: GatewayHarness, attempts: number): Promise<number> {
  const { byRoute } = await sandboxStats(gw);
  expect(Object.keys(byRoute).length).toBeGreaterThan(0);
  for (const [route, count] of Object.entries(byRoute)) {
    expect(count, route).toBe(attempts);
  }
  return Object.keys(byRoute).length;
}

/** The sandbox's settings as they were at start, restored after every test. */
function restorableSettings(flavor: Flavor): Partial<SandboxSettings> {
  const { flavor: _flavor, ...rest } = defaultSettings(flavor);
  return rest;
}

function apiOf(flavor: Flavor): string {
  return flavor === 'cloud' ? '/rest/api/3' : '/rest/api/2';
}

describe.each(['datacenter', 'cloud'] as const)('%s: Jira failures as GraphQL error codes', (flavor) => {
  // No answer cache: every query must reach the sandbox to meet its faults.
  const gw = useGateway({ flavor, issues: 60, env: { JGG_CACHE_TTL_MS: '0' } });
  let reader = '';

  beforeAll(async () => {
    reader = (await gw().token('alice', { scopes: ['issues:read'] })).secret;
  });
  beforeEach(async () => {
    await resetStats(gw());
  });
  afterEach(async () => {
    await sandboxSettings(gw(), restorableSettings(flavor));
  });

  const failing = (field: Field, secret: string = reader, status = 200) =>
    failingField(gw(), field, secret, status);
  const run = (field: Field, secret: string) => runField(gw(), field, secret);

  describe('NOT_FOUND', () => {
    it('answers a missing issue, asking Jira once', async () => {
      const res = await gw().gql(reader, ISSUE, { key: 'PROJ-99999' });
      expect(res.body.data).toEqual({ issue: null });
      const error = onlyError(res);
      expect(error.path).toEqual(['issue']);
      expect(error.extensions.code).toBe('NOT_FOUND');
      expect(error.message).toMatch(/PROJ-99999/);
      expect((await sandboxStats(gw())).requests).toBe(1);
    });

    it('answers an issue of a project the user may not browse as not found, like Jira', async () => {
      const ops = gw().sandbox.store.data.issues.find((i) => i.projectId === '10002');
      const bob = (await gw().token('bob', { scopes: ['issues:read'] })).secret;
      const error = onlyError(await gw().gql(bob, ISSUE, { key: ops!.key }));
      expect(error.extensions.code).toBe('NOT_FOUND');
      expect(error.message).toMatch(ops!.key);
    });

    it.each(FIELD_NAMES)("passes on Jira's 404 with its message (%s)", async (field) => {
      await injectErrors(gw(), 404);
      const error = await failing(field);
      expect(error.extensions).toMatchObject({ code: 'NOT_FOUND', jiraStatus: 404 });
      expect(error.message).toBe('Issue does not exist or you do not have permission to see it.');
      await expectAttempts(gw(), 1);
    });
  });

  describe('FORBIDDEN', () => {
    it.each(FIELD_NAMES)("answers Jira's 403 with its message, without retrying (%s)", async (field) => {
      await injectErrors(gw(), 403);
      const error = await failing(field);
      expect(error.extensions).toMatchObject({ code: 'FORBIDDEN', jiraStatus: 403 });
      expect(error.extensions.jiraRequestId).toMatch(/^\d+x\d+x\d+$/);
      expect(error.message).toBe('You do not have the permission to see the specified issue.');
      await expectAttempts(gw(), 1);
    });
  });

  describe('BAD_USER_INPUT', () => {
    it.each(['project = ', 'project = PROJ AND status = "No Such Status"', 'summary ~ "x" ORDER BY nothing'])(
      "answers invalid JQL with Jira's own message: %s",
      async (jql) => {
        // What Jira itself says to the same search.
        const direct = await fetch(
          `${gw().sandbox.url}${flavor === 'cloud' ? '/rest/api/3/search/jql' : '/rest/api/2/search'}?${new URLSearchParams({ jql })}`,
          { headers: { Authorization: authorizationFor(flavor, gw().sandboxUser('alice')) } },
        );
        expect(direct.status).toBe(400);
        const jira = (await direct.json()) as { errorMessages: string[] };
        expect(jira.errorMessages.length).toBeGreaterThan(0);
        await resetStats(gw());

        const res = await gw().gql(reader, ISSUES, { jql });
        expect(res.body.data).toBeNull();
        const error = onlyError(res);
        expect(error.path).toEqual(['issues']);
        expect(error.extensions).toMatchObject({ code: 'BAD_USER_INPUT', jiraStatus: 400 });
        expect(error.message).toBe(jira.errorMessages.join(' '));
        await expectAttempts(gw(), 1);
      },
    );

    it.each(FIELD_NAMES)('passes on any Jira 400 with its message, without retrying (%s)', async (field) => {
      await injectErrors(gw(), 400);
      const error = await failing(field);
      expect(error.extensions).toMatchObject({ code: 'BAD_USER_INPUT', jiraStatus: 400 });
      expect(error.message).toBe('The request is not valid (injected by the sandbox).');
      await expectAttempts(gw(), 1);
    });
  });

  describe('UPSTREAM_UNAVAILABLE', () => {
    it.each(
      FIELD_NAMES.flatMap((field) => ([503, 502, 504] as const).map((status) => [status, field] as const)),
    )('retries a GET that met %i twice, then says Jira is unavailable (%s)', async (status, field) => {
      await injectErrors(gw(), status);
      const error = await failing(field);
      expect(error.extensions).toMatchObject({ code: 'UPSTREAM_UNAVAILABLE', jiraStatus: status });
      // A 5xx body is not relayed (it may be a proxy's echo of the request): a fixed summary and the status.
      expect(error.message).toBe(`Jira is unavailable: it answered HTTP ${status}.`);
      // The first attempt and the policy's two retries.
      await expectAttempts(gw(), 3);
    });

    it('retries the GET of a search on both flavours', async () => {
      await injectErrors(gw(), 503);
      await failing('issues');
      const { byRoute } = await sandboxStats(gw());
      const search = flavor === 'cloud' ? `GET ${apiOf(flavor)}/search/jql` : `GET ${apiOf(flavor)}/search`;
      expect(byRoute).toEqual({ [search]: 3 });
    });

    it.each(FIELD_NAMES)(
      'does not retry a 500: Jira failed, it did not ask to come back (%s)',
      async (field) => {
        await injectErrors(gw(), 500);
        const error = await failing(field);
        expect(error.extensions).toMatchObject({ code: 'UPSTREAM_UNAVAILABLE', jiraStatus: 500 });
        expect(error.message).toBe('Jira is unavailable: it answered HTTP 500.');
        await expectAttempts(gw(), 1);
      },
    );
  });

  describe('UPSTREAM_RATE_LIMITED', () => {
    // After a 429 the gateway holds the identity's calls until Jira's wait is
    // over (upstream-pause.ts): the next test starts once it is.
    let pausedUntil = 0;
    const noteWait = (error: GraphQLErrorJson): void => {
      pausedUntil = Math.max(pausedUntil, Date.parse(String(error.extensions.retryAt)));
    };
    afterEach(async () => {
      const left = pausedUntil - Date.now();
      if (left > 0) await new Promise((resolve) => setTimeout(resolve, left + 50));
    });

    it.each(FIELD_NAMES)(
      'retries after Retry-After, then passes the wait on in retryAfterSeconds (%s)',
      async (field) => {
        await injectErrors(gw(), 429);
        const started = performance.now();
        // issues is non-null: nothing answered but the rate limit, so HTTP 429 with Retry-After.
        const error = await failing(field, reader, field === 'issues' ? 429 : 200);
        noteWait(error);
        expect(error.extensions).toMatchObject({
          code: 'UPSTREAM_RATE_LIMITED',
          jiraStatus: 429,
          retryAfterSeconds: 1,
        });
        expect(error.message).toBe('Rate limit exceeded.');
        const gets = await expectAttempts(gw(), 3);
        // Two waits of the one second Jira asked for, when it was a GET.
        if (gets > 0) expect(performance.now() - started).toBeGreaterThanOrEqual(1900);
      },
    );

    it("answers what Jira's rate limiter let through and limits the rest", async () => {
      const bob = (await gw().token('bob', { scopes: ['issues:read'] })).secret;
      await sandboxSettings(gw(), { rateLimit: 1 });
      const keys = gw()
        .sandbox.store.data.issues.filter((i) => i.projectId === '10000' && i.securityLevelId === null)
        .slice(0, 5)
        .map((i) => i.key);
      expect(keys).toHaveLength(5);
      // Five requests at once, one Jira request a second: the retries let some
      // through; a request that starts after Jira's first 429 is held back at
      // once without asking Jira (jiraStatus null), the rest end in Jira's 429.
      const answers = await Promise.all(
        keys.map((key) => gw().gql(bob, `{ issue(key: "${key}") { key } viewer { user { displayName } } }`)),
      );
      const answered = answers.filter((a) => a.body.data.issue !== null);
      const limited = answers.filter((a) => a.body.data.issue === null);
      expect(answered.length).toBeGreaterThanOrEqual(1);
      expect(limited.length).toBeGreaterThanOrEqual(1);
      for (const res of limited) {
        const error = onlyError(res);
        noteWait(error);
        expect(res.body.data.viewer.user.displayName).toBe('Bob Brown');
        expect(error.extensions).toMatchObject({ code: 'UPSTREAM_RATE_LIMITED', rateLimitScope: 'identity' });
        expect(error.extensions.retryAfterSeconds).toBeGreaterThanOrEqual(1);
        if (error.extensions.jiraStatus === 429) expect(error.message).toBe('Rate limit exceeded.');
        else {
          expect(error.extensions.jiraStatus).toBeNull();
          expect(error.message).toMatch(/^Jira is rate limiting this user, so the gateway did not call it/);
        }
      }
    });
  });

  describe('UPSTREAM_CREDENTIAL_INVALID', () => {
    it.each(FIELD_NAMES)(
      "answers Jira's 401, marks the identity, and clears the mark when it links again (%s)",
      async (field) => {
        const dave = (await gw().token('dave', { scopes: ['issues:read'] })).secret;
        await resetStats(gw());
        await injectErrors(gw(), 401);
        const error = await failing(field, dave);
        expect(error.extensions).toMatchObject({ code: 'UPSTREAM_CREDENTIAL_INVALID', jiraStatus: 401 });
        expect(error.message).toBe('Client must be authenticated to access this resource.');
        // Not retried: a refused credential does not heal by asking again.
        await expectAttempts(gw(), 1);
        await sandboxSettings(gw(), { errorRate: 0 });
        await resetStats(gw());

        // Marked: Jira is not asked again until the person signs in anew.
        const again = await failing(field, dave);
        expect(again.extensions.code).toBe('UPSTREAM_CREDENTIAL_INVALID');
        expect(again.message).toMatch(/sign in again/);
        expect((await sandboxStats(gw())).requests).toBe(0);

        await gw().link('dave');
        const healed = await run(field, dave);
        expect(healed.body.errors, JSON.stringify(healed.body.errors)).toBeUndefined();
      },
    );

    // erin's Jira personal access tokens, made and deleted in the sandbox with her own credential.
    const erinsOwn = () => `Bearer ${gw().sandboxUser('erin').token}`;
    const makePat = async (name: string) => {
      const made = await fetch(`${gw().sandbox.url}/rest/pat/latest/tokens`, {
        method: 'POST',
        headers: { Authorization: erinsOwn(), 'Content-Type': 'application/json' },
        body: JSON.stringify({ name }),
      });
      return (await made.json()) as { id: number; rawToken: string };
    };
    const deletePat = async (id: number) => {
      const deleted = await fetch(`${gw().sandbox.url}/rest/pat/latest/tokens/${id}`, {
        method: 'DELETE',
        headers: { Authorization: erinsOwn() },
      });
      expect(deleted.status).toBe(204);
    };
    const signIn = async (jiraToken: string) =>
      (
        await gw().gql(null, 'mutation($t: String!) { signIn(input: { jiraToken: $t }) { secret } }', {
          t: jiraToken,
        })
      ).body.data.signIn.secret as string;
    /** An issues:read token minted with a signIn session. */
    const mintReader = async (session: string) =>
      (
        await gw().gql(
          session,
          'mutation { createAccessToken(input: { name: "pat reader", scopes: ["issues:read"] }) { secret } }',
        )
      ).body.data.createAccessToken.secret as string;

    it.runIf(flavor === 'datacenter')(
      'answers a deleted personal access token as an invalid credential',
      async () => {
        // erin makes a Jira personal access token, signs in to the gateway with
        // it, mints a token, then deletes the PAT in Jira.
        const pat = await makePat('for jgg');
        const secret = await mintReader(await signIn(pat.rawToken));
        const before = await run('issue', secret);
        expect(before.body.errors, JSON.stringify(before.body.errors)).toBeUndefined();

        await deletePat(pat.id);
        // Data Center serves an unknown token as the anonymous user; the gateway sees through it.
        for (const field of FIELD_NAMES) {
          const error = await failing(field, secret);
          expect(error.extensions.code).toBe('UPSTREAM_CREDENTIAL_INVALID');
          expect(error.message).toMatch(/credential/);
        }
        await gw().link('erin');
        expect((await run('issue', secret)).body.errors).toBeUndefined();
      },
    );

    it.runIf(flavor === 'datacenter')(
      'uses the credential linked last: signing in with a new Jira token, then deleting the old one',
      async () => {
        // erin signs in with a Jira PAT and mints a token; the gateway has read
        // with that credential (so it holds the session and the opened credential).
        const first = await makePat('jgg first');
        const secret = await mintReader(await signIn(first.rawToken));
        expect((await run('issue', secret)).body.errors).toBeUndefined();

        // She signs in again with a second PAT and deletes the first in Jira.
        const second = await makePat('jgg second');
        await signIn(second.rawToken);
        await deletePat(first.id);
        // Her token goes on working, with the second PAT, on every field.
        for (const field of FIELD_NAMES) {
          const answer = await run(field, secret);
          expect(answer.body.errors, JSON.stringify(answer.body.errors)).toBeUndefined();
        }
      },
    );
  });
});

/** A TCP relay to the sandbox that can be shut, so the gateway meets a refused connection. */
function relay(target: () => string): { url: () => string; start(): Promise<void>; shut(): Promise<void> } {
  const sockets = new Set<Socket>();
  let server: Server | null = null;
  let port = 0;
  return {
    url: () => `http://127.0.0.1:${port}`,
    async start() {
      server = createServer((client) => {
        const to = new URL(target());
        const upstream = connect(Number(to.port), to.hostname);
        for (const s of [client, upstream]) {
          sockets.add(s);
          s.on('close', () => sockets.delete(s));
          s.on('error', () => {
            client.destroy();
            upstream.destroy();
          });
        }
        client.pipe(upstream).pipe(client);
      });
      await new Promise<void>((resolve) => server!.listen(0, '127.0.0.1', resolve));
      port = (server.address() as AddressInfo).port;
    },
    async shut() {
      if (!server) return;
      const closing = new Promise<void>((resolve) => server!.close(() => resolve()));
      for (const s of sockets) s.destroy();
      await closing;
      server = null;
    },
  };
}

describe.each(['datacenter', 'cloud'] as const)('%s: Jira unreachable or too slow', (flavor) => {
  describe('the per-request deadline', () => {
    const gw = useGateway({
      flavor,
      issues: 30,
      env: { JGG_CACHE_TTL_MS: '0', JGG_JIRA_DEADLINE_MS: '300' },
    });
    let reader = '';
    beforeAll(async () => {
      reader = (await gw().token('alice', { scopes: ['issues:read'] })).secret;
    });
    afterEach(async () => {
      await sandboxSettings(gw(), restorableSettings(flavor));
    });

    it.each(FIELD_NAMES)(
      'answers UPSTREAM_UNAVAILABLE soon after the deadline when Jira is slow (%s)',
      async (field) => {
        await sandboxSettings(gw(), { slowRate: 1, slowMs: 2000 });
        const started = performance.now();
        const error = await failingField(gw(), field, reader);
        const took = performance.now() - started;
        expect(error.extensions.code).toBe('UPSTREAM_UNAVAILABLE');
        expect(error.message).toMatch(/did not answer in time/);
        expect(took).toBeGreaterThanOrEqual(280);
        expect(took).toBeLessThan(1500);
      },
    );

    it.each(FIELD_NAMES)('stops retrying a 503 when the deadline comes first (%s)', async (field) => {
      // Each attempt takes 200 ms: the 300 ms deadline ends the second one.
      await sandboxSettings(gw(), { errorRate: 1, errorStatus: 503, latencyMs: 200 });
      const started = performance.now();
      const error = await failingField(gw(), field, reader);
      expect(error.extensions.code).toBe('UPSTREAM_UNAVAILABLE');
      expect(performance.now() - started).toBeLessThan(1500);
    });

    it.each(FIELD_NAMES)('still answers when Jira is fast enough (%s)', async (field) => {
      const res = await runField(gw(), field, reader);
      expect(res.body.errors).toBeUndefined();
    });
  });

  describe('a refused connection', () => {
    const env: Record<string, string> = { JGG_CACHE_TTL_MS: '0' };
    const link = relay(() => gw().sandbox.url);
    // Runs before useGateway's own beforeAll, which reads env.
    beforeAll(async () => {
      await link.start();
      env.JGG_JIRA_URL = link.url();
    });
    const gw = useGateway({ flavor, issues: 30, env });
    afterAll(async () => {
      await link.shut();
    });

    describe('once Jira stops listening', () => {
      let secret = '';
      beforeAll(async () => {
        secret = (await gw().token('alice', { scopes: ['issues:read'] })).secret;
        expect((await runField(gw(), 'issue', secret)).body.errors).toBeUndefined();
        await link.shut();
      });

      it.each(FIELD_NAMES)('answers UPSTREAM_UNAVAILABLE at once, without retrying (%s)', async (field) => {
        await resetStats(gw());
        const started = performance.now();
        const error = await failingField(gw(), field, secret);
        expect(performance.now() - started).toBeLessThan(1000);
        expect(error.extensions.code).toBe('UPSTREAM_UNAVAILABLE');
        expect(error.extensions.jiraStatus).toBeNull();
        expect(error.message).toBe('Jira did not answer in time or is unavailable.');
        expect((await sandboxStats(gw())).requests).toBe(0);
      });
    });
  });
});
