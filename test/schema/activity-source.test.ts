// The activity source without GraphQL: its three steps (the issue JSON at
// hand, the issue read again, the sub-resource page) against the real sandbox
// over HTTP, on both flavours, with a plain Jira reader for steps 2 and 3.
// Which step answered is told by the sandbox's request stats.
import type { SandboxIssue, SandboxUser } from 'jira-sandbox';
import { type SandboxClient, useSandbox } from 'jira-sandbox/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createJiraClient, type JiraClient } from '../../src/jira/client.ts';
import { readActivityPage } from '../../src/jira/issue-activity-reads.ts';
import { fetchIssues } from '../../src/jira/issue-reads.ts';
import { createJiraReader } from '../../src/jira/reader.ts';
import type { JiraCredential, JiraFlavor } from '../../src/jira/types.ts';
import {
  type ActivitySteps,
  issueChangelog,
  issueComments,
  issueTransitions,
  issueWorklogs,
} from '../../src/schema/issue/activity-source.ts';

interface Stats {
  requests: number;
  byRoute: Record<string, number>;
}

function credentialFor(flavor: JiraFlavor, user: SandboxUser): JiraCredential {
  return flavor === 'cloud'
    ? { kind: 'basic', email: user.emailAddress, token: user.token }
    : { kind: 'bearer', token: user.token };
}

describe.each(['datacenter', 'cloud'] as const)('%s: the activity source', (flavor) => {
  const jira = useSandbox({ flavor, issues: 200, seed: 7 });
  const api = flavor === 'cloud' ? '/rest/api/3' : '/rest/api/2';
  let client: JiraClient;
  let steps: ActivitySteps;
  /** An issue admin sees with at least three comments, worklogs and histories. */
  let busy: SandboxIssue;

  beforeAll(() => {
    client = createJiraClient({ baseUrl: jira().sandbox.url, flavor });
    const reader = createJiraReader({
      client,
      credential: () => credentialFor(flavor, jira().user('admin')),
      scopeKey: 'activity-source-test',
      partition: 'activity-source-test',
      cache: null,
    });
    steps = {
      flavor,
      loadIssue: async (ref, plan) => (await fetchIssues(reader, [ref], plan)).get(ref.toUpperCase()) ?? null,
      readPage: (request) => readActivityPage(reader, request),
    };
    const { store } = jira().sandbox;
    const admin = jira().user('admin');
    const found = store.data.issues.find(
      (i) =>
        store.canSeeIssue(admin, i) &&
        i.comments.length >= 3 &&
        i.worklogs.length >= 1 &&
        i.changelog.length >= 2,
    );
    if (!found) throw new Error('the seeded data has no busy issue admin sees');
    busy = found;
  });
  afterAll(async () => {
    await client.close();
  });

  async function measured<T>(work: () => Promise<T>): Promise<{ value: T; stats: Stats }> {
    await control(jira(), 'POST', '/__sandbox/reset');
    const value = await work();
    return { value, stats: (await control(jira(), 'GET', '/__sandbox/stats')) as Stats };
  }

  /** The issue as a Jira that embedded only its first comment would send it. */
  function withFirstComment(issue: SandboxIssue) {
    const first = issue.comments[0];
    if (!first) throw new Error('no comment');
    return {
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
  }

  it('step 1: a window inside the embedded page costs no Jira request', async () => {
    const issue = withFirstComment(busy);
    const { value, stats } = await measured(() =>
      issueComments(steps, issue, { offset: 0, first: 1 }, false),
    );
    expect(stats.requests).toBe(0);
    expect(value.items.map((c) => c.raw.id)).toEqual([busy.comments[0]?.id]);
    expect(value).toMatchObject({ offset: 0, total: busy.comments.length });
  });

  it('step 3: a window past the embedded page reads that page of /comment, with HTML when asked', async () => {
    const issue = withFirstComment(busy);
    const { value, stats } = await measured(() => issueComments(steps, issue, { offset: 1, first: 2 }, true));
    expect(stats.requests).toBe(1);
    expect(stats.byRoute[`GET ${api}/issue/{issueIdOrKey}/comment`]).toBe(1);
    expect(value.items.map((c) => c.raw.id)).toEqual(busy.comments.slice(1, 3).map((c) => c.id));
    expect(value.items.every((c) => typeof c.html === 'string' && c.html !== '')).toBe(true);
    expect(value.total).toBe(busy.comments.length);
  });

  it('step 2: an issue read without its worklogs is read again with them, once', async () => {
    const bare = { id: busy.id, key: busy.key, fields: {} };
    const { value, stats } = await measured(() => issueWorklogs(steps, bare, { offset: 0, first: 1 }, false));
    expect(stats.requests).toBe(1);
    const again = flavor === 'cloud' ? `POST ${api}/issue/bulkfetch` : `GET ${api}/search`;
    expect(stats.byRoute[again]).toBe(1);
    expect(value.items.map((w) => w.raw.id)).toEqual([busy.worklogs[0]?.id]);
    expect(value.total).toBe(busy.worklogs.length);
  });

  it('the changelog comes oldest first, read again when the issue lacks it', async () => {
    const bare = { id: busy.id, key: busy.key, fields: {} };
    const { value, stats } = await measured(() =>
      issueChangelog(steps, bare, { offset: 0, first: busy.changelog.length }),
    );
    expect(stats.requests).toBeGreaterThanOrEqual(1);
    expect(value.total).toBe(busy.changelog.length);
    const times = value.items.map((h) =>
      Date.parse(String(h.created).replace(/([+-]\d{2})(\d{2})$/, '$1:$2')),
    );
    expect(times).toEqual([...times].sort((a, b) => a - b));
    expect(new Set(value.items.map((h) => String(h.id)))).toEqual(
      new Set(busy.changelog.map((h) => String(h.id))),
    );
  });

  it('transitions come from the issue at hand, else from the issue read again', async () => {
    const offered = [{ id: '11', name: 'Start' }];
    const atHand = await measured(() => issueTransitions(steps, { key: busy.key, transitions: offered }));
    expect(atHand.stats.requests).toBe(0);
    expect(atHand.value).toEqual(offered);
    const read = await measured(() => issueTransitions(steps, { id: busy.id, key: busy.key, fields: {} }));
    expect(read.stats.requests).toBe(1);
    expect(read.value.length).toBeGreaterThan(0);
    expect(read.value.every((t) => typeof t.name === 'string')).toBe(true);
  });
});

async function control(jira: SandboxClient, method: 'GET' | 'POST', path: string): Promise<unknown> {
  const res = await jira.call(null, method, path, undefined, { validate: false });
  expect(res.status).toBe(200);
  return res.body;
}
