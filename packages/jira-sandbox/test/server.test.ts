// The sandbox's shared plumbing over real HTTP: who Jira thinks is calling,
// its headers, rate limits, injected faults, and the control endpoints.
import { afterEach, describe, expect, it } from 'vitest';
import { startSandbox } from '../src/server.ts';
import { connectSandbox, useSandbox } from './support/sandbox.ts';

function basic(login: string, secret: string): { authorization: string } {
  return { authorization: `Basic ${Buffer.from(`${login}:${secret}`).toString('base64')}` };
}

describe('Data Center authentication', () => {
  const jira = useSandbox({ flavor: 'datacenter', issues: 50, seed: 3 });

  it('knows a bearer personal access token and names the user in X-AUSERNAME', async () => {
    const res = await jira().call('alice', 'GET', '/rest/api/2/myself');
    expect(res.status).toBe(200);
    expect(res.headers.get('x-ausername')).toBe('alice');
    expect(res.headers.get('x-arequestid')).toMatch(/^\d+x\d+x\d+$/);
    expect(res.body).toMatchObject({ name: 'alice', key: 'JIRAUSER10001', displayName: 'Alice Anderson' });
  });

  it('treats an unknown bearer token as the anonymous user, as real Data Center does', async () => {
    const res = await jira().call(
      { authorization: 'Bearer not-a-real-token' },
      'GET',
      '/rest/api/2/search?jql=',
    );
    expect(res.status).toBe(200);
    expect(res.headers.get('x-ausername')).toBe('anonymous');
    expect(res.body).toMatchObject({ total: 0, issues: [] });
    const me = await jira().call({ authorization: 'Bearer not-a-real-token' }, 'GET', '/rest/api/2/myself');
    expect(me.status).toBe(401);
    expect(me.body).toEqual({
      errorMessages: ['Client must be authenticated to access this resource.'],
      errors: {},
    });
  });

  it('takes Basic username and token, and refuses a wrong password with 401', async () => {
    const alice = jira().user('alice');
    const good = await jira().call(basic('alice', alice.token), 'GET', '/rest/api/2/myself');
    expect(good.status).toBe(200);
    const bad = await jira().call(basic('alice', 'wrong'), 'GET', '/rest/api/2/myself');
    expect(bad.status).toBe(401);
    expect(bad.headers.get('x-seraph-loginreason')).toBe('AUTHENTICATED_FAILED');
  });

  it('refuses an inactive user', async () => {
    const frank = jira().user('frank');
    const res = await jira().call(basic('frank', frank.token), 'GET', '/rest/api/2/myself');
    expect(res.status).toBe(401);
    const bearer = await jira().call('frank', 'GET', '/rest/api/2/myself');
    expect(bearer.status).toBe(401);
  });

  it('answers an unknown route 404 and malformed JSON 400 with Jira error bodies', async () => {
    const missing = await jira().call('alice', 'GET', '/rest/api/2/nothing-here', undefined, {
      validate: false,
    });
    expect(missing.status).toBe(404);
    expect(missing.body).toMatchObject({ errors: {} });
    const res = await fetch(`${jira().sandbox.url}/rest/api/2/issue/PROJ-1/comment`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${jira().user('alice').token}`, 'Content-Type': 'application/json' },
      body: '{"body": ',
    });
    expect(res.status).toBe(400);
    const body = (await res.json()) as { errorMessages: string[] };
    expect(body.errorMessages[0]).toMatch(/^Unexpected character/);
  });
});

describe('Cloud authentication', () => {
  const jira = useSandbox({ flavor: 'cloud', issues: 50, seed: 3 });

  it('takes Basic email and API token and names the account in X-AACCOUNTID', async () => {
    const res = await jira().call('bob', 'GET', '/rest/api/3/myself');
    expect(res.status).toBe(200);
    expect(res.headers.get('x-aaccountid')).toBe(jira().user('bob').accountId);
    expect(res.headers.get('x-ausername')).toBeNull();
    expect(res.body).toMatchObject({ accountId: jira().user('bob').accountId, accountType: 'atlassian' });
    expect(res.body).not.toHaveProperty('name');
    expect(res.body).not.toHaveProperty('key');
  });

  it('refuses a username instead of an email, a wrong token and a bearer token', async () => {
    const bob = jira().user('bob');
    for (const auth of [
      basic('bob', bob.token),
      basic(bob.emailAddress, 'nope'),
      { authorization: `Bearer ${bob.token}` },
    ]) {
      const res = await jira().call(auth, 'GET', '/rest/api/3/myself');
      expect(res.status).toBe(401);
    }
  });

  it('answers anonymous /myself with 401', async () => {
    const res = await jira().call(null, 'GET', '/rest/api/3/myself');
    expect(res.status).toBe(401);
  });
});

describe('rate limiting', () => {
  describe.each(['datacenter', 'cloud'] as const)('%s', (flavor) => {
    const jira = useSandbox({ flavor, issues: 20, seed: 2, rateLimit: 3 });
    const api = flavor === 'cloud' ? '/rest/api/3' : '/rest/api/2';

    it("answers 429 with Retry-After and the flavour's headers once the bucket is empty", async () => {
      const answers = [];
      for (let i = 0; i < 6; i++) answers.push(await jira().call('alice', 'GET', `${api}/myself`));
      const limited = answers.filter((a) => a.status === 429);
      expect(limited.length).toBeGreaterThan(0);
      const last = limited[limited.length - 1]!;
      expect(Number(last.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
      expect(last.body).toMatchObject({ errorMessages: ['Rate limit exceeded.'] });
      if (flavor === 'datacenter') {
        expect(answers[0]!.headers.get('x-ratelimit-limit')).toBe('3');
        expect(answers[0]!.headers.get('x-ratelimit-remaining')).toBe('2');
        expect(answers[0]!.headers.get('x-ratelimit-interval-seconds')).toBe('1');
        expect(answers[0]!.headers.get('x-ratelimit-fillrate')).toBe('3');
      } else {
        expect(Date.parse(last.headers.get('x-ratelimit-reset') ?? '')).toBeGreaterThan(Date.now() - 1000);
        expect(last.headers.get('ratelimit-reason')).toBeTruthy();
        expect(last.headers.get('x-ratelimit-remaining')).toBe('0');
      }
      // Each caller has a bucket of its own.
      expect((await jira().call('bob', 'GET', `${api}/myself`)).status).toBe(200);
    });
  });
});

describe("Cloud's rate limits, scoped as RateLimit-Reason says", () => {
  const jira = useSandbox({ flavor: 'cloud', issues: 20, seed: 2 });
  const settings = (patch: Record<string, unknown>) =>
    jira().call(null, 'POST', '/__sandbox/settings', patch, { validate: false });
  const keys = () =>
    jira()
      .sandbox.store.data.issues.filter((i) => i.projectId === '10000')
      .map((i) => i.key);
  afterEach(async () => {
    await settings({ rateLimit: 0, rateLimitIntervalSeconds: 1, rateLimitReason: 'jira-burst-based' });
  });

  it('limits each user for a burst limit (the default), and says so', async () => {
    await settings({ rateLimit: 1, rateLimitIntervalSeconds: 30 });
    expect((await jira().call('alice', 'GET', '/rest/api/3/myself')).status).toBe(200);
    const limited = await jira().call('alice', 'GET', '/rest/api/3/myself');
    expect(limited.status).toBe(429);
    expect(limited.headers.get('ratelimit-reason')).toBe('jira-burst-based');
    // The interval sets the wait: one request per 30 s.
    expect(Number(limited.headers.get('retry-after'))).toBe(30);
    expect((await jira().call('bob', 'GET', '/rest/api/3/myself')).status).toBe(200);
  });

  it.each(['jira-quota-tenant-based', 'jira-quota-global-based'])(
    'limits the whole site for a quota (%s): another user is refused too',
    async (reason) => {
      await settings({ rateLimit: 1, rateLimitIntervalSeconds: 30, rateLimitReason: reason });
      expect((await jira().call('alice', 'GET', '/rest/api/3/myself')).status).toBe(200);
      const other = await jira().call('bob', 'GET', '/rest/api/3/myself');
      expect(other.status).toBe(429);
      expect(other.headers.get('ratelimit-reason')).toBe(reason);
    },
  );

  it('limits writes to one issue for the per-issue write limit, not reads or other issues', async () => {
    await settings({
      rateLimit: 1,
      rateLimitIntervalSeconds: 30,
      rateLimitReason: 'jira-per-issue-on-write',
    });
    const [first, second] = keys();
    const comment = (key: string, as = 'alice') =>
      jira().call(as, 'POST', `/rest/api/2/issue/${key}/comment`, { body: 'hello' });
    expect((await comment(first!)).status).toBe(201);
    const limited = await comment(first!, 'admin');
    expect(limited.status).toBe(429);
    expect(limited.headers.get('ratelimit-reason')).toBe('jira-per-issue-on-write');
    expect((await comment(second!)).status).toBe(201);
    expect((await jira().call('alice', 'GET', `/rest/api/3/issue/${first}`)).status).toBe(200);
  });

  it('refuses an unknown reason or a zero interval in /__sandbox/settings', async () => {
    expect((await settings({ rateLimitReason: 'jira-made-up' })).status).toBe(400);
    expect((await settings({ rateLimitIntervalSeconds: 0 })).status).toBe(400);
  });
});

describe('fault injection and control endpoints', () => {
  const jira = useSandbox({ flavor: 'datacenter', issues: 20, seed: 2 });

  it('counts REST requests by route and resets the count', async () => {
    await jira().call('alice', 'POST', '/__sandbox/reset');
    await jira().call('alice', 'GET', '/rest/api/2/myself');
    await jira().call('alice', 'GET', '/rest/api/2/project/PROJ');
    await jira().call('alice', 'GET', '/rest/api/2/project/MOB');
    const stats = await jira().call(null, 'GET', '/__sandbox/stats');
    expect(stats.body).toEqual({
      requests: 3,
      byRoute: { 'GET /rest/api/2/myself': 1, 'GET /rest/api/2/project/{projectIdOrKey}': 2 },
    });
    await jira().call(null, 'POST', '/__sandbox/reset');
    expect((await jira().call(null, 'GET', '/__sandbox/stats')).body).toEqual({ requests: 0, byRoute: {} });
  });

  it('lists the seeded users with their tokens and projects', async () => {
    const res = await jira().call(null, 'GET', '/__sandbox/users');
    const users = res.body as { name: string; token: string; projects: string[] }[];
    const byName = Object.fromEntries(users.map((u) => [u.name, u]));
    expect(Object.keys(byName)).toEqual(expect.arrayContaining(['admin', 'alice', 'bob', 'carol']));
    expect(byName.admin?.projects).toEqual(['PROJ', 'MOB', 'OPS', 'FIN']);
    expect(byName.alice?.projects).toContain('OPS');
    expect(byName.bob?.projects).not.toContain('OPS');
    expect(byName.carol?.projects).toEqual([]);
    expect(byName.alice?.token).toBe(jira().user('alice').token);
  });

  it('injects 503s and latency when told to, and validates the settings', async () => {
    const bad = await jira().call(null, 'POST', '/__sandbox/settings', { errorRate: 2 });
    expect(bad.status).toBe(400);
    const unknown = await jira().call(null, 'POST', '/__sandbox/settings', { colour: 1 });
    expect(unknown.body).toMatchObject({ errorMessages: ["Unknown setting 'colour'."] });

    await jira().call(null, 'POST', '/__sandbox/settings', { errorRate: 1 });
    const failed = await jira().call('alice', 'GET', '/rest/api/2/myself');
    expect(failed.status).toBe(503);
    await jira().call(null, 'POST', '/__sandbox/settings', { errorRate: 0, latencyMs: 150 });
    const started = performance.now();
    const slow = await jira().call('alice', 'GET', '/rest/api/2/myself');
    expect(slow.status).toBe(200);
    expect(performance.now() - started).toBeGreaterThanOrEqual(140);
    const settings = await jira().call(null, 'POST', '/__sandbox/settings', { latencyMs: 0 });
    expect(settings.body).toMatchObject({ latencyMs: 0, errorRate: 0 });
  });
});

describe('injected error statuses', () => {
  describe.each(['datacenter', 'cloud'] as const)('%s', (flavor) => {
    const jira = useSandbox({ flavor, issues: 20, seed: 2 });
    const api = flavor === 'cloud' ? '/rest/api/3' : '/rest/api/2';
    const settings = (patch: Record<string, unknown>) =>
      jira().call(null, 'POST', '/__sandbox/settings', patch);

    afterEach(async () => {
      await settings({ errorRate: 0, errorStatus: 503 });
    });

    it('defaults to 503 and validates errorStatus', async () => {
      expect((await jira().call(null, 'GET', '/__sandbox/settings')).body).toMatchObject({
        errorStatus: 503,
      });
      for (const errorStatus of [200, 418, 501, '403', null]) {
        const bad = await settings({ errorStatus });
        expect(bad.status, String(errorStatus)).toBe(400);
        expect(bad.body).toMatchObject({
          errorMessages: [
            "Setting 'errorStatus' must be one of 400, 401, 403, 404, 429, 500, 502, 503, 504.",
          ],
        });
      }
      // A refused patch changes nothing, not even its valid parts.
      await settings({ errorRate: 1, errorStatus: 999 });
      expect((await jira().call(null, 'GET', '/__sandbox/settings')).body).toMatchObject({
        errorRate: 0,
        errorStatus: 503,
      });
    });

    it.each([
      [400, 'The request is not valid (injected by the sandbox).'],
      [401, 'Client must be authenticated to access this resource.'],
      [403, 'You do not have the permission to see the specified issue.'],
      [404, 'Issue does not exist or you do not have permission to see it.'],
      [429, 'Rate limit exceeded.'],
      [500, 'Internal server error (injected by the sandbox).'],
      [502, 'Bad Gateway (injected by the sandbox).'],
      [503, 'Service Unavailable (injected by the sandbox).'],
      [504, 'Gateway Timeout (injected by the sandbox).'],
    ])('answers %i with a Jira error body when errorStatus says so', async (status, message) => {
      const set = await settings({ errorRate: 1, errorStatus: status });
      expect(set.body).toMatchObject({ errorRate: 1, errorStatus: status });
      const res = await jira().call('alice', 'GET', `${api}/issue/PROJ-1`, undefined, { validate: false });
      expect(res.status).toBe(status);
      expect(res.body).toEqual({ errorMessages: [message], errors: {} });
      expect(res.headers.get('x-arequestid')).toMatch(/^\d+x\d+x\d+$/);
      if (status === 429) expect(res.headers.get('retry-after')).toBe('1');
      else expect(res.headers.get('retry-after')).toBeNull();
      if (status === 401) {
        expect(res.headers.get('x-seraph-loginreason')).toBe('AUTHENTICATED_FAILED');
        expect(res.headers.get('x-ausername')).toBe(flavor === 'datacenter' ? 'anonymous' : null);
      } else if (flavor === 'datacenter') {
        expect(res.headers.get('x-ausername')).toBe('alice');
      }
    });

    it('injects only the share errorRate asks for, and nothing once it is 0', async () => {
      await settings({ errorRate: 0, errorStatus: 403 });
      expect((await jira().call('alice', 'GET', `${api}/issue/PROJ-1`)).status).toBe(200);
      await settings({ errorRate: 0.5 });
      const statuses = new Set<number>();
      for (let i = 0; i < 60; i++) {
        statuses.add(
          (await jira().call('alice', 'GET', `${api}/myself`, undefined, { validate: false })).status,
        );
      }
      expect([...statuses].sort()).toEqual([200, 403]);
    });
  });

  it('takes the status from startSandbox options', async () => {
    const sandbox = await startSandbox({ issues: 5, errorRate: 1, errorStatus: 404 });
    try {
      const jira = await connectSandbox(sandbox);
      const res = await jira.call('alice', 'GET', '/rest/api/2/myself', undefined, { validate: false });
      expect(res.status).toBe(404);
    } finally {
      await sandbox.close();
    }
  });
});
