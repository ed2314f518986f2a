// Calls on the issue resource of a live sandbox of one flavour, as the issue
// tests make them: on the flavour's API path, as a seeded user, every answer
// checked against the flavour's OpenAPI document; and a way for each test to
// take an issue of its own.
import { expect } from 'vitest';
import type { Flavor, SandboxIssue } from '../../src/model.ts';
import { type JiraAnswer, useSandbox } from './sandbox.ts';

export type Json = Record<string, unknown>;

/** A comment or description in Cloud's rich text: "Looks *good*". */
export const ADF_BOLD = {
  type: 'doc',
  version: 1,
  content: [
    {
      type: 'paragraph',
      content: [
        { type: 'text', text: 'Looks ' },
        { type: 'text', text: 'good', marks: [{ type: 'strong' }] },
      ],
    },
  ],
};

/** Registers one sandbox for the enclosing describe block. */
export function useIssueSandbox(flavor: Flavor) {
  const client = useSandbox({ flavor, issues: 300, seed: 7 });
  const api = flavor === 'cloud' ? '/rest/api/3' : '/rest/api/2';
  const cloud = flavor === 'cloud';
  /** Calls and checks the answer against the flavour's OpenAPI document. */
  const callAt = (as: string | null, method: string, path: string, body?: unknown): Promise<JiraAnswer> =>
    client().call(as, method, path, body);
  const call = (as: string | null, method: string, path: string, body?: unknown): Promise<JiraAnswer> =>
    callAt(as, method, `${api}${path}`, body);
  /** Cloud's /rest/api/2 (wiki strings), for reading back what v3 wrote. */
  const callV2 = (as: string, method: string, path: string, body?: unknown): Promise<JiraAnswer> =>
    callAt(as, method, `/rest/api/2${path}`, body);
  const store = () => client().sandbox.store;
  const user = (name: string) => client().user(name);
  /** How a body names a user: {name} on Data Center, {accountId} on Cloud. */
  const userRef = (name: string): Json => (cloud ? { accountId: user(name).accountId } : { name });
  const userId = (name: string): string => (cloud ? user(name).accountId : name);
  const notFound = cloud
    ? 'Issue does not exist or you do not have permission to see it.'
    : 'Issue Does Not Exist';

  /** The first issue (in creation order) matching, that nobody else's test takes. */
  const taken = new Set<string>();
  function pick(match: (i: SandboxIssue) => boolean): SandboxIssue {
    const issue = store().data.issues.find((i) => !taken.has(i.id) && match(i));
    if (!issue) throw new Error('no such issue in the dataset');
    taken.add(issue.id);
    return issue;
  }
  /** An ordinary PROJ issue everyone on the project sees. */
  const openProj = (i: SandboxIssue): boolean => i.projectId === '10000' && i.securityLevelId === null;
  const inStatus = (statusId: string) => (i: SandboxIssue) =>
    openProj(i) && i.statusId === statusId && !i.parentId;

  async function fields(key: string, query = ''): Promise<Json> {
    const res = await call('alice', 'GET', `/issue/${key}${query}`);
    expect(res.status).toBe(200);
    return (res.body as { fields: Json }).fields;
  }

  function lastHistory(issue: SandboxIssue) {
    return issue.changelog[issue.changelog.length - 1];
  }

  return {
    client,
    api,
    cloud,
    callAt,
    call,
    callV2,
    store,
    user,
    userRef,
    userId,
    notFound,
    pick,
    openProj,
    inStatus,
    fields,
    lastHistory,
  };
}
