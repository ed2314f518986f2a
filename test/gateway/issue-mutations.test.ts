// The issue mutations' happy paths, on both flavours, against the sandbox
// over HTTP with the read cache on: createIssue with every input field
// (Markdown description stored as wiki on Data Center and as ADF on Cloud),
// updateIssue's set / clear / add and remove labels, transitionIssue by status
// name, transition name and id (with a resolution and a comment), and
// assignIssue to a user and to nobody. A read of the issue before a write is
// cached; the read after it shows the write.
import type { SandboxIssue } from 'jira-sandbox';
import { beforeAll, describe, expect, it } from 'vitest';
import { pickTransition } from '../../src/schema/writes/issue-mutations.ts';
import { useGateway } from '../support/gateway.ts';
import { useJiraProxy } from '../support/jira-proxy.ts';

const ISSUE = `key summary description descriptionRich { format raw } labels
  components { name } fixVersions { name } priority { name } assignee { accountId name } dueDate
  parent { key } status { name } resolution { name } issueType { name }
  customFields(names: ["Story Points", "Severity", "Epic Link"]) { name number string }`;

const CREATE = `mutation($input: CreateIssueInput!) {
  createIssue(input: $input) { clientMutationId issue { ${ISSUE} } } }`;
const UPDATE = `mutation($input: UpdateIssueInput!) { updateIssue(input: $input) { issue { ${ISSUE} } } }`;
const TRANSITION = `mutation($input: TransitionIssueInput!) {
  transitionIssue(input: $input) {
    transition { id name toStatus }
    issue { ${ISSUE} comments(first: 50) { edges { node { body { text } } } } } } }`;
const ASSIGN = `mutation($input: AssignIssueInput!) { assignIssue(input: $input) { issue { key assignee { accountId name } } } }`;
const READ = `query($key: String!) { issue(key: $key) { ${ISSUE} } }`;

const MARKDOWN = 'Steps to **reproduce** the fault:\n\n- open the `admin` page\n- press save';

type Custom = { name: string; number: number | null; string: string | null };
const customOf = (issue: { customFields: Custom[] }, name: string): Custom | undefined =>
  issue.customFields.find((f) => f.name === name);

/** Every text node in an ADF document with its marks. */
function adfTexts(node: unknown): Array<{ text: string; marks: string[] }> {
  if (node === null || typeof node !== 'object') return [];
  const n = node as { type?: string; text?: string; marks?: Array<{ type: string }>; content?: unknown[] };
  const own = n.type === 'text' ? [{ text: n.text ?? '', marks: (n.marks ?? []).map((m) => m.type) }] : [];
  return [...own, ...(n.content ?? []).flatMap(adfTexts)];
}

const adfTypes = (node: unknown): string[] => {
  if (node === null || typeof node !== 'object') return [];
  const n = node as { type?: string; content?: unknown[] };
  return [...(n.type ? [n.type] : []), ...(n.content ?? []).flatMap(adfTypes)];
};

describe.each(['datacenter', 'cloud'] as const)('%s: issue mutations', (flavor) => {
  // The read cache stays on (its default TTL), so a stale read would show.
  const env: Record<string, string> = {};
  const proxy = useJiraProxy(() => gw().sandbox.url, env);
  const gw = useGateway({ flavor, issues: 120, env });
  const api = flavor === 'cloud' ? '/rest/api/3' : '/rest/api/2';
  let alice = '';

  beforeAll(async () => {
    alice = (await gw().token('alice', { scopes: ['issues:write', 'comments:read', 'users:read'] })).secret;
  });

  const store = () => gw().sandbox.store;
  /** How the caller names a user in a write: accountId on Cloud, username on Data Center. */
  const userRef = (name: string) => (flavor === 'cloud' ? gw().sandboxUser(name).accountId : name);
  const userKey = (name: string) => gw().sandboxUser(name).key;
  const sandboxIssue = (key: string): SandboxIssue => {
    const found = store().findIssue(key);
    if (!found) throw new Error(`no issue ${key} in the sandbox`);
    return found;
  };
  /** A PROJ issue alice may see, of the named type. */
  const projIssue = (type: string): SandboxIssue => {
    const found = store().data.issues.find(
      (i) =>
        store().projectsById.get(i.projectId)?.key === 'PROJ' &&
        i.securityLevelId === null &&
        store().issueTypesById.get(i.issueTypeId)?.name === type,
    );
    if (!found) throw new Error(`no PROJ ${type}`);
    return found;
  };

  async function ok(query: string, variables: Record<string, unknown>) {
    const res = await gw().gql(alice, query, variables);
    expect(res.body.errors, JSON.stringify(res.body.errors)).toBeUndefined();
    return res.body.data;
  }

  const createTask = async (summary: string): Promise<string> =>
    (await ok(CREATE, { input: { projectKey: 'PROJ', issueType: 'Task', summary } })).createIssue.issue.key;

  it('creates an issue with every input field, and a sub-task under it', async () => {
    const epic = projIssue('Epic');
    const input = {
      projectKey: 'PROJ',
      issueType: 'Story',
      summary: 'Saving the admin page loses the draft',
      description: { markdown: MARKDOWN },
      priority: 'High',
      assignee: userRef('bob'),
      labels: ['triage', 'customer-report'],
      components: ['Backend', 'API'],
      fixVersions: ['3.0'],
      dueDate: '2027-03-15',
      customFields: [
        { name: 'Story Points', value: 5 },
        { id: 'customfield_10100', value: 'S2 - Major' },
        { name: 'epic link', value: epic.key },
      ],
    };
    const sentBefore = proxy().requests.length;
    const { issue } = (await ok(CREATE, { input })).createIssue;
    expect(issue.key).toMatch(/^PROJ-\d+$/);
    const expected = {
      key: issue.key,
      summary: input.summary,
      labels: ['customer-report', 'triage'],
      components: [{ name: 'Backend' }, { name: 'API' }],
      fixVersions: [{ name: '3.0' }],
      priority: { name: 'High' },
      assignee:
        flavor === 'cloud'
          ? { accountId: userRef('bob'), name: null }
          : { accountId: userKey('bob'), name: 'bob' },
      dueDate: '2027-03-15',
      parent: null,
      status: { name: 'To Do' },
      resolution: null,
      issueType: { name: 'Story' },
    };
    expect(issue).toMatchObject(expected);
    expect(customOf(issue, 'Story Points')?.number).toBe(5);
    expect(customOf(issue, 'Severity')?.string).toBe('S2 - Major');
    expect(customOf(issue, 'Epic Link')?.string).toBe(epic.key);
    // The Markdown arrives formatted: plain text without its marks; wiki or ADF underneath.
    expect(issue.description).toContain('reproduce');
    expect(issue.description).not.toContain('**');
    const post = proxy()
      .requests.slice(sentBefore)
      .find((r) => r.request === `POST ${api}/issue`);
    const sent = JSON.parse(post?.body ?? '{}').fields.description;
    if (flavor === 'cloud') {
      expect(issue.descriptionRich.format).toBe('adf');
      for (const doc of [sent, JSON.parse(issue.descriptionRich.raw)]) {
        expect(doc.type).toBe('doc');
        expect(adfTexts(doc)).toContainEqual({ text: 'reproduce', marks: ['strong'] });
        expect(adfTexts(doc)).toContainEqual({ text: 'admin', marks: ['code'] });
        expect(adfTypes(doc)).toContain('bulletList');
      }
    } else {
      expect(issue.descriptionRich.format).toBe('wiki');
      for (const wiki of [sent, issue.descriptionRich.raw, sandboxIssue(issue.key).description]) {
        expect(wiki).toContain('*reproduce*');
        expect(wiki).toContain('{{admin}}');
        expect(wiki).toMatch(/^\* press save$/m);
      }
    }
    // Jira holds what the payload shows, and a later read shows it too.
    const held = sandboxIssue(issue.key);
    expect(held.assigneeKey).toBe(userKey('bob'));
    expect(held.customFields.customfield_10002).toBe(5);
    expect((await ok(READ, { key: issue.key })).issue).toEqual(issue);

    const sub = await ok(CREATE, {
      input: {
        projectKey: 'PROJ',
        issueType: 'Sub-task',
        summary: 'Reproduce on staging',
        parent: issue.key,
      },
    });
    expect(sub.createIssue.issue).toMatchObject({
      issueType: { name: 'Sub-task' },
      parent: { key: issue.key },
    });
    expect(sandboxIssue(sub.createIssue.issue.key).parentId).toBe(held.id);
  });

  it('updates: a read cached before the write is not served after it', async () => {
    const key = await createTask('Cache me');
    const seen = () => proxy().seen.length;
    const before = (await ok(READ, { key })).issue;
    const afterFirstRead = seen();
    // The same read again comes from the cache: Jira is not asked.
    expect((await ok(READ, { key })).issue).toEqual(before);
    expect(seen()).toBe(afterFirstRead);

    const set = {
      summary: 'Cache me not',
      description: { text: 'Plain text from a script' },
      priority: 'Low',
      assignee: userRef('dave'),
      labels: ['one', 'two'],
      components: ['Frontend'],
      fixVersions: ['2.1', '3.0'],
      dueDate: '2027-01-02',
      customFields: [{ name: 'Story Points', value: 3 }],
    };
    const { issue } = (await ok(UPDATE, { input: { key, set } })).updateIssue;
    expect(issue).toMatchObject({
      summary: 'Cache me not',
      description: 'Plain text from a script',
      priority: { name: 'Low' },
      labels: ['one', 'two'],
      components: [{ name: 'Frontend' }],
      fixVersions: [{ name: '2.1' }, { name: '3.0' }],
      dueDate: '2027-01-02',
    });
    expect(customOf(issue, 'Story Points')?.number).toBe(3);
    expect(sandboxIssue(key).assigneeKey).toBe(userKey('dave'));
    expect((await ok(READ, { key })).issue).toEqual(issue);

    const cleared = (
      await ok(UPDATE, {
        input: {
          key,
          set: {
            description: null,
            assignee: null,
            labels: null,
            components: null,
            fixVersions: null,
            dueDate: null,
            customFields: [{ name: 'Story Points', value: null }],
          },
        },
      })
    ).updateIssue.issue;
    expect(cleared).toMatchObject({
      summary: 'Cache me not',
      description: null,
      assignee: null,
      labels: [],
      components: [],
      fixVersions: [],
      dueDate: null,
    });
    expect(customOf(cleared, 'Story Points')?.number).toBeNull();
    expect((await ok(READ, { key })).issue).toEqual(cleared);

    await ok(UPDATE, { input: { key, set: { labels: ['keep', 'drop'] } } });
    const labelled = (await ok(UPDATE, { input: { key, addLabels: ['added'], removeLabels: ['drop'] } }))
      .updateIssue.issue;
    expect(labelled.labels).toEqual(['added', 'keep']);
    expect(sandboxIssue(key).labels).toEqual(['added', 'keep']);
    expect((await ok(READ, { key })).issue.labels).toEqual(['added', 'keep']);
  });

  it('transitions by status name, transition name and id, with a resolution and a comment', async () => {
    const key = await createTask('Walk the workflow');
    const byStatus = (await ok(TRANSITION, { input: { key, to: 'in progress' } })).transitionIssue;
    expect(byStatus.transition).toEqual({ id: '11', name: 'Start Progress', toStatus: 'In Progress' });
    expect(byStatus.issue.status.name).toBe('In Progress');

    const byName = (await ok(TRANSITION, { input: { key, to: 'Submit for Review' } })).transitionIssue;
    expect(byName.transition.id).toBe('21');
    expect(byName.issue.status.name).toBe('In Review');

    const done = (
      await ok(TRANSITION, {
        input: {
          key,
          to: '31',
          resolution: "Won't Do",
          comment: { markdown: 'Closing: **duplicate** effort' },
        },
      })
    ).transitionIssue;
    expect(done.transition).toEqual({ id: '31', name: 'Done', toStatus: 'Done' });
    expect(done.issue).toMatchObject({ status: { name: 'Done' }, resolution: { name: "Won't Do" } });
    const comments = done.issue.comments.edges.map(
      (e: { node: { body: { text: string } } }) => e.node.body.text,
    );
    expect(comments).toEqual(['Closing: duplicate effort']);
    expect(sandboxIssue(key).comments.at(-1)?.body).toContain('*duplicate*');
    expect((await ok(READ, { key })).issue.status.name).toBe('Done');
  });

  it('answers an unavailable transition with BAD_USER_INPUT listing the transitions offered', async () => {
    const key = await createTask('Only one way out');
    const res = await gw().gql(alice, TRANSITION, { input: { key, to: 'In Review' } });
    expect(res.body.errors[0].extensions).toMatchObject({
      code: 'BAD_USER_INPUT',
      transitions: [{ id: '11', name: 'Start Progress', toStatus: 'In Progress' }],
    });
    expect(res.body.errors[0].message).toContain('Start Progress');
    expect(sandboxIssue(key).statusId).toBe(store().data.statuses.find((s) => s.name === 'To Do')?.id);
  });

  it('assigns to a user, by the accountId read back, and to nobody', async () => {
    const key = await createTask('Who takes it');
    const toBob = (await ok(ASSIGN, { input: { key, assignee: userRef('bob') } })).assignIssue.issue;
    expect(sandboxIssue(key).assigneeKey).toBe(userKey('bob'));
    // User.accountId (the user key on Data Center) names the same user in a write.
    const toDave = (await ok(ASSIGN, { input: { key, assignee: userRef('dave') } })).assignIssue.issue;
    const again = (await ok(ASSIGN, { input: { key, assignee: toBob.assignee.accountId } })).assignIssue
      .issue;
    expect(toDave.assignee.accountId).not.toBe(toBob.assignee.accountId);
    expect(again.assignee).toEqual(toBob.assignee);
    expect(sandboxIssue(key).assigneeKey).toBe(userKey('bob'));
    const nobody = (await ok(ASSIGN, { input: { key, assignee: null } })).assignIssue.issue;
    expect(nobody.assignee).toBeNull();
    expect(sandboxIssue(key).assigneeKey).toBeNull();
    expect((await ok(READ, { key })).issue.assignee).toBeNull();
  });

  it('refuses an empty assignee rather than unassigning', async () => {
    const key = await createTask('Blank is not nobody');
    await ok(ASSIGN, { input: { key, assignee: userRef('bob') } });
    for (const assignee of ['', '   ']) {
      const res = await gw().gql(alice, ASSIGN, { input: { key, assignee } });
      expect(res.body.errors[0].extensions).toMatchObject({
        code: 'BAD_USER_INPUT',
        fieldErrors: { assignee: expect.stringContaining('null to unassign') },
      });
    }
    expect(sandboxIssue(key).assigneeKey).toBe(userKey('bob'));
  });
});

describe('pickTransition', () => {
  // The sandbox's workflow has no two transitions to one status, so ambiguity is shown here.
  const offered = [
    { id: '21', name: 'Submit for Review', toId: '2', toName: 'In Review' },
    { id: '71', name: 'Fast-track Review', toId: '2', toName: 'In Review' },
    { id: '31', name: 'Done', toId: '3', toName: 'Done' },
    { id: '51', name: 'In Review', toId: '1', toName: 'To Do' },
  ];

  it('refuses a status two transitions lead to, listing those offered; an id or a name picks one', () => {
    let thrown: unknown;
    try {
      pickTransition(offered.slice(0, 3), 'in review', 'PROJ-1');
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toMatchObject({
      message: expect.stringContaining('matches several transitions'),
      extensions: {
        code: 'BAD_USER_INPUT',
        transitions: offered.slice(0, 3).map((t) => ({ id: t.id, name: t.name, toStatus: t.toName })),
      },
    });
    expect(pickTransition(offered, '71', 'PROJ-1').id).toBe('71');
    expect(pickTransition(offered, 'fast-track review', 'PROJ-1').id).toBe('71');
    // A transition's name wins over a status of that name.
    expect(pickTransition(offered, 'In Review', 'PROJ-1').id).toBe('51');
    expect(pickTransition(offered, ' Done ', 'PROJ-1').id).toBe('31');
    expect(() => pickTransition([], 'Done', 'PROJ-1')).toThrow(
      /No transition of PROJ-1 leads to 'Done'.*none/,
    );
  });
});
