// The read API's issues: issue(key) batched per request, issues(jql) paged by
// Jira's own paging, the selection deciding Jira's fields, the caller's Jira
// permissions and the token's project restriction on every answer. Counted
// with the sandbox's request stats and checked against the requests it saw.
import type { IncomingMessage } from 'node:http';
import { authorizationFor, formatDuration, type SandboxIssue, wikiToAdf, wikiToHtml } from 'jira-sandbox';
import { beforeAll, describe, expect, it } from 'vitest';
import { adfText, wikiText } from '../../src/schema/rich-text.ts';
import { useGateway } from '../support/gateway.ts';

interface SeenRequest {
  method: string;
  path: string;
  query: URLSearchParams;
  /** The JSON body of a POST, once it has arrived. */
  body: () => Record<string, unknown> | undefined;
}

type Edge = { cursor: string; node: { key: string } };

describe.each(['datacenter', 'cloud'] as const)('%s: issues', (flavor) => {
  const gw = useGateway({ flavor, issues: 1000 });
  const api = flavor === 'cloud' ? '/rest/api/3' : '/rest/api/2';
  const searchPath = flavor === 'cloud' ? `${api}/search/jql` : `${api}/search`;
  let alice = '';
  let bob = '';
  /** alice without worklogs:read. */
  let aliceIssuesOnly = '';

  beforeAll(async () => {
    alice = (await gw().token('alice', { scopes: ['issues:read', 'worklogs:read'] })).secret;
    aliceIssuesOnly = (await gw().token('alice', { scopes: ['issues:read'] })).secret;
    bob = (await gw().token('bob', { scopes: ['issues:read'] })).secret;
  });

  // ------------------------------------------------------------ helpers

  /**
   * Records the Jira requests the sandbox serves while `work` runs. The sandbox's
   * handler starts reading a body in the tick the request arrives (no latency is
   * set here), before this listener's 'data' handler, so both see every chunk.
   */
  async function watchJira<T>(work: () => Promise<T>): Promise<{ result: T; seen: SeenRequest[] }> {
    const seen: SeenRequest[] = [];
    const onRequest = (req: IncomingMessage) => {
      const url = new URL(req.url ?? '/', 'http://sandbox');
      if (!url.pathname.startsWith('/rest/')) return;
      const chunks: Buffer[] = [];
      if (req.method === 'POST') req.on('data', (c: Buffer) => chunks.push(c));
      seen.push({
        method: req.method ?? 'GET',
        path: url.pathname,
        query: url.searchParams,
        body: () => (chunks.length > 0 ? JSON.parse(Buffer.concat(chunks).toString('utf8')) : undefined),
      });
    };
    const server = gw().sandbox.server;
    server.on('request', onRequest);
    const before = gw().sandbox.stats.requests;
    try {
      const result = await work();
      expect(gw().sandbox.stats.requests - before).toBe(seen.length);
      return { result, seen };
    } finally {
      server.off('request', onRequest);
    }
  }

  /** The Jira fields a search or bulkfetch asked for. */
  function fieldsAsked(request: SeenRequest): string[] {
    const fromQuery = request.query.get('fields');
    const raw = fromQuery !== null ? fromQuery.split(',') : (request.body()?.fields as string[]);
    return [...raw].sort();
  }

  function expandAsked(request: SeenRequest): string[] {
    const fromQuery = request.query.get('expand');
    const raw = fromQuery ?? request.body()?.expand ?? [];
    return (Array.isArray(raw) ? raw : String(raw).split(',')).filter((e) => e !== '').sort();
  }

  /** The keys a JQL finds, in Jira's order, asked of the sandbox directly as `user`. */
  async function jiraOrder(user: string, jql: string): Promise<string[]> {
    const query = new URLSearchParams({ jql, fields: 'key', maxResults: '5000' });
    const res = await fetch(`${gw().sandbox.url}${searchPath}?${query}`, {
      headers: {
        Authorization: authorizationFor(flavor, gw().sandboxUser(user)),
        Accept: 'application/json',
      },
    });
    const body = (await res.json()) as { issues: { key: string }[]; total?: number; nextPageToken?: string };
    expect(res.status).toBe(200);
    expect(body.nextPageToken).toBeUndefined();
    if (body.total !== undefined) expect(body.issues.length).toBe(body.total);
    return body.issues.map((i) => i.key);
  }

  const store = () => gw().sandbox.store;
  const project = (issue: SandboxIssue) => store().projectsById.get(issue.projectId)?.key;
  const displayName = (userKey: string | null) =>
    userKey === null ? null : (store().usersByKey.get(userKey)?.displayName ?? null);
  const visibleTo = (user: string, issue: SandboxIssue) => store().canSeeIssue(gw().sandboxUser(user), issue);
  const byKey = (key: string): SandboxIssue => {
    const issue = store().issuesByKey.get(key);
    if (!issue) throw new Error(`no issue ${key}`);
    return issue;
  };
  function find(what: string, test: (i: SandboxIssue) => boolean): SandboxIssue {
    const issue = store().data.issues.find((i) => visibleTo('alice', i) && test(i));
    if (!issue) throw new Error(`the seeded data has no ${what}`);
    return issue;
  }

  const SEARCH = `query ($jql: String!, $first: Int, $after: String) {
    issues(jql: $jql, first: $first, after: $after) {
      totalCount
      pageInfo { hasNextPage hasPreviousPage startCursor endCursor }
      edges { cursor node { key } }
    }
  }`;

  // ------------------------------------------------------------ efficiency

  it('answers a 100-issue dashboard query with 1 Jira request that names only the needed fields', async () => {
    const jql = 'project in (PROJ, MOB) ORDER BY key ASC';
    const { result: res, seen } = await watchJira(() =>
      gw().gql(
        alice,
        `{ issues(jql: "${jql}", first: 100) { edges { node {
            key summary status { name } priority { name } assignee { displayName }
            reporter { displayName } project { key } created } } } }`,
      ),
    );
    expect(res.body.errors).toBeUndefined();
    expect(seen).toHaveLength(1);
    expect(seen[0]?.path).toBe(searchPath);
    expect(fieldsAsked(seen[0]!)).toEqual([
      'assignee',
      'created',
      'priority',
      'project',
      'reporter',
      'status',
      'summary',
    ]);
    expect(expandAsked(seen[0]!)).toEqual([]);
    const nodes = res.body.data.issues.edges.map((e: { node: Record<string, unknown> }) => e.node);
    expect(nodes).toHaveLength(100);
    expect(nodes.map((n: { key: string }) => n.key)).toEqual((await jiraOrder('alice', jql)).slice(0, 100));
    for (const node of nodes) {
      const issue = byKey(node.key);
      expect(node).toEqual({
        key: issue.key,
        summary: issue.summary,
        status: { name: store().statusesById.get(issue.statusId)?.name },
        priority: { name: store().prioritiesById.get(issue.priorityId)?.name },
        assignee: issue.assigneeKey === null ? null : { displayName: displayName(issue.assigneeKey) },
        reporter: { displayName: displayName(issue.reporterKey) },
        project: { key: project(issue) },
        created: new Date(issue.created).toISOString(),
      });
    }
  });

  it('batches 20 aliased issue(key) into 1 Jira request with the union of their fields', async () => {
    const keys = store()
      .data.issues.filter((i) => project(i) === 'PROJ' && visibleTo('alice', i))
      .slice(40, 60)
      .map((i) => i.key);
    expect(keys).toHaveLength(20);
    const aliases = keys.map((key, n) =>
      n === 0
        ? `i${n}: issue(key: "${key}") { key labels }`
        : `i${n}: issue(key: "${key}") { key summary status { name category } }`,
    );
    const lower = keys[5]!.toLowerCase();
    const query = `{ ${aliases.join('\n')}
      again: issue(key: "${lower}") { key summary }
      missing: issue(key: "PROJ-99999") { key } }`;
    const { result: res, seen } = await watchJira(() => gw().gql(alice, query));
    expect(seen).toHaveLength(1);
    const [request] = seen;
    if (flavor === 'cloud') {
      expect(request?.method).toBe('POST');
      expect(request?.path).toBe(`${api}/issue/bulkfetch`);
      expect(new Set(request!.body()?.issueIdsOrKeys as string[])).toEqual(new Set([...keys, 'PROJ-99999']));
    } else {
      expect(request?.path).toBe(searchPath);
      expect(request?.query.get('validateQuery')).toBe('false');
      expect(request?.query.get('jql')).toMatch(/^key in \(/);
    }
    expect(fieldsAsked(request!)).toEqual(['labels', 'status', 'summary']);

    keys.forEach((key, n) => {
      const issue = byKey(key);
      const answer = res.body.data[`i${n}`];
      if (n === 0) expect(answer).toEqual({ key, labels: issue.labels });
      else {
        const status = store().statusesById.get(issue.statusId);
        expect(answer).toEqual({
          key,
          summary: issue.summary,
          status: { name: status?.name, category: status?.categoryKey },
        });
      }
    });
    expect(res.body.data.again).toEqual({ key: keys[5], summary: byKey(keys[5]!).summary });
    expect(res.body.data.missing).toBeNull();
    expect(res.body.errors).toHaveLength(1);
    expect(res.body.errors[0].path).toEqual(['missing']);
    expect(res.body.errors[0].extensions.code).toBe('NOT_FOUND');
  });

  it('asks Jira for the fields each request selects when one query text repeats with other variables', async () => {
    const key = find('an issue with labels', (i) => i.labels.length > 0).key;
    // @include on a field and on a fragment spread, @skip with a literal, and an inline fragment.
    const query = `query ($key: String!, $withSummary: Boolean!, $withPeople: Boolean!) {
      issue(key: $key) {
        key
        summary @include(if: $withSummary)
        labels @skip(if: false)
        priority @skip(if: true) { name }
        ...People @include(if: $withPeople)
        ... on Issue { updated }
      }
    }
    fragment People on Issue { assignee { displayName } reporter { displayName } }`;
    const asked = async (variables: Record<string, unknown>) => {
      const { result, seen } = await watchJira(() => gw().gql(alice, query, { key, ...variables }));
      expect(result.body.errors).toBeUndefined();
      expect(seen).toHaveLength(1);
      return { fields: fieldsAsked(seen[0]!), data: result.body.data.issue as Record<string, unknown> };
    };
    const both = await asked({ withSummary: true, withPeople: true });
    expect(both.fields).toEqual(['assignee', 'labels', 'reporter', 'summary', 'updated']);
    expect(Object.keys(both.data).sort()).toEqual([
      'assignee',
      'key',
      'labels',
      'reporter',
      'summary',
      'updated',
    ]);
    const neither = await asked({ withSummary: false, withPeople: false });
    expect(neither.fields).toEqual(['labels', 'updated']);
    expect(Object.keys(neither.data).sort()).toEqual(['key', 'labels', 'updated']);
    expect((await asked({ withSummary: true, withPeople: false })).fields).toEqual([
      'labels',
      'summary',
      'updated',
    ]);
    // A query text without variables in its selection: the same fields every time it is sent
    // (other issues each time, so the read cache answers none of them).
    const fixed = `query ($key: String!) { issue(key: $key) { key status { name } } }`;
    const others = store()
      .data.issues.filter((i) => visibleTo('alice', i) && i.key !== key)
      .slice(0, 2);
    for (const other of others) {
      const { result, seen } = await watchJira(() => gw().gql(alice, fixed, { key: other.key }));
      expect(result.body.data.issue.key).toBe(other.key);
      expect(seen).toHaveLength(1);
      expect(fieldsAsked(seen[0]!)).toEqual(['status']);
    }
  });

  // ------------------------------------------------------------ paging

  it('pages through every visible issue exactly once, in Jira’s order, with totalCount', async () => {
    const jql = 'project in (PROJ, MOB, OPS) ORDER BY updated DESC';
    const expected = await jiraOrder('alice', jql);
    const visible = store().data.issues.filter(
      (i) => ['PROJ', 'MOB', 'OPS'].includes(project(i) ?? '') && visibleTo('alice', i),
    );
    expect(expected).toHaveLength(visible.length);
    expect(expected.length).toBeGreaterThan(800);

    const { result, seen } = await watchJira(async () => {
      const keys: string[] = [];
      let after: string | null = null;
      let pages = 0;
      let totalCount: number | null = null;
      for (;;) {
        const res = await gw().gql(alice, SEARCH, { jql, first: 100, after });
        expect(res.body.errors).toBeUndefined();
        const { edges, pageInfo } = res.body.data.issues;
        if (pages === 0) totalCount = res.body.data.issues.totalCount;
        else if (flavor === 'datacenter') expect(res.body.data.issues.totalCount).toBe(totalCount);
        expect(pageInfo.hasPreviousPage).toBe(false);
        expect(pageInfo.startCursor).toBe(edges[0]?.cursor ?? null);
        expect(pageInfo.endCursor).toBe(edges.at(-1)?.cursor ?? null);
        keys.push(...edges.map((e: Edge) => e.node.key));
        pages += 1;
        if (!pageInfo.hasNextPage) break;
        after = pageInfo.endCursor;
      }
      return { keys, pages, totalCount };
    });
    expect(result.keys).toEqual(expected);
    expect(new Set(result.keys).size).toBe(result.keys.length);
    expect(result.pages).toBe(Math.ceil(expected.length / 100));
    expect(result.totalCount).toBe(expected.length);
    // One Jira request per page. Data Center's total comes with each page; Cloud asks
    // approximate-count, once: the later pages' identical count is served by the cache.
    const searches = seen.filter((r) => r.path === searchPath).length;
    expect(searches).toBe(result.pages);
    const counts = seen.filter((r) => r.path === `${api}/search/approximate-count`).length;
    expect(counts).toBe(flavor === 'cloud' ? 1 : 0);
    expect(seen).toHaveLength(searches + counts);
  });

  it('continues right after any edge’s cursor, not only the end cursor', async () => {
    const jql = 'project = MOB ORDER BY created ASC';
    const expected = await jiraOrder('alice', jql);
    const first = await gw().gql(alice, SEARCH, { jql, first: 10 });
    const edges: Edge[] = first.body.data.issues.edges;
    expect(edges.map((e) => e.node.key)).toEqual(expected.slice(0, 10));
    const middle = await gw().gql(alice, SEARCH, { jql, first: 4, after: edges[3]?.cursor });
    expect(middle.body.data.issues.edges.map((e: Edge) => e.node.key)).toEqual(expected.slice(4, 8));
    const next = await gw().gql(alice, SEARCH, {
      jql,
      first: 15,
      after: first.body.data.issues.pageInfo.endCursor,
    });
    expect(next.body.data.issues.edges.map((e: Edge) => e.node.key)).toEqual(expected.slice(10, 25));
    // A page that ends where the search ends says so.
    const tail = await gw().gql(alice, SEARCH, {
      jql,
      first: 100,
      after: next.body.data.issues.pageInfo.endCursor,
    });
    expect(tail.body.data.issues.edges.map((e: Edge) => e.node.key)).toEqual(expected.slice(25, 125));
    expect(tail.body.data.issues.pageInfo.hasNextPage).toBe(expected.length > 125);
  });

  it.runIf(flavor === 'datacenter')(
    'follows the maxResults Jira applies when an admin caps it below first',
    async () => {
      const jql = 'project = MOB ORDER BY key DESC';
      const expected = await jiraOrder('alice', jql);
      await fetch(`${gw().sandbox.url}/__sandbox/settings`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({ maxResultsCap: 30 }),
      });
      try {
        const keys: string[] = [];
        let after: string | null = null;
        for (;;) {
          const res = await gw().gql(alice, SEARCH, { jql, first: 100, after });
          const { edges, pageInfo } = res.body.data.issues;
          expect(edges.length).toBeLessThanOrEqual(30);
          expect(res.body.data.issues.totalCount).toBe(expected.length);
          keys.push(...edges.map((e: Edge) => e.node.key));
          if (!pageInfo.hasNextPage) break;
          after = pageInfo.endCursor;
        }
        expect(expected.length).toBeGreaterThan(60);
        expect(keys).toEqual(expected);
        // issue(key) batches larger than the cap take a request per capped page.
        const batch = expected.slice(0, 40);
        const { result, seen } = await watchJira(() =>
          gw().gql(alice, `{ ${batch.map((k, n) => `i${n}: issue(key: "${k}") { key }`).join(' ')} }`),
        );
        expect(seen).toHaveLength(2);
        expect(batch.map((_, n) => result.body.data[`i${n}`].key)).toEqual(batch);
      } finally {
        await fetch(`${gw().sandbox.url}/__sandbox/settings`, {
          method: 'POST',
          headers: { 'Content-Type': 'application/json' },
          body: JSON.stringify({ maxResultsCap: 1000 }),
        });
      }
    },
  );

  it('sends a long JQL in a POST body, and renders HTML for searched issues only when selected', async () => {
    const keys = store()
      .data.issues.filter((i) => visibleTo('alice', i))
      .slice(0, 300)
      .map((i) => i.key);
    const jql = `key in (${keys.join(', ')}) ORDER BY key DESC`;
    expect(jql.length).toBeGreaterThan(2000);
    const expected = await jiraOrder('alice', jql);
    const { result: res, seen } = await watchJira(() =>
      gw().gql(
        alice,
        `query ($jql: String!) { issues(jql: $jql, first: 50) {
           nodes { key descriptionRich { html } } pageInfo { endCursor } } }`,
        { jql },
      ),
    );
    expect(res.body.errors).toBeUndefined();
    expect(seen).toHaveLength(1);
    expect(seen[0]?.method).toBe('POST');
    expect(seen[0]?.path).toBe(searchPath);
    expect(fieldsAsked(seen[0]!)).toEqual(['description']);
    expect(expandAsked(seen[0]!)).toEqual(['renderedFields']);
    type Node = { key: string; descriptionRich: { html: string | null } | null };
    const nodes: Node[] = res.body.data.issues.nodes;
    expect(nodes.map((n) => n.key)).toEqual(expected.slice(0, 50));
    for (const node of nodes) {
      const wiki = byKey(node.key).description;
      expect(node.descriptionRich).toEqual(wiki === null ? null : { html: wikiToHtml(wiki) });
    }
    const next = await gw().gql(alice, SEARCH, {
      jql,
      first: 100,
      after: res.body.data.issues.pageInfo.endCursor,
    });
    expect(next.body.data.issues.edges.map((e: Edge) => e.node.key)).toEqual(expected.slice(50, 150));
  });

  it('refuses a cursor from another query, and garbage, without asking Jira', async () => {
    const one = await gw().gql(alice, SEARCH, { jql: 'project = PROJ ORDER BY key ASC', first: 2 });
    const cursor = one.body.data.issues.pageInfo.endCursor;
    expect(cursor).toEqual(expect.any(String));
    const { result, seen } = await watchJira(async () => [
      await gw().gql(alice, SEARCH, { jql: 'project = MOB ORDER BY key ASC', first: 2, after: cursor }),
      await gw().gql(alice, SEARCH, { jql: 'project = PROJ ORDER BY key ASC', first: 2, after: 'nope' }),
      await gw().gql(alice, SEARCH, { jql: 'project = PROJ ORDER BY key ASC', first: 101 }),
    ]);
    expect(seen).toHaveLength(0);
    for (const res of result) {
      expect(res.body.data).toBeNull();
      expect(res.body.errors[0].extensions.code).toBe('BAD_USER_INPUT');
    }
    expect(result[0]!.body.errors[0].message).toMatch(/another query/);
    // The same cursor pages its own query.
    const own = await gw().gql(alice, SEARCH, {
      jql: 'project = PROJ ORDER BY key ASC',
      first: 2,
      after: cursor,
    });
    expect(own.body.errors).toBeUndefined();
  });

  it('answers invalid JQL with BAD_USER_INPUT and Jira’s message', async () => {
    const unknown = await gw().gql(alice, SEARCH, { jql: 'project = NOPE' });
    expect(unknown.body.data).toBeNull();
    expect(unknown.body.errors[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', jiraStatus: 400 });
    expect(unknown.body.errors[0].message).toBe("The value 'NOPE' does not exist for the field 'project'.");
    const broken = await gw().gql(alice, SEARCH, { jql: 'status = ' });
    expect(broken.body.errors[0].extensions.code).toBe('BAD_USER_INPUT');
    expect(broken.body.errors[0].message).toMatch(/^Error in the JQL Query/);
  });

  // ------------------------------------------------------------ who sees what

  it('never shows a project-restricted token another project', async () => {
    const { secret } = await gw().token('alice', { scopes: ['issues:read'], projects: ['PROJ'] });
    const jql = 'project = OPS OR status = Done';
    const res = await gw().gql(secret, SEARCH, { jql, first: 100 });
    expect(res.body.errors).toBeUndefined();
    const keys = res.body.data.issues.edges.map((e: Edge) => e.node.key);
    const expected = await jiraOrder('alice', `project in ("PROJ") AND (${jql})`);
    expect(keys.length).toBeGreaterThan(0);
    expect(keys).toEqual(expected.slice(0, 100));
    expect(keys.every((k: string) => k.startsWith('PROJ-'))).toBe(true);
    expect(res.body.data.issues.totalCount).toBe(expected.length);

    // Brackets that would let the caller's OR escape are refused before Jira is asked.
    const { result: unsafe, seen } = await watchJira(() =>
      gw().gql(secret, SEARCH, { jql: 'status = Done) OR (project = OPS' }),
    );
    expect(seen).toHaveLength(0);
    expect(unsafe.body.errors[0].extensions.code).toBe('BAD_USER_INPUT');

    // An issue id says nothing about its project: Jira's answer is checked instead.
    const ops = find('OPS issue', (i) => project(i) === 'OPS' && i.securityLevelId === null);
    const byIssueId = await gw().gql(secret, `{ issue(key: "${ops.id}") { key } }`);
    expect(byIssueId.body.data.issue).toBeNull();
    expect(byIssueId.body.errors[0].extensions.code).toBe('NOT_FOUND');
    const unrestricted = await gw().gql(alice, `{ issue(key: "${ops.id}") { key } }`);
    expect(unrestricted.body.data.issue).toEqual({ key: ops.key });

    // Links into other projects are left out for it, shown to the unrestricted token.
    const linked = find('PROJ issue linked to another project', (i) => {
      if (project(i) !== 'PROJ') return false;
      return i.links.some((l) => {
        const other = store().issuesById.get(l.otherIssueId);
        return other !== undefined && project(other) !== 'PROJ' && visibleTo('alice', other);
      });
    });
    const links = `{ issue(key: "${linked.key}") { issueLinks { issue { key project { key } } } } }`;
    const mine = await gw().gql(secret, links);
    const all = await gw().gql(alice, links);
    type Link = { issue: { key: string; project: { key: string } } };
    const mineKeys = mine.body.data.issue.issueLinks.map((l: Link) => l.issue.project.key);
    const allKeys = all.body.data.issue.issueLinks.map((l: Link) => l.issue.project.key);
    expect(mineKeys.every((k: string) => k === 'PROJ')).toBe(true);
    expect(allKeys.some((k: string) => k !== 'PROJ')).toBe(true);
    for (const l of all.body.data.issue.issueLinks as Link[]) {
      expect(l.issue.key.split('-')[0]).toBe(l.issue.project.key);
    }
  });

  it('keeps alice’s and bob’s answers apart while the cache serves repeats', async () => {
    const jql = 'priority is not EMPTY ORDER BY created DESC';
    const ops = find('OPS issue', (i) => project(i) === 'OPS' && i.securityLevelId === null);
    const query = `query ($jql: String!) {
      issues(jql: $jql, first: 100) { totalCount edges { node { key summary } } }
      ops: issue(key: "${ops.key}") { key summary }
    }`;
    const expectedAlice = await jiraOrder('alice', jql);
    const expectedBob = await jiraOrder('bob', jql);
    for (let round = 0; round < 3; round++) {
      const { result, seen } = await watchJira(async () => [
        await gw().gql(alice, query, { jql }),
        await gw().gql(bob, query, { jql }),
      ]);
      const [a, b] = result;
      const aKeys = a!.body.data.issues.edges.map((e: Edge) => e.node.key);
      const bKeys = b!.body.data.issues.edges.map((e: Edge) => e.node.key);
      expect(aKeys).toEqual(expectedAlice.slice(0, 100));
      expect(bKeys).toEqual(expectedBob.slice(0, 100));
      expect(aKeys.some((k: string) => k.startsWith('OPS-'))).toBe(true);
      expect(bKeys.some((k: string) => k.startsWith('OPS-'))).toBe(false);
      expect(a!.body.data.issues.totalCount).toBe(expectedAlice.length);
      expect(b!.body.data.issues.totalCount).toBe(expectedBob.length);
      expect(a!.body.data.ops).toEqual({ key: ops.key, summary: ops.summary });
      expect(b!.body.data.ops).toBeNull();
      expect(b!.body.errors[0].extensions.code).toBe('NOT_FOUND');
      // The first round asks Jira; later rounds are served from each caller's own cache.
      if (round > 0) expect(seen).toHaveLength(0);
      else expect(seen.length).toBeGreaterThan(0);
    }
  });

  // ------------------------------------------------------------ fields

  it('answers descriptions as plain text, raw and rendered HTML, asking for HTML only when selected', async () => {
    const issue = find('PROJ issue with a wiki description', (i) => /^h2\. /m.test(i.description ?? ''));
    const wiki = issue.description!;
    const { result: res, seen } = await watchJira(() =>
      gw().gql(
        alice,
        `{ issue(key: "${issue.key}") { description descriptionRich { text raw format html } } }`,
      ),
    );
    expect(res.body.errors).toBeUndefined();
    expect(expandAsked(seen[0]!)).toEqual(['renderedFields']);
    expect(fieldsAsked(seen[0]!)).toEqual(['description']);
    const d = res.body.data.issue.descriptionRich;
    expect(res.body.data.issue.description).toBe(d.text);
    expect(d.html).toBe(wikiToHtml(wiki));
    expect(d.html).toContain('<h2>');
    expect(d.text).not.toContain('h2.');
    if (flavor === 'cloud') {
      expect(d.format).toBe('adf');
      expect(JSON.parse(d.raw)).toEqual(wikiToAdf(wiki));
      expect(d.text).toBe(adfText(wikiToAdf(wiki)));
    } else {
      expect(d.format).toBe('wiki');
      expect(d.raw).toBe(wiki);
      expect(d.text).toBe(wikiText(wiki));
    }
    const other = find('second described issue', (i) => i.description !== null && i.key !== issue.key);
    const { result: plain, seen: plainSeen } = await watchJira(() =>
      gw().gql(alice, `{ issue(key: "${other.key}") { descriptionRich { text format } } }`),
    );
    expect(plain.body.data.issue.descriptionRich.format).toBe(flavor === 'cloud' ? 'adf' : 'wiki');
    expect(expandAsked(plainSeen[0]!)).toEqual([]);
    const none = find('issue without description', (i) => i.description === null);
    const empty = await gw().gql(
      alice,
      `{ issue(key: "${none.key}") { description descriptionRich { text } } }`,
    );
    expect(empty.body.data.issue.description).toBeNull();
    expect(empty.body.data.issue.descriptionRich).toBeNull();
  });

  it('resolves every Issue field from one batched request, loading nested issues only when needed', async () => {
    const subtask = find('sub-task', (i) => i.parentId !== null && visibleTo('alice', byId(i.parentId)));
    const parent = byId(subtask.parentId!);
    const rich = find(
      'resolved issue with due date, components, versions, time tracking and links',
      (i) =>
        i.resolutionId !== null &&
        i.dueDate !== null &&
        i.componentIds.length > 0 &&
        i.fixVersionIds.length > 0 &&
        i.timeOriginalEstimate !== null &&
        i.timeSpent !== null &&
        i.labels.length > 0,
    );
    const linked = find('issue with visible links', (i) =>
      i.links.some((l) => visibleTo('alice', byId(l.otherIssueId))),
    );
    const open = find(
      'unresolved, unassigned issue',
      (i) => i.resolutionId === null && i.assigneeKey === null,
    );
    const fragment = `fragment All on Issue {
      id key summary
      status { id name description category }
      issueType { id name description subtask }
      priority { id name }
      resolution { id name description }
      assignee { accountId displayName } reporter { accountId displayName } creator { accountId displayName }
      project { id key name }
      created updated resolutionDate dueDate labels
      components { id name } fixVersions { id name }
      timeTracking { originalEstimate originalEstimateSeconds remainingEstimate remainingEstimateSeconds
                     timeSpent timeSpentSeconds }
      parent { key summary status { name } priority { name } issueType { name } }
      subtasks { key summary }
      issueLinks { id type direction relationship issue { key summary status { name } } }
    }`;
    const { result: res, seen } = await watchJira(() =>
      gw().gql(
        alice,
        `{ sub: issue(key: "${subtask.key}") { ...All } parent: issue(key: "${parent.key}") { ...All }
           rich: issue(key: "${rich.key}") { ...All } linked: issue(key: "${linked.key}") { ...All }
           open: issue(key: "${open.key}") { ...All } } ${fragment}`,
      ),
    );
    expect(res.body.errors).toBeUndefined();
    // Parents, sub-tasks and linked issues came embedded: one request for all five.
    expect(seen).toHaveLength(1);
    const data = res.body.data;
    for (const [alias, issue] of [
      ['sub', subtask],
      ['parent', parent],
      ['rich', rich],
      ['linked', linked],
      ['open', open],
    ] as const) {
      expectIssue(data[alias], issue);
    }
  });

  it('loads what Jira did not embed in a parent or linked issue, batched into one more request', async () => {
    const subtasks = store()
      .data.issues.filter(
        (i) => i.parentId !== null && visibleTo('alice', i) && visibleTo('alice', byId(i.parentId)),
      )
      .slice(0, 5);
    expect(subtasks.length).toBe(5);
    const query = `{ ${subtasks
      .map((s, n) => `s${n}: issue(key: "${s.key}") { key parent { key created reporter { displayName } } }`)
      .join(' ')} }`;
    const { result: res, seen } = await watchJira(() => gw().gql(alice, query));
    expect(res.body.errors).toBeUndefined();
    expect(seen).toHaveLength(2);
    expect(fieldsAsked(seen[1]!)).toEqual(['created', 'reporter']);
    subtasks.forEach((s, n) => {
      const parent = byId(s.parentId!);
      expect(res.body.data[`s${n}`].parent).toEqual({
        key: parent.key,
        created: new Date(parent.created).toISOString(),
        reporter: { displayName: displayName(parent.reporterKey) },
      });
    });
  });

  it('offers nodes beside edges, and answers an empty search', async () => {
    const res = await gw().gql(
      alice,
      `{ issues(jql: "project = MOB ORDER BY key ASC", first: 3) { nodes { key } edges { node { key } } }
         none: issues(jql: "project = MOB AND summary ~ \\"zzzqqqxxx\\"") {
           totalCount nodes { key } pageInfo { hasNextPage startCursor endCursor } } }`,
    );
    expect(res.body.errors).toBeUndefined();
    expect(res.body.data.issues.nodes).toEqual(res.body.data.issues.edges.map((e: Edge) => e.node));
    expect(res.body.data.issues.nodes).toHaveLength(3);
    expect(res.body.data.none).toEqual({
      totalCount: 0,
      nodes: [],
      pageInfo: { hasNextPage: false, startCursor: null, endCursor: null },
    });
  });

  it('asks worklogs:read for time tracking', async () => {
    const issue = find('issue with time spent', (i) => i.timeSpent !== null);
    const res = await gw().gql(
      aliceIssuesOnly,
      `{ issue(key: "${issue.key}") { key timeTracking { timeSpent } } }`,
    );
    expect(res.body.data.issue).toEqual({ key: issue.key, timeTracking: null });
    expect(res.body.errors[0].extensions).toEqual({
      code: 'INSUFFICIENT_SCOPE',
      requiredScopes: ['worklogs:read'],
    });
  });

  // ------------------------------------------------------------ expectations

  function byId(id: string): SandboxIssue {
    const issue = store().issuesById.get(id);
    if (!issue) throw new Error(`no issue ${id}`);
    return issue;
  }

  function userJson(key: string | null) {
    if (key === null) return null;
    const u = store().usersByKey.get(key)!;
    return { accountId: flavor === 'cloud' ? u.accountId : u.key, displayName: u.displayName };
  }

  function duration(seconds: number | null): string | null {
    return seconds === null ? null : formatDuration(seconds);
  }

  // biome-ignore lint/suspicious/noExplicitAny: a GraphQL answer, checked field by field
  function expectIssue(got: any, issue: SandboxIssue): void {
    const s = store();
    const status = s.statusesById.get(issue.statusId)!;
    const type = s.issueTypesById.get(issue.issueTypeId)!;
    const priority = s.prioritiesById.get(issue.priorityId)!;
    const resolution = issue.resolutionId === null ? null : s.resolutionsById.get(issue.resolutionId)!;
    const proj = s.projectsById.get(issue.projectId)!;
    const short = (i: SandboxIssue) => ({
      key: i.key,
      summary: i.summary,
      status: { name: s.statusesById.get(i.statusId)?.name },
    });
    expect(got).toEqual({
      id: issue.id,
      key: issue.key,
      summary: issue.summary,
      status: {
        id: status.id,
        name: status.name,
        description: status.description || null,
        category: status.categoryKey,
      },
      issueType: {
        id: type.id,
        name: type.name,
        description: type.description || null,
        subtask: type.subtask,
      },
      priority: { id: priority.id, name: priority.name },
      resolution: resolution && {
        id: resolution.id,
        name: resolution.name,
        description: resolution.description || null,
      },
      assignee: userJson(issue.assigneeKey),
      reporter: userJson(issue.reporterKey),
      creator: userJson(issue.creatorKey),
      project: { id: proj.id, key: proj.key, name: proj.name },
      created: new Date(issue.created).toISOString(),
      updated: new Date(issue.updated).toISOString(),
      resolutionDate: issue.resolutionDate === null ? null : new Date(issue.resolutionDate).toISOString(),
      dueDate: issue.dueDate,
      labels: issue.labels,
      components: issue.componentIds.map((id) => ({
        id,
        name: proj.components.find((c) => c.id === id)?.name,
      })),
      fixVersions: issue.fixVersionIds.map((id) => ({
        id,
        name: proj.versions.find((v) => v.id === id)?.name,
      })),
      timeTracking: {
        originalEstimate: duration(issue.timeOriginalEstimate),
        originalEstimateSeconds: issue.timeOriginalEstimate,
        remainingEstimate: duration(issue.timeEstimate),
        remainingEstimateSeconds: issue.timeEstimate,
        timeSpent: duration(issue.timeSpent),
        timeSpentSeconds: issue.timeSpent,
      },
      parent:
        issue.parentId === null
          ? null
          : (() => {
              const p = byId(issue.parentId);
              return {
                ...short(p),
                priority: { name: s.prioritiesById.get(p.priorityId)?.name },
                issueType: { name: s.issueTypesById.get(p.issueTypeId)?.name },
              };
            })(),
      subtasks: s.data.issues
        .filter((i) => i.parentId === issue.id && visibleTo('alice', i))
        .map((i) => ({ key: i.key, summary: i.summary })),
      issueLinks: issue.links
        .filter((l) => visibleTo('alice', byId(l.otherIssueId)))
        .map((l) => {
          const names: Record<string, [string, string]> = {
            Blocks: ['is blocked by', 'blocks'],
            Cloners: ['is cloned by', 'clones'],
            Duplicate: ['is duplicated by', 'duplicates'],
            Relates: ['relates to', 'relates to'],
          };
          const [inward, outward] = names[l.typeName] ?? [l.typeName, l.typeName];
          return {
            id: l.id,
            type: l.typeName,
            direction: l.outward ? 'OUTWARD' : 'INWARD',
            relationship: l.outward ? outward : inward,
            issue: short(byId(l.otherIssueId)),
          };
        }),
    });
  }
});
