// Compiled query operations (compiled-queries.ts) must answer exactly what
// graphql-js answers. The same queries go to two apps over the same gateway
// services (same Jira, same store, same token): one with JGG_COMPILE_QUERIES
// on, one with it off, and every status and body must match, errors (their
// messages, paths, locations and codes) included.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WORKLOADS } from '../../scripts/bench/queries.ts';
import { createApp } from '../../src/app.ts';
import { SCOPES } from '../../src/auth/scopes.ts';
import { createPointBudget } from '../../src/limits/point-budget.ts';
import { createLogger } from '../../src/observability/logger.ts';
import { createMetrics } from '../../src/observability/metrics.ts';
import { useGateway } from '../support/gateway.ts';

type App = ReturnType<typeof createApp>;

const ISSUE_FIELDS =
  'key summary status { name category } assignee { displayName } priority { name } labels created updated';

/** Queries and their variables; each runs several times, since a document is compiled on its second run. */
const CORPUS: [name: string, query: string, variables?: Record<string, unknown>][] = [
  ...WORKLOADS.map((w): [string, string] => [w.name, w.query]),
  [
    'one issue by variable',
    `query($key: String!) { issue(key: $key) { ${ISSUE_FIELDS} } }`,
    { key: 'PROJ-2' },
  ],
  [
    'a page with cursors and page info',
    `query($jql: String!, $first: Int, $after: String) { issues(jql: $jql, first: $first, after: $after) {
      totalCount pageInfo { hasNextPage hasPreviousPage startCursor endCursor }
      edges { cursor node { ...F } } } }
     fragment F on Issue { ${ISSUE_FIELDS} }`,
    { jql: 'project = PROJ ORDER BY key', first: 7, after: null },
  ],
  [
    'aliases, __typename, @include and @skip',
    `query($withPeople: Boolean!) { __typename
      a: issue(key: "PROJ-3") { __typename key assignee @include(if: $withPeople) { displayName } }
      b: issue(key: "PROJ-4") { key labels @skip(if: true) summary } }`,
    { withPeople: true },
  ],
  [
    'a missing issue beside a found one',
    '{ found: issue(key: "PROJ-1") { key } missing: issue(key: "NOPE-99999") { key summary } }',
  ],
  ['invalid JQL', '{ issues(jql: "project = = nonsense", first: 2) { totalCount nodes { key } } }'],
  ['a page size out of range', '{ issues(jql: "project = PROJ", first: 1000) { nodes { key } } }'],
  [
    'projects, a user, the viewer',
    '{ projects(first: 5) { totalCount nodes { key name lead { displayName } } } viewer { user { displayName } token { scopes } } }',
  ],
  ['the field catalogue', '{ fields(custom: true) { id name } }'],
  ['boards and their sprints', '{ boards(first: 5) { nodes { id name type } } }'],
  [
    'introspection',
    '{ __schema { queryType { name } types { name kind } } __type(name: "Issue") { fields { name type { name kind ofType { name kind } } } } }',
  ],
  [
    'literals and aliases that would be code or prototype keys in JavaScript',
    `{ constructor: issue(key: "PROJ-1") { key } toString: issue(key: "PROJ-2") { key }
       __proto__: issue(key: "PROJ-3") { key summary }
       issues(jql: "summary ~ \\"\`\${globalThis.process.exit(9)}\` '); process.exit(9); //\\" ORDER BY key", first: 2) { nodes { key } } }`,
  ],
  ['a variable of the wrong type', 'query($key: String!) { issue(key: $key) { key } }', { key: 5 }],
];

describe('compiled query operations', () => {
  const gw = useGateway({ issues: 60, env: { JGG_CACHE_TTL_MS: '0' } });
  let secret = '';
  let compiled: App;
  let interpreted: App;
  beforeAll(async () => {
    secret = (await gw().token('alice', { scopes: SCOPES.filter((s) => s.endsWith(':read')) })).secret;
    const { config, services } = gw().gateway.runtime;
    const logger = createLogger('silent');
    compiled = createApp({
      config: { ...config, compileQueries: true },
      services,
      logger,
      metrics: createMetrics(),
      pointBudget: createPointBudget({ redis: null }),
      webPage: null,
    });
    interpreted = createApp({
      config: { ...config, compileQueries: false },
      services,
      logger,
      metrics: createMetrics(),
      pointBudget: createPointBudget({ redis: null }),
      webPage: null,
    });
  });
  afterAll(() => undefined);

  async function ask(app: App, query: string, variables?: Record<string, unknown>) {
    const res = await app.fetch('http://jgg/graphql', {
      method: 'POST',
      headers: { Authorization: `Bearer ${secret}`, 'Content-Type': 'application/json' },
      body: JSON.stringify({ query, variables }),
    });
    // Jira's own request id differs from call to call: the one part that may.
    const text = (await res.text()).replace(/"jiraRequestId":"[^"]*"/g, '"jiraRequestId":"…"');
    const body = JSON.parse(text) as {
      data?: unknown;
      errors?: unknown[];
      extensions?: Record<string, unknown>;
    };
    // The budget's figures (time to reset, points used) differ between the two apps' budgets.
    if (body.extensions) {
      delete body.extensions.rateLimit;
      if (Object.keys(body.extensions).length === 0) delete body.extensions;
    }
    return { status: res.status, body };
  }

  it.each(CORPUS)('answers %s exactly as graphql-js does', async (_name, query, variables) => {
    const expected = await ask(interpreted, query, variables);
    expect(expected.body.data ?? expected.body.errors).toBeDefined();
    // The first run is interpreted; the second and third run compiled.
    for (let run = 0; run < 3; run++) {
      expect(await ask(compiled, query, variables), `run ${run + 1}`).toEqual(expected);
    }
  });
});
