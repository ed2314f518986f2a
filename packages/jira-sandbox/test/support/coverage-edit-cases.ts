// The OpenAPI coverage test's cases for one comment and one worklog
// (.../comment/{id}, .../worklog/{id}): each route once with success and once
// refused. They address the comment and the worklog alice added in the
// platform cases just before, so they are built after those ran.
import type { SandboxIssue } from '../../src/model.ts';
import type { SandboxStore } from '../../src/store.ts';

export interface CoverageCase {
  /** Route label as /__sandbox/stats names it: "GET /rest/api/2/issue/{issueIdOrKey}". */
  route: string;
  outcome: 'ok' | 'error';
  as: string | null | { authorization: string };
  path: string;
  body?: unknown;
}

export function editCases(api: string, store: SandboxStore, issue: SandboxIssue): CoverageCase[] {
  const alice = store.usersByName.get('alice')?.key;
  const comment = issue.comments.findLast((c) => c.authorKey === alice);
  const worklog = issue.worklogs.findLast((w) => w.authorKey === alice);
  if (!comment || !worklog) throw new Error(`no comment or worklog of alice on ${issue.key}`);
  const text = (s: string) =>
    api.endsWith('/3')
      ? { type: 'doc', version: 1, content: [{ type: 'paragraph', content: [{ type: 'text', text: s }] }] }
      : s;
  const commentPath = `${api}/issue/${issue.key}/comment`;
  const worklogPath = `${api}/issue/${issue.key}/worklog`;
  const commentRoute = (method: string) => `${method} ${api}/issue/{issueIdOrKey}/comment/{id}`;
  const worklogRoute = (method: string) => `${method} ${api}/issue/{issueIdOrKey}/worklog/{id}`;
  // bob develops PROJ but is not one of its Administrators: alice's comment and worklog are not his to change.
  const cases: CoverageCase[] = [
    { route: commentRoute('GET'), outcome: 'ok', as: 'alice', path: `${commentPath}/${comment.id}` },
    { route: commentRoute('GET'), outcome: 'error', as: 'alice', path: `${commentPath}/1` },
    {
      route: commentRoute('PUT'),
      outcome: 'ok',
      as: 'alice',
      path: `${commentPath}/${comment.id}`,
      body: { body: text('Edited'), visibility: { type: 'role', value: 'Developers' } },
    },
    {
      route: commentRoute('PUT'),
      outcome: 'error',
      as: 'bob',
      path: `${commentPath}/${comment.id}`,
      body: { body: text('Not mine') },
    },
    { route: worklogRoute('GET'), outcome: 'ok', as: 'alice', path: `${worklogPath}/${worklog.id}` },
    { route: worklogRoute('GET'), outcome: 'error', as: 'alice', path: `${worklogPath}/1` },
    {
      route: worklogRoute('PUT'),
      outcome: 'ok',
      as: 'alice',
      path: `${worklogPath}/${worklog.id}?adjustEstimate=leave`,
      body: { timeSpent: '2h', comment: text('Longer than planned') },
    },
    {
      route: worklogRoute('PUT'),
      outcome: 'error',
      as: 'bob',
      path: `${worklogPath}/${worklog.id}`,
      body: { timeSpent: '1m' },
    },
    { route: worklogRoute('DELETE'), outcome: 'error', as: 'bob', path: `${worklogPath}/${worklog.id}` },
    { route: worklogRoute('DELETE'), outcome: 'ok', as: 'alice', path: `${worklogPath}/${worklog.id}` },
    { route: commentRoute('DELETE'), outcome: 'error', as: 'bob', path: `${commentPath}/${comment.id}` },
    { route: commentRoute('DELETE'), outcome: 'ok', as: 'alice', path: `${commentPath}/${comment.id}` },
  ];
  return cases;
}
