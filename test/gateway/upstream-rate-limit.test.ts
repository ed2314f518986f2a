// Jira's own rate limits through GraphQL over HTTP, against the sandbox's
// --rate-limit in both flavours: after a 429 the gateway holds back what
// Jira limited (no Jira request, counted in /__sandbox/stats), answers
// UPSTREAM_RATE_LIMITED with the wait, and answers HTTP 429 with
// Retry-After when nothing else of the operation could be answered.
// Each describe runs its own gateway: a pause outlives the test that caused it.
import type { SandboxSettings } from 'jira-sandbox';
import { describe, expect, it } from 'vitest';
import { type GatewayAnswer, type GatewayHarness, useGateway } from '../support/gateway.ts';

interface ErrorJson {
  message: string;
  path?: (string | number)[];
  extensions: Record<string, unknown> & { code: string };
}

const ISSUES = '{ issues(jql: "project = PROJ ORDER BY key", first: 3) { edges { node { key } } } }';
const ISSUE_AND_VIEWER = 'query($key: String!) { issue(key: $key) { key } viewer { user { displayName } } }';
const ADD_COMMENT = `mutation($input: AddCommentInput!) { addComment(input: $input) { comment { id } } }`;

async function settings(gw: GatewayHarness, patch: Partial<SandboxSettings>): Promise<void> {
  const res = await fetch(`${gw.sandbox.url}/__sandbox/settings`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify(patch),
  });
  expect(res.status, await res.text()).toBe(200);
}

async function stats(gw: GatewayHarness): Promise<{ requests: number; byRoute: Record<string, number> }> {
  return (await (await fetch(`${gw.sandbox.url}/__sandbox/stats`)).json()) as {
    requests: number;
    byRoute: Record<string, number>;
  };
}

async function resetStats(gw: GatewayHarness): Promise<void> {
  await fetch(`${gw.sandbox.url}/__sandbox/reset`, { method: 'POST' });
}

/** Spends `name`'s (or, for a quota, the site's) Jira budget by calling the sandbox directly. */
async function spend(gw: GatewayHarness, name: string, times: number): Promise<void> {
  const api = gw.flavor === 'cloud' ? '/rest/api/3' : '/rest/api/2';
  const { authorizationFor } = await import('jira-sandbox');
  for (let i = 0; i < times; i++) {
    await fetch(`${gw.sandbox.url}${api}/myself`, {
      headers: { Authorization: authorizationFor(gw.flavor, gw.sandboxUser(name)) },
    });
  }
}

function onlyError(res: GatewayAnswer): ErrorJson {
  expect(res.body.errors, JSON.stringify(res.body)).toHaveLength(1);
  return res.body.errors[0] as ErrorJson;
}

function openKeys(gw: GatewayHarness): string[] {
  return gw.sandbox.store.data.issues
    .filter((i) => i.projectId === '10000' && i.securityLevelId === null)
    .map((i) => i.key);
}

describe.each(['datacenter', 'cloud'] as const)('%s: a per-user limit (Cloud: burst)', (flavor) => {
  const gw = useGateway({ flavor, issues: 40, env: { JGG_CACHE_TTL_MS: '0' } });

  it('answers 429 with Retry-After, then holds the user without asking Jira, and not another user', async () => {
    const alice = (await gw().token('alice', { scopes: ['issues:read'] })).secret;
    const bob = (await gw().token('bob', { scopes: ['issues:read'] })).secret;
    // Two requests per minute: once spent, Jira asks for 30 s, beyond the retry cap (5 s).
    await settings(gw(), { rateLimit: 2, rateLimitIntervalSeconds: 60 });
    await spend(gw(), 'alice', 2);
    await resetStats(gw());

    // Nothing but the rate limit to answer (issues is non-null): HTTP 429 and Retry-After.
    const limited = await gw().gql(alice, ISSUES);
    expect(limited.status).toBe(429);
    expect(limited.body.data).toBeNull();
    const error = onlyError(limited);
    expect(error.extensions).toMatchObject({
      code: 'UPSTREAM_RATE_LIMITED',
      jiraStatus: 429,
      rateLimitScope: 'identity',
    });
    const wait = error.extensions.retryAfterSeconds as number;
    expect(wait).toBeGreaterThan(20);
    expect(Number(limited.headers.get('retry-after'))).toBe(wait);
    expect(Date.parse(String(error.extensions.retryAt)) - Date.now()).toBeGreaterThan(15_000);
    if (flavor === 'cloud') expect(error.extensions.jiraRateLimitReason).toBe('jira-burst-based');
    // Not retried: the wait is over the cap.
    expect((await stats(gw())).requests).toBe(1);

    // Within the pause: held at once, no Jira request; the rest of the query answers, so 200.
    await resetStats(gw());
    const held = await gw().gql(alice, ISSUE_AND_VIEWER, { key: openKeys(gw())[0] });
    expect(held.status).toBe(200);
    expect(held.headers.get('retry-after')).toBeNull();
    expect(held.body.data.issue).toBeNull();
    expect(held.body.data.viewer.user.displayName).toBe('Alice Anderson');
    const heldError = onlyError(held);
    expect(heldError.path).toEqual(['issue']);
    expect(heldError.extensions).toMatchObject({
      code: 'UPSTREAM_RATE_LIMITED',
      jiraStatus: null,
      rateLimitScope: 'identity',
      retryAt: error.extensions.retryAt,
    });
    expect(heldError.extensions.retryAfterSeconds as number).toBeGreaterThan(15);
    expect(heldError.message).toMatch(
      /^Jira is rate limiting this user, so the gateway did not call it; try again in \d+ s\.$/,
    );
    expect((await stats(gw())).requests).toBe(0);

    // Another user is Jira's own business: not held.
    const other = await gw().gql(bob, ISSUE_AND_VIEWER, { key: openKeys(gw())[0] });
    expect(other.status).toBe(200);
    expect(other.body.errors).toBeUndefined();
    expect(other.body.data.issue.key).toBe(openKeys(gw())[0]);
  });
});

describe('cloud: a tenant quota', () => {
  const gw = useGateway({ flavor: 'cloud', issues: 40, env: { JGG_CACHE_TTL_MS: '0' } });

  it("holds every user's calls once Jira says the site's quota is spent", async () => {
    const alice = (await gw().token('alice', { scopes: ['issues:read'] })).secret;
    const bob = (await gw().token('bob', { scopes: ['issues:read'] })).secret;
    await settings(gw(), {
      rateLimit: 3,
      rateLimitIntervalSeconds: 30,
      rateLimitReason: 'jira-quota-tenant-based',
    });
    // Someone else (admin, straight to Jira) spends the site's quota.
    await spend(gw(), 'admin', 3);
    await resetStats(gw());

    const limited = await gw().gql(alice, ISSUES);
    expect(limited.status).toBe(429);
    expect(onlyError(limited).extensions).toMatchObject({
      jiraStatus: 429,
      rateLimitScope: 'site',
      jiraRateLimitReason: 'jira-quota-tenant-based',
    });
    const held = await gw().gql(bob, ISSUES);
    expect(held.status).toBe(429);
    const error = onlyError(held);
    expect(error.extensions).toMatchObject({
      code: 'UPSTREAM_RATE_LIMITED',
      jiraStatus: null,
      rateLimitScope: 'site',
    });
    expect(error.message).toMatch(
      /^Jira is rate limiting every user of this Jira, so the gateway did not call it/,
    );
    expect(Number(held.headers.get('retry-after'))).toBe(error.extensions.retryAfterSeconds);
    expect((await stats(gw())).requests).toBe(1);

    // Jira is up and limiting: the instance stays ready, and the probe asks Jira nothing either.
    const ready = await fetch(`${gw().gateway.url}/readyz`);
    expect(ready.status).toBe(200);
    expect((await stats(gw())).requests).toBe(1);
  });
});

describe('cloud: the per-issue write limit', () => {
  const gw = useGateway({ flavor: 'cloud', issues: 40, env: { JGG_CACHE_TTL_MS: '0' } });

  it('refuses writes to that issue only, says the write was not applied, and never retries it', async () => {
    const scopes = ['issues:read', 'comments:write'];
    const alice = (await gw().token('alice', { scopes })).secret;
    const admin = (await gw().token('admin', { scopes })).secret;
    await settings(gw(), {
      rateLimit: 1,
      rateLimitIntervalSeconds: 30,
      rateLimitReason: 'jira-per-issue-on-write',
    });
    const [first, second] = openKeys(gw());
    const comment = (secret: string, key: string) =>
      gw().gql(secret, ADD_COMMENT, { input: { key, body: { text: 'Rate limit test' } } });

    expect((await comment(alice, first!)).body.errors).toBeUndefined();
    await resetStats(gw());

    // Jira refuses the second write to the issue: not applied, not retried.
    const refused = await comment(admin, first!);
    expect(refused.status).toBe(429);
    const error = onlyError(refused);
    expect(error.extensions).toMatchObject({
      code: 'UPSTREAM_RATE_LIMITED',
      jiraStatus: 429,
      rateLimitScope: 'issue',
      jiraRateLimitReason: 'jira-per-issue-on-write',
      outcome: 'not-applied',
    });
    expect(error.message).toMatch(/The write was not applied: Jira refused it, so nothing changed\.$/);
    const writes = (): Promise<number> =>
      stats(gw()).then((s) =>
        Object.entries(s.byRoute)
          .filter(([route]) => route.startsWith('POST '))
          .reduce((n, [, count]) => n + count, 0),
      );
    expect(await writes()).toBe(1);

    // The same issue again, another user: held, nothing sent.
    const held = await comment(alice, first!);
    expect(held.status).toBe(429);
    expect(onlyError(held).extensions).toMatchObject({
      jiraStatus: null,
      rateLimitScope: 'issue',
      outcome: 'not-applied',
    });
    expect(onlyError(held).message).toMatch(/The write was not sent, so nothing changed\.$/);
    expect(await writes()).toBe(1);
    // Only that one comment reached the issue.
    const onIssue = gw().sandbox.store.data.issues.find((i) => i.key === first)!;
    expect(onIssue.comments.filter((c) => c.body === 'Rate limit test')).toHaveLength(1);

    // Another issue takes writes, and the limited issue still reads.
    expect((await comment(alice, second!)).body.errors).toBeUndefined();
    const read = await gw().gql(alice, 'query($key: String!) { issue(key: $key) { key } }', { key: first });
    expect(read.body.data.issue.key).toBe(first);
  });
});
