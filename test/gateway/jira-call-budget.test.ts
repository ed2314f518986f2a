// The per-operation budget of Jira calls: an operation whose estimate is over
// JGG_MAX_JIRA_CALLS is refused before it runs (no Jira call at all), with the
// estimate and the ceiling; and the estimate holds: for the benchmark's
// queries, for queries selecting every field of the schema, and for every
// write mutation with its payload selected whole (with and without a project
// restriction), Jira is never called more often than estimated (the answer
// cache off, one request at a time).
import { type GraphQLObjectType, getNamedType, isObjectType, parse } from 'graphql';
import type { Flavor } from 'jira-sandbox';
import { describe, expect, it } from 'vitest';
import { WORKLOADS } from '../../scripts/bench/queries.ts';
import { SCOPES } from '../../src/auth/scopes.ts';
import { createJiraCallEstimator } from '../../src/execution/jira-call-estimate.ts';
import { schema } from '../../src/schema/index.ts';
import { everythingArguments, runEveryWrite, selectAll } from '../support/field-coverage.ts';
import { type GatewayHarness, useGateway } from '../support/gateway.ts';

const READ_SCOPES = SCOPES.filter((s) => s.endsWith(':read'));
/** The mutations that write to Jira (the token mutations write to the store only). */
const WRITE_MUTATIONS = [
  'createIssue',
  'updateIssue',
  'transitionIssue',
  'assignIssue',
  'addComment',
  'updateComment',
  'deleteComment',
  'addWorklog',
  'updateWorklog',
  'deleteWorklog',
];

/** Payloads selecting only what runEveryWrite checks: the estimate of the write itself shows. */
const LEAN_PAYLOADS: Record<string, string> = {
  CreateIssuePayload: 'issue { key parent { key } }',
  UpdateIssuePayload: 'issue { key summary }',
  TransitionIssuePayload: 'transition { toStatus } issue { key status { name } }',
  AssignIssuePayload: 'issue { key assignee { displayName } }',
  AddCommentPayload: 'comment { id visibility { value } } issue { key }',
  UpdateCommentPayload: 'comment { id } issue { key }',
  DeleteCommentPayload: 'deletedCommentId issue { key }',
  AddWorklogPayload: 'worklog { id timeSpentSeconds } issue { key }',
  UpdateWorklogPayload: 'worklog { timeSpentSeconds } issue { key }',
  DeleteWorklogPayload: 'deletedWorklogId issue { key }',
};

/** The custom fields a write's input sets (createIssue's, updateIssue's `set`, transitionIssue's `fields`). */
function customFieldsOf(variables: Record<string, unknown> | undefined): { name?: string }[] {
  type Fields = { customFields?: unknown };
  const input = (variables?.input ?? {}) as Fields & { set?: Fields; fields?: Fields };
  const fields = input.customFields ?? input.set?.customFields ?? input.fields?.customFields;
  return Array.isArray(fields) ? (fields as { name?: string }[]) : [];
}

const estimator = createJiraCallEstimator(schema);

function estimate(flavor: Flavor, query: string, variables?: Record<string, unknown>): number {
  const figure = estimator.estimate(parse(query), null, variables, { flavor, restrictedProjects: null });
  if (figure === null) throw new Error(`no estimate for ${query}`);
  return figure;
}

async function resetJira(gw: GatewayHarness): Promise<void> {
  await fetch(`${gw.sandbox.url}/__sandbox/reset`, { method: 'POST' });
}

async function jiraRequests(gw: GatewayHarness): Promise<number> {
  const stats = (await (await fetch(`${gw.sandbox.url}/__sandbox/stats`)).json()) as { requests: number };
  return stats.requests;
}

const ALIASED_PAGES = `{ ${Array.from(
  { length: 100 },
  (_, i) => `p${i}: issues(jql: "project = PROJ ORDER BY key", first: 100) { nodes { key summary } }`,
).join(' ')} }`;

const BOARDS_SPRINTS_ISSUES =
  '{ boards(first: 50) { edges { node { id sprints(first: 50) { edges { node { id issues(first: 100) { nodes { key } } } } } } } } }';

describe.each(['datacenter', 'cloud'] as const)('%s: the Jira-call budget', (flavor) => {
  const gw = useGateway({ flavor, env: { JGG_CACHE_TTL_MS: '0' } });

  it('refuses 100 aliased 100-issue pages before calling Jira, with the estimate and the limit', async () => {
    const { secret } = await gw().token('alice', { scopes: READ_SCOPES });
    await resetJira(gw());
    const res = await gw().gql(secret, ALIASED_PAGES);
    expect(res.body.data ?? null).toBeNull();
    expect(res.body.errors).toHaveLength(1);
    expect(res.body.errors[0].extensions).toEqual({ code: 'QUERY_TOO_COMPLEX', cost: 100, limit: 75 });
    expect(res.body.errors[0].message).toMatch(/100 Jira requests.*limit is 75/);
    expect(await jiraRequests(gw())).toBe(0);
  });

  it('refuses boards → sprints → issues nesting, whose calls multiply', async () => {
    const { secret } = await gw().token('alice', { scopes: READ_SCOPES });
    await resetJira(gw());
    const res = await gw().gql(secret, BOARDS_SPRINTS_ISSUES);
    // 1 board page + 50 boards × 1 sprint page + 2,500 sprints × 2 agile pages of 50 issues.
    expect(res.body.errors[0].extensions).toEqual({ code: 'QUERY_TOO_COMPLEX', cost: 5051, limit: 75 });
    expect(await jiraRequests(gw())).toBe(0);
  });

  it('reads `first` from the variables, and answers a query within the budget', async () => {
    const { secret } = await gw().token('alice', { scopes: READ_SCOPES });
    const query =
      'query($n: Int) { boards(type: "scrum", first: $n) { edges { node { sprints(first: 1) { edges { node { id } } } } } } }';
    await resetJira(gw());
    const over = await gw().gql(secret, query, { n: 80 });
    expect(over.body.errors[0].extensions).toEqual({ code: 'QUERY_TOO_COMPLEX', cost: 82, limit: 75 });
    expect(await jiraRequests(gw())).toBe(0);
    const within = await gw().gql(secret, query, { n: 5 });
    expect(within.body.errors, JSON.stringify(within.body.errors)).toBeUndefined();
    expect(within.body.data.boards.edges.length).toBeGreaterThan(0);
  });

  it.each(WORKLOADS.map((w) => [w.name, w] as const))(
    'bench query "%s": Jira is called no more often than estimated',
    async (_name, workload) => {
      const { secret } = await gw().token('alice', { scopes: READ_SCOPES });
      const figure = estimate(flavor, workload.query);
      await resetJira(gw());
      const res = await gw().gql(secret, workload.query);
      expect(res.body.errors, JSON.stringify(res.body.errors)).toBeUndefined();
      const made = await jiraRequests(gw());
      expect(made).toBeGreaterThan(0);
      expect(made).toBeLessThanOrEqual(figure);
      // Where they differ, by exactly the stated rule.
      if (workload.name.startsWith('my open work')) {
        // Each issue's project lead counts as a project load; the loader reads each project once.
        const nodes = res.body.data.issues.nodes as { project: { key: string } }[];
        const projects = new Set(nodes.map((n) => n.project.key)).size;
        expect(figure - made).toBe(nodes.length > 0 ? 50 - projects : 0);
      } else if (workload.name.includes('changelog') && flavor === 'cloud') {
        // Cloud embeds the latest 100 changes: a longer history costs a page per issue (none here).
        expect(figure - made).toBe(50);
      } else {
        expect(made).toBe(figure);
      }
    },
  );
});

describe.each(['datacenter', 'cloud'] as const)('%s: every field within its estimate', (flavor) => {
  // A ceiling out of the way: these queries select everything, to catch a field that calls Jira uncounted.
  const gw = useGateway({
    flavor,
    issues: 150,
    // Whole-schema operations cost tens of thousands of points: the hourly budget is raised with the ceiling.
    env: { JGG_CACHE_TTL_MS: '0', JGG_MAX_JIRA_CALLS: '100000', JGG_RATE_LIMIT_PER_HOUR: '100000000' },
  });

  it('for each root field selected whole, and for signIn', async () => {
    const admin = await gw().token('admin', { scopes: [...SCOPES] });
    const alice = gw().sandboxUser('alice');
    const { linked, args: rootArgs } = everythingArguments(gw().sandbox.store, flavor);
    const args: Record<string, string> = {
      ...rootArgs,
      // Past the embedded page, and the HTML: the sub-resource reads.
      'Issue.comments': '(first: 2, after: "Y29tbWVudDow")',
    };
    const query = schema.getQueryType()!;
    const checked: string[] = [];
    const check = async (
      op: string,
      variables?: Record<string, unknown>,
      secret: string | null = admin.secret,
    ) => {
      const figure = estimator.estimate(parse(op), null, variables, { flavor, restrictedProjects: null });
      await resetJira(gw());
      const res = await gw().gql(secret, op, variables);
      expect(res.body.errors, op.slice(0, 300)).toBeUndefined();
      const made = await jiraRequests(gw());
      expect(made, `${made} Jira requests, estimated ${figure}: ${op.slice(0, 300)}`).toBeLessThanOrEqual(
        figure ?? -1,
      );
      checked.push(op);
    };
    for (const field of Object.values(query.getFields())) {
      const given = args[`Query.${field.name}`] ?? '';
      const named = getNamedType(field.type);
      const depth = field.name === 'issue' || field.name === 'issues' ? 4 : 3;
      const body = isObjectType(named) ? ` { ${selectAll(named, depth, args)} }` : '';
      await check(`{ ${field.name}${given}${body} }`);
    }
    await check(
      `{ issue(key: "${linked.key}") { ${selectAll(schema.getType('Issue') as GraphQLObjectType, 3, args)} } }`,
    );
    await check(
      'mutation($t: String!, $e: String) { signIn(input: { jiraToken: $t, email: $e }) { secret user { accountId } } }',
      { t: alice.token, e: flavor === 'cloud' ? alice.emailAddress : null },
      null,
    );
    expect(checked.length).toBe(Object.keys(query.getFields()).length + 2);
  });

  // Whole: every payload field within the estimate. Lean: only what runEveryWrite checks, so the
  // write's own entry in jira-call-costs.ts shows, and must match the calls made by the stated rule.
  it.each([
    ['whole', 'without a project restriction', null],
    ['whole', 'with a token restricted to PROJ', ['PROJ']],
    ['lean', 'without a project restriction', null],
    ['lean', 'with a token restricted to PROJ', ['PROJ']],
  ] as const)('for every write mutation, its payload %s, %s', async (selection, _name, projects) => {
    const admin = await gw().token('admin', {
      scopes: [...SCOPES],
      ...(projects ? { projects: [...projects] } : {}),
    });
    const { args: rootArgs } = everythingArguments(gw().sandbox.store, flavor);
    // Past the embedded page: the sub-resource reads of the issue each payload reads afresh.
    const args = { ...rootArgs, 'Issue.comments': '(first: 2, after: "Y29tbWVudDow")' };
    const payload = (name: string) =>
      selection === 'lean'
        ? (LEAN_PAYLOADS[name] ?? '')
        : selectAll(schema.getType(name) as GraphQLObjectType, 3, args);
    const facts = { flavor, restrictedProjects: projects ? projects.length : null };
    let checked = 0;
    const run = async (op: string, variables?: Record<string, unknown>) => {
      const figure = estimator.estimate(parse(op), null, variables, facts);
      await resetJira(gw());
      const res = await gw().gql(admin.secret, op, variables);
      expect(res.body.errors, JSON.stringify(res.body.errors)).toBeUndefined();
      const made = await jiraRequests(gw());
      const says = `${made} Jira requests, estimated ${figure}: ${op.slice(0, 200)}`;
      // Every write calls Jira: the write itself at least.
      expect(made).toBeGreaterThan(0);
      expect(made, says).toBeLessThanOrEqual(figure ?? -1);
      if (selection === 'lean') {
        // For a restricted token, each custom field counts as one that may point at an issue (an
        // Epic Link), read fresh to check its project; those that point at none cost no read.
        const notIssues = customFieldsOf(variables).filter((f) => f.name !== 'Epic Link').length;
        expect(figure! - made, says).toBe(projects ? notIssues : 0);
      }
      checked += 1;
      return res.body.data;
    };
    const ran = await runEveryWrite(run, payload, gw().sandbox.store, flavor);
    expect(new Set(ran)).toEqual(new Set(WRITE_MUTATIONS));
    expect(checked).toBe(ran.length);
  });
});
