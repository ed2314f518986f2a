// The estimate before execution against the Jira calls actually made, for
// every query and write the benchmarks run (scripts/bench: queries.ts's
// workloads and distinct requests, writes.ts's create and transition), on
// both flavours, with the answer cache off and one request at a time. The
// rule the README states ("Query cost"): the calls made never exceed the
// estimate, and the estimate is larger only by the loads the gateway shares
// (one project load for many issues of one project) and the pages Jira
// embedded (Cloud's latest 100 changes). The README's table of both figures
// is checked against what this test measures.
import { readFileSync } from 'node:fs';
import { buildSchema, parse } from 'graphql';
import type { Flavor } from 'jira-sandbox';
import { afterAll, describe, expect, it } from 'vitest';
import {
  CREATE_ISSUE,
  distinctPageRequests,
  distinctSingleRequests,
  TRANSITION_ISSUE,
  WORKLOADS,
} from '../../scripts/bench/queries.ts';
import { SCOPES } from '../../src/auth/scopes.ts';
import { createJiraCallEstimator } from '../../src/execution/jira-call-estimate.ts';
import { schema } from '../../src/schema/index.ts';
import { type GatewayHarness, useGateway } from '../support/gateway.ts';
import { ibmCost } from '../support/ibm-cost.ts';

const READ_SCOPES = SCOPES.filter((s) => s.endsWith(':read'));
const estimator = createJiraCallEstimator(schema);

interface Row {
  name: string;
  flavor: Flavor;
  estimate: number;
  made: number;
  /** What a tool computes from the directives in schema.graphql (test/support/ibm-cost.ts). */
  published: number;
}

const publishedSchema = buildSchema(readFileSync(new URL('../../schema.graphql', import.meta.url), 'utf8'));

const rows: Row[] = [];

async function jiraRequests(gw: GatewayHarness): Promise<number> {
  const stats = (await (await fetch(`${gw.sandbox.url}/__sandbox/stats`)).json()) as { requests: number };
  return stats.requests;
}

/** The README's table rows between its markers. */
function readmeRows(): string[] {
  const readme = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');
  const start = readme.indexOf('<!-- estimate-vs-calls:start -->');
  const end = readme.indexOf('<!-- estimate-vs-calls:end -->');
  if (start < 0 || end < 0) return [];
  return readme
    .slice(start, end)
    .split('\n')
    .filter((line) => line.startsWith('| ') && !line.startsWith('| bench') && !line.startsWith('| ---'));
}

function tableRow(name: string): string {
  const of = (flavor: Flavor) => rows.find((r) => r.name === name && r.flavor === flavor);
  const dc = of('datacenter');
  const cloud = of('cloud');
  return `| ${name} | ${dc?.estimate} | ${dc?.made} | ${cloud?.estimate} | ${cloud?.made} | ${dc?.published} |`;
}

describe.each(['datacenter', 'cloud'] as const)('%s: the estimate against the calls made', (flavor) => {
  const gw = useGateway({ flavor, env: { JGG_CACHE_TTL_MS: '0' } });

  /** Estimates, runs and counts one operation; answers its data. */
  async function measure(
    name: string,
    secret: string,
    query: string,
    variables?: Record<string, unknown>,
  ): Promise<Row & { data: unknown }> {
    const estimate = estimator.estimate(parse(query), null, variables, { flavor, restrictedProjects: null });
    if (estimate === null) throw new Error(`no estimate for ${name}`);
    await fetch(`${gw().sandbox.url}/__sandbox/reset`, { method: 'POST' });
    const res = await gw().gql(secret, query, variables);
    expect(res.body.errors, `${name}: ${JSON.stringify(res.body.errors)}`).toBeUndefined();
    const made = await jiraRequests(gw());
    const published = ibmCost(publishedSchema, parse(query), variables);
    const row = { name, flavor, estimate, made, published };
    rows.push(row);
    // The rule's first half: never more calls than estimated, and the estimate is what refuses.
    expect(made, `${name}: ${made} Jira requests, estimated ${estimate}`).toBeLessThanOrEqual(estimate);
    expect(made).toBeGreaterThan(0);
    expect(published).toBeGreaterThanOrEqual(estimate);
    return { ...row, data: res.body.data };
  }

  it.each(WORKLOADS.map((w) => [w.name, w] as const))('bench query "%s"', async (name, workload) => {
    const { secret } = await gw().token('alice', { scopes: READ_SCOPES });
    const { estimate, made, data } = await measure(name, secret, workload.query);
    // The rule's second half: where they differ, by the shared loads and embedded pages only.
    if (name.startsWith('my open work')) {
      const nodes = (data as { issues: { nodes: { project: { key: string } }[] } }).issues.nodes;
      const projects = new Set(nodes.map((n) => n.project.key)).size;
      // Each of the 50 issues' project lead is counted as a project load; the loader reads each project once.
      expect(estimate - made).toBe(50 - projects);
    } else if (name.includes('changelog') && flavor === 'cloud') {
      // Cloud embeds the latest 100 changes: a longer history would cost a page per issue.
      expect(estimate - made).toBe(50);
    } else {
      expect(made).toBe(estimate);
    }
  });

  it('bench distinct requests: a 100-issue page and a single issue through variables', async () => {
    const { secret } = await gw().token('alice', { scopes: READ_SCOPES });
    for (const [name, body] of [
      ['100-issue page, JQL in a variable', distinctPageRequests(1)[0]],
      ['single issue, key in a variable', distinctSingleRequests(1)[0]],
    ] as const) {
      const { query, variables } = JSON.parse(body!) as { query: string; variables: Record<string, unknown> };
      const { estimate, made } = await measure(name, secret, query, variables);
      expect(made).toBe(estimate);
    }
  });

  it('bench writes: createIssue and transitionIssue by status name', async () => {
    const { secret } = await gw().token('alice', { scopes: ['issues:write'] });
    const created = await measure('createIssue (answer: the key)', secret, CREATE_ISSUE, {
      summary: 'cost: estimate against calls',
    });
    // The payload selects the key only, which the write learnt: the fresh read counted is spared.
    expect(created.estimate - created.made).toBe(1);
    const key = (created.data as { createIssue: { issue: { key: string } } }).createIssue.issue.key;
    const moved = await measure('transitionIssue (by status name)', secret, TRANSITION_ISSUE, {
      key,
      to: 'In Progress',
    });
    expect(moved.made).toBe(moved.estimate);
  });
});

describe('the README', () => {
  afterAll(() => {
    rows.length = 0;
  });

  it('shows the figures measured above', () => {
    const names = [...new Set(rows.map((r) => r.name))];
    // Both flavours ran every operation (this block runs after both).
    expect(names.length).toBe(WORKLOADS.length + 4);
    expect(rows.length).toBe(2 * names.length);
    const expected = names.map(tableRow);
    expect(readmeRows(), `README "Query cost" table rows should be:\n${expected.join('\n')}`).toEqual(
      expected,
    );
  });
});
