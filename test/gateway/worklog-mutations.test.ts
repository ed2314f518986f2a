// addWorklog, updateWorklog and deleteWorklog through the real gateway and
// sandbox, on both flavours: the happy path of each with a read of
// Issue.worklogs and timeTracking after it (through the caller's read cache,
// which the write drops), each estimate adjustment, durations in Jira's
// notation or in seconds, a Markdown comment, Jira's refusal of a
// reporter-only user in Jira's words, missing scope and a restricted token
// (nothing written), the idempotent retry, and bad input (durations, both or
// neither time, modes without their values) refused before any Jira call.
import type { SandboxIssue } from 'jira-sandbox';
import { describe, expect, it } from 'vitest';
import { useGateway } from '../support/gateway.ts';
import { useJiraProxy } from '../support/jira-proxy.ts';

const WORKLOG = 'id author { displayName } timeSpent timeSpentSeconds started comment { format text }';
const TRACKING = 'timeTracking { timeSpentSeconds remainingEstimateSeconds }';

const ADD = `mutation($input: AddWorklogInput!) {
  addWorklog(input: $input) { clientMutationId worklog { ${WORKLOG} } issue { key ${TRACKING} } }
}`;
const UPDATE = `mutation($input: UpdateWorklogInput!) {
  updateWorklog(input: $input) { clientMutationId worklog { ${WORKLOG} } issue { key ${TRACKING} } }
}`;
const DELETE = `mutation($input: DeleteWorklogInput!) {
  deleteWorklog(input: $input) { clientMutationId deletedWorklogId issue { key ${TRACKING} } }
}`;
const READ = `query($key: String!) { issue(key: $key) { ${TRACKING} worklogs(first: 100) { totalCount edges { node { ${WORKLOG} } } } } }`;

type Err = { message: string; extensions: { code: string; fieldErrors?: Record<string, string> } };
const codes = (body: { errors?: Err[] }): string[] => (body.errors ?? []).map((e) => e.extensions.code);

const H = 3600;

describe.each(['datacenter', 'cloud'] as const)('%s: worklog mutations', (flavor) => {
  const gw = useGateway({ flavor });
  const store = () => gw().sandbox.store;
  const user = (name: string) => gw().sandboxUser(name);

  let picked = 0;
  /** PROJ issues alice and erin both see, a different one per test. */
  function projIssue(): SandboxIssue {
    const proj = [...store().projectsById.values()].find((p) => p.key === 'PROJ')!;
    const issues = store().data.issues.filter(
      (i) =>
        i.projectId === proj.id &&
        store().canSeeIssue(user('alice'), i) &&
        store().canSeeIssue(user('erin'), i),
    );
    const issue = issues[picked++ % issues.length];
    if (!issue) throw new Error('no PROJ issue');
    return issue;
  }

  const opsIssue = (): SandboxIssue => {
    const ops = [...store().projectsById.values()].find((p) => p.key === 'OPS')!;
    return store().data.issues.find((i) => i.projectId === ops.id && store().canSeeIssue(user('alice'), i))!;
  };

  const resetStats = async () => {
    await fetch(`${gw().sandbox.url}/__sandbox/reset`, { method: 'POST' });
  };

  const aliceToken = (extra: { projects?: string[] } = {}) =>
    gw().token('alice', { scopes: ['worklogs:write', 'issues:read'], ...extra });

  async function tracking(secret: string, key: string) {
    const res = await gw().gql(secret, READ, { key });
    expect(res.body.errors, JSON.stringify(res.body.errors)).toBeUndefined();
    const { timeTracking, worklogs } = res.body.data.issue;
    return {
      timeTracking: timeTracking as {
        timeSpentSeconds: number | null;
        remainingEstimateSeconds: number | null;
      },
      totalCount: worklogs.totalCount as number,
      nodes: worklogs.edges.map((e: { node: unknown }) => e.node) as Array<{
        id: string;
        timeSpentSeconds: number;
      }>,
    };
  }

  it('logs work in Jira’s notation; the next read of worklogs and timeTracking (cached before) shows it', async () => {
    const issue = projIssue();
    const { secret } = await aliceToken();
    const before = await tracking(secret, issue.key);
    const spent = before.timeTracking.timeSpentSeconds ?? 0;

    const res = await gw().gql(secret, ADD, {
      input: {
        key: issue.key,
        timeSpent: '1h 30m',
        started: '2026-01-31T10:00:00.000Z',
        comment: { markdown: 'Paired on the **fix**' },
        adjustEstimate: { mode: 'NEW', newEstimate: '2h' },
      },
    });
    expect(res.body.errors, JSON.stringify(res.body.errors)).toBeUndefined();
    const { worklog, issue: after } = res.body.data.addWorklog;
    expect(worklog.id).toMatch(/^\d+$/);
    expect(worklog.timeSpentSeconds).toBe(1.5 * H);
    expect(worklog.timeSpent).toBe('1h 30m');
    expect(worklog.started).toBe('2026-01-31T10:00:00.000Z');
    expect(worklog.author.displayName).toBe(user('alice').displayName);
    expect(worklog.comment.text).toContain('Paired on the fix');
    expect(worklog.comment.format).toBe(flavor === 'cloud' ? 'adf' : 'wiki');
    expect(after.timeTracking).toEqual({
      timeSpentSeconds: spent + 1.5 * H,
      remainingEstimateSeconds: 2 * H,
    });
    const stored = store()
      .findIssue(issue.key)!
      .worklogs.find((w) => w.id === worklog.id)!;
    expect(stored.timeSpentSeconds).toBe(1.5 * H);
    expect(stored.comment).toMatch(/\*fix\*/);

    const read = await tracking(secret, issue.key);
    expect(read.totalCount).toBe(before.totalCount + 1);
    expect(read.timeTracking).toEqual(after.timeTracking);
    const node = read.nodes.find((n) => n.id === worklog.id);
    // The payload's worklog is what a later read answers.
    expect(node).toEqual(worklog);
  });

  it('logs work in seconds, leaving the estimate, and reduces it by hand (MANUAL reduceBy)', async () => {
    const issue = projIssue();
    const { secret } = await aliceToken();
    const fresh = await gw().gql(secret, ADD, {
      input: { key: issue.key, timeSpentSeconds: 2700, adjustEstimate: { mode: 'NEW', newEstimate: '1d' } },
    });
    expect(fresh.body.errors, JSON.stringify(fresh.body.errors)).toBeUndefined();
    expect(fresh.body.data.addWorklog.worklog.timeSpent).toBe('45m');
    expect(fresh.body.data.addWorklog.issue.timeTracking.remainingEstimateSeconds).toBe(8 * H);

    const kept = await gw().gql(secret, ADD, {
      input: { key: issue.key, timeSpent: '15m', adjustEstimate: { mode: 'LEAVE' } },
    });
    expect(kept.body.data.addWorklog.issue.timeTracking.remainingEstimateSeconds).toBe(8 * H);

    const manual = await gw().gql(secret, ADD, {
      input: { key: issue.key, timeSpent: '15m', adjustEstimate: { mode: 'MANUAL', reduceBy: '2h' } },
    });
    expect(manual.body.errors, JSON.stringify(manual.body.errors)).toBeUndefined();
    expect(manual.body.data.addWorklog.issue.timeTracking.remainingEstimateSeconds).toBe(6 * H);

    const auto = await gw().gql(secret, ADD, { input: { key: issue.key, timeSpent: '1h' } });
    expect(auto.body.data.addWorklog.issue.timeTracking.remainingEstimateSeconds).toBe(5 * H);
  });

  it('edits a worklog (time, start, comment) and deletes one, each moving the estimate as asked', async () => {
    const issue = projIssue();
    const { secret } = await aliceToken();
    const added = await gw().gql(secret, ADD, {
      input: { key: issue.key, timeSpent: '2h', adjustEstimate: { mode: 'NEW', newEstimate: '4h' } },
    });
    const id = added.body.data.addWorklog.worklog.id as string;
    const spent = added.body.data.addWorklog.issue.timeTracking.timeSpentSeconds as number;

    const edited = await gw().gql(secret, UPDATE, {
      input: {
        key: issue.key,
        id,
        timeSpent: '3h',
        started: '2026-02-02T08:30:00.000Z',
        comment: { text: 'took longer' },
        clientMutationId: 'edit-1',
      },
    });
    expect(edited.body.errors, JSON.stringify(edited.body.errors)).toBeUndefined();
    const { worklog, issue: after } = edited.body.data.updateWorklog;
    expect(edited.body.data.updateWorklog.clientMutationId).toBe('edit-1');
    expect(worklog).toMatchObject({ id, timeSpentSeconds: 3 * H, started: '2026-02-02T08:30:00.000Z' });
    expect(worklog.comment.text).toBe('took longer');
    // AUTO: one more hour spent, one less remaining.
    expect(after.timeTracking).toEqual({ timeSpentSeconds: spent + H, remainingEstimateSeconds: 3 * H });

    const reset = await gw().gql(secret, UPDATE, {
      input: {
        key: issue.key,
        id,
        timeSpentSeconds: 3600,
        adjustEstimate: { mode: 'NEW', newEstimate: '0m' },
      },
    });
    expect(reset.body.errors, JSON.stringify(reset.body.errors)).toBeUndefined();
    expect(reset.body.data.updateWorklog.issue.timeTracking).toEqual({
      timeSpentSeconds: spent - H,
      remainingEstimateSeconds: 0,
    });
    // The comment left out stays.
    expect(reset.body.data.updateWorklog.worklog.comment.text).toBe('took longer');

    const deleted = await gw().gql(secret, DELETE, {
      input: { key: issue.key, id, adjustEstimate: { mode: 'MANUAL', increaseBy: '30m' } },
    });
    expect(deleted.body.errors, JSON.stringify(deleted.body.errors)).toBeUndefined();
    expect(deleted.body.data.deleteWorklog.deletedWorklogId).toBe(id);
    expect(deleted.body.data.deleteWorklog.issue.timeTracking.remainingEstimateSeconds).toBe(30 * 60);
    expect(
      store()
        .findIssue(issue.key)!
        .worklogs.some((w) => w.id === id),
    ).toBe(false);
    const read = await tracking(secret, issue.key);
    expect(read.nodes.some((n) => n.id === id)).toBe(false);

    const again = await gw().gql(secret, DELETE, { input: { key: issue.key, id } });
    expect(codes(again.body)).toEqual(['NOT_FOUND']);
    expect(again.body.errors[0].message).toBe(`Cannot find worklog with id: ${id}.`);
  });

  it('refuses a reporter-only user’s worklog with Jira’s words, and writes nothing', async () => {
    const issue = projIssue();
    const before = store().findIssue(issue.key)!.worklogs.length;
    const erin = await gw().token('erin', { scopes: ['worklogs:write'] });
    const res = await gw().gql(erin.secret, ADD, { input: { key: issue.key, timeSpent: '1h' } });
    const words = 'you do not have the permission to associate a worklog to this issue.';
    if (flavor === 'cloud') {
      expect(codes(res.body)).toEqual(['BAD_USER_INPUT']);
      expect(res.body.errors[0].message).toBe(
        `You do not have the permission to associate a worklog to this issue.`,
      );
    } else {
      expect(codes(res.body)).toEqual(['FORBIDDEN']);
      expect(res.body.errors[0].message).toBe(`${user('erin').displayName}, ${words}`);
    }
    expect(store().findIssue(issue.key)!.worklogs.length).toBe(before);

    // Nor may she edit alice's.
    const alice = await aliceToken();
    const added = await gw().gql(alice.secret, ADD, { input: { key: issue.key, timeSpent: '1h' } });
    const id = added.body.data.addWorklog.worklog.id as string;
    const edit = await gw().gql(erin.secret, UPDATE, { input: { key: issue.key, id, timeSpent: '8h' } });
    expect(codes(edit.body)).toEqual([flavor === 'cloud' ? 'BAD_USER_INPUT' : 'FORBIDDEN']);
    expect(edit.body.errors[0].message).toMatch(/you do not have the permission to edit this worklog\.$/i);
    expect(
      store()
        .findIssue(issue.key)!
        .worklogs.find((w) => w.id === id)!.timeSpentSeconds,
    ).toBe(H);
  });

  it('without worklogs:write answers INSUFFICIENT_SCOPE and writes nothing', async () => {
    const issue = projIssue();
    const before = store().findIssue(issue.key)!.worklogs.length;
    const { secret } = await gw().token('alice', {
      scopes: ['issues:write', 'worklogs:read', 'comments:write'],
    });
    await resetStats();
    const res = await gw().gql(secret, ADD, { input: { key: issue.key, timeSpent: '1h' } });
    expect(codes(res.body)).toEqual(['INSUFFICIENT_SCOPE']);
    expect(store().findIssue(issue.key)!.worklogs.length).toBe(before);
    expect(gw().sandbox.stats.requests).toBe(0);
  });

  it('answers NOT_FOUND to a PROJ-restricted token logging work on an OPS issue, and writes nothing', async () => {
    const ops = opsIssue();
    const before = ops.worklogs.length;
    const spent = ops.timeSpent;
    const { secret } = await aliceToken({ projects: ['PROJ'] });
    const add = await gw().gql(secret, ADD, { input: { key: ops.key, timeSpent: '1h' } });
    expect(codes(add.body)).toEqual(['NOT_FOUND']);
    const id = ops.worklogs[0]?.id ?? '1';
    const edit = await gw().gql(secret, UPDATE, { input: { key: ops.key, id, timeSpent: '1h' } });
    expect(codes(edit.body)).toEqual(['NOT_FOUND']);
    const del = await gw().gql(secret, DELETE, { input: { key: ops.key, id } });
    expect(codes(del.body)).toEqual(['NOT_FOUND']);
    expect(store().findIssue(ops.key)!.worklogs.length).toBe(before);
    expect(store().findIssue(ops.key)!.timeSpent).toBe(spent);
  });

  it('returns the first worklog for a retry with the same clientMutationId; another input is refused', async () => {
    const issue = projIssue();
    const { secret } = await aliceToken();
    const input = { key: issue.key, timeSpent: '20m', clientMutationId: `worklog-retry-${flavor}` };
    const first = await gw().gql(secret, ADD, { input });
    expect(first.body.errors, JSON.stringify(first.body.errors)).toBeUndefined();
    const second = await gw().gql(secret, ADD, { input });
    expect(second.body.errors, JSON.stringify(second.body.errors)).toBeUndefined();
    expect(second.body.data.addWorklog.worklog.id).toBe(first.body.data.addWorklog.worklog.id);
    expect(
      store()
        .findIssue(issue.key)!
        .worklogs.filter((w) => w.id === first.body.data.addWorklog.worklog.id),
    ).toHaveLength(1);
    expect(second.body.data.addWorklog.issue.timeTracking).toEqual(
      first.body.data.addWorklog.issue.timeTracking,
    );
    const other = await gw().gql(secret, ADD, { input: { ...input, timeSpent: '25m' } });
    expect(codes(other.body)).toEqual(['BAD_USER_INPUT']);
  });

  it.each([
    ['an unparseable duration', { timeSpent: 'an hour' }, 'timeSpent'],
    ['a duration without a unit', { timeSpent: '90' }, 'timeSpent'],
    ['a zero duration', { timeSpent: '0h' }, 'timeSpent'],
    ['negative seconds', { timeSpentSeconds: -60 }, 'timeSpentSeconds'],
    ['zero seconds', { timeSpentSeconds: 0 }, 'timeSpentSeconds'],
    ['both times', { timeSpent: '1h', timeSpentSeconds: 3600 }, 'timeSpent'],
    ['neither time', {}, 'timeSpent'],
    [
      'NEW without newEstimate',
      { timeSpent: '1h', adjustEstimate: { mode: 'NEW' } },
      'adjustEstimate.newEstimate',
    ],
    [
      'MANUAL without reduceBy',
      { timeSpent: '1h', adjustEstimate: { mode: 'MANUAL' } },
      'adjustEstimate.reduceBy',
    ],
    [
      'a bad new estimate',
      { timeSpent: '1h', adjustEstimate: { mode: 'NEW', newEstimate: 'soon' } },
      'adjustEstimate.newEstimate',
    ],
    [
      'newEstimate with another mode',
      { timeSpent: '1h', adjustEstimate: { mode: 'AUTO', newEstimate: '1h' } },
      'adjustEstimate.newEstimate',
    ],
    ['an empty comment', { timeSpent: '1h', comment: { text: '' } }, 'comment'],
    ['a start in year 10000', { timeSpent: '1h', started: '+010000-01-01T00:00:00.000Z' }, 'started'],
  ])('refuses %s before any Jira call', async (_name, fields, field) => {
    const issue = projIssue();
    const before = store().findIssue(issue.key)!.worklogs.length;
    const { secret } = await aliceToken();
    await resetStats();
    const res = await gw().gql(secret, ADD, { input: { key: issue.key, ...fields } });
    expect(codes(res.body)).toEqual(['BAD_USER_INPUT']);
    expect(Object.keys(res.body.errors[0].extensions.fieldErrors)).toContain(field);
    expect(res.body.errors[0].message).toMatch(/^Nothing was changed: /);
    expect(gw().sandbox.stats.requests).toBe(0);
    expect(store().findIssue(issue.key)!.worklogs.length).toBe(before);
  });

  it.each([
    ['an edit of nothing', UPDATE, { id: '10000' }, 'timeSpent'],
    ['an edit with a bad duration', UPDATE, { id: '10000', timeSpent: '1h 1h' }, 'timeSpent'],
    ['a worklog id that is not digits', UPDATE, { id: 'abc', timeSpent: '1h' }, 'id'],
    ['a delete of a path', DELETE, { id: '1/../../2' }, 'id'],
    [
      'MANUAL without increaseBy',
      DELETE,
      { id: '10000', adjustEstimate: { mode: 'MANUAL' } },
      'adjustEstimate.increaseBy',
    ],
  ])('refuses %s before any Jira call', async (_name, mutation, fields, field) => {
    const issue = projIssue();
    const { secret } = await aliceToken();
    await resetStats();
    const res = await gw().gql(secret, mutation, { input: { key: issue.key, ...fields } });
    expect(codes(res.body)).toEqual(['BAD_USER_INPUT']);
    expect(Object.keys(res.body.errors[0].extensions.fieldErrors)).toContain(field);
    expect(gw().sandbox.stats.requests).toBe(0);
  });
});

describe.each(['datacenter', 'cloud'] as const)('%s: a worklog id from another issue', (flavor) => {
  // A proxy answers the worklog read as a Jira that ignored the issue in the path would.
  const env: Record<string, string> = {};
  const proxy = useJiraProxy(() => gw().sandbox.url, env);
  const gw = useGateway({ flavor, env });

  it('refuses to edit or delete a worklog Jira says is on an issue outside the token’s projects, before writing', async () => {
    const store = gw().sandbox.store;
    const projectOf = (i: SandboxIssue) => store.projectsById.get(i.projectId)?.key;
    const proj = store.data.issues.find((i) => projectOf(i) === 'PROJ')!;
    const ops = store.data.issues.find((i) => projectOf(i) === 'OPS' && i.worklogs.length > 0)!;
    const target = ops.worklogs[0]!;
    const api = flavor === 'cloud' ? '/rest/api/3' : '/rest/api/2';
    proxy().intercept = (req) => {
      const path = (req.url ?? '').split('?')[0];
      if (req.method !== 'GET' || path !== `${api}/issue/${proj.key}/worklog/${target.id}`) return null;
      return { status: 200, body: JSON.stringify({ id: target.id, issueId: ops.id, timeSpentSeconds: 60 }) };
    };
    const { secret } = await gw().token('alice', { scopes: ['worklogs:write'], projects: ['PROJ'] });
    const before = proxy().requests.length;
    const edit = await gw().gql(secret, UPDATE, { input: { key: proj.key, id: target.id, timeSpent: '8h' } });
    expect(codes(edit.body)).toEqual(['NOT_FOUND']);
    expect(edit.body.errors[0].message).toBe(
      `Issue ${proj.key} has no worklog ${target.id}, or this token may not see it.`,
    );
    const del = await gw().gql(secret, DELETE, { input: { key: proj.key, id: target.id } });
    expect(codes(del.body)).toEqual(['NOT_FOUND']);
    const sent = proxy()
      .requests.slice(before)
      .map((r) => r.request);
    expect(sent.filter((r) => /^(PUT|DELETE) /.test(r))).toEqual([]);
    expect(sent).toContain(`GET ${api}/issue/${proj.key}/worklog/${target.id}`);
    expect(store.findIssue(ops.key)!.worklogs.find((w) => w.id === target.id)?.timeSpentSeconds).toBe(
      target.timeSpentSeconds,
    );
  });
});
