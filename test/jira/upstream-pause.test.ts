// The Jira client's pauses after a 429, against the real sandbox over HTTP in
// both flavours: which calls a pause holds back (counted in the sandbox's own
// stats: a held call never reaches it), for how long, and what the refusal
// says. X-RateLimit-Reset without Retry-After, which the sandbox never sends,
// uses a bare node:http server on port 0.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import type { SandboxUser } from 'jira-sandbox';
import { type SandboxClient, useSandbox } from 'jira-sandbox/testing';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createJiraClient, type JiraClient } from '../../src/jira/client.ts';
import { JiraRateLimitedError } from '../../src/jira/errors.ts';
import type { JiraCredential, JiraFlavor } from '../../src/jira/types.ts';
import { createUpstreamPauses, issueOfPath, pauseScopeOf } from '../../src/jira/upstream-pause.ts';

function credentialFor(flavor: JiraFlavor, user: SandboxUser): JiraCredential {
  return flavor === 'cloud'
    ? { kind: 'basic', email: user.emailAddress, token: user.token }
    : { kind: 'bearer', token: user.token };
}

async function failure(promise: Promise<unknown>): Promise<JiraRateLimitedError> {
  try {
    await promise;
  } catch (error) {
    expect(error).toBeInstanceOf(JiraRateLimitedError);
    return error as JiraRateLimitedError;
  }
  throw new Error('expected the call to fail');
}

async function control(jira: SandboxClient, method: 'GET' | 'POST', path: string, body?: unknown) {
  const res = await jira.call(null, method, path, body, { validate: false });
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  return res.body;
}

/** Jira requests since the last reset: a held call adds none. */
async function requests(jira: SandboxClient): Promise<number> {
  return ((await control(jira, 'GET', '/__sandbox/stats')) as { requests: number }).requests;
}

/** Waits until the pause an error reports is over. */
async function waitOut(error: JiraRateLimitedError): Promise<void> {
  expect(error.resumeAt).not.toBeNull();
  await sleep(Math.max(0, (error.resumeAt ?? 0) - Date.now()) + 20);
}

describe.each(['datacenter', 'cloud'] as const)("pauses after Jira's 429 on %s", (flavor) => {
  const jira = useSandbox({ flavor, issues: 30, seed: 5 });
  const api = flavor === 'cloud' ? '/rest/api/3' : '/rest/api/2';
  const as = (name: string) => credentialFor(flavor, jira().user(name));
  let client: JiraClient;
  const myself = (name: string) => client.myself(as(name));

  beforeEach(async () => {
    // No retries: each call is one Jira request at most, so the stats count exactly.
    client = createJiraClient({ baseUrl: jira().sandbox.url, flavor, retry: { retries: 0 } });
    await control(jira(), 'POST', '/__sandbox/reset');
  });
  afterEach(async () => {
    await client.close();
    await control(jira(), 'POST', '/__sandbox/settings', {
      rateLimit: 0,
      rateLimitIntervalSeconds: 1,
      rateLimitReason: 'jira-burst-based',
    });
  });

  it("holds the caller's next calls without asking Jira, then lets them go when the wait is over", async () => {
    await control(jira(), 'POST', '/__sandbox/settings', { rateLimit: 1 });
    await myself('alice');
    const limited = await failure(myself('alice'));
    expect(limited).toMatchObject({ status: 429, held: false, scope: 'identity', retryAfterSeconds: 1 });
    expect(limited.reason).toBe(flavor === 'cloud' ? 'jira-burst-based' : null);
    const sent = await requests(jira());
    expect(sent).toBe(2);

    const held = await failure(myself('alice'));
    expect(held).toMatchObject({
      status: null,
      held: true,
      scope: 'identity',
      code: 'UPSTREAM_RATE_LIMITED',
    });
    expect(held.retryAfterSeconds).toBe(1);
    expect(held.resumeAt).toBe(limited.resumeAt);
    expect(held.message).toMatch(/held back, not sent: Jira is rate limiting this user/);
    // Another route is held too: the pause is the caller's, not the route's.
    await failure(client.request(as('alice'), 'GET', `${api}/serverInfo`));
    expect(await requests(jira())).toBe(sent);

    await waitOut(held);
    expect((await myself('alice')).displayName).toBe('Alice Anderson');
    expect(await requests(jira())).toBe(sent + 1);
  });

  it('does not hold another user for a per-user limit (Data Center, Cloud burst)', async () => {
    await control(jira(), 'POST', '/__sandbox/settings', { rateLimit: 1, rateLimitIntervalSeconds: 30 });
    await myself('alice');
    await failure(myself('alice'));
    expect((await myself('bob')).displayName).toBe('Bob Brown');
  });

  it('surfaces a Retry-After beyond the retry cap at once, and holds the caller for all of it', async () => {
    const retrying = createJiraClient({ baseUrl: jira().sandbox.url, flavor });
    try {
      await control(jira(), 'POST', '/__sandbox/settings', { rateLimit: 1, rateLimitIntervalSeconds: 30 });
      await retrying.myself(as('admin'));
      const started = Date.now();
      const limited = await failure(retrying.myself(as('admin')));
      // The default policy waits at most 5 s for a Retry-After; 30 s is not waited for.
      expect(Date.now() - started).toBeLessThan(5_000);
      expect(limited.retryAfterSeconds).toBe(30);
      expect((limited.resumeAt ?? 0) - Date.now()).toBeGreaterThan(25_000);
      const held = await failure(retrying.myself(as('admin')));
      expect(held.held).toBe(true);
      expect(held.retryAfterSeconds).toBeGreaterThan(25);
      expect(await requests(jira())).toBe(2);
    } finally {
      await retrying.close();
    }
  });

  it('lets a retried read wait out its own pause while other calls are held at once', async () => {
    const retrying = createJiraClient({ baseUrl: jira().sandbox.url, flavor, retry: { baseDelayMs: 20 } });
    try {
      // Retry-After 3: under the 5 s cap, so the read waits for it.
      await control(jira(), 'POST', '/__sandbox/settings', { rateLimit: 1, rateLimitIntervalSeconds: 3 });
      await retrying.myself(as('alice'));
      // Refused once, then served after the wait.
      const waiting = retrying.myself(as('alice'));
      await sleep(300);
      const held = await failure(retrying.serverInfo(as('alice')));
      expect(held.held).toBe(true);
      expect((await waiting).displayName).toBe('Alice Anderson');
      expect(await requests(jira())).toBe(3);
    } finally {
      await retrying.close();
    }
  });

  if (flavor === 'cloud') {
    it.each(['jira-quota-tenant-based', 'jira-quota-global-based'])(
      'holds every user for a quota (%s), without asking Jira',
      async (reason) => {
        await control(jira(), 'POST', '/__sandbox/settings', { rateLimit: 1, rateLimitReason: reason });
        await myself('alice');
        const limited = await failure(myself('alice'));
        expect(limited).toMatchObject({ scope: 'site', reason });
        const other = await failure(myself('bob'));
        expect(other).toMatchObject({ held: true, scope: 'site', reason });
        expect(other.message).toMatch(/every user of this Jira/);
        expect(await requests(jira())).toBe(2);
        await waitOut(other);
        expect((await myself('bob')).displayName).toBe('Bob Brown');
      },
    );

    it('holds writes to the one issue for the per-issue write limit, whoever writes; not reads, not other issues', async () => {
      await control(jira(), 'POST', '/__sandbox/settings', {
        rateLimit: 1,
        rateLimitIntervalSeconds: 30,
        rateLimitReason: 'jira-per-issue-on-write',
      });
      const [first, second] = jira()
        .sandbox.store.data.issues.filter((i) => i.projectId === '10000' && i.securityLevelId === null)
        .map((i) => i.key);
      const comment = (name: string, key: string) =>
        client.request(as(name), 'POST', `/rest/api/2/issue/${key}/comment`, { body: { body: 'hi' } });
      await comment('alice', first!);
      const limited = await failure(comment('alice', first!));
      expect(limited).toMatchObject({ status: 429, scope: 'issue', issue: first, write: true });
      expect(limited.message).not.toMatch(/held back/);
      const sent = await requests(jira());

      // The same issue, another user, its key in lower case: held, not sent.
      const held = await failure(comment('admin', first!.toLowerCase()));
      expect(held).toMatchObject({ held: true, scope: 'issue', issue: first, write: true });
      expect(await requests(jira())).toBe(sent);
      // Another issue's writes and the issue's reads go on.
      await comment('alice', second!);
      expect((await client.request<{ key: string }>(as('alice'), 'GET', `${api}/issue/${first}`)).key).toBe(
        first,
      );
      expect(await requests(jira())).toBe(sent + 2);
    });
  }
});

describe('what a 429 pauses', () => {
  const call = { caller: 'c1', write: true, issue: 'PROJ-1' };

  it('maps each RateLimit-Reason to its scope', () => {
    expect(pauseScopeOf(null, call)).toBe('identity');
    expect(pauseScopeOf('jira-burst-based', call)).toBe('identity');
    expect(pauseScopeOf('jira-quota-tenant-based', call)).toBe('site');
    expect(pauseScopeOf('jira-quota-global-based', call)).toBe('site');
    expect(pauseScopeOf('jira-per-issue-on-write', call)).toBe('issue');
    // A per-issue limit on a call naming no issue holds its caller.
    expect(pauseScopeOf('jira-per-issue-on-write', { ...call, issue: null })).toBe('identity');
    expect(pauseScopeOf('something-new', call)).toBe('identity');
  });

  it('reads the issue a write goes to from its path', () => {
    expect(issueOfPath('/rest/api/2/issue/proj-7/comment')).toBe('PROJ-7');
    expect(issueOfPath('/rest/api/3/issue/10042/transitions')).toBe('10042');
    expect(issueOfPath('/rest/api/2/issue/PROJ%2D8')).toBe('PROJ-8');
    expect(issueOfPath('/rest/api/2/issue')).toBeNull();
    expect(issueOfPath('/rest/api/2/issue/bulk')).toBeNull();
    expect(issueOfPath('/rest/agile/1.0/sprint/3/issue')).toBeNull();
  });

  it('keeps the latest end among concurrent 429s, caps what Jira asks for, and forgets ended pauses', () => {
    let t = 1_000_000;
    const pauses = createUpstreamPauses({ now: () => t, maxPauseMs: 60_000 });
    const reader = { caller: 'c1', write: false, issue: null };
    pauses.note(reader, null, t + 5_000);
    expect(pauses.note(reader, null, t + 2_000).resumeAt).toBe(t + 5_000);
    expect(pauses.note(reader, null, t + 10_000_000).resumeAt).toBe(t + 60_000);
    expect(pauses.holding({ ...reader, caller: 'c2' })).toBeNull();
    t += 60_000;
    expect(pauses.holding(reader)).toBeNull();
  });
});

describe('X-RateLimit-Reset without Retry-After', () => {
  let server: Server;
  let url = '';
  let hits = 0;
  beforeAll(async () => {
    server = createServer((_req, res) => {
      hits += 1;
      res.writeHead(429, {
        'Content-Type': 'application/json',
        'X-RateLimit-Reset': new Date(Date.now() + 20_000).toISOString(),
        'RateLimit-Reason': 'jira-quota-tenant-based',
      });
      res.end(JSON.stringify({ errorMessages: ['Rate limit exceeded.'], errors: {} }));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    await new Promise<void>((resolve) => server.close(() => resolve()));
  });

  it('takes the wait from the reset time, and holds every caller for it', async () => {
    const client = createJiraClient({ baseUrl: url, flavor: 'cloud' });
    try {
      const first = await failure(client.myself({ kind: 'basic', email: 'a@example.com', token: 't1' }));
      expect(first.retryAfterSeconds).toBeGreaterThanOrEqual(19);
      expect(first.retryAfterSeconds).toBeLessThanOrEqual(20);
      expect(first.scope).toBe('site');
      const other = await failure(client.myself({ kind: 'basic', email: 'b@example.com', token: 't2' }));
      expect(other.held).toBe(true);
      expect(hits).toBe(1);
    } finally {
      await client.close();
    }
  });
});
