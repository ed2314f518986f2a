// The issue resource and its sub-resources against a live sandbox of each
// flavour: representation (field selection, expands, custom fields), every
// write path with its Jira error wording, and who may see or change what.
// Every answer is checked against the flavour's OpenAPI document.
import { describe, expect, it } from 'vitest';
import type { Flavor, SandboxIssue } from '../src/model.ts';
import { type JiraAnswer, useSandbox } from './support/sandbox.ts';

type Json = Record<string, unknown>;

const ADF_BOLD = {
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

describe.each<Flavor>(['datacenter', 'cloud'])('%s issues', (flavor) => {
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

  describe('GET /issue', () => {
    it('returns *all fields by default, with the stored values', async () => {
      const issue = pick(
        (i) =>
          openProj(i) &&
          i.comments.length > 1 &&
          i.worklogs.length > 0 &&
          i.description !== null &&
          i.assigneeKey !== null,
      );
      const res = await call('alice', 'GET', `/issue/${issue.key}`);
      expect(res.status).toBe(200);
      const body = res.body as Json & { fields: Json };
      expect(body).toMatchObject({
        id: issue.id,
        key: issue.key,
        self: expect.stringContaining(`${api}/issue/${issue.id}`),
      });
      const f = body.fields;
      expect(f.summary).toBe(issue.summary);
      expect(f.status).toMatchObject({
        id: issue.statusId,
        statusCategory: expect.objectContaining({ key: expect.any(String) }),
      });
      expect(f.project).toMatchObject({ id: '10000', key: 'PROJ' });
      expect(f.comment).toMatchObject({ total: issue.comments.length, startAt: 0 });
      expect(f.worklog).toMatchObject({ total: issue.worklogs.length });
      expect(f.timetracking).toBeTypeOf('object');
      expect(f.created).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}\+0000$/);
      const assignee = f.assignee as Json;
      const expectedAssignee = store().usersByKey.get(issue.assigneeKey ?? '');
      if (cloud) {
        expect(f.description).toMatchObject({ type: 'doc', version: 1 });
        expect(assignee.accountId).toBe(expectedAssignee?.accountId);
        expect(assignee).not.toHaveProperty('name');
        expect(assignee).not.toHaveProperty('key');
      } else {
        expect(f.description).toBe(issue.description);
        expect(assignee).toMatchObject({ name: expectedAssignee?.name, key: expectedAssignee?.key });
      }
    });

    it('selects fields like Jira: lists, *navigable, exclusions, unknown ids ignored', async () => {
      const issue = pick(openProj);
      const only = await fields(issue.key, '?fields=summary,status,bogus');
      expect(Object.keys(only).sort()).toEqual(['status', 'summary']);
      const navigable = await fields(issue.key, '?fields=*navigable');
      expect(navigable).toHaveProperty('summary');
      expect(navigable).toHaveProperty('customfield_10002');
      for (const hidden of ['comment', 'worklog', 'timetracking', 'attachment'])
        expect(navigable).not.toHaveProperty(hidden);
      const allButComment = await fields(issue.key, '?fields=*all,-comment');
      expect(allButComment).not.toHaveProperty('comment');
      expect(allButComment).toHaveProperty('worklog');
      const repeated = await fields(issue.key, '?fields=summary&fields=labels');
      expect(Object.keys(repeated).sort()).toEqual(['labels', 'summary']);
    });

    it('expands renderedFields, names, schema, transitions and changelog', async () => {
      const issue = pick(
        (i) => openProj(i) && i.description !== null && i.changelog.length > 1 && i.statusId === '3',
      );
      const res = await call(
        'alice',
        'GET',
        `/issue/${issue.key}?expand=renderedFields,names,schema,transitions,changelog`,
      );
      const body = res.body as {
        renderedFields: Json;
        names: Json;
        schema: Json;
        transitions: Json[];
        changelog: { total: number; histories: { items: Json[] }[] };
      };
      expect(body.renderedFields.description).toMatch(/<(p|h2|ol|ul)>/);
      expect(body.names.summary).toBe('Summary');
      expect(body.names.components).toBe(cloud ? 'Components' : 'Component/s');
      expect(body.schema.summary).toEqual({ type: 'string', system: 'summary' });
      expect(body.schema.customfield_10005).toEqual({
        type: 'array',
        items: 'string',
        custom: 'com.pyxis.greenhopper.jira:gh-sprint',
        customId: 10005,
      });
      // In Progress offers Submit for Review, Done and Stop Progress.
      expect(body.transitions.map((t) => t.id)).toEqual(['21', '31', '51']);
      expect(body.transitions[0]).toMatchObject({
        name: 'Submit for Review',
        to: { id: '10001', name: 'In Review' },
      });
      expect(body.changelog.total).toBe(issue.changelog.length);
      const status = body.changelog.histories.flatMap((h) => h.items).find((i) => i.field === 'status');
      expect(status).toMatchObject({ fieldtype: 'jira', from: '10000', fromString: 'To Do', to: '3' });
      if (cloud) expect(status?.fieldId).toBe('status');
      else expect(status).not.toHaveProperty('fieldId');
    });

    it('shows change items about users by accountId on Cloud and by key on Data Center', async () => {
      const issue = pick(
        (i) => openProj(i) && i.changelog.some((h) => h.items.some((x) => x.field === 'assignee' && x.to)),
      );
      const res = await call('alice', 'GET', `/issue/${issue.key}?expand=changelog&fields=summary`);
      const items = (
        res.body as { changelog: { histories: { items: Json[] }[] } }
      ).changelog.histories.flatMap((h) => h.items);
      const stored = issue.changelog.flatMap((h) => h.items).find((x) => x.field === 'assignee' && x.to);
      const shown = items.find((x) => x.field === 'assignee' && x.to);
      const to = store().usersByKey.get(stored?.to ?? '');
      expect(shown?.to).toBe(cloud ? to?.accountId : to?.key);
      expect(shown?.toString).toBe(to?.displayName);
    });

    it('serialises the custom fields per flavour', async () => {
      const issue = pick(
        (i) =>
          openProj(i) &&
          Array.isArray(i.customFields.customfield_10005) &&
          i.customFields.customfield_10006 !== null &&
          (i.customFields.customfield_10002 !== null || i.customFields.customfield_10101 !== null),
      );
      const f = await fields(issue.key);
      const sprintIds = issue.customFields.customfield_10005 as number[];
      const sprints = f.customfield_10005 as unknown[];
      expect(sprints).toHaveLength(sprintIds.length);
      const sprint = store().sprintsById.get(sprintIds[0] ?? 0);
      if (cloud) {
        expect(sprints[0]).toMatchObject({
          id: sprint?.id,
          name: sprint?.name,
          state: sprint?.state,
          boardId: 1,
        });
      } else {
        expect(sprints[0]).toMatch(
          new RegExp(
            `^com\\.atlassian\\.greenhopper\\.service\\.sprint\\.Sprint@[0-9a-f]+\\[id=${sprint?.id},rapidViewId=1,state=${sprint?.state.toUpperCase()},name=${sprint?.name},`,
          ),
        );
      }
      expect(f.customfield_10006).toBe(issue.customFields.customfield_10006);
      expect(f.customfield_10002).toBe(issue.customFields.customfield_10002);
      const reviewers = issue.customFields.customfield_10101 as string[] | null;
      if (reviewers) {
        const shown = f.customfield_10101 as Json[];
        expect(shown.map((u) => u.displayName)).toEqual(
          reviewers.map((k) => store().usersByKey.get(k)?.displayName),
        );
      } else expect(f.customfield_10101).toBeNull();

      const bug = pick((i) => openProj(i) && i.customFields.customfield_10100 !== null);
      const severity = (await fields(bug.key, '?fields=customfield_10100')).customfield_10100 as Json;
      const option = store()
        .customFieldsById.get('customfield_10100')
        ?.options?.find((o) => o.id === bug.customFields.customfield_10100);
      expect(severity).toMatchObject({
        id: option?.id,
        value: option?.value,
        self: expect.stringContaining('/customFieldOption/'),
      });
    });

    it('links sub-tasks and parents', async () => {
      const sub = pick((i) => i.parentId !== null && openProj(i));
      const parent = store().issuesById.get(sub.parentId ?? '');
      const f = await fields(sub.key, '?fields=parent,issuetype');
      expect(f.parent).toMatchObject({
        id: parent?.id,
        key: parent?.key,
        fields: { summary: parent?.summary, status: expect.any(Object), issuetype: expect.any(Object) },
      });
      expect(f.issuetype).toMatchObject({ name: 'Sub-task', subtask: true });
      const parentFields = await fields(parent?.key ?? '', '?fields=subtasks');
      expect((parentFields.subtasks as Json[]).map((s) => s.key)).toContain(sub.key);
      const none = await fields(parent?.key ?? '', '?fields=parent');
      expect(none).not.toHaveProperty('parent');
    });

    it("answers 404 with the flavour's wording for missing and hidden issues", async () => {
      const missing = await call('alice', 'GET', '/issue/NOPE-1');
      expect(missing.status).toBe(404);
      expect(missing.body).toEqual({ errorMessages: [notFound], errors: {} });

      const ops = store().data.issues.find((i) => i.projectId === '10002');
      const bob = await call('bob', 'GET', `/issue/${ops?.key}`);
      expect(bob.status).toBe(404);
      expect(bob.body).toEqual({ errorMessages: [notFound], errors: {} });
      expect((await call('alice', 'GET', `/issue/${ops?.key}`)).status).toBe(200);

      // PROJ-2 is at the Internal level (admin, alice): dave browses PROJ but may not see it.
      expect(store().findIssue('PROJ-2')?.securityLevelId).toBe('10100');
      expect((await call('alice', 'GET', '/issue/PROJ-2')).status).toBe(200);
      const dave = await call('dave', 'GET', '/issue/PROJ-2');
      expect(dave.status).toBe(404);
      expect(dave.body).toEqual({ errorMessages: [notFound], errors: {} });

      const anonymous = await call(null, 'GET', '/issue/PROJ-1');
      expect(anonymous.status).toBe(404);
      expect(anonymous.body).toEqual({ errorMessages: [notFound], errors: {} });
    });

    it('finds issues by id and by lower-case key', async () => {
      const issue = pick(openProj);
      const byId = await call('alice', 'GET', `/issue/${issue.id}?fields=summary`);
      expect((byId.body as Json).key).toBe(issue.key);
      const lower = await call('alice', 'GET', `/issue/${issue.key.toLowerCase()}?fields=summary`);
      expect((lower.body as Json).key).toBe(issue.key);
    });
  });

  describe('PUT /issue', () => {
    it('edits fields and update operations, bumps updated and records one history', async () => {
      const issue = pick((i) => openProj(i) && i.labels.length === 0 && i.priorityId !== '2');
      const before = issue.updated;
      const histories = issue.changelog.length;
      const res = await call('alice', 'PUT', `/issue/${issue.key}`, {
        fields: {
          summary: 'Renamed by the test',
          priority: { name: 'High' },
          duedate: '2027-01-15',
          customfield_10002: 8,
        },
        update: { labels: [{ add: 'backend' }, { add: 'urgent' }, { remove: 'backend' }] },
      });
      expect(res.status).toBe(204);
      expect(res.body).toBeUndefined();
      const f = await fields(issue.key);
      expect(f).toMatchObject({
        summary: 'Renamed by the test',
        priority: { id: '2', name: 'High' },
        duedate: '2027-01-15',
        customfield_10002: 8,
        labels: ['urgent'],
      });
      expect(Date.parse(String(f.updated).replace('+0000', 'Z'))).toBeGreaterThan(before);
      expect(issue.changelog).toHaveLength(histories + 1);
      const items = lastHistory(issue)?.items ?? [];
      expect(items.map((i) => i.field).sort()).toEqual([
        'Story Points',
        'duedate',
        'labels',
        'priority',
        'summary',
      ]);
      expect(items.find((i) => i.field === 'summary')).toMatchObject({ toString: 'Renamed by the test' });
      expect(items.find((i) => i.field === 'priority')).toMatchObject({ to: '2', toString: 'High' });
      expect(lastHistory(issue)?.authorKey).toBe(user('alice').key);
    });

    it('takes descriptions as ADF on Cloud v3 and as wiki strings elsewhere', async () => {
      const issue = pick(openProj);
      if (cloud) {
        const plain = await call('alice', 'PUT', `/issue/${issue.key}`, {
          fields: { description: 'plain text' },
        });
        expect(plain.status).toBe(400);
        expect(plain.body).toEqual({
          errorMessages: [],
          errors: {
            description: 'Operation value must be an Atlassian Document (see the Atlassian Document Format)',
          },
        });
        expect(
          (await call('alice', 'PUT', `/issue/${issue.key}`, { fields: { description: ADF_BOLD } })).status,
        ).toBe(204);
        const v2 = await callV2('alice', 'GET', `/issue/${issue.key}?fields=description`);
        expect((v2.body as { fields: Json }).fields.description).toBe('Looks *good*');
        expect((await fields(issue.key, '?fields=description')).description).toEqual(ADF_BOLD);
        // Cloud's v2 still writes wiki strings.
        expect(
          (await callV2('alice', 'PUT', `/issue/${issue.key}`, { fields: { description: 'h2. Wiki' } }))
            .status,
        ).toBe(204);
        expect(issue.description).toBe('h2. Wiki');
      } else {
        expect(
          (await call('alice', 'PUT', `/issue/${issue.key}`, { fields: { description: 'Looks *good*' } }))
            .status,
        ).toBe(204);
        const rendered = await call(
          'alice',
          'GET',
          `/issue/${issue.key}?fields=description&expand=renderedFields`,
        );
        expect((rendered.body as { renderedFields: Json }).renderedFields.description).toBe(
          '<p>Looks <b>good</b></p>',
        );
      }
    });

    it('refuses invalid edits with Jira wording and changes nothing', async () => {
      const issue = pick(openProj);
      const summary = issue.summary;
      const res = await call('alice', 'PUT', `/issue/${issue.key}`, {
        fields: {
          summary: '',
          foo: 1,
          priority: { id: '99' },
          assignee: userRef('carol'),
          duedate: 'tomorrow',
        },
      });
      expect(res.status).toBe(400);
      expect(res.body).toEqual({
        errorMessages: [],
        errors: {
          summary: 'You must specify a summary of the issue.',
          foo: "Field 'foo' cannot be set. It is not on the appropriate screen, or unknown.",
          priority: 'The priority selected is invalid.',
          assignee: `User '${userId('carol')}' cannot be assigned issues.`,
          duedate: 'Error parsing date string: tomorrow',
        },
      });
      expect(issue.summary).toBe(summary);
      const resolution = await call('alice', 'PUT', `/issue/${issue.key}`, {
        fields: { resolution: { name: 'Done' } },
      });
      expect(resolution.body).toEqual({
        errorMessages: [],
        errors: {
          resolution: "Field 'resolution' cannot be set. It is not on the appropriate screen, or unknown.",
        },
      });
    });

    it('answers 404 to users who cannot see the issue and 401 to anonymous Data Center callers', async () => {
      const ops = store().data.issues.find((i) => i.projectId === '10002');
      const bob = await call('bob', 'PUT', `/issue/${ops?.key}`, { fields: { summary: 'x' } });
      expect(bob.status).toBe(404);
      expect(bob.body).toEqual({ errorMessages: [notFound], errors: {} });
      const anonymous = await call(null, 'PUT', '/issue/PROJ-1', { fields: { summary: 'x' } });
      if (cloud) expect(anonymous.status).toBe(404);
      else {
        expect(anonymous.status).toBe(401);
        expect(anonymous.body).toEqual({
          errorMessages: ['You are not authenticated. Authentication required to perform this operation.'],
          errors: {},
        });
      }
      expect(store().findIssue('PROJ-1')?.summary).not.toBe('x');
    });
  });

  describe('POST /issue', () => {
    it('creates an issue with the next key of the project', async () => {
      const next = store().data.projectCounters.MOB ?? 0;
      const res = await call('bob', 'POST', '/issue', {
        fields: {
          project: { key: 'MOB' },
          issuetype: { name: 'Task' },
          summary: 'Created by the test',
          description: cloud ? ADF_BOLD : 'Looks *good*',
          priority: { id: '2' },
          labels: ['mobile'],
          assignee: userRef('dave'),
        },
      });
      expect(res.status).toBe(201);
      const created = res.body as Json;
      expect(created).toEqual({
        id: expect.any(String),
        key: `MOB-${next}`,
        self: expect.stringContaining(`${api}/issue/${String(created.id)}`),
      });
      const f = await fields(`MOB-${next}`);
      expect(f).toMatchObject({
        summary: 'Created by the test',
        issuetype: { name: 'Task' },
        project: { key: 'MOB' },
        status: { name: 'To Do' },
        priority: { id: '2' },
        labels: ['mobile'],
        resolution: null,
        assignee: { displayName: 'Dave Davis' },
        reporter: { displayName: 'Bob Brown' },
        creator: { displayName: 'Bob Brown' },
      });
      expect(store().findIssue(`MOB-${next}`)?.description).toBe('Looks *good*');
      expect(store().data.projectCounters.MOB).toBe(next + 1);
      // The new issue is searchable right away.
      const found = await callAt('bob', 'POST', cloud ? '/rest/api/3/search/jql' : '/rest/api/2/search', {
        jql: `key = MOB-${next}`,
        fields: ['summary'],
      });
      expect((found.body as { issues: Json[] }).issues.map((i) => i.key)).toEqual([`MOB-${next}`]);
    });

    it('creates sub-tasks under a parent, at its security level', async () => {
      const parent = store().findIssue('PROJ-2');
      const res = await call('alice', 'POST', '/issue', {
        fields: {
          project: { id: '10000' },
          issuetype: { id: '10004' },
          summary: 'Child',
          parent: { key: 'PROJ-2' },
        },
      });
      expect(res.status).toBe(201);
      const child = store().findIssue(String((res.body as Json).key));
      expect(child?.parentId).toBe(parent?.id);
      expect(child?.securityLevelId).toBe('10100');
      expect((await call('dave', 'GET', `/issue/${child?.key}`)).status).toBe(404);
      const f = await fields(child?.key ?? '', '?fields=parent');
      expect(f.parent).toMatchObject({ key: 'PROJ-2' });
    });

    it.each([
      [
        'no summary',
        { project: { key: 'PROJ' }, issuetype: { name: 'Task' } },
        { summary: 'You must specify a summary of the issue.' },
      ],
      ['no project', { issuetype: { name: 'Task' }, summary: 's' }, { project: 'project is required' }],
      [
        'an unknown project',
        { project: { key: 'NOPE' }, issuetype: { name: 'Task' }, summary: 's' },
        { project: 'Specify a valid project ID or key' },
      ],
      [
        'an unknown issue type',
        { project: { key: 'PROJ' }, issuetype: { id: '999' }, summary: 's' },
        { issuetype: 'The issue type selected is invalid.' },
      ],
      [
        'a sub-task without parent',
        { project: { key: 'PROJ' }, issuetype: { name: 'Sub-task' }, summary: 's' },
        { parentId: 'Issue type is a sub-task but parent issue key or id not specified.' },
      ],
      [
        'an unknown field',
        { project: { key: 'PROJ' }, issuetype: { name: 'Task' }, summary: 's', customfield_99999: 1 },
        {
          customfield_99999:
            "Field 'customfield_99999' cannot be set. It is not on the appropriate screen, or unknown.",
        },
      ],
    ])('refuses %s', async (_, fieldsBody, errors) => {
      const count = store().data.issues.length;
      const res = await call('alice', 'POST', '/issue', { fields: fieldsBody });
      expect(res.status).toBe(400);
      expect(res.body).toEqual({ errorMessages: [], errors });
      expect(store().data.issues).toHaveLength(count);
    });

    it('does not let bob create in OPS, which he cannot browse', async () => {
      const res = await call('bob', 'POST', '/issue', {
        fields: { project: { key: 'OPS' }, issuetype: { name: 'Task' }, summary: 'Sneaky' },
      });
      expect(res.status).toBe(400);
      expect(res.body).toEqual({
        errorMessages: [],
        errors: { project: 'Specify a valid project ID or key' },
      });
    });
  });

  describe('comments', () => {
    it('pages and orders comments', async () => {
      const issue = pick((i) => openProj(i) && i.comments.length >= 3);
      const page = await call('alice', 'GET', `/issue/${issue.key}/comment?startAt=1&maxResults=1`);
      expect(page.body).toMatchObject({ startAt: 1, maxResults: 1, total: issue.comments.length });
      expect((page.body as { comments: Json[] }).comments.map((c) => c.id)).toEqual([issue.comments[1]?.id]);
      const newest = await call('alice', 'GET', `/issue/${issue.key}/comment?orderBy=-created&maxResults=1`);
      expect((newest.body as { comments: Json[] }).comments[0]?.id).toBe(
        issue.comments[issue.comments.length - 1]?.id,
      );
      const defaults = await call('alice', 'GET', `/issue/${issue.key}/comment`);
      expect(defaults.body).toMatchObject({ startAt: 0, maxResults: cloud ? 100 : 50 });
      const rendered = await call('alice', 'GET', `/issue/${issue.key}/comment?expand=renderedBody`);
      expect((rendered.body as { comments: Json[] }).comments[0]?.renderedBody).toMatch(/^<(p|ul|ol|div)/);
    });

    it('adds a comment and shows it on the issue', async () => {
      const issue = pick(openProj);
      const count = issue.comments.length;
      const res = await call('erin', 'POST', `/issue/${issue.key}/comment`, {
        body: cloud ? ADF_BOLD : 'Looks *good*',
      });
      expect(res.status).toBe(201);
      const comment = res.body as Json;
      expect(comment).toMatchObject({
        id: expect.any(String),
        self: expect.stringContaining(`${api}/issue/${issue.id}/comment/`),
        author: { displayName: 'Erin Evans' },
        updateAuthor: { displayName: 'Erin Evans' },
        body: cloud ? ADF_BOLD : 'Looks *good*',
      });
      expect(comment.created).toBe(comment.updated);
      const list = await call('alice', 'GET', `/issue/${issue.key}/comment`);
      expect(list.body).toMatchObject({ total: count + 1 });
      expect((list.body as { comments: Json[] }).comments.at(-1)?.id).toBe(comment.id);
      expect(issue.updated).toBe(Date.parse(String(comment.created).replace('+0000', 'Z')));
      if (cloud) {
        const v2 = await callV2('erin', 'POST', `/issue/${issue.key}/comment`, { body: 'From *v2*' });
        expect((v2.body as Json).body).toBe('From *v2*');
      }
    });

    it('refuses empty bodies, and plain strings on Cloud v3', async () => {
      const issue = pick(openProj);
      const empty = await call('alice', 'POST', `/issue/${issue.key}/comment`, { body: '' });
      expect(empty.status).toBe(400);
      expect(empty.body).toEqual({
        errorMessages: [],
        errors: { comment: 'Comment body can not be empty!' },
      });
      if (cloud) {
        const plain = await call('alice', 'POST', `/issue/${issue.key}/comment`, { body: 'plain' });
        expect(plain.status).toBe(400);
        expect(plain.body).toEqual({ errorMessages: [], errors: { comment: 'Comment body is not valid!' } });
      }
      const bob = await call('bob', 'POST', '/issue/OPS-1/comment', { body: cloud ? ADF_BOLD : 'hi' });
      expect(bob.status).toBe(404);
    });
  });

  describe('worklogs', () => {
    it('logs work, updating time spent, the estimate and the history', async () => {
      const issue = pick((i) => openProj(i) && i.timeEstimate !== null && i.timeEstimate > 5400);
      const spent = issue.timeSpent ?? 0;
      const estimate = issue.timeEstimate ?? 0;
      const res = await call('dave', 'POST', `/issue/${issue.key}/worklog`, {
        timeSpent: '1h 30m',
        started: '2026-10-30T09:00:00.000+0000',
        comment: cloud ? ADF_BOLD : 'Looks *good*',
      });
      expect(res.status).toBe(201);
      expect(res.body).toMatchObject({
        timeSpent: '1h 30m',
        timeSpentSeconds: 5400,
        issueId: issue.id,
        started: '2026-10-30T09:00:00.000+0000',
        author: { displayName: 'Dave Davis' },
        comment: cloud ? ADF_BOLD : 'Looks *good*',
      });
      const f = await fields(issue.key, '?fields=timespent,timeestimate,timetracking,worklog');
      expect(f.timespent).toBe(spent + 5400);
      expect(f.timeestimate).toBe(estimate - 5400);
      expect(f.timetracking).toMatchObject({ timeSpentSeconds: spent + 5400 });
      expect(f.worklog).toMatchObject({ total: issue.worklogs.length });
      expect(lastHistory(issue)?.items.map((i) => i.field)).toEqual([
        'timespent',
        'timeestimate',
        'WorklogId',
      ]);
      const list = await call('alice', 'GET', `/issue/${issue.key}/worklog`);
      expect(list.body).toMatchObject({ startAt: 0, total: issue.worklogs.length });
      expect((list.body as { worklogs: Json[] }).worklogs.at(-1)).toMatchObject({ timeSpentSeconds: 5400 });
    });

    it('accepts timeSpentSeconds and adjustEstimate=leave', async () => {
      const issue = pick((i) => openProj(i) && i.timeEstimate !== null);
      const estimate = issue.timeEstimate;
      const res = await call('alice', 'POST', `/issue/${issue.key}/worklog?adjustEstimate=leave`, {
        timeSpentSeconds: 900,
      });
      expect(res.body).toMatchObject({ timeSpent: '15m', timeSpentSeconds: 900 });
      expect(issue.timeEstimate).toBe(estimate);
    });

    it.runIf(cloud)('filters worklogs by start time on Cloud', async () => {
      const issue = pick((i) => openProj(i) && i.worklogs.length >= 2);
      const second = issue.worklogs[1];
      const res = await call('alice', 'GET', `/issue/${issue.key}/worklog?startedAfter=${second?.started}`);
      const expected = issue.worklogs.filter((w) => w.started >= (second?.started ?? 0)).map((w) => w.id);
      expect((res.body as { worklogs: Json[] }).worklogs.map((w) => w.id)).toEqual(expected);
      expect(res.body).toMatchObject({ total: expected.length, maxResults: 5000 });
    });

    it('refuses an invalid duration like Jira does', async () => {
      const issue = pick(openProj);
      const count = issue.worklogs.length;
      const res = await call('alice', 'POST', `/issue/${issue.key}/worklog`, { timeSpent: 'a while' });
      expect(res.status).toBe(400);
      expect(res.body).toEqual({
        errorMessages: ['Worklog must not be null.'],
        errors: { timeLogged: 'Invalid time duration entered.' },
      });
      expect(issue.worklogs).toHaveLength(count);
    });
  });

  describe('transitions', () => {
    it('offers the transitions of the current status', async () => {
      const todo = pick(inStatus('10000'));
      const res = await call('alice', 'GET', `/issue/${todo.key}/transitions`);
      expect(res.body).toMatchObject({
        transitions: [
          { id: '11', name: 'Start Progress', to: { id: '3', name: 'In Progress' }, hasScreen: false },
        ],
      });
      const review = pick(inStatus('10001'));
      const offered = await call('alice', 'GET', `/issue/${review.key}/transitions`);
      expect((offered.body as { transitions: Json[] }).transitions.map((t) => t.id)).toEqual(['31', '61']);
    });

    it('moves through the workflow, setting and clearing the resolution', async () => {
      const issue = pick(inStatus('10000'));
      const path = `/issue/${issue.key}/transitions`;
      expect((await call('alice', 'POST', path, { transition: { id: '11' } })).status).toBe(204);
      expect(issue.statusId).toBe('3');
      expect(lastHistory(issue)?.items).toEqual([
        expect.objectContaining({
          field: 'status',
          from: '10000',
          fromString: 'To Do',
          to: '3',
          toString: 'In Progress',
        }),
      ]);

      const done = await call('alice', 'POST', path, {
        transition: { id: '31' },
        fields: { resolution: { name: "Won't Do" } },
      });
      expect(done.status).toBe(204);
      let f = await fields(issue.key, '?fields=status,resolution,resolutiondate');
      expect(f).toMatchObject({ status: { name: 'Done' }, resolution: { name: "Won't Do" } });
      expect(f.resolutiondate).toMatch(/\+0000$/);
      expect(lastHistory(issue)?.items.map((i) => i.field)).toEqual(['resolution', 'status']);

      expect((await call('alice', 'POST', path, { transition: { id: '41' } })).status).toBe(204);
      f = await fields(issue.key, '?fields=status,resolution,resolutiondate');
      expect(f).toEqual({
        status: expect.objectContaining({ name: 'To Do' }),
        resolution: null,
        resolutiondate: null,
      });

      // Done without an explicit resolution gets Done.
      await call('alice', 'POST', path, { transition: { id: '11' } });
      await call('alice', 'POST', path, { transition: { id: '31' } });
      expect((await fields(issue.key, '?fields=resolution')).resolution).toMatchObject({ name: 'Done' });
    });

    it('refuses a transition the status does not offer, and fields not on a screen', async () => {
      const issue = pick(inStatus('10000'));
      const path = `/issue/${issue.key}/transitions`;
      const invalid = await call('alice', 'POST', path, { transition: { id: '99' } });
      expect(invalid.status).toBe(400);
      expect(invalid.body).toEqual({
        errorMessages: ["Transition id '99' is not valid for this issue."],
        errors: {},
      });
      const notOffered = await call('alice', 'POST', path, { transition: { id: '31' } });
      expect(notOffered.body).toEqual({
        errorMessages: ["Transition id '31' is not valid for this issue."],
        errors: {},
      });
      const resolution = await call('alice', 'POST', path, {
        transition: { id: '11' },
        fields: { resolution: { name: 'Done' } },
      });
      expect(resolution.body).toEqual({
        errorMessages: [],
        errors: {
          resolution: "Field 'resolution' cannot be set. It is not on the appropriate screen, or unknown.",
        },
      });
      expect(issue.statusId).toBe('10000');
    });
  });

  describe('PUT /issue/{key}/assignee', () => {
    it('assigns, unassigns and records the change', async () => {
      const issue = pick((i) => openProj(i) && i.assigneeKey !== user('erin').key);
      const path = `/issue/${issue.key}/assignee`;
      expect((await call('alice', 'PUT', path, userRef('erin'))).status).toBe(204);
      expect((await fields(issue.key, '?fields=assignee')).assignee).toMatchObject({
        displayName: 'Erin Evans',
      });
      expect(lastHistory(issue)?.items[0]).toMatchObject({
        field: 'assignee',
        to: user('erin').key,
        toString: 'Erin Evans',
      });
      const unassign = cloud ? { accountId: null } : { name: null };
      expect((await call('alice', 'PUT', path, unassign)).status).toBe(204);
      expect((await fields(issue.key, '?fields=assignee')).assignee).toBeNull();
      await call('alice', 'PUT', path, userRef('erin'));
      // "-1" is Automatic: the project default, Unassigned here.
      expect((await call('alice', 'PUT', path, cloud ? { accountId: '-1' } : { name: '-1' })).status).toBe(
        204,
      );
      expect(issue.assigneeKey).toBeNull();
    });

    it('refuses users who cannot be assigned: unknown, not browsing the project, inactive', async () => {
      const ops = store().data.issues.find((i) => i.projectId === '10002' && i.securityLevelId === null);
      for (const name of ['bob', 'carol', 'frank']) {
        const res = await call('alice', 'PUT', `/issue/${ops?.key}/assignee`, userRef(name));
        expect(res.status).toBe(400);
        expect(res.body).toEqual({
          errorMessages: [],
          errors: { assignee: `User '${userId(name)}' cannot be assigned issues.` },
        });
      }
      const unknown = await call(
        'alice',
        'PUT',
        `/issue/${ops?.key}/assignee`,
        cloud ? { accountId: 'zed' } : { name: 'zed' },
      );
      expect(unknown.body).toEqual({
        errorMessages: [],
        errors: { assignee: "User 'zed' cannot be assigned issues." },
      });
    });

    it.runIf(cloud)('needs an accountId on Cloud, where names mean nothing', async () => {
      const issue = pick((i) => openProj(i) && i.assigneeKey !== null);
      const res = await call('alice', 'PUT', `/issue/${issue.key}/assignee`, { name: 'alice' });
      expect(res.status).toBe(400);
      expect(issue.assigneeKey).not.toBeNull();
    });
  });
});
