// The reads the benchmark makes: each GraphQL query with the "naive" REST way
// a script would get the same data (default fields, one call per issue or
// project for what the search does not carry).
import { request } from 'undici';

export const PAGE_FIELDS = [
  'summary',
  'status',
  'assignee',
  'priority',
  'issuetype',
  'labels',
  'created',
  'updated',
] as const;

export const PAGE_JQL = 'project = PROJ ORDER BY key';
export const SINGLE_KEY = 'PROJ-1';

const ISSUE_SELECTION =
  'key summary status { name } assignee { displayName } priority { name } issueType { name } labels created updated';

export const pageQuery = (size: number): string =>
  `{ issues(jql: "${PAGE_JQL}", first: ${size}) { nodes { ${ISSUE_SELECTION} } } }`;
export const SINGLE_QUERY = `{ issue(key: "${SINGLE_KEY}") { ${ISSUE_SELECTION} } }`;

/**
 * The same 100-issue page asked n different ways (each leaves out another
 * issue) through one query text and its variables, so concurrent requests
 * never share a Jira read in flight (each pays for its own Jira answer) while
 * the document stays parsed, validated and proven once, as for a real client.
 */
export const distinctPageRequests = (n: number): string[] =>
  Array.from({ length: n }, (_, i) =>
    JSON.stringify({
      query: `query($jql: String!) { issues(jql: $jql, first: 100) { nodes { ${ISSUE_SELECTION} } } }`,
      variables: { jql: `project = PROJ AND key != PROJ-${i + 1} ORDER BY key` },
    }),
  );

/** Single-issue requests for n different issues (PROJ-1 ... PROJ-n), one query text. */
export const distinctSingleRequests = (n: number): string[] =>
  Array.from({ length: n }, (_, i) =>
    JSON.stringify({
      query: `query($key: String!) { issue(key: $key) { ${ISSUE_SELECTION} } }`,
      variables: { key: `PROJ-${i + 1}` },
    }),
  );

export const BENCH_ISSUE_DESCRIPTION = 'Found by the nightly run.';

/** The writes the writes benchmark times (writes.ts): an issue created, its key answered. */
export const CREATE_ISSUE = `mutation ($summary: String!) { createIssue(input: { projectKey: "PROJ", issueType: "Task",
    summary: $summary, description: { text: "${BENCH_ISSUE_DESCRIPTION}" }, labels: ["bench"] }) { issue { key } } }`;

/** A transition by the target status's name, as a script would. */
export const TRANSITION_ISSUE = `mutation ($key: String!, $to: String!) { transitionIssue(input: { key: $key, to: $to }) { transition { id } } }`;

/** A tiny REST client for one Jira user (a Data Center personal access token). */
export class Rest {
  constructor(
    readonly base: string,
    private readonly pat: string,
  ) {}

  async get(path: string): Promise<unknown> {
    const res = await request(`${this.base}/rest/api/2${path}`, {
      headers: { authorization: `Bearer ${this.pat}`, accept: 'application/json' },
    });
    if (res.statusCode !== 200) throw new Error(`GET ${path}: ${res.statusCode} ${await res.body.text()}`);
    return res.body.json();
  }
}

async function eachLimited<T>(items: readonly T[], limit: number, fn: (item: T) => Promise<unknown>) {
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < items.length) {
      const item = items[next++] as T;
      await fn(item);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
}

interface SearchAnswer {
  issues: { key: string; fields: { project?: { key: string } } }[];
}

const search = (rest: Rest, jql: string, max: number): Promise<SearchAnswer> =>
  rest.get(`/search?jql=${encodeURIComponent(jql)}&maxResults=${max}`) as Promise<SearchAnswer>;

export interface Workload {
  name: string;
  shape: 'dashboard' | 'BI';
  query: string;
  /** The naive REST way: default fields, then per-issue or per-project calls, 8 at a time. */
  naive(rest: Rest): Promise<void>;
  naiveDescription: string;
}

export const WORKLOADS: Workload[] = [
  {
    name: 'issue page (100 issues, 8 fields)',
    shape: 'dashboard',
    query: pageQuery(100),
    naiveDescription: 'search, default fields',
    naive: async (rest) => {
      await search(rest, PAGE_JQL, 100);
    },
  },
  {
    name: 'single issue (8 fields)',
    shape: 'dashboard',
    query: SINGLE_QUERY,
    naiveDescription: 'GET issue, default fields',
    naive: async (rest) => {
      await rest.get(`/issue/${SINGLE_KEY}`);
    },
  },
  {
    name: 'my open work, with project leads',
    shape: 'dashboard',
    query:
      '{ issues(jql: "assignee = currentUser() AND resolution = Unresolved ORDER BY priority DESC", first: 50) { totalCount nodes { key summary status { name } priority { name } dueDate project { key name lead { displayName } } } } }',
    naiveDescription: 'search + GET project per distinct project',
    naive: async (rest) => {
      const found = await search(
        rest,
        'assignee = currentUser() AND resolution = Unresolved ORDER BY priority DESC',
        50,
      );
      const projects = [...new Set(found.issues.map((i) => i.fields.project?.key ?? ''))].filter(Boolean);
      await eachLimited(projects, 8, (key) => rest.get(`/project/${key}`));
    },
  },
  {
    name: 'project overview (project, versions, 20 open issues)',
    shape: 'dashboard',
    query:
      '{ project(key: "PROJ") { name lead { displayName } components { name } versions { name released } } issues(jql: "project = PROJ AND resolution = Unresolved ORDER BY updated DESC", first: 20) { totalCount nodes { key summary status { name } assignee { displayName } } } }',
    naiveDescription: 'GET project + search',
    naive: async (rest) => {
      await Promise.all([
        rest.get('/project/PROJ'),
        search(rest, 'project = PROJ AND resolution = Unresolved ORDER BY updated DESC', 20),
      ]);
    },
  },
  {
    name: '50 issues with comments and worklogs',
    shape: 'BI',
    query:
      '{ issues(jql: "project = PROJ ORDER BY key", first: 50) { nodes { key summary comments(first: 20) { totalCount edges { node { author { displayName } created } } } worklogs(first: 20) { totalCount edges { node { timeSpentSeconds started } } } } } }',
    naiveDescription: 'search + GET comment + GET worklog per issue',
    naive: async (rest) => {
      const found = await search(rest, 'project = PROJ ORDER BY key', 50);
      const calls = found.issues.flatMap((i) => [`/issue/${i.key}/comment`, `/issue/${i.key}/worklog`]);
      await eachLimited(calls, 8, (path) => rest.get(path));
    },
  },
  {
    name: '50 issues with their changelog',
    shape: 'BI',
    query:
      '{ issues(jql: "project = PROJ ORDER BY key", first: 50) { nodes { key status { name } changelog(first: 50) { edges { node { created items { field fromString toString } } } } } } }',
    naiveDescription: 'search + GET issue?expand=changelog per issue',
    naive: async (rest) => {
      const found = await search(rest, 'project = PROJ ORDER BY key', 50);
      await eachLimited(found.issues, 8, (i) => rest.get(`/issue/${i.key}?expand=changelog`));
    },
  },
];
