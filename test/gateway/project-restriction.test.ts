// A project-restricted token and caller-written JQL, through the real gateway
// and sandbox, on both flavours: the escapes that once leaked other projects'
// issues, the reads layer's own check of every answered issue (the scanner
// bypassed), the scopes a JQL's clauses need (comments, worklogs, emails),
// issues:read for a sprint's issues, and the JQL length cap.
import { describe, expect, it } from 'vitest';
import { readSprintIssues } from '../../src/jira/agile-reads.ts';
import { fetchIssues, searchPage } from '../../src/jira/issue-reads.ts';
import { RestrictionBreachError } from '../../src/jira/project-guard.ts';
import { createJiraReader, type JiraReader } from '../../src/jira/reader.ts';
import { useGateway } from '../support/gateway.ts';

/** The attacks of issue 10, as sent. The last two leaked MOB and OPS issues before the fix. */
const ATTACKS = [
  String.raw`labels = a\" ) OR project in (OPS, MOB) OR ( labels = \"b\"c\"`,
  String.raw`labels = a\' ) OR project in (OPS, MOB) OR ( labels = \'b\'c\'`,
  String.raw`labels = a\" ) OR project in (OPS, MOB) OR ( labels = '"\''`,
  String.raw`labels = a\' ) OR project in (OPS, MOB) OR ( labels = "'\""`,
  'labels = x \u201c) OR project in (OPS, MOB) OR (labels = \u201d',
  'status = Done /* ) OR project in (OPS, MOB) OR ( */',
  'project = OPS) OR (project = OPS',
];

type Code = { extensions: { code: string; requiredScopes?: string[]; maxJqlLength?: number } };
const codes = (body: { errors?: Code[] }): string[] => (body.errors ?? []).map((e) => e.extensions.code);

describe.each(['datacenter', 'cloud'] as const)('%s: the project restriction and JQL', (flavor) => {
  const gw = useGateway({ flavor, env: { JGG_CACHE_TTL_MS: '0' } });
  const stats = () => gw().sandbox.stats;
  const resetStats = async () => {
    await fetch(`${gw().sandbox.url}/__sandbox/reset`, { method: 'POST' });
  };
  const search = '/search';
  const searchRequests = () =>
    Object.entries(stats().byRoute)
      .filter(([route]) => route.includes(search) || route.includes('/issue'))
      .reduce((n, [, count]) => n + count, 0);

  const projSprint = () =>
    gw().sandbox.store.data.sprints.find((s) => s.originBoardId === 1 && s.state === 'active')!;

  /** alice's own Jira reader, as the gateway builds it, for calling the reads layer directly. */
  async function aliceReader(): Promise<JiraReader> {
    const services = gw().gateway.runtime.services;
    const alice = gw().sandboxUser('alice');
    await gw().link('alice');
    const identity = await services.store.findIdentity(flavor === 'cloud' ? alice.accountId : alice.name);
    if (!identity) throw new Error('alice is not linked');
    return createJiraReader({
      client: services.jira,
      credential: () => services.identities.credentialOf(identity),
      scopeKey: `restriction-test|${identity.id}`,
      partition: identity.id,
      cache: null,
    });
  }

  it('answers no MOB or OPS issue to a PROJ token, whatever the JQL escapes or quotes', async () => {
    const { secret } = await gw().token('alice', {
      scopes: ['issues:read', 'agile:read'],
      projects: ['PROJ'],
    });
    for (const jql of ATTACKS) {
      const res = await gw().gql(
        secret,
        `query($jql: String!) {
           issues(jql: $jql, first: 100) { totalCount nodes { key } }
           sprint(id: ${projSprint().id}) { issues(jql: $jql, first: 100) { totalCount nodes { key } } }
         }`,
        { jql },
      );
      const keys = [
        ...(res.body.data?.issues?.nodes ?? []),
        ...(res.body.data?.sprint?.issues?.nodes ?? []),
      ].map((n: { key: string }) => n.key);
      expect(
        keys.filter((k) => !k.startsWith('PROJ-')),
        jql,
      ).toEqual([]);
      // Every one of these is refused before Jira runs it.
      expect(res.body.data, jql).toBeNull();
      expect(new Set(codes(res.body)), jql).toEqual(new Set(['BAD_USER_INPUT']));
    }
  });

  it('still answers a PROJ token’s ordinary JQL, narrowed to PROJ', async () => {
    const { secret } = await gw().token('alice', { scopes: ['issues:read'], projects: ['PROJ'] });
    const res = await gw().gql(
      secret,
      `{ issues(jql: ${JSON.stringify(String.raw`labels != a\"b OR labels is EMPTY ORDER BY key`)}, first: 100) { totalCount nodes { key } } }`,
    );
    expect(res.body.errors).toBeUndefined();
    const alice = gw().sandboxUser('alice');
    const expected = gw().sandbox.store.data.issues.filter(
      (i) =>
        gw().sandbox.store.projectsById.get(i.projectId)?.key === 'PROJ' &&
        gw().sandbox.store.canSeeIssue(alice, i),
    ).length;
    const keys = res.body.data.issues.nodes.map((n: { key: string }) => n.key);
    expect(keys.length).toBeGreaterThan(0);
    expect(keys.every((k: string) => k.startsWith('PROJ-'))).toBe(true);
    if (flavor === 'datacenter') expect(res.body.data.issues.totalCount).toBe(expected);
  });

  it('withholds a search answer holding an issue outside the token’s projects, at the reads layer', async () => {
    const jira = await aliceReader();
    const plan = { fields: ['summary'], expand: [] };
    // The scanner bypassed: JQL that was never narrowed, read for a PROJ-only token.
    await expect(
      searchPage(jira, {
        jql: 'project in (PROJ, OPS) ORDER BY key',
        projects: ['PROJ'],
        plan,
        maxResults: 50,
      }),
    ).rejects.toBeInstanceOf(RestrictionBreachError);
    // The same read for a token allowed both projects answers, with each issue's project asked for.
    const both = await searchPage(jira, {
      jql: 'project in (PROJ, OPS) ORDER BY key',
      projects: ['PROJ', 'OPS'],
      plan,
      maxResults: 50,
    });
    expect(both.issues.length).toBeGreaterThan(0);
    expect(
      both.issues.every((i) => typeof (i.fields as { project?: { key?: string } }).project?.key === 'string'),
    ).toBe(true);

    const sprint = projSprint();
    await expect(
      readSprintIssues(jira, String(sprint.id), {
        startAt: 0,
        maxResults: 50,
        jql: '',
        projects: ['MOB'],
        fields: ['summary'],
        expand: [],
      }),
    ).rejects.toBeInstanceOf(RestrictionBreachError);

    // Fetching by key filters silently: each key is its own answer, and no total is told.
    const proj = gw().sandbox.store.data.issues.find(
      (i) => gw().sandbox.store.projectsById.get(i.projectId)?.key === 'PROJ',
    )!;
    const ops = gw().sandbox.store.data.issues.find(
      (i) => gw().sandbox.store.projectsById.get(i.projectId)?.key === 'OPS',
    )!;
    const found = await fetchIssues(jira, [proj.key, ops.key, ops.id], plan, { projects: ['PROJ'] });
    expect([...found.keys()].filter((k) => k === ops.key || k === ops.id)).toEqual([]);
    expect(found.has(proj.key)).toBe(true);
  });

  it('answers a batched issue(key) of another project as not found', async () => {
    const { secret } = await gw().token('alice', { scopes: ['issues:read'], projects: ['PROJ'] });
    const proj = gw().sandbox.store.data.issues.find(
      (i) => gw().sandbox.store.projectsById.get(i.projectId)?.key === 'PROJ',
    )!;
    const ops = gw().sandbox.store.data.issues.find(
      (i) => gw().sandbox.store.projectsById.get(i.projectId)?.key === 'OPS',
    )!;
    const res = await gw().gql(
      secret,
      `{ a: issue(key: "${proj.key}") { key } b: issue(key: "${ops.id}") { key summary } }`,
    );
    expect(res.body.data.a).toEqual({ key: proj.key });
    expect(res.body.data.b).toBeNull();
    expect(codes(res.body)).toEqual(['NOT_FOUND']);
    expect(JSON.stringify(res.body)).not.toContain(ops.summary);
  });

  it('needs issues:read for a sprint’s issues: agile:read alone learns not even their count', async () => {
    const sprint = projSprint();
    const { secret } = await gw().token('alice', { scopes: ['agile:read'] });
    await resetStats();
    const res = await gw().gql(
      secret,
      `{ sprint(id: ${sprint.id}) { name issues(jql: "summary ~ secret") { totalCount } } }`,
    );
    expect(res.body.data?.sprint ?? null).toBeNull();
    expect(res.body.errors[0].extensions).toMatchObject({
      code: 'INSUFFICIENT_SCOPE',
      requiredScopes: expect.arrayContaining(['issues:read']),
    });
    expect(Object.keys(stats().byRoute).filter((r) => r.includes('/issue'))).toEqual([]);
  });

  it('refuses JQL on comments, worklogs and emails the token may not read, before Jira runs it', async () => {
    const alice = gw().sandboxUser('alice');
    const bare = (await gw().token('alice', { scopes: ['issues:read', 'agile:read'] })).secret;
    const cases: [string, string][] = [
      ['comment ~ "x"', 'comments:read'],
      ['"Comment" ~ x', 'comments:read'],
      ['text ~ "x"', 'comments:read'],
      ['worklogAuthor = bob', 'worklogs:read'],
      ['status = Done ORDER BY timespent', 'worklogs:read'],
      [`assignee = ${JSON.stringify(alice.emailAddress)}`, 'users:email'],
      [`reporter in ("bob", ${JSON.stringify(alice.emailAddress)})`, 'users:email'],
    ];
    for (const [jql, scope] of cases) {
      await resetStats();
      // Query.issues and Sprint.issues each refuse it.
      for (const query of [
        'query($jql: String!) { issues(jql: $jql) { totalCount } }',
        `query($jql: String!) { sprint(id: ${projSprint().id}) { issues(jql: $jql) { totalCount } } }`,
      ]) {
        const res = await gw().gql(bare, query, { jql });
        expect(res.body.data?.issues ?? res.body.data?.sprint?.issues ?? null, jql).toBeNull();
        expect(codes(res.body), jql).toEqual(['INSUFFICIENT_SCOPE']);
        expect(res.body.errors[0].extensions.requiredScopes, jql).toEqual([scope]);
      }
      expect(searchRequests(), jql).toBe(0);
    }
    // With the scope, the same JQL goes to Jira (which may still find a field it does not know).
    const full = (
      await gw().token('alice', {
        scopes: ['issues:read', 'comments:read', 'worklogs:read', 'users:email'],
      })
    ).secret;
    for (const [jql] of cases) {
      await resetStats();
      const res = await gw().gql(full, 'query($jql: String!) { issues(jql: $jql) { nodes { key } } }', {
        jql,
      });
      expect(codes(res.body), jql).not.toContain('INSUFFICIENT_SCOPE');
      expect(searchRequests(), jql).toBe(1);
    }
    // Free text with an '@' is text, not an account.
    const text = await gw().gql(bare, '{ issues(jql: "summary ~ \\"x@y\\"") { nodes { key } } }');
    expect(text.body.errors).toBeUndefined();
  });

  it('refuses a JQL longer than JGG_MAX_JQL_LENGTH without calling Jira', async () => {
    const { secret } = await gw().token('alice', { scopes: ['issues:read', 'agile:read'] });
    const at = (n: number) => `summary ~ "${'a'.repeat(n - 'summary ~ ""'.length)}"`;
    for (const jql of [at(10_001), at(1_000_000)]) {
      await resetStats();
      for (const query of [
        'query($jql: String!) { issues(jql: $jql) { totalCount } }',
        `query($jql: String!) { sprint(id: ${projSprint().id}) { issues(jql: $jql) { totalCount } } }`,
      ]) {
        const res = await gw().gql(secret, query, { jql });
        expect(res.body.data?.issues ?? res.body.data?.sprint?.issues ?? null).toBeNull();
        expect(codes(res.body)).toEqual(['BAD_USER_INPUT']);
        expect(res.body.errors[0].message).toContain('at most 10000');
        expect(res.body.errors[0].extensions.maxJqlLength).toBe(10_000);
      }
      expect(searchRequests()).toBe(0);
    }
    // At the cap it goes to Jira.
    await resetStats();
    const ok = await gw().gql(secret, 'query($jql: String!) { issues(jql: $jql) { nodes { key } } }', {
      jql: at(10_000),
    });
    expect(ok.body.errors).toBeUndefined();
    expect(searchRequests()).toBe(1);
  });
});
