// Per-token hourly budgets of points (README "Rate limits"): what answers
// carry, what an operation costs, the refusal over budget (before any Jira
// call), per-token limits and the ways a caller might try to escape its budget
// (rotation, a new token, batching, aliases, signIn). One process, in memory;
// test/rate-limit-across-processes.test.ts shares a budget through Redis.
import { parse } from 'graphql';
import { beforeEach, describe, expect, it } from 'vitest';
import { createJiraCallEstimator } from '../../src/execution/jira-call-estimate.ts';
import { schema } from '../../src/schema/index.ts';
import { type GatewayAnswer, useGateway } from '../support/gateway.ts';

const DEFAULT_PER_HOUR = 50;
const estimator = createJiraCallEstimator(schema);
const estimate = (query: string, variables: Record<string, unknown> = {}) =>
  estimator.estimate(parse(query), undefined, variables, { flavor: 'datacenter', restrictedProjects: null });

const RATE_LIMIT = '{ rateLimit { limit cost used remaining resetAt } }';
const ISSUE = '{ issue(key: "PROJ-1") { key summary } }';
/** `n` searches under aliases: n Jira calls (one search each). */
const searches = (n: number) =>
  `{ ${Array.from({ length: n }, (_, i) => `s${i}: issues(jql: "project = PROJ", first: 1) { nodes { key } }`).join(' ')} }`;
const ISSUES = 'query($n: Int) { issues(jql: "project = PROJ ORDER BY key", first: $n) { nodes { key } } }';

describe('rate limits: hourly point budgets per token', () => {
  const gw = useGateway({
    issues: 60,
    env: { JGG_RATE_LIMIT_PER_HOUR: String(DEFAULT_PER_HOUR), JGG_MAX_JIRA_CALLS: '40' },
  });
  const jiraRequests = async () =>
    ((await (await fetch(`${gw().sandbox.url}/__sandbox/stats`)).json()) as { requests: number }).requests;
  const resetJiraRequests = () => fetch(`${gw().sandbox.url}/__sandbox/reset`, { method: 'POST' });
  const token = async (rateLimitPerHour?: number, scopes = ['issues:read', 'tokens:read', 'tokens:write']) =>
    gw().token('alice', { scopes, ...(rateLimitPerHour === undefined ? {} : { rateLimitPerHour }) });
  const codes = (res: GatewayAnswer) =>
    (res.body.errors ?? []).map((e: { extensions: { code: string } }) => e.extensions.code);

  beforeEach(async () => {
    await resetJiraRequests();
  });

  it('every authenticated answer carries the budget in extensions.rateLimit and the RateLimit-* headers', async () => {
    const { secret } = await token();
    const first = await gw().gql(secret, ISSUE);
    expect(first.status).toBe(200);
    expect(first.body.data.issue.key).toBe('PROJ-1');
    const cost = estimate(ISSUE)!;
    expect(first.body.extensions.rateLimit).toEqual({
      limit: DEFAULT_PER_HOUR,
      cost,
      used: cost,
      remaining: DEFAULT_PER_HOUR - cost,
      resetAt: expect.any(String),
    });
    const resetAt = Date.parse(first.body.extensions.rateLimit.resetAt);
    expect(resetAt - Date.now()).toBeGreaterThan(3_590_000);
    expect(resetAt - Date.now()).toBeLessThanOrEqual(3_601_000);
    expect(first.headers.get('ratelimit-limit')).toBe(String(DEFAULT_PER_HOUR));
    expect(first.headers.get('ratelimit-remaining')).toBe(String(DEFAULT_PER_HOUR - cost));
    expect(first.headers.get('ratelimit-used')).toBe(String(cost));
    const reset = Number(first.headers.get('ratelimit-reset'));
    expect(reset).toBeGreaterThan(3590);
    expect(reset).toBeLessThanOrEqual(3600);
    // The window does not move with later charges.
    const second = await gw().gql(secret, ISSUE);
    expect(second.body.extensions.rateLimit.used).toBe(2 * cost);
    expect(Math.abs(Date.parse(second.body.extensions.rateLimit.resetAt) - resetAt)).toBeLessThanOrEqual(
      1000,
    );
    // An answer with errors, and one refused before execution, carry it too.
    const invalid = await gw().gql(secret, '{ issue(key: "PROJ-1") { nope } }');
    expect(invalid.body.errors).toHaveLength(1);
    expect(invalid.body.extensions.rateLimit).toMatchObject({ cost: 0, used: 2 * cost });
    expect(invalid.headers.get('ratelimit-used')).toBe(String(2 * cost));
  });

  it('Query.rateLimit reports the budget after its own charge, as extensions.rateLimit does', async () => {
    const { secret } = await token();
    const res = await gw().gql(secret, RATE_LIMIT);
    // It calls no Jira, and still costs the minimum of one point.
    expect(res.body.data.rateLimit).toEqual({
      limit: DEFAULT_PER_HOUR,
      cost: 1,
      used: 1,
      remaining: DEFAULT_PER_HOUR - 1,
      resetAt: res.body.extensions.rateLimit.resetAt,
    });
    expect(res.body.extensions.rateLimit).toEqual(res.body.data.rateLimit);
    expect(await jiraRequests()).toBe(0);
  });

  it('an operation costs its estimate of Jira calls (pages, aliases), at least 1', async () => {
    const { secret } = await token();
    for (const [query, variables] of [
      [ISSUES, { n: 10 }],
      [ISSUES, { n: 100 }],
      [searches(7), {}],
      ['{ viewer { token { id } } }', {}],
    ] as const) {
      const res = await gw().gql(secret, query, variables);
      expect(res.body.errors).toBeUndefined();
      expect(res.body.extensions.rateLimit.cost).toBe(Math.max(1, estimate(query, variables)!));
    }
  });

  it('over budget: RATE_LIMITED, HTTP 429 and Retry-After, no Jira call, and nothing charged', async () => {
    const { secret } = await token(5);
    const aliases = searches(3);
    expect(estimate(aliases)).toBe(3);
    expect((await gw().gql(secret, aliases)).body.extensions.rateLimit).toMatchObject({
      used: 3,
      remaining: 2,
    });
    await resetJiraRequests();

    const refused = await gw().gql(secret, aliases);
    expect(refused.status).toBe(429);
    expect(codes(refused)).toEqual(['RATE_LIMITED']);
    expect(refused.body.data ?? null).toBeNull();
    const retryAfter = Number(refused.headers.get('retry-after'));
    expect(retryAfter).toBeGreaterThan(3590);
    expect(retryAfter).toBeLessThanOrEqual(3600);
    expect(refused.body.errors[0].extensions).toMatchObject({ cost: 3, limit: 5, remaining: 2 });
    expect(refused.body.extensions.rateLimit).toMatchObject({ cost: 0, used: 3, remaining: 2 });
    expect(refused.headers.get('ratelimit-remaining')).toBe('2');
    expect(await jiraRequests()).toBe(0);

    // The refusal kept nothing: two cheap operations still fit, then nothing does.
    expect((await gw().gql(secret, ISSUE)).status).toBe(200);
    expect((await gw().gql(secret, RATE_LIMIT)).body.data.rateLimit).toMatchObject({ used: 5, remaining: 0 });
    const spent = await gw().gql(secret, RATE_LIMIT);
    expect(spent.status).toBe(429);
    expect(codes(spent)).toEqual(['RATE_LIMITED']);
  });

  it('an operation refused as QUERY_TOO_COMPLEX is not charged', async () => {
    const { secret } = await token();
    expect(estimate(searches(41))).toBe(41);
    const res = await gw().gql(secret, searches(41));
    expect(codes(res)).toEqual(['QUERY_TOO_COMPLEX']);
    expect(res.body.extensions.rateLimit).toMatchObject({ cost: 0, used: 0 });
  });

  it('narrower per token on creation: createAccessToken takes rateLimitPerHour from 1 to the default', async () => {
    const { secret } = await token();
    const create =
      'mutation($n: Int) { createAccessToken(input: { name: "narrow", scopes: ["issues:read"], rateLimitPerHour: $n }) { secret token { rateLimitPerHour } } }';
    const made = await gw().gql(secret, create, { n: 7 });
    expect(made.body.data.createAccessToken.token.rateLimitPerHour).toBe(7);
    const use = await gw().gql(made.body.data.createAccessToken.secret, RATE_LIMIT);
    expect(use.body.data.rateLimit).toMatchObject({ limit: 7, used: 1 });
    expect(use.headers.get('ratelimit-limit')).toBe('7');

    const byDefault = await gw().gql(secret, create, { n: null });
    expect(byDefault.body.data.createAccessToken.token.rateLimitPerHour).toBe(DEFAULT_PER_HOUR);
    for (const n of [DEFAULT_PER_HOUR + 1, 0, -3]) {
      const refused = await gw().gql(secret, create, { n });
      expect(codes(refused)).toEqual(['BAD_USER_INPUT']);
      expect(refused.body.errors[0].message).toMatch(/rateLimitPerHour must be a whole number from 1 to 50/);
    }
  });

  it('a budget-limited token makes no token with a larger budget than its own', async () => {
    const { secret } = await token(10);
    const create =
      'mutation($n: Int) { createAccessToken(input: { name: "child", scopes: ["issues:read"], rateLimitPerHour: $n }) { secret token { rateLimitPerHour } } }';
    // Unasked, the new token gets its maker's limit, not the default.
    const inherited = await gw().gql(secret, create, { n: null });
    expect(inherited.body.data.createAccessToken.token.rateLimitPerHour).toBe(10);
    const wider = await gw().gql(secret, create, { n: 11 });
    expect(codes(wider)).toEqual(['FORBIDDEN']);
    expect(wider.body.errors[0].message).toMatch(/10 points per hour/);
    const narrower = await gw().gql(secret, create, { n: 4 });
    expect(narrower.body.data.createAccessToken.token.rateLimitPerHour).toBe(4);
  });

  it('tokens made by a budget-limited token spend its budget: minting does not multiply it', async () => {
    const { secret } = await token(4);
    const create =
      'mutation($n: Int) { createAccessToken(input: { name: "child", scopes: ["issues:read"], rateLimitPerHour: $n }) { secret } }';
    // Two creations: 2 points of the maker's 4.
    const children = [
      (await gw().gql(secret, create, { n: null })).body.data.createAccessToken.secret,
      (await gw().gql(secret, create, { n: 2 })).body.data.createAccessToken.secret,
    ];
    expect((await gw().gql(children[0], RATE_LIMIT)).body.data.rateLimit).toMatchObject({
      limit: 4,
      used: 3,
    });
    // The second child's own limit (2) is already spent on the shared counter.
    const narrow = await gw().gql(children[1], RATE_LIMIT);
    expect(narrow.status).toBe(429);
    expect(narrow.body.extensions.rateLimit).toMatchObject({ limit: 2, used: 3, remaining: 0 });
    expect((await gw().gql(secret, RATE_LIMIT)).body.data.rateLimit).toMatchObject({ limit: 4, used: 4 });
    for (const one of [secret, ...children]) expect((await gw().gql(one, RATE_LIMIT)).status).toBe(429);
  });

  it('rotation keeps the limit and what was spent: a new secret does not refill the budget', async () => {
    const { secret, id } = await token(6);
    await gw().gql(secret, ISSUE);
    await gw().gql(secret, ISSUE);
    const rotated = await gw().gql(
      secret,
      'mutation($id: ID!) { rotateAccessToken(id: $id) { secret token { rateLimitPerHour } } }',
      { id },
    );
    expect(rotated.body.data.rotateAccessToken.token.rateLimitPerHour).toBe(6);
    const before = rotated.body.extensions.rateLimit.used;
    expect(before).toBeGreaterThanOrEqual(3);
    const after = await gw().gql(rotated.body.data.rotateAccessToken.secret, RATE_LIMIT);
    expect(after.body.data.rateLimit).toMatchObject({ limit: 6, used: before + 1 });
  });

  it('two tokens of one identity have budgets of their own', async () => {
    const one = await token(3);
    const two = await token(3);
    for (let i = 0; i < 3; i++) expect((await gw().gql(one.secret, RATE_LIMIT)).status).toBe(200);
    expect((await gw().gql(one.secret, RATE_LIMIT)).status).toBe(429);
    expect((await gw().gql(two.secret, RATE_LIMIT)).body.data.rateLimit).toMatchObject({
      used: 1,
      remaining: 2,
    });
  });

  it('signIn, without a token, is not charged and carries no budget', async () => {
    const res = await gw().gql(
      null,
      'mutation($t: String!) { signIn(input: { jiraToken: $t }) { secret } }',
      {
        t: gw().sandboxUser('bob').token,
      },
    );
    expect(res.status).toBe(200);
    expect(res.body.extensions?.rateLimit).toBeUndefined();
    expect(res.headers.get('ratelimit-limit')).toBeNull();
    const session = await gw().gql(res.body.data.signIn.secret, RATE_LIMIT);
    expect(session.body.data.rateLimit).toMatchObject({ used: 1, limit: DEFAULT_PER_HOUR });
  });

  it('batching is off: several operations in one request are refused, not run uncharged', async () => {
    const { secret } = await token(2);
    const res = await fetch(`${gw().gateway.url}/graphql`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${secret}`, 'Content-Type': 'application/json' },
      body: JSON.stringify([{ query: ISSUE }, { query: ISSUE }, { query: ISSUE }]),
    });
    expect(res.status).toBeGreaterThanOrEqual(400);
    expect(res.status).toBeLessThan(500);
    expect(await jiraRequests()).toBe(0);
    expect((await gw().gql(secret, RATE_LIMIT)).body.data.rateLimit).toMatchObject({ used: 1 });
  });
});
