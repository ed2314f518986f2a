// The write mutations as a client runs them: the typed documents codegen
// generates from test/operations/*.graphql (test/gql/), against the gateway
// and the sandbox over HTTP, on both flavours. One issue's life: created (and
// the create retried with its clientMutationId), edited, transitioned,
// assigned; a comment added, edited and deleted; work logged, edited and
// deleted. The answers are typed by the schema, so a schema change that
// breaks one of these operations fails codegen or tsc here.
import { beforeAll, describe, expect, it } from 'vitest';
import {
  AddCommentDocument,
  AddWorklogDocument,
  AssignIssueDocument,
  CreateIssueDocument,
  DeleteCommentDocument,
  DeleteWorklogDocument,
  IssueByKeyDocument,
  TransitionIssueDocument,
  UpdateCommentDocument,
  UpdateIssueDocument,
  UpdateWorklogDocument,
} from '../gql/graphql.ts';
import { useGateway } from '../support/gateway.ts';
import { typedQuery } from '../support/typed.ts';

const H = 3600;

describe.each(['datacenter', 'cloud'] as const)('%s: typed write operations', (flavor) => {
  const gw = useGateway({ flavor, issues: 60 });
  let secret = '';

  beforeAll(async () => {
    const scopes = ['issues:write', 'comments:read', 'comments:write', 'worklogs:read', 'worklogs:write'];
    secret = (await gw().token('alice', { scopes })).secret;
  });

  it('creates, edits, transitions and assigns an issue, then comments on it and logs work', async () => {
    const alice = gw().sandboxUser('alice');
    const bob = gw().sandboxUser('bob');
    // User.accountId: Cloud's accountId, or Data Center's user key; a write names a Data Center user by name.
    const accountId = (user: typeof alice) => (flavor === 'cloud' ? user.accountId : user.key);
    const clientMutationId = `typed-writes-${flavor}`;
    const createInput = {
      clientMutationId,
      projectKey: 'PROJ',
      issueType: 'Task',
      summary: 'Typed: the export drops the last row',
      description: { markdown: 'The **last** row is missing.' },
      priority: 'Low',
      assignee: flavor === 'cloud' ? bob.accountId : 'bob',
      labels: ['typed'],
      dueDate: '2027-01-15',
    };
    const created = (await typedQuery(gw(), secret, CreateIssueDocument, { input: createInput })).createIssue;
    expect(created.clientMutationId).toBe(clientMutationId);
    const issue = created.issue;
    if (issue === null) throw new Error('createIssue answered no issue');
    const key = issue.key;
    expect(key).toMatch(/^PROJ-\d+$/);
    expect(issue).toMatchObject({
      summary: createInput.summary,
      descriptionRich: { format: flavor === 'cloud' ? 'adf' : 'wiki', text: 'The last row is missing.' },
      status: { name: 'To Do', category: 'new' },
      issueType: { name: 'Task' },
      priority: { name: 'Low' },
      assignee: { accountId: accountId(bob), displayName: bob.displayName },
      parent: null,
      labels: ['typed'],
      dueDate: '2027-01-15',
    });
    expect(Date.parse(issue.created)).not.toBeNaN();
    expect(gw().sandbox.store.findIssue(key)?.summary).toBe(createInput.summary);

    // The same clientMutationId and input: the first issue, not a second one.
    const issueCount = gw().sandbox.store.data.issues.length;
    const retried = (await typedQuery(gw(), secret, CreateIssueDocument, { input: createInput })).createIssue;
    expect(retried.issue?.key).toBe(key);
    expect(gw().sandbox.store.data.issues.length).toBe(issueCount);

    const updated = (
      await typedQuery(gw(), secret, UpdateIssueDocument, {
        input: {
          key,
          set: { summary: 'Typed: the CSV export drops the last row', priority: 'High', dueDate: null },
          addLabels: ['export'],
          removeLabels: ['typed'],
        },
      })
    ).updateIssue.issue;
    expect(updated).toMatchObject({
      key,
      summary: 'Typed: the CSV export drops the last row',
      priority: { name: 'High' },
      labels: ['export'],
      dueDate: null,
    });
    expect(Date.parse(updated?.updated ?? '')).not.toBeNaN();

    const transitioned = (
      await typedQuery(gw(), secret, TransitionIssueDocument, {
        input: { key, to: 'in progress', comment: { text: 'Looking into it.' } },
      })
    ).transitionIssue;
    expect(transitioned.transition).toEqual({ id: '11', name: 'Start Progress', toStatus: 'In Progress' });
    expect(transitioned.issue).toEqual({
      key,
      status: { name: 'In Progress', category: 'indeterminate' },
      resolution: null,
    });

    const assigned = (
      await typedQuery(gw(), secret, AssignIssueDocument, {
        input: { key, assignee: flavor === 'cloud' ? alice.accountId : 'alice' },
      })
    ).assignIssue.issue;
    expect(assigned).toEqual({
      key,
      assignee: { accountId: accountId(alice), displayName: alice.displayName },
    });

    const added = (
      await typedQuery(gw(), secret, AddCommentDocument, {
        input: {
          clientMutationId: `${clientMutationId}-comment`,
          key,
          body: { markdown: 'Found it: an **off by one** error.' },
          visibility: { type: 'ROLE', value: 'Developers' },
        },
      })
    ).addComment;
    expect(added.clientMutationId).toBe(`${clientMutationId}-comment`);
    expect(added.issue).toEqual({ key });
    const comment = added.comment;
    expect(comment).toMatchObject({
      body: { format: flavor === 'cloud' ? 'adf' : 'wiki', text: 'Found it: an off by one error.' },
      author: { accountId: accountId(alice), displayName: alice.displayName },
      visibility: { type: 'ROLE', value: 'Developers' },
    });
    expect(comment.id).toMatch(/^\d+$/);
    expect(Date.parse(comment.created)).not.toBeNaN();

    const edited = (
      await typedQuery(gw(), secret, UpdateCommentDocument, {
        input: { key, id: comment.id, body: { text: 'Found it: an off by one in the paging.' } },
      })
    ).updateComment.comment;
    // The visibility, left out, is kept.
    expect(edited).toMatchObject({
      id: comment.id,
      body: { text: 'Found it: an off by one in the paging.' },
      visibility: { type: 'ROLE', value: 'Developers' },
    });
    expect(Date.parse(edited.updated)).not.toBeNaN();

    const deleted = (
      await typedQuery(gw(), secret, DeleteCommentDocument, { input: { key, id: comment.id } })
    ).deleteComment;
    expect(deleted.deletedCommentId).toBe(comment.id);
    const remaining = deleted.issue?.comments?.edges.map((e) => e.node.id) ?? [];
    expect(remaining).not.toContain(comment.id);
    // The transition's comment is all that is left.
    expect(deleted.issue?.comments?.totalCount).toBe(1);

    const logged = (
      await typedQuery(gw(), secret, AddWorklogDocument, {
        input: {
          clientMutationId: `${clientMutationId}-worklog`,
          key,
          timeSpent: '1h 30m',
          started: '2026-12-01T09:00:00.000Z',
          comment: { text: 'Reproduced and fixed.' },
          adjustEstimate: { mode: 'NEW', newEstimate: '4h' },
        },
      })
    ).addWorklog;
    expect(logged.clientMutationId).toBe(`${clientMutationId}-worklog`);
    const worklog = logged.worklog;
    expect(worklog).toMatchObject({
      timeSpent: '1h 30m',
      timeSpentSeconds: 1.5 * H,
      comment: { text: 'Reproduced and fixed.' },
      author: { accountId: accountId(alice), displayName: alice.displayName },
    });
    expect(Date.parse(worklog.started)).toBe(Date.parse('2026-12-01T09:00:00.000Z'));
    expect(logged.issue).toEqual({
      key,
      timeTracking: { timeSpentSeconds: 1.5 * H, remainingEstimateSeconds: 4 * H },
    });

    const relogged = (
      await typedQuery(gw(), secret, UpdateWorklogDocument, {
        input: { key, id: worklog.id, timeSpentSeconds: 2 * H, adjustEstimate: { mode: 'LEAVE' } },
      })
    ).updateWorklog;
    expect(relogged.worklog).toMatchObject({ id: worklog.id, timeSpent: '2h', timeSpentSeconds: 2 * H });
    // What was left out stays.
    expect(relogged.worklog.comment?.text).toBe('Reproduced and fixed.');
    expect(Date.parse(relogged.worklog.started)).toBe(Date.parse(worklog.started));
    expect(relogged.issue?.timeTracking).toEqual({
      timeSpentSeconds: 2 * H,
      remainingEstimateSeconds: 4 * H,
    });

    const unlogged = (
      await typedQuery(gw(), secret, DeleteWorklogDocument, {
        input: { key, id: worklog.id, adjustEstimate: { mode: 'LEAVE' } },
      })
    ).deleteWorklog;
    expect(unlogged.deletedWorklogId).toBe(worklog.id);
    expect(unlogged.issue?.key).toBe(key);
    expect(unlogged.issue?.timeTracking?.remainingEstimateSeconds).toBe(4 * H);
    expect(unlogged.issue?.timeTracking?.timeSpentSeconds ?? 0).toBe(0);

    // A read afterwards, typed too, shows every write.
    const read = (await typedQuery(gw(), secret, IssueByKeyDocument, { key })).issue;
    expect(read).toMatchObject({
      key,
      summary: 'Typed: the CSV export drops the last row',
      status: { name: 'In Progress' },
      priority: { name: 'High' },
      assignee: { accountId: accountId(alice) },
      labels: ['export'],
    });
  });
});
