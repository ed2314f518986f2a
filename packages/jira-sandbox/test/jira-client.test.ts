// An independent check that the sandbox speaks Jira: jira.js 5, a published
// client from npm written against Atlassian's REST specifications, drives
// the sandbox over real HTTP in each flavour, the way it would drive a real
// site. Data Center is spoken to through its Version2Client (/rest/api/2; the
// library documents Cloud, but every call used here has the same path, query
// and body on Data Center 10) with a personal access token sent as
// `Authorization: Bearer` (its static OAuth 2.0 access token); Cloud through
// its Version3Client (/rest/api/3, Atlassian Document Format, the enhanced
// /search/jql with nextPageToken) with Basic email + API token. The agile
// calls go through its AgileClient. The steps run in order and share state:
// search picks the issue the later steps read, comment on and transition.
import {
  AgileClient,
  type Config,
  HttpException,
  Version2Client,
  Version3Client,
  type Version3Models,
} from 'jira.js';
import { describe, expect, it } from 'vitest';
import type { SandboxIssue, SandboxUser } from '../src/model.ts';
import { type SandboxClient, useSandbox } from './support/sandbox.ts';

const JQL = 'project = PROJ AND status = "To Do" ORDER BY key';
const PAGE = 20;
/** The seeded workflow: Start Progress (11) leads from To Do to In Progress,
 *  whence Submit for Review (21), Done (31) and Stop Progress (51) lead on. */
const START_PROGRESS = '11';
const FROM_IN_PROGRESS = ['21', '31', '51'];

/** A comment as it travels on the wire. jira.js 5 types the v2 comment text as
 *  `comment` (its request parameter name), but Jira answers it as `body`. */
interface WireComment<Body> {
  id: string;
  body: Body;
  author: { name?: string; key?: string; accountId?: string; displayName?: string };
}

interface WireCommentPage<Body> {
  startAt: number;
  maxResults: number;
  total: number;
  comments: WireComment<Body>[];
}

interface JiraErrorBody {
  errorMessages: string[];
  errors: Record<string, string>;
}

/** Keys of the issues the JQL above should find for `user`, in key order. */
function expectedToDoKeys(jira: SandboxClient, user: SandboxUser): string[] {
  const { store } = jira.sandbox;
  const project = store.findProject('PROJ');
  const toDo = store.data.statuses.find((s) => s.name === 'To Do');
  if (!project || !toDo) throw new Error('the seeded data has no PROJ project or To Do status');
  return store.data.issues
    .filter((i) => i.projectId === project.id && i.statusId === toDo.id && store.canSeeIssue(user, i))
    .map((i) => i.key)
    .sort((a, b) => issueNumber(a) - issueNumber(b));
}

function issueNumber(key: string): number {
  return Number(key.slice(key.indexOf('-') + 1));
}

/** An OPS issue: bob holds no role in OPS, so it must not exist for him. */
function opsIssue(jira: SandboxClient): SandboxIssue {
  const project = jira.sandbox.store.findProject('OPS');
  const issue = jira.sandbox.store.data.issues.find((i) => i.projectId === project?.id);
  if (!issue) throw new Error('the seeded data has no OPS issue');
  return issue;
}

/** The client's own rejection, unwrapped: status and Jira's error body. */
async function rejection(promise: Promise<unknown>): Promise<{ status: number; body: unknown }> {
  try {
    await promise;
  } catch (error) {
    expect(error).toBeInstanceOf(HttpException);
    const http = error as HttpException;
    return {
      status: http.status,
      body: typeof http.response === 'string' ? http.response : http.response.data,
    };
  }
  throw new Error('expected the client to reject');
}

/** Client options shared by both flavours. The sandbox is local: never route
 *  it through an HTTP proxy the environment may name. */
const baseRequestConfig = { proxy: false } as const;

describe('jira.js Version2Client against the Data Center sandbox', () => {
  const jira = useSandbox({ flavor: 'datacenter', issues: 300, seed: 11 });

  /** A Data Center personal access token travels as a bearer token. */
  function config(name: string): Config {
    const token = jira().user(name).token;
    return {
      host: jira().sandbox.url,
      authentication: { oauth2: { accessToken: token } },
      baseRequestConfig,
    };
  }
  const v2 = (name: string) => new Version2Client(config(name));

  let picked: { key: string; id: string; summary: string } | undefined;
  function issue(): { key: string; id: string; summary: string } {
    if (!picked) throw new Error('the search step picked no issue');
    return picked;
  }

  it('myself: alice by name, key and email', async () => {
    const alice = jira().user('alice');
    const me = await v2('alice').myself.getCurrentUser();
    expect(me).toMatchObject({
      name: 'alice',
      key: alice.key,
      emailAddress: alice.emailAddress,
      displayName: 'Alice Anderson',
      active: true,
    });
  });

  it('search: pages the JQL by startAt, first page by GET and the rest by POST', async () => {
    const client = v2('alice');
    const expected = expectedToDoKeys(jira(), jira().user('alice'));
    expect(expected.length).toBeGreaterThan(PAGE);

    const first = await client.issueSearch.searchForIssuesUsingJql({
      jql: JQL,
      maxResults: PAGE,
      fields: ['summary', 'status', 'project'],
    });
    expect(first).toMatchObject({ startAt: 0, maxResults: PAGE, total: expected.length });
    const issues = [...(first.issues ?? [])];
    while (issues.length < (first.total ?? 0)) {
      const next = await client.issueSearch.searchForIssuesUsingJqlPost({
        jql: JQL,
        startAt: issues.length,
        maxResults: PAGE,
        fields: ['summary', 'status', 'project'],
      });
      expect(next.startAt).toBe(issues.length);
      expect(next.issues?.length).toBeGreaterThan(0);
      issues.push(...(next.issues ?? []));
    }

    expect(issues.map((i) => i.key)).toEqual(expected);
    for (const found of issues) {
      expect(found.key).toMatch(/^PROJ-\d+$/);
      expect(found.fields.status.name).toBe('To Do');
      expect((found.fields.project as { key?: string } | undefined)?.key).toBe('PROJ');
      expect(found.fields.summary).toBe(jira().sandbox.store.findIssue(found.key)?.summary);
    }
    const top = issues[0];
    if (!top) throw new Error('no issue found');
    picked = { key: top.key, id: top.id, summary: top.fields.summary };
  });

  it('get: the picked issue by key, with the requested fields only', async () => {
    const got = await v2('alice').issues.getIssue({
      issueIdOrKey: issue().key,
      fields: ['summary', 'status', 'issuetype', 'comment'],
    });
    expect(got.key).toBe(issue().key);
    expect(got.id).toBe(issue().id);
    expect(got.fields.summary).toBe(issue().summary);
    expect(got.fields.status).toMatchObject({ name: 'To Do', statusCategory: { key: 'new' } });
    expect(typeof got.fields.issuetype.name).toBe('string');
    expect(got.fields).not.toHaveProperty('assignee');
  });

  it('comment: a wiki-markup body is added and read back through getComments', async () => {
    const client = v2('alice');
    const text = 'Checked with *jira.js* against the sandbox: {{Version2Client}} works.';
    const added = await client.issueComments.addComment<WireComment<string>>({
      issueIdOrKey: issue().key,
      comment: text,
    });
    expect(added.body).toBe(text);
    expect(added.author).toMatchObject({ name: 'alice', key: jira().user('alice').key });

    const page = await client.issueComments.getComments<WireCommentPage<string>>({
      issueIdOrKey: issue().key,
    });
    expect(page.total).toBe(page.comments.length);
    const last = page.comments.at(-1);
    expect(last).toMatchObject({ id: added.id, body: text, author: { name: 'alice' } });
  });

  it('transition: Start Progress moves the issue from To Do to In Progress', async () => {
    const client = v2('alice');
    const before = await client.issues.getTransitions({ issueIdOrKey: issue().key });
    expect(before.transitions?.map((t) => t.id)).toEqual([START_PROGRESS]);
    expect(before.transitions?.[0]).toMatchObject({ name: 'Start Progress', to: { name: 'In Progress' } });

    await client.issues.doTransition({ issueIdOrKey: issue().key, transition: { id: START_PROGRESS } });

    const after = await client.issues.getIssue({ issueIdOrKey: issue().key, fields: ['status'] });
    expect(after.fields.status).toMatchObject({
      name: 'In Progress',
      statusCategory: { key: 'indeterminate' },
    });
    const next = await client.issues.getTransitions({ issueIdOrKey: issue().key });
    expect(next.transitions?.map((t) => t.id).sort()).toEqual(FROM_IN_PROGRESS);
  });

  it('agile: AgileClient lists the boards of the projects alice browses', async () => {
    const agile = new AgileClient(config('alice'));
    const boards = await agile.board.getAllBoards();
    expect(boards).toMatchObject({ startAt: 0, isLast: true });
    expect(boards.values.map((b) => [b.id, b.name])).toEqual([
      [1, 'PROJ board'],
      [2, 'MOB board'],
      [3, 'OPS board'],
    ]);
  });

  it('negative: bob gets a 404 HttpException for an OPS issue he may not browse', async () => {
    const ops = opsIssue(jira());
    expect(jira().sandbox.store.canSeeIssue(jira().user('bob'), ops)).toBe(false);
    const refused = await rejection(v2('bob').issues.getIssue({ issueIdOrKey: ops.key }));
    expect(refused.status).toBe(404);
    expect(refused.body).toEqual<JiraErrorBody>({ errorMessages: ['Issue Does Not Exist'], errors: {} });
  });
});

describe('jira.js Version3Client against the Cloud sandbox', () => {
  const jira = useSandbox({ flavor: 'cloud', issues: 300, seed: 11 });

  /** Cloud takes Basic email + API token. */
  function config(name: string): Config {
    const user = jira().user(name);
    return {
      host: jira().sandbox.url,
      authentication: { basic: { email: user.emailAddress, apiToken: user.token } },
      baseRequestConfig,
    };
  }
  const v3 = (name: string) => new Version3Client(config(name));

  let picked: { key: string; id: string; summary: string } | undefined;
  function issue(): { key: string; id: string; summary: string } {
    if (!picked) throw new Error('the search step picked no issue');
    return picked;
  }

  it('myself: alice by accountId, without the Data Center name and key', async () => {
    const alice = jira().user('alice');
    const me = await v3('alice').myself.getCurrentUser();
    expect(me).toMatchObject({
      accountId: alice.accountId,
      emailAddress: alice.emailAddress,
      displayName: 'Alice Anderson',
      active: true,
    });
    expect(me).not.toHaveProperty('name');
    expect(me).not.toHaveProperty('key');
  });

  it('search: the removed /rest/api/3/search answers 410 Gone through the client', async () => {
    const gone = await rejection(v3('alice').issueSearch.searchForIssuesUsingJql({ jql: JQL }));
    expect(gone.status).toBe(410);
  });

  it('search: pages /search/jql by nextPageToken, first page by GET and the rest by POST', async () => {
    const client = v3('alice');
    const expected = expectedToDoKeys(jira(), jira().user('alice'));
    expect(expected.length).toBeGreaterThan(PAGE);

    const fields = ['summary', 'status', 'project'];
    const first = await client.issueSearch.searchForIssuesUsingJqlEnhancedSearch({
      jql: JQL,
      maxResults: PAGE,
      fields,
    });
    const issues = [...(first.issues ?? [])];
    expect(issues).toHaveLength(PAGE);
    let token = first.nextPageToken;
    let pages = 1;
    while (token) {
      const next = await client.issueSearch.searchForIssuesUsingJqlEnhancedSearchPost({
        jql: JQL,
        nextPageToken: token,
        maxResults: PAGE,
        fields,
      });
      expect(next.issues?.length).toBeGreaterThan(0);
      issues.push(...(next.issues ?? []));
      token = next.nextPageToken;
      pages += 1;
      expect(pages).toBeLessThanOrEqual(Math.ceil(expected.length / PAGE));
    }

    expect(issues.map((i) => i.key)).toEqual(expected);
    for (const found of issues) {
      expect(found.key).toMatch(/^PROJ-\d+$/);
      expect(found.fields.status.name).toBe('To Do');
      expect((found.fields.project as { key?: string } | undefined)?.key).toBe('PROJ');
      expect(found.fields.summary).toBe(jira().sandbox.store.findIssue(found.key)?.summary);
    }
    const top = issues[0];
    if (!top) throw new Error('no issue found');
    picked = { key: top.key, id: top.id, summary: top.fields.summary };
  });

  it('get: the picked issue by key, with the requested fields only', async () => {
    const got = await v3('alice').issues.getIssue({
      issueIdOrKey: issue().key,
      fields: ['summary', 'status', 'issuetype', 'description'],
    });
    expect(got.key).toBe(issue().key);
    expect(got.id).toBe(issue().id);
    expect(got.fields.summary).toBe(issue().summary);
    expect(got.fields.status).toMatchObject({ name: 'To Do', statusCategory: { key: 'new' } });
    expect(typeof got.fields.issuetype?.name).toBe('string');
    // A v3 description is a document, never a wiki string.
    const description: unknown = got.fields.description;
    if (description !== null) expect(description).toMatchObject({ type: 'doc', version: 1 });
    expect(got.fields).not.toHaveProperty('assignee');
  });

  it('comment: an ADF body is added and read back through getComments', async () => {
    const client = v3('alice');
    const doc: Version3Models.Document = {
      type: 'doc',
      version: 1,
      content: [
        {
          type: 'paragraph',
          content: [
            { type: 'text', text: 'Checked with ' },
            { type: 'text', text: 'jira.js', marks: [{ type: 'strong' }] },
            { type: 'text', text: ' against the sandbox: Version3Client works.' },
          ],
        },
      ],
    };
    const added = await client.issueComments.addComment<WireComment<Version3Models.Document>>({
      issueIdOrKey: issue().key,
      comment: doc,
    });
    expect(added.body).toEqual(doc);
    expect(added.author).toMatchObject({ accountId: jira().user('alice').accountId });

    const page = await client.issueComments.getComments<WireCommentPage<Version3Models.Document>>({
      issueIdOrKey: issue().key,
    });
    expect(page.total).toBe(page.comments.length);
    const last = page.comments.at(-1);
    expect(last).toMatchObject({ id: added.id, author: { accountId: jira().user('alice').accountId } });
    expect(last?.body).toEqual(doc);
  });

  it('transition: Start Progress moves the issue from To Do to In Progress', async () => {
    const client = v3('alice');
    const before = await client.issues.getTransitions({ issueIdOrKey: issue().key });
    expect(before.transitions?.map((t) => t.id)).toEqual([START_PROGRESS]);
    expect(before.transitions?.[0]).toMatchObject({ name: 'Start Progress', to: { name: 'In Progress' } });

    await client.issues.doTransition({ issueIdOrKey: issue().key, transition: { id: START_PROGRESS } });

    const after = await client.issues.getIssue({ issueIdOrKey: issue().key, fields: ['status'] });
    expect(after.fields.status).toMatchObject({
      name: 'In Progress',
      statusCategory: { key: 'indeterminate' },
    });
    const next = await client.issues.getTransitions({ issueIdOrKey: issue().key });
    expect(next.transitions?.map((t) => t.id).sort()).toEqual(FROM_IN_PROGRESS);
  });

  it('agile: AgileClient lists the boards of the projects alice browses', async () => {
    const agile = new AgileClient(config('alice'));
    const boards = await agile.board.getAllBoards();
    expect(boards).toMatchObject({ startAt: 0, isLast: true });
    expect(boards.values.map((b) => [b.id, b.name])).toEqual([
      [1, 'PROJ board'],
      [2, 'MOB board'],
      [3, 'OPS board'],
    ]);
  });

  it('negative: bob gets a 404 HttpException for an OPS issue he may not browse', async () => {
    const ops = opsIssue(jira());
    expect(jira().sandbox.store.canSeeIssue(jira().user('bob'), ops)).toBe(false);
    const refused = await rejection(v3('bob').issues.getIssue({ issueIdOrKey: ops.key }));
    expect(refused.status).toBe(404);
    expect(refused.body).toEqual<JiraErrorBody>({
      errorMessages: ['Issue does not exist or you do not have permission to see it.'],
      errors: {},
    });
  });
});
