// The export routes on both flavours against a 10,000-issue sandbox: every
// issue of the JQL once, in Jira's order, values agreeing with GraphQL; the
// token's project restriction (JQL narrowed, and every page checked on the
// way out); columns following the scopes; a Jira failure mid-stream ending in
// an error row or trailer; updatedSince; status history and worklogs; the
// budget. A proxy sits between gateway and sandbox to fail chosen requests.
import { parse } from 'csv-parse/sync';
import { authorizationFor } from 'jira-sandbox';
import { beforeAll, describe, expect, it } from 'vitest';
import { useGateway } from '../support/gateway.ts';
import { useJiraProxy } from '../support/jira-proxy.ts';

type Row = Record<string, string>;

interface ExportAnswer {
  status: number;
  headers: Headers;
  text: string;
}

/** A bounded JQL (Cloud refuses unbounded ones) matching every generated issue, newest first. */
const ALL = 'created >= -800d ORDER BY created DESC';

describe.each(['datacenter', 'cloud'] as const)('%s: exports', (flavor) => {
  const env: Record<string, string> = {};
  const proxy = useJiraProxy(() => gw().sandbox.url, env);
  const gw = useGateway({ flavor, issues: 10_000, env });
  const api = flavor === 'cloud' ? '/rest/api/3' : '/rest/api/2';
  const searchPath = flavor === 'cloud' ? `${api}/search/jql` : `${api}/search`;
  let admin = '';
  let alice = '';
  let aliceEmail = '';
  let proj = '';

  beforeAll(async () => {
    admin = (await gw().token('admin', { scopes: ['issues:read', 'worklogs:read'] })).secret;
    alice = (await gw().token('alice', { scopes: ['issues:read', 'worklogs:read'] })).secret;
    aliceEmail = (await gw().token('alice', { scopes: ['issues:read', 'users:email'] })).secret;
    proj = (await gw().token('alice', { scopes: ['issues:read'], projects: ['PROJ'] })).secret;
  });

  const basic = (secret: string) => `Basic ${Buffer.from(`excel:${secret}`).toString('base64')}`;

  async function get(path: string, secret: string | null, params: Record<string, string> = {}) {
    const url = new URL(`${gw().gateway.url}${path}`);
    for (const [k, v] of Object.entries(params)) url.searchParams.set(k, v);
    const headers: Record<string, string> = secret === null ? {} : { Authorization: `Bearer ${secret}` };
    const res = await fetch(url, { headers });
    return { status: res.status, headers: res.headers, text: await res.text() } satisfies ExportAnswer;
  }

  /** Rows as objects keyed by the header (a '#ERROR' row keeps its cells under the first columns). */
  function csvRows(text: string): { header: string[]; rows: Row[] } {
    const records = parse(text, { bom: true, relax_column_count: true }) as string[][];
    const [header = [], ...data] = records;
    return {
      header,
      rows: data.map((cells) => Object.fromEntries(header.map((h, i) => [h, cells[i] ?? '']))),
    };
  }

  /** The keys Jira itself answers for the JQL, paged directly with the user's own Jira credential. */
  async function directKeys(user: string, jql: string): Promise<string[]> {
    const authorization = authorizationFor(flavor, gw().sandboxUser(user));
    const keys: string[] = [];
    let startAt = 0;
    let token: string | null = null;
    for (;;) {
      const url = new URL(`${gw().sandbox.url}${searchPath}`);
      url.searchParams.set('jql', jql);
      url.searchParams.set('fields', 'key');
      url.searchParams.set('maxResults', flavor === 'cloud' ? '5000' : '1000');
      if (flavor === 'cloud' && token) url.searchParams.set('nextPageToken', token);
      if (flavor === 'datacenter') url.searchParams.set('startAt', String(startAt));
      const body = (await (await fetch(url, { headers: { authorization } })).json()) as {
        issues: { key: string }[];
        total?: number;
        nextPageToken?: string;
      };
      keys.push(...body.issues.map((i) => i.key));
      if (flavor === 'cloud') {
        if (!body.nextPageToken) return keys;
        token = body.nextPageToken;
      } else {
        startAt += body.issues.length;
        if (body.issues.length === 0 || startAt >= (body.total ?? 0)) return keys;
      }
    }
  }

  it('exports all 10,000 issues once each in Jira’s order, with values that GraphQL agrees with (Basic auth)', async () => {
    const fields = 'key,summary,status,assignee,created,updated,labels,Story Points,timespent';
    const url = new URL(`${gw().gateway.url}/export/issues.csv`);
    url.searchParams.set('jql', ALL);
    url.searchParams.set('fields', fields);
    url.searchParams.set('bom', 'true');
    const res = await fetch(url, { headers: { Authorization: basic(admin) } });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/csv/);
    const bytes = Buffer.from(await res.arrayBuffer());
    // fetch's text() would drop the byte order mark: look at the bytes.
    expect([...bytes.subarray(0, 7)]).toEqual([0xef, 0xbb, 0xbf, ...Buffer.from('key,')]);
    const text = bytes.toString('utf8');
    const { header, rows } = csvRows(text);
    expect(header).toEqual([
      'key',
      'summary',
      'status',
      'status.category',
      'assignee',
      'assignee.id',
      'created',
      'updated',
      'labels',
      'Story Points',
      'timeSpent.seconds',
      'timeSpent.hours',
    ]);
    const keys = rows.map((r) => r.key);
    expect(keys).toHaveLength(10_000);
    expect(new Set(keys).size).toBe(10_000);
    expect(keys).toEqual(await directKeys('admin', ALL));

    const sample = [0, 1234, 4999, 7777, 9999].map((i) => rows[i] as Row);
    for (const row of sample) {
      const answer = await gw().gql(
        admin,
        `query($key: String!) { issue(key: $key) { key summary status { name } assignee { displayName accountId }
           created updated labels timeTracking { timeSpentSeconds } customFields(names: ["Story Points"]) { number } } }`,
        { key: row.key },
      );
      const issue = answer.body.data.issue;
      expect(row.summary).toBe(issue.summary);
      expect(row.status).toBe(issue.status.name);
      expect(row.assignee).toBe(issue.assignee?.displayName ?? '');
      expect(row['assignee.id']).toBe(issue.assignee?.accountId ?? '');
      expect(row.created).toBe(issue.created);
      expect(row.updated).toBe(issue.updated);
      expect(row.labels).toBe(issue.labels.join(';'));
      const points = issue.customFields[0]?.number;
      expect(row['Story Points']).toBe(points === null || points === undefined ? '' : String(points));
      const spent = issue.timeTracking?.timeSpentSeconds;
      expect(row['timeSpent.seconds']).toBe(spent === null || spent === undefined ? '' : String(spent));
      if (spent) expect(Number(row['timeSpent.hours'])).toBeCloseTo(spent / 3600, 3);
    }
  });

  it('a project-restricted token exports only its projects, whatever the JQL tries', async () => {
    const jql = 'project = MOB OR project = OPS OR project = PROJ ORDER BY key DESC';
    const res = await get('/export/issues.jsonl', proj, { jql, fields: 'key,project' });
    expect(res.status).toBe(200);
    const lines = res.text
      .trimEnd()
      .split('\n')
      .map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(lines.length).toBeGreaterThan(1000);
    expect(lines.every((l) => l.project === 'PROJ')).toBe(true);
    expect(lines.map((l) => l.key)).toEqual(await directKeys('alice', 'project = PROJ ORDER BY key DESC'));

    for (const attempt of [
      'project = PROJ) OR (project = MOB',
      'project = PROJ ORDER BY key, (project = MOB',
    ]) {
      const refused = await get('/export/issues.csv', proj, { jql: attempt });
      expect(refused.status, attempt).toBe(400);
      expect(JSON.parse(refused.text).errors[0].extensions.code).toBe('BAD_USER_INPUT');
    }
  });

  it('withholds an answer holding an issue outside the token’s projects (checked on the way out)', async () => {
    const stray = JSON.stringify({
      startAt: 0,
      maxResults: 1000,
      total: 1,
      isLast: true,
      issues: [{ id: '99999', key: 'OPS-9', fields: { project: { key: 'OPS' }, summary: 'secret' } }],
    });
    proxy().intercept = (req) => (req.url?.startsWith(searchPath) ? { status: 200, body: stray } : null);
    try {
      const res = await get('/export/issues.csv', proj, { jql: 'project = PROJ', fields: 'key,summary' });
      expect(res.status).toBe(403);
      expect(JSON.parse(res.text).errors[0].extensions.code).toBe('FORBIDDEN');
      expect(res.text).not.toContain('OPS-9');
      expect(res.text).not.toContain('secret');
    } finally {
      proxy().intercept = null;
    }
  });

  it('has an email column only for a token with users:email, here and in GET /export', async () => {
    const jql = 'project = PROJ ORDER BY key';
    const without = csvRows((await get('/export/issues.csv', alice, { jql, fields: 'key,assignee' })).text);
    expect(without.header).toEqual(['key', 'assignee', 'assignee.id']);
    const withEmail = csvRows(
      (await get('/export/issues.csv', aliceEmail, { jql, fields: 'key,assignee' })).text,
    );
    expect(withEmail.header).toEqual(['key', 'assignee', 'assignee.id', 'assignee.email']);
    expect(withEmail.rows.some((r) => r['assignee.email']?.includes('@'))).toBe(true);

    const listing = JSON.parse((await get('/export', alice)).text) as {
      fields: { name: string; columns: string[]; available: boolean }[];
    };
    const assignee = listing.fields.find((f) => f.name === 'assignee');
    expect(assignee?.columns).toEqual(['assignee', 'assignee.id']);
    expect(listing.fields.find((f) => f.name === 'Story Points')?.available).toBe(true);
    const emailListing = JSON.parse((await get('/export', aliceEmail)).text) as typeof listing;
    expect(emailListing.fields.find((f) => f.name === 'assignee')?.columns).toContain('assignee.email');
    // Time tracking needs worklogs:read: listed, not available, and refused when asked for.
    expect(emailListing.fields.find((f) => f.name === 'timespent')?.available).toBe(false);
    const refused = await get('/export/issues.csv', aliceEmail, { jql, fields: 'key,timespent' });
    expect(refused.status).toBe(403);
    expect(JSON.parse(refused.text).errors[0].extensions).toEqual({
      code: 'INSUFFICIENT_SCOPE',
      requiredScopes: ['worklogs:read'],
    });
  });

  it('ends with an error row (CSV) or trailer (JSONL) when Jira fails mid-stream', async () => {
    for (const format of ['csv', 'jsonl'] as const) {
      let searches = 0;
      proxy().intercept = (req) =>
        req.url?.startsWith(searchPath) && ++searches === 3
          ? { status: 500, body: JSON.stringify({ errorMessages: ['Jira fell over'], errors: {} }) }
          : null;
      try {
        const res = await get(`/export/issues.${format}`, admin, { jql: ALL, fields: 'key,summary' });
        expect(res.status).toBe(200);
        const pageSize = flavor === 'cloud' ? 100 : 1000;
        if (format === 'csv') {
          const { rows } = csvRows(res.text);
          expect(rows).toHaveLength(2 * pageSize + 1);
          expect(rows.at(-1)).toMatchObject({ key: '#ERROR', summary: 'UPSTREAM_UNAVAILABLE' });
        } else {
          const lines = res.text
            .trimEnd()
            .split('\n')
            .map((l) => JSON.parse(l) as Record<string, unknown>);
          expect(lines).toHaveLength(2 * pageSize + 1);
          expect(lines.at(-1)).toEqual({
            '#error': { code: 'UPSTREAM_UNAVAILABLE', message: expect.stringContaining('500') },
          });
        }
      } finally {
        proxy().intercept = null;
      }
    }
  });

  it('updatedSince returns only the issues updated since then', async () => {
    const store = gw().sandbox.store;
    const aliceUser = gw().sandboxUser('alice');
    const visible = store.data.issues.filter(
      (i) => i.projectId === '10000' && store.canSeeIssue(aliceUser, i),
    );
    const times = visible.map((i) => i.updated).sort((a, b) => a - b);
    const since = times[Math.floor(times.length * 0.8)] as number;
    const expected = visible.filter((i) => i.updated >= since).map((i) => i.key);
    const res = await get('/export/issues.csv', alice, {
      jql: 'project = PROJ ORDER BY key',
      fields: 'key,updated',
      updatedSince: new Date(since).toISOString(),
    });
    expect(res.status).toBe(200);
    const { rows } = csvRows(res.text);
    expect(rows.map((r) => r.key).sort()).toEqual([...expected].sort());
    expect(rows.every((r) => Date.parse(r.updated as string) >= since)).toBe(true);
    const bad = await get('/export/issues.csv', alice, { jql: 'project = PROJ', updatedSince: 'yesterday' });
    expect(bad.status).toBe(400);
  });
});
