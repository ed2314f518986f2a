// A project-restricted token's writes, attacked, on both flavours: alice may
// work in PROJ, MOB and OPS in Jira, but her token is restricted to PROJ. It
// may not create elsewhere, may not touch an issue elsewhere however it is
// named (key, lower-case key, numeric id), and may not point a PROJ issue at
// one elsewhere (a sub-task's parent, an Epic Link by name or by id). Each
// refusal is checked against what reached Jira (no write) and what Jira
// holds (unchanged); the same token's writes in PROJ succeed.
import type { SandboxIssue } from 'jira-sandbox';
import { beforeAll, describe, expect, it } from 'vitest';
import { useGateway } from '../support/gateway.ts';
import { useJiraProxy } from '../support/jira-proxy.ts';

const CREATE = `mutation($input: CreateIssueInput!) {
  createIssue(input: $input) { issue { key parent { key } } } }`;
const UPDATE = 'mutation($input: UpdateIssueInput!) { updateIssue(input: $input) { issue { key summary } } }';
const TRANSITION = `mutation($input: TransitionIssueInput!) {
  transitionIssue(input: $input) { issue { key status { name } } } }`;
const ASSIGN = 'mutation($input: AssignIssueInput!) { assignIssue(input: $input) { issue { key } } }';

const isWrite = (request: string): boolean =>
  /^(PUT|DELETE) /.test(request) ||
  (request.startsWith('POST ') &&
    !/\/(search|search\/jql|search\/approximate-count|bulkfetch)$/.test(request));

type Answer = Awaited<ReturnType<ReturnType<ReturnType<typeof useGateway>>['gql']>>;
const codeOf = (res: Answer): string | undefined => res.body.errors?.[0]?.extensions?.code;

describe.each(['datacenter', 'cloud'] as const)('%s: a project-restricted token writes', (flavor) => {
  const env: Record<string, string> = { JGG_CACHE_TTL_MS: '0' };
  const proxy = useJiraProxy(() => gw().sandbox.url, env);
  const gw = useGateway({ flavor, issues: 160, env });
  let projOnly = '';

  beforeAll(async () => {
    projOnly = (await gw().token('alice', { scopes: ['issues:write'], projects: ['PROJ'] })).secret;
  });

  const store = () => gw().sandbox.store;
  const issuesIn = (project: string): number =>
    store().data.issues.filter((i) => store().projectsById.get(i.projectId)?.key === project).length;
  const issueOf = (project: string, type?: string): SandboxIssue => {
    const found = store().data.issues.find(
      (i) =>
        store().projectsById.get(i.projectId)?.key === project &&
        i.securityLevelId === null &&
        (type === undefined || store().issueTypesById.get(i.issueTypeId)?.name === type),
    );
    if (!found) throw new Error(`no ${project} ${type ?? 'issue'}`);
    return found;
  };
  const snapshot = (key: string): string => JSON.stringify(store().findIssue(key));
  const userRef = (name: string) => (flavor === 'cloud' ? gw().sandboxUser(name).accountId : name);

  /** Sends the attempts one by one; answers them and the writes that reached Jira meanwhile. */
  async function attempt(calls: Array<[string, Record<string, unknown>]>) {
    const from = proxy().seen.length;
    const answers: Answer[] = [];
    for (const [query, input] of calls) answers.push(await gw().gql(projOnly, query, { input }));
    return { answers, writes: proxy().seen.slice(from).filter(isWrite) };
  }

  it('refuses to create in another project (FORBIDDEN), by key in any case or spacing', async () => {
    const before = { MOB: issuesIn('MOB'), OPS: issuesIn('OPS') };
    const { answers, writes } = await attempt(
      ['MOB', 'mob', ' OPS ', 'Mob'].map((projectKey) => [
        CREATE,
        { projectKey, issueType: 'Task', summary: 'Planted from a PROJ token' },
      ]),
    );
    for (const res of answers) {
      expect(codeOf(res)).toBe('FORBIDDEN');
      expect(res.body.data).toBeNull();
    }
    expect(writes).toEqual([]);
    expect({ MOB: issuesIn('MOB'), OPS: issuesIn('OPS') }).toEqual(before);
  });

  it("answers NOT_FOUND to edits, transitions and assignments of another project's issue, however named", async () => {
    const outside = issueOf('OPS');
    const held = snapshot(outside.key);
    const refs = [outside.key, outside.key.toLowerCase(), outside.id, ` ${outside.key} `];
    const calls: Array<[string, Record<string, unknown>]> = refs.flatMap(
      (key): Array<[string, Record<string, unknown>]> => [
        [UPDATE, { key, set: { summary: 'Edited from a PROJ token' } }],
        [UPDATE, { key, addLabels: ['planted'] }],
        [TRANSITION, { key, to: 'Done' }],
        [TRANSITION, { key, to: '31' }],
        [ASSIGN, { key, assignee: userRef('alice') }],
        [ASSIGN, { key, assignee: null }],
      ],
    );
    const { answers, writes } = await attempt(calls);
    for (const [i, res] of answers.entries())
      expect(codeOf(res), JSON.stringify(calls[i]?.[1])).toBe('NOT_FOUND');
    // Told apart from a key that does not exist by nothing but the key.
    const missing = (await attempt([[UPDATE, { key: 'OPS-999999', set: { summary: 'x' } }]])).answers[0];
    expect(answers[0]?.body.errors[0].message.replace(outside.key, 'K')).toBe(
      missing?.body.errors[0].message.replace('OPS-999999', 'K'),
    );
    expect(writes).toEqual([]);
    expect(snapshot(outside.key)).toBe(held);
  });

  it('refuses a sub-task under a parent in another project, and nothing is created', async () => {
    const parent = issueOf('MOB', 'Story');
    const before = { PROJ: issuesIn('PROJ'), MOB: issuesIn('MOB') };
    const { answers, writes } = await attempt([
      [CREATE, { projectKey: 'PROJ', issueType: 'Sub-task', summary: 'Adopted', parent: parent.key }],
      [
        CREATE,
        { projectKey: 'PROJ', issueType: 'Sub-task', summary: 'Adopted', parent: parent.key.toLowerCase() },
      ],
      [CREATE, { projectKey: 'PROJ', issueType: 'Sub-task', summary: 'Adopted', parent: parent.id }],
    ]);
    for (const res of answers) expect(['NOT_FOUND', 'FORBIDDEN']).toContain(codeOf(res));
    expect(writes).toEqual([]);
    expect({ PROJ: issuesIn('PROJ'), MOB: issuesIn('MOB') }).toEqual(before);
  });

  it('refuses to point a PROJ issue at an epic or parent in another project', async () => {
    const epic = issueOf('MOB', 'Epic');
    const parent = issueOf('OPS', 'Task');
    const mine = issueOf('PROJ', 'Story');
    const held = snapshot(mine.key);
    const before = issuesIn('PROJ');
    const { answers, writes } = await attempt([
      [
        CREATE,
        {
          projectKey: 'PROJ',
          issueType: 'Story',
          summary: 'x',
          customFields: [{ name: 'Epic Link', value: epic.key }],
        },
      ],
      [
        CREATE,
        {
          projectKey: 'PROJ',
          issueType: 'Story',
          summary: 'x',
          customFields: [{ id: 'customfield_10006', value: epic.id }],
        },
      ],
      [
        UPDATE,
        { key: mine.key, set: { customFields: [{ name: 'epic link', value: epic.key.toLowerCase() }] } },
      ],
      [UPDATE, { key: mine.key, set: { parent: parent.key } }],
      [
        TRANSITION,
        {
          key: mine.key,
          to: 'Done',
          fields: { customFields: [{ id: 'customfield_10006', value: epic.key }] },
        },
      ],
    ]);
    for (const [i, res] of answers.entries())
      expect(['NOT_FOUND', 'FORBIDDEN'], String(i)).toContain(codeOf(res));
    expect(writes).toEqual([]);
    expect(issuesIn('PROJ')).toBe(before);
    expect(snapshot(mine.key)).toBe(held);
  });

  it("refuses a create elsewhere even as a retry of the same person's unrestricted create", async () => {
    // Idempotency keys are the identity's: a replay must not skip the restriction.
    const everywhere = (await gw().token('alice', { scopes: ['issues:write'] })).secret;
    const input = {
      projectKey: 'MOB',
      issueType: 'Task',
      summary: 'Made outside',
      clientMutationId: 'replay-mob',
    };
    const made = await gw().gql(everywhere, CREATE, { input });
    expect(made.body.data.createIssue.issue.key).toMatch(/^MOB-/);
    const replayed = await gw().gql(projOnly, CREATE, { input });
    expect(codeOf(replayed)).toBe('FORBIDDEN');
    expect(JSON.stringify(replayed.body)).not.toContain(made.body.data.createIssue.issue.key);
  });

  it('still writes within PROJ: create, a sub-task, an epic link, edit, transition and assign', async () => {
    const epic = issueOf('PROJ', 'Epic');
    const made = await gw().gql(projOnly, CREATE, {
      input: {
        projectKey: 'proj',
        issueType: 'Story',
        summary: 'Inside the fence',
        customFields: [{ name: 'Epic Link', value: epic.key }],
      },
    });
    expect(made.body.errors).toBeUndefined();
    const key = made.body.data.createIssue.issue.key as string;
    expect(key).toMatch(/^PROJ-/);
    expect(store().findIssue(key)?.customFields.customfield_10006).toBe(epic.key);
    const sub = await gw().gql(projOnly, CREATE, {
      input: { projectKey: 'PROJ', issueType: 'Sub-task', summary: 'Inside too', parent: key.toLowerCase() },
    });
    expect(sub.body.data.createIssue.issue.parent).toEqual({ key });
    const byId = store().findIssue(key)?.id ?? '';
    const { answers } = await attempt([
      [UPDATE, { key: byId, set: { summary: 'Renamed inside' } }],
      [TRANSITION, { key: key.toLowerCase(), to: 'In Progress' }],
      [ASSIGN, { key, assignee: userRef('bob') }],
    ]);
    for (const res of answers) expect(res.body.errors, JSON.stringify(res.body.errors)).toBeUndefined();
    expect(answers[0]?.body.data.updateIssue.issue).toEqual({ key, summary: 'Renamed inside' });
    expect(answers[1]?.body.data.transitionIssue.issue.status.name).toBe('In Progress');
    expect(store().findIssue(key)?.assigneeKey).toBe(gw().sandboxUser('bob').key);
  });
});
