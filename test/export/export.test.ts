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
    proxy().seen.length = 0;
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
    // Full pages, past Data Center's 1,000 cap and Cloud's 100, plus one field catalogue read for Story Points.
    expect(proxy().seen.filter((r) => r === `GET ${searchPath}`)).toHaveLength(flavor === 'cloud' ? 100 : 10);
    expect(proxy().seen.filter((r) => r === `GET ${api}/field`)).toHaveLength(1);
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

    // The other exports narrow the same way.
    const recent = 'project = MOB OR project = OPS OR project = PROJ AND created >= -60d';
    const history = csvRows((await get('/export/status-history.csv', proj, { jql: recent })).text);
    expect(history.rows.length).toBeGreaterThan(20);
    expect(history.rows.every((r) => r.key?.startsWith('PROJ-'))).toBe(true);

    for (const attempt of [
      'project = PROJ) OR (project = MOB',
      'project = PROJ ORDER BY key, (project = MOB',
    ]) {
      const refused = await get('/export/issues.csv', proj, { jql: attempt });
      expect(refused.status, attempt).toBe(400);
      expect(JSON.parse(refused.text).errors[0].extensions.code).toBe('BAD_USER_INPUT');
    }
  });

  it('reads Jira as the token’s own user: bob’s export holds what Jira shows bob, no OPS issue', async () => {
    const bob = (await gw().token('bob', { scopes: ['issues:read'] })).secret;
    const jql = 'created >= -100d ORDER BY key';
    const { rows } = csvRows((await get('/export/issues.csv', bob, { jql, fields: 'key' })).text);
    expect(rows.length).toBeGreaterThan(100);
    expect(rows.some((r) => r.key?.startsWith('OPS-'))).toBe(false);
    expect(rows.map((r) => r.key)).toEqual(await directKeys('bob', jql));
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

  it('status history: one row per status change, as GraphQL’s Issue.statusHistory and timeInStatus tell it', async () => {
    const store = gw().sandbox.store;
    const aliceUser = gw().sandboxUser('alice');
    const issues = store.data.issues
      .filter((i) => i.projectId === '10000' && store.canSeeIssue(aliceUser, i))
      .sort((a, b) => Number(a.key.split('-')[1]) - Number(b.key.split('-')[1]));
    const statusChanges = (i: (typeof issues)[number]) =>
      i.changelog.filter((h) => h.items.some((item) => (item.fieldId ?? item.field) === 'status')).length;
    proxy().seen.length = 0;
    const res = await get('/export/status-history.csv', alice, { jql: 'project = PROJ ORDER BY key ASC' });
    expect(res.status).toBe(200);
    const { header, rows } = csvRows(res.text);
    expect(header).toEqual(['key', 'from', 'to', 'at', 'by', 'by.id', 'secondsInFrom', 'hoursInFrom']);
    expect(rows).toHaveLength(issues.reduce((n, i) => n + statusChanges(i), 0));
    // Cloud reads the histories in bulk, one request per page of issues, not one per issue.
    if (flavor === 'cloud') {
      expect(proxy().seen.filter((r) => r === 'POST /rest/api/3/changelog/bulkfetch').length).toBe(
        Math.ceil(issues.length / 100),
      );
    }
    const sample = issues.find((i) => statusChanges(i) >= 2);
    expect(sample).toBeDefined();
    const key = sample?.key as string;
    const answer = await gw().gql(
      alice,
      `query($key: String!) { issue(key: $key) { created status { name }
         statusHistory { from to at by { accountId displayName } secondsInFrom }
         timeInStatus { status seconds entries current } } }`,
      { key },
    );
    expect(answer.body.errors).toBeUndefined();
    const issue = answer.body.data.issue;
    const exported = rows.filter((r) => r.key === key);
    expect(
      exported.map((r) => ({
        from: r.from,
        to: r.to,
        at: r.at,
        by: { accountId: r['by.id'], displayName: r.by },
        secondsInFrom: Number(r.secondsInFrom),
      })),
    ).toEqual(issue.statusHistory);
    expect(issue.statusHistory.at(-1).to).toBe(issue.status.name);
    // Each change's time in `from` runs from the previous change (or creation) to it.
    let since = Date.parse(issue.created);
    for (const change of issue.statusHistory) {
      expect(change.secondsInFrom).toBe(Math.round((Date.parse(change.at) - since) / 1000));
      since = Date.parse(change.at);
    }
    const total = issue.timeInStatus.reduce((n: number, t: { seconds: number }) => n + t.seconds, 0);
    expect(Math.abs(total - (Date.now() - Date.parse(issue.created)) / 1000)).toBeLessThan(120);
    expect(issue.timeInStatus.filter((t: { current: boolean }) => t.current)).toEqual([
      expect.objectContaining({ status: issue.status.name, current: true }),
    ]);
  });

  it('worklogs: one row per worklog started in the window, and only with worklogs:read', async () => {
    const store = gw().sandbox.store;
    const aliceUser = gw().sandboxUser('alice');
    const issues = store.data.issues.filter(
      (i) => i.projectId === '10000' && store.canSeeIssue(aliceUser, i),
    );
    const starts = issues.flatMap((i) => i.worklogs.map((w) => w.started)).sort((a, b) => a - b);
    const after = starts[Math.floor(starts.length * 0.25)] as number;
    const before = starts[Math.floor(starts.length * 0.75)] as number;
    const expected = issues.flatMap((i) =>
      i.worklogs.filter((w) => w.started >= after && w.started < before).map((w) => `${i.key}/${w.id}`),
    );
    const res = await get('/export/worklogs.csv', alice, {
      jql: 'project = PROJ ORDER BY key ASC',
      startedAfter: new Date(after).toISOString(),
      startedBefore: new Date(before).toISOString(),
    });
    expect(res.status).toBe(200);
    const { header, rows } = csvRows(res.text);
    expect(header).toEqual(['key', 'id', 'author', 'author.id', 'started', 'seconds', 'hours', 'comment']);
    expect(rows.map((r) => `${r.key}/${r.id}`).sort()).toEqual(expected.sort());
    const one = rows[0] as Row;
    const worklog = issues.find((i) => i.key === one.key)?.worklogs.find((w) => w.id === one.id);
    expect(Number(one.seconds)).toBe(worklog?.timeSpentSeconds);
    expect(Date.parse(one.started as string)).toBe(worklog?.started);

    const refused = await get('/export/worklogs.csv', aliceEmail, { jql: 'project = PROJ' });
    expect(refused.status).toBe(403);
    expect(JSON.parse(refused.text).errors[0].extensions).toEqual({
      code: 'INSUFFICIENT_SCOPE',
      requiredScopes: ['worklogs:read'],
    });
  });

  it('asks for a token with a Basic challenge, and spends the token’s budget one point per Jira request', async () => {
    const none = await get('/export/issues.csv', null, { jql: 'project = PROJ' });
    expect(none.status).toBe(401);
    expect(none.headers.get('www-authenticate')).toContain('Basic realm="jgg"');
    const wrong = await get('/export/issues.csv', 'jgg_000000000000000000000000000000000000', { jql: 'x' });
    expect(wrong.status).toBe(401);
    const elsewhere = await gw().token('alice', { scopes: ['issues:read'], allowedIps: ['10.0.0.0/8'] });
    const fromHere = await get('/export/issues.csv', elsewhere.secret, { jql: 'project = PROJ' });
    expect(fromHere.status).toBe(401);
    expect(fromHere.text).not.toContain('PROJ-');

    const limited = await gw().token('admin', { scopes: ['issues:read'], rateLimitPerHour: 2 });
    // The field catalogue (Story Points) and the first page are paid; the second page is not.
    const first = await get('/export/issues.csv', limited.secret, { jql: ALL, fields: 'key,Story Points' });
    expect(first.status).toBe(200);
    const { rows } = csvRows(first.text);
    expect(rows.at(-1)).toMatchObject({ key: '#ERROR', 'Story Points': 'RATE_LIMITED' });
    expect(rows).toHaveLength((flavor === 'cloud' ? 100 : 1000) + 1);
    const refused = await get('/export/issues.csv', limited.secret, { jql: ALL });
    expect(refused.status).toBe(429);
    expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(JSON.parse(refused.text).errors[0].extensions.code).toBe('RATE_LIMITED');
    const usage = (await gw().gateway.runtime.services.usage.read([limited.id])).get(limited.id);
    expect(usage).toMatchObject({ requests: 2, points: 2, errors: 2 });
  });

  it('escapes cells that a spreadsheet would run as formulas, unless told not to', async () => {
    const key = gw().sandbox.store.data.issues.find(
      (i) => i.projectId === '10000' && !i.securityLevelId,
    )?.key;
    const write = await gw().token('alice', { scopes: ['issues:write'] });
    const set = await gw().gql(
      write.secret,
      'mutation($key: String!) { updateIssue(input: { key: $key, set: { summary: "=HYPERLINK(\\"http://evil\\")" } }) { issue { summary } } }',
      { key },
    );
    expect(set.body.errors).toBeUndefined();
    const jql = `key = ${key}`;
    const guarded = csvRows((await get('/export/issues.csv', alice, { jql, fields: 'key,summary' })).text);
    expect(guarded.rows[0]?.summary).toBe('\'=HYPERLINK("http://evil")');
    const raw = csvRows(
      (await get('/export/issues.csv', alice, { jql, fields: 'key,summary', escapeFormulas: 'false' })).text,
    );
    expect(raw.rows[0]?.summary).toBe('=HYPERLINK("http://evil")');
  });

  it('honours Jira’s rate limit as GraphQL does: 429 with its wait, then no call to Jira while the pause lasts', async () => {
    // erin, whom no other test here uses: the pause holds her Jira calls for 30 s.
    const erin = (await gw().token('erin', { scopes: ['issues:read'] })).secret;
    proxy().intercept = (req) =>
      req.url?.startsWith(searchPath)
        ? {
            status: 429,
            headers: { 'Retry-After': '30' },
            body: JSON.stringify({ errorMessages: ['Slow down'] }),
          }
        : null;
    try {
      const limited = await get('/export/issues.csv', erin, { jql: 'project = PROJ' });
      expect(limited.status).toBe(429);
      expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(20);
      expect(JSON.parse(limited.text).errors[0].extensions.code).toBe('UPSTREAM_RATE_LIMITED');
      proxy().seen.length = 0;
      const held = await get('/export/issues.csv', erin, { jql: 'project = PROJ' });
      expect(held.status).toBe(429);
      expect(proxy().seen.filter((r) => r.startsWith(`GET ${searchPath}`))).toEqual([]);
    } finally {
      proxy().intercept = null;
    }
  });

  it('stops asking Jira when the client goes away mid-export', async () => {
    proxy().delay = { path: new RegExp(`^${searchPath}$`), ms: 100 };
    try {
      proxy().seen.length = 0;
      const stop = new AbortController();
      const url = new URL(`${gw().gateway.url}/export/issues.csv`);
      url.searchParams.set('jql', ALL);
      const res = await fetch(url, { headers: { Authorization: `Bearer ${admin}` }, signal: stop.signal });
      const reader = res.body?.getReader();
      await reader?.read();
      stop.abort();
      const searches = () => proxy().seen.filter((r) => r === `GET ${searchPath}`).length;
      await new Promise((r) => setTimeout(r, 400));
      const after = searches();
      await new Promise((r) => setTimeout(r, 400));
      expect(searches()).toBe(after);
      expect(after).toBeLessThan(flavor === 'cloud' ? 10 : 5);
      expect(gw().logs.some((l) => l.includes('"msg":"export"') && l.includes('"clientGone":true'))).toBe(
        true,
      );
    } finally {
      proxy().delay = null;
    }
  });
});
