// An issue's comments, worklogs, changelog and transitions, on both flavours:
// served from what the issue search already embedded (counted with the
// sandbox's request stats), paged past it, rich text as text/raw/html, and
// comments:read / worklogs:read enforced per field.

import { availableTransitions, formatDuration, type SandboxIssue, wikiToAdf, wikiToHtml } from 'jira-sandbox';
import { beforeAll, describe, expect, it } from 'vitest';
import { createJiraReader } from '../../src/jira/reader.ts';
import type { GatewayContext } from '../../src/request-context.ts';
import { commentsConnection, encodeCursor } from '../../src/schema/issue/activity.ts';
import { plainText } from '../../src/schema/rich-text.ts';
import { useGateway } from '../support/gateway.ts';

const MARKUP = 'h3. Release notes\n*Bold* move and {{code}} here';
/** Worklogs added to one issue: more than the 20 Jira embeds in the issue. */
const EXTRA_WORKLOGS = 23;

interface Stats {
  requests: number;
  byRoute: Record<string, number>;
}

describe.each(['datacenter', 'cloud'] as const)('%s: issue activity', (flavor) => {
  // No read cache: every count below is what one cold request costs.
  const gw = useGateway({ flavor, env: { JGG_CACHE_TTL_MS: '0' } });
  let full = '';
  let issuesOnly = '';
  /** An issue with several comments (one of them with markup added here). */
  let commented: SandboxIssue;
  /** An issue with more worklogs than Jira embeds. */
  let logged: SandboxIssue;

  const store = () => gw().sandbox.store;
  const api = () => (flavor === 'cloud' ? '/rest/api/3' : '/rest/api/2');

  async function sandboxPost(path: string, body: unknown): Promise<void> {
    const admin = gw().sandboxUser('admin');
    const auth =
      flavor === 'cloud'
        ? `Basic ${Buffer.from(`${admin.emailAddress}:${admin.token}`).toString('base64')}`
        : `Bearer ${admin.token}`;
    const res = await fetch(`${gw().sandbox.url}${path}`, {
      method: 'POST',
      headers: { Authorization: auth, 'Content-Type': 'application/json' },
      body: JSON.stringify(body),
    });
    if (res.status !== 201) throw new Error(`${path}: ${res.status} ${await res.text()}`);
  }

  async function reset(): Promise<void> {
    await fetch(`${gw().sandbox.url}/__sandbox/reset`, { method: 'POST' });
  }

  async function stats(): Promise<Stats> {
    return (await (await fetch(`${gw().sandbox.url}/__sandbox/stats`)).json()) as Stats;
  }

  /** The query's answer and what it cost in Jira requests. */
  async function measured(secret: string, query: string) {
    await reset();
    const res = await gw().gql(secret, query);
    return { res, cost: await stats() };
  }

  const routes = (s: Stats, part: string) =>
    Object.entries(s.byRoute)
      .filter(([route]) => route.includes(part))
      .reduce((n, [, count]) => n + count, 0);

  /** The text the gateway shows for a body the sandbox stores as wiki markup. */
  const textOf = (wiki: string) => plainText(flavor === 'cloud' ? wikiToAdf(wiki) : wiki);
  const displayName = (key: string | null) => (key ? store().usersByKey.get(key)?.displayName : undefined);

  function issueByKey(key: string): SandboxIssue {
    const issue = store().findIssue(key);
    if (!issue) throw new Error(`no issue ${key}`);
    return issue;
  }

  beforeAll(async () => {
    full = (await gw().token('admin', { scopes: ['issues:read', 'comments:read', 'worklogs:read'] })).secret;
    issuesOnly = (await gw().token('admin', { scopes: ['issues:read'] })).secret;
    const issues = store().data.issues;
    commented = issues.find((i) => i.key.startsWith('PROJ-') && i.comments.length >= 3) as SandboxIssue;
    logged = issues.find((i) => i.key.startsWith('MOB-') && i.worklogs.length >= 1) as SandboxIssue;
    await sandboxPost(`/rest/api/2/issue/${commented.key}/comment`, { body: MARKUP });
    for (let n = 0; n < EXTRA_WORKLOGS; n++) {
      await sandboxPost(`/rest/api/2/issue/${logged.key}/worklog`, {
        timeSpentSeconds: 600 * (n + 1),
        comment: n % 2 === 0 ? `Worked on *part* ${n}` : '',
      });
    }
  });

  it('answers the comments of 50 issues from the search alone (at most 2 Jira requests)', async () => {
    const { res, cost } = await measured(
      full,
      `{ issues(jql: "project = PROJ ORDER BY key ASC", first: 50) { edges { node { key
           comments(first: 5) { totalCount edges { node { body { text } author { displayName } } } } } } } }`,
    );
    expect(res.body.errors).toBeUndefined();
    expect(cost.requests).toBeLessThanOrEqual(2);
    expect(routes(cost, '/comment')).toBe(0);
    const nodes = res.body.data.issues.edges.map((e: { node: unknown }) => e.node);
    expect(nodes).toHaveLength(50);
    let seen = 0;
    for (const node of nodes) {
      const issue = issueByKey(node.key);
      expect(node.comments.totalCount).toBe(issue.comments.length);
      expect(
        node.comments.edges.map(
          (e: { node: { body: { text: string }; author: { displayName: string } } }) => [
            e.node.body.text,
            e.node.author.displayName,
          ],
        ),
      ).toEqual(issue.comments.slice(0, 5).map((c) => [textOf(c.body), displayName(c.authorKey)]));
      seen += node.comments.edges.length;
    }
    expect(seen).toBeGreaterThan(0);
  });

  it('pages comments with first and after, oldest first', async () => {
    const issue = issueByKey(commented.key);
    expect(issue.comments.length).toBeGreaterThanOrEqual(4);
    const ids: string[] = [];
    let after: string | null = null;
    for (;;) {
      const res = await gw().gql(
        full,
        `query($after: String) { issue(key: "${issue.key}") { comments(first: 1, after: $after) {
           totalCount pageInfo { hasNextPage hasPreviousPage endCursor } edges { cursor node { id } } } } }`,
        { after },
      );
      expect(res.body.errors).toBeUndefined();
      const c = res.body.data.issue.comments;
      expect(c.totalCount).toBe(issue.comments.length);
      expect(c.edges).toHaveLength(1);
      expect(c.pageInfo.hasPreviousPage).toBe(after !== null);
      ids.push(c.edges[0].node.id);
      if (!c.pageInfo.hasNextPage) break;
      after = c.pageInfo.endCursor;
      expect(ids.length).toBeLessThan(20);
    }
    expect(ids).toEqual(issue.comments.map((c) => c.id));
  });

  it('reads /comment only for a window the embedded page does not hold', async () => {
    const issue = issueByKey(commented.key);
    const services = gw().gateway.runtime.services;
    const admin = gw().sandboxUser('admin');
    const identity = await services.store.findIdentity(flavor === 'cloud' ? admin.accountId : admin.name);
    if (!identity) throw new Error('admin is not linked');
    const ctx = {
      session: { identity },
      jira: createJiraReader({
        client: services.jira,
        credential: () => services.identities.credentialOf(identity),
        scopeKey: 'issue-activity-test',
        partition: 'issue-activity-test',
        cache: null,
      }),
      loaders: new Map(),
      services,
    } as unknown as GatewayContext;
    // An issue JSON as a Jira that embeds only the first comment would send it.
    const first = issue.comments[0]!;
    const json = {
      id: issue.id,
      key: issue.key,
      fields: {
        comment: {
          startAt: 0,
          maxResults: 1,
          total: issue.comments.length,
          comments: [{ id: first.id, body: first.body, created: '2026-01-01T00:00:00.000+0000' }],
        },
      },
    };
    await reset();
    const head = await commentsConnection(json, { first: 1 }, ctx, false);
    expect(head.edges.map((e) => e.node.raw.id)).toEqual([first.id]);
    expect((await stats()).requests).toBe(0);

    const rest = await commentsConnection(json, { first: 2, after: head.pageInfo.endCursor }, ctx, true);
    const again = await commentsConnection(json, { first: 2, after: head.pageInfo.endCursor }, ctx, true);
    expect(again.edges.map((e) => e.node.raw.id)).toEqual(rest.edges.map((e) => e.node.raw.id));
    const cost = await stats();
    expect(cost.requests).toBe(1);
    expect(cost.byRoute[`GET ${api()}/issue/{issueIdOrKey}/comment`]).toBe(1);
    expect(rest.totalCount).toBe(issue.comments.length);
    expect(rest.edges.map((e) => e.node.raw.id)).toEqual(issue.comments.slice(1, 3).map((c) => c.id));
    expect(rest.edges.map((e) => e.node.html)).toEqual(
      issue.comments.slice(1, 3).map((c) => wikiToHtml(c.body)),
    );
    expect(rest.edges[0]?.cursor).toBe(encodeCursor('comment', 1));
    expect(rest.pageInfo).toMatchObject({ hasPreviousPage: true, hasNextPage: issue.comments.length > 3 });
  });

  it('shows bodies as text, raw and html on both flavours', async () => {
    const issue = issueByKey(commented.key);
    const last = issue.comments.at(-1)!;
    expect(last.body).toBe(MARKUP);
    const { res, cost } = await measured(
      full,
      `{ issue(key: "${issue.key}") { comments(first: 10) { edges { node { id body { text raw format html } } } } } }`,
    );
    expect(res.body.errors).toBeUndefined();
    expect(cost.requests).toBeLessThanOrEqual(2);
    const node = res.body.data.issue.comments.edges.at(-1).node;
    expect(node.id).toBe(last.id);
    expect(node.body.text).toBe('Release notes\nBold move and code here');
    expect(node.body.html).toBe(wikiToHtml(MARKUP));
    if (flavor === 'cloud') {
      expect(node.body.format).toBe('adf');
      expect(JSON.parse(node.body.raw)).toMatchObject({ type: 'doc', version: 1 });
    } else {
      expect(node.body.format).toBe('wiki');
      expect(node.body.raw).toBe(MARKUP);
    }
  });

  it('renders html for 50 issues with at most one request more than text', async () => {
    const jql = 'project = MOB ORDER BY key ASC';
    const text = await measured(
      full,
      `{ issues(jql: "${jql}", first: 50) { edges { node { key comments(first: 5) { edges { node { body { text } } } } } } } }`,
    );
    const html = await measured(
      full,
      `{ issues(jql: "${jql}", first: 50) { edges { node { key comments(first: 5) { edges { node { body { html } } } } } } } }`,
    );
    expect(html.res.body.errors).toBeUndefined();
    expect(html.cost.requests).toBeLessThanOrEqual(text.cost.requests + 1);
    expect(routes(html.cost, '/comment')).toBe(0);
    for (const { node } of html.res.body.data.issues.edges) {
      const issue = issueByKey(node.key);
      expect(node.comments.edges.map((e: { node: { body: { html: string } } }) => e.node.body.html)).toEqual(
        issue.comments.slice(0, 5).map((c) => wikiToHtml(c.body)),
      );
    }
  });

  it('answers worklogs from the search, and pages past the 20 Jira embeds', async () => {
    const { res, cost } = await measured(
      full,
      `{ issues(jql: "project = PROJ ORDER BY key DESC", first: 50) { edges { node { key
           worklogs(first: 5) { totalCount edges { node { id timeSpentSeconds timeSpent started author { displayName } } } } } } } }`,
    );
    expect(res.body.errors).toBeUndefined();
    expect(cost.requests).toBeLessThanOrEqual(2);
    expect(routes(cost, '/worklog')).toBe(0);
    for (const { node } of res.body.data.issues.edges) {
      const issue = issueByKey(node.key);
      expect(node.worklogs.totalCount).toBe(issue.worklogs.length);
      expect(node.worklogs.edges.map((e: { node: unknown }) => e.node)).toEqual(
        issue.worklogs.slice(0, 5).map((w) => ({
          id: w.id,
          timeSpentSeconds: w.timeSpentSeconds,
          timeSpent: formatDuration(w.timeSpentSeconds),
          started: new Date(w.started).toISOString(),
          author: { displayName: displayName(w.authorKey) },
        })),
      );
    }

    const issue = issueByKey(logged.key);
    const total = issue.worklogs.length;
    expect(total).toBeGreaterThan(20);
    const head = await gw().gql(
      full,
      `{ issue(key: "${issue.key}") { worklogs(first: 20) { pageInfo { endCursor hasNextPage } edges { node { id } } } } }`,
    );
    expect(head.body.data.issue.worklogs.pageInfo.hasNextPage).toBe(true);
    const { res: tail, cost: tailCost } = await measured(
      full,
      `{ issue(key: "${issue.key}") { worklogs(first: 50, after: "${head.body.data.issue.worklogs.pageInfo.endCursor}") {
           totalCount pageInfo { hasNextPage } edges { node { id timeSpentSeconds comment { text html } } } } } }`,
    );
    expect(tail.body.errors).toBeUndefined();
    expect(routes(tailCost, '/worklog')).toBe(1);
    const page = tail.body.data.issue.worklogs;
    expect(page.totalCount).toBe(total);
    expect(page.pageInfo.hasNextPage).toBe(false);
    expect(page.edges.map((e: { node: { id: string } }) => e.node.id)).toEqual(
      issue.worklogs.slice(20).map((w) => w.id),
    );
    const added = page.edges.at(-1).node;
    const lastLog = issue.worklogs.at(-1)!;
    expect(added.timeSpentSeconds).toBe(lastLog.timeSpentSeconds);
    // Worklogs past the embedded page come from /worklog, which Jira does not render.
    expect(added.comment === null ? null : added.comment.text).toBe(
      lastLog.comment === '' ? null : textOf(lastLog.comment),
    );
    expect(
      page.edges.every((e: { node: { comment: { html: unknown } | null } }) => !e.node.comment?.html),
    ).toBe(true);
  });

  it('renders worklog comments of the embedded page', async () => {
    const issue = issueByKey(logged.key);
    const res = await gw().gql(
      full,
      `{ issue(key: "${issue.key}") { worklogs(first: 20) { edges { node { id comment { text html } } } } } }`,
    );
    expect(res.body.errors).toBeUndefined();
    const edges = res.body.data.issue.worklogs.edges;
    expect(edges.map((e: { node: { id: string } }) => e.node.id)).toEqual(
      issue.worklogs.slice(0, 20).map((w) => w.id),
    );
    for (const [i, e] of edges.entries()) {
      const w = issue.worklogs[i]!;
      if (w.comment === '') expect(e.node.comment).toBeNull();
      else expect(e.node.comment).toEqual({ text: textOf(w.comment), html: wikiToHtml(w.comment) });
    }
  });

  it('answers the changelog as the sandbox recorded it, paged', async () => {
    const issue = store().data.issues.find((i) => i.changelog.length >= 3) as SandboxIssue;
    const res = await gw().gql(
      full,
      `{ issue(key: "${issue.key}") { changelog(first: 100) { totalCount edges { node {
           id created author { displayName } items { field fieldType from fromString to toString } } } } } }`,
    );
    expect(res.body.errors).toBeUndefined();
    const userFields = new Set(['assignee', 'reporter', 'creator']);
    const userId = (field: string, key: string | null) =>
      key !== null && flavor === 'cloud' && userFields.has(field)
        ? (store().usersByKey.get(key)?.accountId ?? key)
        : key;
    expect(res.body.data.issue.changelog.totalCount).toBe(issue.changelog.length);
    expect(res.body.data.issue.changelog.edges.map((e: { node: unknown }) => e.node)).toEqual(
      issue.changelog.map((h) => ({
        id: h.id,
        created: new Date(h.created).toISOString(),
        author: h.authorKey ? { displayName: displayName(h.authorKey) } : null,
        items: h.items.map((item) => ({
          field: item.field,
          fieldType: item.fieldtype,
          from: userId(item.fieldId ?? item.field, item.from),
          fromString: item.fromString,
          to: userId(item.fieldId ?? item.field, item.to),
          toString: item.toString,
        })),
      })),
    );

    const first = await gw().gql(
      full,
      `{ issue(key: "${issue.key}") { changelog(first: 1) { pageInfo { endCursor hasNextPage } edges { node { id } } } } }`,
    );
    const cursor = first.body.data.issue.changelog.pageInfo.endCursor;
    expect(first.body.data.issue.changelog.pageInfo.hasNextPage).toBe(true);
    const second = await gw().gql(
      full,
      `{ issue(key: "${issue.key}") { changelog(first: 1, after: "${cursor}") { edges { node { id } } } } }`,
    );
    expect(second.body.data.issue.changelog.edges[0].node.id).toBe(issue.changelog[1]!.id);
  });

  it('offers the transitions of the workflow from the current status', async () => {
    const byStatus = new Map<string, SandboxIssue>();
    for (const i of store().data.issues)
      if (i.securityLevelId === null && !byStatus.has(i.statusId)) byStatus.set(i.statusId, i);
    expect(byStatus.size).toBeGreaterThan(1);
    for (const issue of byStatus.values()) {
      const res = await gw().gql(
        issuesOnly,
        `{ issue(key: "${issue.key}") { transitions { id name hasScreen isGlobal to { id name } } } }`,
      );
      expect(res.body.errors).toBeUndefined();
      expect(res.body.data.issue.transitions).toEqual(
        availableTransitions(issue, store()).map((t) => ({
          id: t.id,
          name: t.name,
          hasScreen: false,
          isGlobal: t.fromStatusIds.length === 0,
          to: { id: t.toStatusId, name: store().statusesById.get(t.toStatusId)?.name },
        })),
      );
    }
  });

  it('answers INSUFFICIENT_SCOPE for comments and worklogs without their scopes, and the rest of the issue', async () => {
    const issue = issueByKey(commented.key);
    const res = await gw().gql(
      issuesOnly,
      `{ issue(key: "${issue.key}") { key summary comments(first: 1) { totalCount } worklogs(first: 1) { totalCount }
           changelog(first: 1) { totalCount } } }`,
    );
    expect(res.body.data.issue).toMatchObject({
      key: issue.key,
      summary: issue.summary,
      comments: null,
      worklogs: null,
      changelog: { totalCount: issue.changelog.length },
    });
    const errors = res.body.errors.map((e: { path: string[]; extensions: unknown }) => [
      e.path,
      e.extensions,
    ]);
    expect(errors).toEqual(
      expect.arrayContaining([
        [['issue', 'comments'], { code: 'INSUFFICIENT_SCOPE', requiredScopes: ['comments:read'] }],
        [['issue', 'worklogs'], { code: 'INSUFFICIENT_SCOPE', requiredScopes: ['worklogs:read'] }],
      ]),
    );
    expect(errors).toHaveLength(2);
  });

  it('refuses a cursor it did not write', async () => {
    const issue = issueByKey(commented.key);
    for (const after of ['nonsense', encodeCursor('worklog', 0)]) {
      const res = await gw().gql(
        full,
        `{ issue(key: "${issue.key}") { key comments(first: 1, after: "${after}") { totalCount } } }`,
      );
      expect(res.body.errors[0].extensions.code).toBe('BAD_USER_INPUT');
      expect(res.body.data.issue.key).toBe(issue.key);
    }
  });
});
