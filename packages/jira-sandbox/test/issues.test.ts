// Reading the issue resource against a live sandbox of each flavour:
// representation (field selection, expands, custom fields) and who may see
// what; writes are in issue-writes.test.ts, activity in issue-activity.test.ts.
// Every answer is checked against the flavour's OpenAPI document.
import { describe, expect, it } from 'vitest';
import type { Flavor } from '../src/model.ts';
import { type Json, useIssueSandbox } from './support/issue-calls.ts';

describe.each<Flavor>(['datacenter', 'cloud'])('%s issues', (flavor) => {
  const { api, cloud, call, store, notFound, pick, openProj, fields } = useIssueSandbox(flavor);

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
});
