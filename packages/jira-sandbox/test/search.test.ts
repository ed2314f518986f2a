// Issue search against a live sandbox of each flavour: Data Center's offset
// paging with its maxResults cap, Cloud's token-paged /search/jql, the removed
// Cloud /search, approximate-count and bulkfetch, and who sees what. Every
// answer is also checked against Atlassian's OpenAPI document.
import { describe, expect, it } from 'vitest';
import type { SandboxIssue } from '../src/model.ts';
import { type JiraAnswer, useSandbox } from './support/sandbox.ts';

type Json = Record<string, unknown>;
type Caller = string | null | { authorization: string };

/** A bounded query that matches every generated issue (they span 730 days). */
const ALL = 'created >= -800d';
const ORDER_BY_KEY = `${ALL} ORDER BY key ASC`;

/** A sandbox per describe block; every answer of `call` is checked against the
 *  flavour's OpenAPI document by the support client. */
function withSandbox(flavor: 'datacenter' | 'cloud', issues: number) {
  const client = useSandbox({ flavor, issues, seed: 7 });
  const call = (as: Caller, method: string, path: string, body?: unknown): Promise<JiraAnswer> =>
    client().call(as, method, path, body);
  const store = () => client().sandbox.store;
  /** What `name` may see, in the order of `compare` (default: id descending). */
  const visible = (
    name: string | null,
    compare = (a: SandboxIssue, b: SandboxIssue) => Number(b.id) - Number(a.id),
  ) => {
    const user = name === null ? null : (store().usersByName.get(name) ?? null);
    return store()
      .data.issues.filter((i) => store().canSeeIssue(user, i))
      .sort(compare);
  };
  return { client, call, store, visible };
}

const byKey = (a: SandboxIssue, b: SandboxIssue): number => {
  const [pa = '', na = '0'] = a.key.split('-');
  const [pb = '', nb = '0'] = b.key.split('-');
  return pa.localeCompare(pb) || Number(na) - Number(nb);
};

function issuesOf(res: JiraAnswer): Json[] {
  return (res.body as { issues: Json[] }).issues;
}

function keysOf(res: JiraAnswer): string[] {
  return issuesOf(res).map((i) => String(i.key));
}

function fieldsOf(issue: Json | undefined): Json {
  return (issue?.fields ?? {}) as Json;
}

const q = (jql: string): string => encodeURIComponent(jql);

describe('Data Center /rest/api/2/search', () => {
  const { client, call, store, visible } = withSandbox('datacenter', 1000);

  it('returns navigable fields by default and the matching visible issues, newest id first', async () => {
    const res = await call('alice', 'GET', `/rest/api/2/search?jql=${q('project = PROJ')}&maxResults=5`);
    expect(res.status).toBe(200);
    const body = res.body as Json;
    const expected = visible('alice').filter((i) => i.projectId === '10000');
    expect(body).toMatchObject({ expand: 'schema,names', startAt: 0, maxResults: 5, total: expected.length });
    expect(keysOf(res)).toEqual(expected.slice(0, 5).map((i) => i.key));
    const fields = fieldsOf(issuesOf(res)[0]);
    expect(fields.summary).toBe(expected[0]?.summary);
    expect(fields).toHaveProperty('status');
    expect(fields).toHaveProperty('customfield_10002');
    // comment, worklog, timetracking and attachment are not navigable
    for (const hidden of ['comment', 'worklog', 'timetracking', 'attachment'])
      expect(fields).not.toHaveProperty(hidden);
  });

  it('honours explicit field lists, exclusions and *all', async () => {
    const base = `/rest/api/2/search?jql=${q(ORDER_BY_KEY)}&maxResults=1`;
    const list = await call('alice', 'GET', `${base}&fields=summary,status,nonexistent`);
    expect(Object.keys(fieldsOf(issuesOf(list)[0])).sort()).toEqual(['status', 'summary']);
    const minus = await call('alice', 'GET', `${base}&fields=-description`);
    expect(fieldsOf(issuesOf(minus)[0])).not.toHaveProperty('description');
    expect(fieldsOf(issuesOf(minus)[0])).toHaveProperty('summary');
    const all = await call('alice', 'GET', `${base}&fields=*all,-comment`);
    expect(fieldsOf(issuesOf(all)[0])).toHaveProperty('worklog');
    expect(fieldsOf(issuesOf(all)[0])).not.toHaveProperty('comment');
  });

  it('puts names and schema on the result and renders fields per issue', async () => {
    const res = await call('alice', 'POST', '/rest/api/2/search', {
      jql: ORDER_BY_KEY,
      maxResults: 2,
      fields: ['summary', 'description', 'customfield_10002'],
      expand: ['names', 'schema', 'renderedFields'],
    });
    const body = res.body as { names: Json; schema: Json; issues: Json[] };
    expect(body.names).toEqual({
      summary: 'Summary',
      description: 'Description',
      customfield_10002: 'Story Points',
    });
    expect(body.schema.customfield_10002).toEqual({
      type: 'number',
      custom: 'com.atlassian.jira.plugin.system.customfieldtypes:float',
      customId: 10002,
    });
    expect(body.schema.summary).toEqual({ type: 'string', system: 'summary' });
    expect(body.issues[0]).not.toHaveProperty('names');
    expect(body.issues[0]).toHaveProperty('renderedFields');
  });

  it('caps maxResults at the admin setting and pages completely and stably over 1,000 issues', async () => {
    const sandbox = client().sandbox;
    const previousCap = sandbox.settings.maxResultsCap;
    sandbox.settings.maxResultsCap = 120;
    try {
      const expected = visible('admin').map((i) => i.key);
      expect(expected.length).toBe(1000);
      const seen: string[] = [];
      let startAt = 0;
      for (;;) {
        const res = await call(
          'admin',
          'GET',
          `/rest/api/2/search?startAt=${startAt}&maxResults=500&fields=summary`,
        );
        const body = res.body as { maxResults: number; total: number; startAt: number };
        expect(body.maxResults).toBe(120);
        expect(body.total).toBe(1000);
        expect(body.startAt).toBe(startAt);
        seen.push(...keysOf(res));
        if (issuesOf(res).length < body.maxResults) break;
        startAt += body.maxResults;
      }
      expect(seen).toEqual(expected);
      expect(new Set(seen).size).toBe(1000);
    } finally {
      sandbox.settings.maxResultsCap = previousCap;
    }
  });

  it('answers maxResults=0 with the total only, and GET and POST agree', async () => {
    const zero = await call('alice', 'GET', `/rest/api/2/search?jql=${q('project = MOB')}&maxResults=0`);
    const total = visible('alice').filter((i) => i.projectId === '10001').length;
    expect(zero.body).toMatchObject({ maxResults: 0, total, issues: [] });
    const get = await call(
      'alice',
      'GET',
      `/rest/api/2/search?jql=${q(ORDER_BY_KEY)}&startAt=10&maxResults=7&fields=key`,
    );
    const post = await call('alice', 'POST', '/rest/api/2/search', {
      jql: ORDER_BY_KEY,
      startAt: 10,
      maxResults: 7,
      fields: ['key'],
    });
    expect(keysOf(post)).toEqual(keysOf(get));
    expect(keysOf(get)).toEqual(
      visible('alice', byKey)
        .slice(10, 17)
        .map((i) => i.key),
    );
  });

  it('answers invalid JQL with 400 and Jira error body, or warnings when validateQuery=false', async () => {
    const syntax = await call('alice', 'GET', `/rest/api/2/search?jql=${q('project = = PROJ')}`);
    expect(syntax.status).toBe(400);
    expect(syntax.body).toMatchObject({ errors: {} });
    expect((syntax.body as { errorMessages: string[] }).errorMessages[0]).toMatch(/^Error in the JQL Query/);

    const unknown = await call('alice', 'GET', `/rest/api/2/search?jql=${q('project = NOPE')}`);
    expect(unknown.status).toBe(400);
    expect(unknown.body).toEqual({
      errorMessages: ["The value 'NOPE' does not exist for the field 'project'."],
      errors: {},
    });

    const warned = await call('alice', 'POST', '/rest/api/2/search', {
      jql: 'project = NOPE',
      validateQuery: false,
    });
    expect(warned.status).toBe(200);
    expect(warned.body).toMatchObject({
      total: 0,
      warningMessages: ["The value 'NOPE' does not exist for the field 'project'."],
    });
    const warnedGet = await call(
      'alice',
      'GET',
      `/rest/api/2/search?jql=${q('project = NOPE')}&validateQuery=false`,
    );
    expect(warnedGet.status).toBe(200);
  });

  it('rejects a non-numeric maxResults with 400', async () => {
    const res = await call('alice', 'GET', '/rest/api/2/search?maxResults=lots');
    expect(res.status).toBe(400);
    expect(res.body).toEqual({
      errorMessages: ["The value 'lots' is not a valid number for the parameter 'maxResults'."],
      errors: {},
    });
  });

  it('never shows bob OPS issues, shows carol and anonymous callers nothing', async () => {
    const bob = await call('bob', 'GET', `/rest/api/2/search?maxResults=1000&fields=project`);
    const bobKeys = keysOf(bob);
    expect(bobKeys.length).toBe(visible('bob').length);
    expect(bobKeys.some((k) => k.startsWith('OPS-'))).toBe(false);
    expect(bobKeys.some((k) => k.startsWith('PROJ-'))).toBe(true);
    // Naming a project bob cannot browse is, for him, naming one that does not exist.
    const ops = await call('bob', 'GET', `/rest/api/2/search?jql=${q('project = OPS')}`);
    expect(ops.status).toBe(400);

    const carol = await call('carol', 'GET', '/rest/api/2/search');
    expect(carol.body).toMatchObject({ total: 0, issues: [] });
    const anonymous = await call({ authorization: 'Bearer not-a-real-token' }, 'GET', '/rest/api/2/search');
    expect(anonymous.status).toBe(200);
    expect(anonymous.body).toMatchObject({ total: 0, issues: [] });
    expect(anonymous.headers.get('x-ausername')).toBe('anonymous');
  });

  it('applies issue security: PROJ-2 (Internal) is found by alice but not by dave', async () => {
    const jql = q('key = PROJ-2');
    const alice = await call('alice', 'GET', `/rest/api/2/search?jql=${jql}`);
    expect(keysOf(alice)).toEqual(['PROJ-2']);
    const dave = await call(
      'dave',
      'GET',
      `/rest/api/2/search?jql=${q('project = PROJ')}&maxResults=1000&fields=key`,
    );
    expect(keysOf(dave)).not.toContain('PROJ-2');
    expect(store().findIssue('PROJ-2')?.securityLevelId).toBe('10100');
  });

  it('does not serve the Cloud-only endpoints', async () => {
    // Not in the DC document either, so the answer is not validated.
    const res = await client().call('alice', 'GET', `/rest/api/2/search/jql?jql=${q(ALL)}`, undefined, {
      validate: false,
    });
    expect(res.status).toBe(404);
  });
});

describe('Cloud search', () => {
  const { call, store, visible } = withSandbox('cloud', 1000);

  it.each([
    ['GET', '/rest/api/3/search?jql=project%20%3D%20PROJ'],
    ['POST', '/rest/api/3/search'],
    ['GET', '/rest/api/2/search'],
    ['POST', '/rest/api/2/search'],
  ])('%s %s is gone (410) with a pointer to /search/jql', async (method, path) => {
    const res = await call('alice', method, path, method === 'POST' ? { jql: 'project = PROJ' } : undefined);
    expect(res.status).toBe(410);
    expect(res.body).toEqual({
      errorMessages: [
        'The requested API has been removed. Please migrate to the /rest/api/3/search/jql API. A full migration guideline is available at https://developer.atlassian.com/changelog/#CHANGE-2046',
      ],
      errors: {},
    });
  });

  it('returns only ids by default, without a total', async () => {
    const res = await call('alice', 'GET', `/rest/api/3/search/jql?jql=${q('project = PROJ')}&maxResults=3`);
    expect(res.status).toBe(200);
    const expected = visible('alice').filter((i) => i.projectId === '10000');
    const body = res.body as Json;
    expect(body.issues).toEqual(expected.slice(0, 3).map((i) => ({ id: i.id })));
    expect(body).not.toHaveProperty('total');
    expect(body.isLast).toBe(false);
    expect(typeof body.nextPageToken).toBe('string');
  });

  it('returns requested fields, ADF descriptions on v3 and wiki strings on v2', async () => {
    const jql = q('project = PROJ AND description is not EMPTY ORDER BY key ASC');
    const v3 = await call(
      'alice',
      'GET',
      `/rest/api/3/search/jql?jql=${jql}&fields=summary,description&maxResults=1`,
    );
    const issue = issuesOf(v3)[0];
    expect(issue).toMatchObject({
      key: expect.stringMatching(/^PROJ-/),
      self: expect.stringContaining('/rest/api/3/issue/'),
    });
    expect(Object.keys(fieldsOf(issue)).sort()).toEqual(['description', 'summary']);
    expect(fieldsOf(issue).description).toMatchObject({ type: 'doc', version: 1 });
    const v2 = await call(
      'alice',
      'GET',
      `/rest/api/2/search/jql?jql=${jql}&fields=description&maxResults=1`,
    );
    expect(typeof fieldsOf(issuesOf(v2)[0]).description).toBe('string');
    expect(issuesOf(v2)[0]?.self).toContain('/rest/api/2/issue/');
  });

  it('pages by nextPageToken completely over 1,000 issues; the last page has no token', async () => {
    const expected = visible('admin', byKey).map((i) => i.id);
    expect(expected.length).toBe(1000);
    const seen: string[] = [];
    let token: string | undefined;
    let pages = 0;
    for (;;) {
      const res = await call('admin', 'POST', '/rest/api/3/search/jql', {
        jql: ORDER_BY_KEY,
        maxResults: 150,
        ...(token ? { nextPageToken: token } : {}),
      });
      const body = res.body as { issues: { id: string }[]; nextPageToken?: string; isLast: boolean };
      pages++;
      seen.push(...body.issues.map((i) => i.id));
      if (body.isLast) {
        expect(body).not.toHaveProperty('nextPageToken');
        break;
      }
      token = body.nextPageToken;
      expect(token).toBeTruthy();
    }
    expect(pages).toBe(7);
    expect(seen).toEqual(expected);
  });

  it('serves at most 100 full issues per page but up to 5000 ids', async () => {
    const full = await call(
      'admin',
      'GET',
      `/rest/api/3/search/jql?jql=${q(ALL)}&maxResults=500&fields=summary`,
    );
    expect(issuesOf(full)).toHaveLength(100);
    const ids = await call('admin', 'GET', `/rest/api/3/search/jql?jql=${q(ALL)}&maxResults=9999&fields=key`);
    expect(issuesOf(ids)).toHaveLength(1000);
    expect((ids.body as Json).isLast).toBe(true);
  });

  it('refuses a page token from another query', async () => {
    const first = await call(
      'alice',
      'GET',
      `/rest/api/3/search/jql?jql=${q('project = PROJ')}&maxResults=2`,
    );
    const token = String((first.body as Json).nextPageToken);
    const other = await call(
      'alice',
      'GET',
      `/rest/api/3/search/jql?jql=${q('project = MOB')}&nextPageToken=${token}`,
    );
    expect(other.status).toBe(400);
    const garbage = await call(
      'alice',
      'GET',
      `/rest/api/3/search/jql?jql=${q('project = MOB')}&nextPageToken=zzz`,
    );
    expect(garbage.status).toBe(400);
  });

  it.each(['', 'ORDER BY key DESC'])('rejects the unbounded query %j', async (jql) => {
    const res = await call('alice', 'POST', '/rest/api/3/search/jql', { jql });
    expect(res.status).toBe(400);
    expect(res.body).toEqual({
      errorMessages: [
        'Unbounded JQL queries are not allowed here. Please add a search restriction to your query.',
      ],
      errors: {},
    });
  });

  it('answers bad JQL with 400', async () => {
    const res = await call('alice', 'GET', `/rest/api/3/search/jql?jql=${q('project = NOPE')}`);
    expect(res.status).toBe(400);
    expect(res.body).toEqual({
      errorMessages: ["The value 'NOPE' does not exist for the field 'project'."],
      errors: {},
    });
  });

  it('puts names and schema on the result', async () => {
    const res = await call('alice', 'POST', '/rest/api/3/search/jql', {
      jql: ORDER_BY_KEY,
      fields: ['summary', 'customfield_10005'],
      expand: 'names,schema',
      maxResults: 1,
    });
    expect((res.body as Json).names).toEqual({ summary: 'Summary', customfield_10005: 'Sprint' });
    expect(issuesOf(res)[0]).not.toHaveProperty('names');
  });

  it('counts approximately (exactly, here) what the caller may see', async () => {
    const res = await call('alice', 'POST', '/rest/api/3/search/approximate-count', {
      jql: 'project = PROJ',
    });
    expect(res.body).toEqual({ count: visible('alice').filter((i) => i.projectId === '10000').length });
    const unbounded = await call('alice', 'POST', '/rest/api/3/search/approximate-count', { jql: '' });
    expect(unbounded.status).toBe(400);
  });

  it('hides OPS from bob and everything from carol', async () => {
    const bob = await call('bob', 'GET', `/rest/api/3/search/jql?jql=${q(ALL)}&maxResults=5000&fields=key`);
    expect(keysOf(bob).length).toBe(visible('bob').length);
    expect(keysOf(bob).some((k) => k.startsWith('OPS-'))).toBe(false);
    const carol = await call('carol', 'GET', `/rest/api/3/search/jql?jql=${q(ALL)}`);
    expect(carol.body).toEqual({ issues: [], isLast: true });
    const count = await call('carol', 'POST', '/rest/api/3/search/approximate-count', { jql: ALL });
    expect(count.body).toEqual({ count: 0 });
  });

  describe('bulkfetch', () => {
    it('returns visible issues in ascending id order and leaves out missing and hidden ones', async () => {
      const res = await call('dave', 'POST', '/rest/api/3/issue/bulkfetch', {
        issueIdsOrKeys: ['PROJ-3', 'proj-1', 'PROJ-2', 'NOPE-1', '99999', 'OPS-1'],
        fields: ['summary'],
        expand: ['names'],
      });
      expect(res.status).toBe(200);
      const body = res.body as { issues: Json[]; issueErrors: unknown[] };
      // PROJ-2 is Internal (admin, alice): dave browses PROJ but may not see it.
      const expected = ['PROJ-1', 'PROJ-3', 'OPS-1'].map((k) => store().findIssue(k));
      expected.sort((a, b) => Number(a?.id) - Number(b?.id));
      expect(body.issues.map((i) => i.key)).toEqual(expected.map((i) => i?.key));
      expect(body.issues.map((i) => Number(i.id))).toEqual(
        body.issues.map((i) => Number(i.id)).sort((a, b) => a - b),
      );
      expect(body.issueErrors).toEqual([]);
      expect(body.issues[0]?.names).toEqual({ summary: 'Summary' });
      expect(Object.keys(fieldsOf(body.issues[0]))).toEqual(['summary']);

      const bob = await call('bob', 'POST', '/rest/api/3/issue/bulkfetch', {
        issueIdsOrKeys: ['OPS-1', 'PROJ-1'],
      });
      expect((bob.body as { issues: Json[] }).issues.map((i) => i.key)).toEqual(['PROJ-1']);
    });

    it('takes 1 to 100 ids or keys', async () => {
      const keys = Array.from({ length: 101 }, (_, i) => `PROJ-${i + 1}`);
      const tooMany = await call('alice', 'POST', '/rest/api/3/issue/bulkfetch', { issueIdsOrKeys: keys });
      expect(tooMany.status).toBe(400);
      expect((tooMany.body as { errorMessages: string[] }).errorMessages).toHaveLength(1);
      const none = await call('alice', 'POST', '/rest/api/3/issue/bulkfetch', { issueIdsOrKeys: [] });
      expect(none.status).toBe(400);
      const hundred = await call('alice', 'POST', '/rest/api/3/issue/bulkfetch', {
        issueIdsOrKeys: keys.slice(0, 100),
      });
      expect(hundred.status).toBe(200);
      expect(issuesOf(hundred).length).toBeGreaterThan(90);
    });
  });
});
