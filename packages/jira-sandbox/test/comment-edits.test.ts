// One comment at a time against a live sandbox of each flavour: reading,
// editing and deleting it (its author, or the project's Administrators), and
// restricting it to a project role or a group, which hides it from everyone
// else: in the comment list, the issue's comment field, by id and in JQL.
import { describe, expect, it } from 'vitest';
import { groupId } from '../src/comment-visibility.ts';
import type { Flavor, SandboxIssue } from '../src/model.ts';
import { ADF_BOLD, type Json, useIssueSandbox } from './support/issue-calls.ts';

/** A comment body in the API version's format, with a word to search for. */
function bodyOf(cloud: boolean, words: string): unknown {
  return cloud
    ? { type: 'doc', version: 1, content: [{ type: 'paragraph', content: [{ type: 'text', text: words }] }] }
    : words;
}

describe.each<Flavor>(['datacenter', 'cloud'])('%s comment edits', (flavor) => {
  const { cloud, callAt, call, callV2, user, pick, openProj } = useIssueSandbox(flavor);
  const body = (words: string) => bodyOf(cloud, words);
  const openMob = (i: SandboxIssue): boolean => i.projectId === '10001' && i.securityLevelId === null;

  async function addComment(as: string, issue: SandboxIssue, extra: Json = {}): Promise<Json> {
    const res = await call(as, 'POST', `/issue/${issue.key}/comment`, {
      body: body('First words'),
      ...extra,
    });
    expect(res.status).toBe(201);
    return res.body as Json;
  }

  async function searchKeys(as: string, jql: string): Promise<string[]> {
    const res = await callAt(as, 'POST', cloud ? '/rest/api/3/search/jql' : '/rest/api/2/search', {
      jql,
      fields: ['summary'],
    });
    expect(res.status).toBe(200);
    return (res.body as { issues: Json[] }).issues.map((i) => String(i.key));
  }

  const notFound = (id: string) => ({
    errorMessages: [`Can not find a comment for the id: ${id}.`],
    errors: {},
  });

  describe('edit and delete', () => {
    it('lets the author edit and then delete their own comment', async () => {
      const issue = pick(openProj);
      const added = await addComment('erin', issue);
      const id = String(added.id);
      const path = `/issue/${issue.key}/comment/${id}`;
      const edited = await call('erin', 'PUT', path, { body: cloud ? ADF_BOLD : 'Looks *good*' });
      expect(edited.status).toBe(200);
      expect(edited.body).toMatchObject({
        id,
        body: cloud ? ADF_BOLD : 'Looks *good*',
        author: { displayName: 'Erin Evans' },
        updateAuthor: { displayName: 'Erin Evans' },
      });
      const stored = issue.comments.find((c) => c.id === id);
      expect(stored?.body).toBe('Looks *good*');
      expect(stored?.updated).toBeGreaterThan(stored?.created ?? Number.POSITIVE_INFINITY);
      expect((await call('alice', 'GET', path)).body).toMatchObject({
        id,
        body: cloud ? ADF_BOLD : 'Looks *good*',
      });
      if (cloud) {
        expect((await callV2('erin', 'PUT', path, { body: 'h2. Wiki' })).status).toBe(200);
        expect(stored?.body).toBe('h2. Wiki');
      }

      expect((await call('erin', 'DELETE', path)).status).toBe(204);
      expect(issue.comments.some((c) => c.id === id)).toBe(false);
      const gone = await call('erin', 'GET', path);
      expect(gone.status).toBe(404);
      expect(gone.body).toEqual(notFound(id));
      const list = (await call('alice', 'GET', `/issue/${issue.key}/comment`)).body as { comments: Json[] };
      expect(list.comments.map((c) => c.id)).not.toContain(id);
    });

    it("refuses someone else's comment without Edit or Delete All Comments, and leaves it as it was", async () => {
      const issue = pick(openMob);
      const id = String((await addComment('bob', issue)).id);
      const path = `/issue/${issue.key}/comment/${id}`;
      const before = JSON.stringify(issue.comments);
      // dave develops MOB but is not one of its Administrators.
      const edit = await call('dave', 'PUT', path, { body: body('Rewritten by dave') });
      expect(edit.status).toBe(400);
      expect(edit.body).toEqual({
        errorMessages: ['You do not have the permission to edit this comment.'],
        errors: {},
      });
      const remove = await call('dave', 'DELETE', path);
      expect(remove.status).toBe(400);
      expect(remove.body).toEqual({
        errorMessages: [`You do not have permission to delete comment with id: ${id}`],
        errors: {},
      });
      expect(JSON.stringify(issue.comments)).toBe(before);
    });

    it("lets MOB's Administrators role and a Jira administrator change anyone's comment", async () => {
      const issue = pick(openMob);
      const id = String((await addComment('bob', issue)).id);
      const path = `/issue/${issue.key}/comment/${id}`;
      const edit = await call('alice', 'PUT', path, { body: body('Moderated') });
      expect(edit.status).toBe(200);
      expect(edit.body).toMatchObject({
        author: { displayName: 'Bob Brown' },
        updateAuthor: { displayName: 'Alice Anderson' },
      });
      // admin holds only the Users role in MOB, but administers Jira.
      expect((await call('admin', 'DELETE', path)).status).toBe(204);
      expect(issue.comments.some((c) => c.id === id)).toBe(false);
    });

    it('answers 404 for a comment of another issue or no comment at all', async () => {
      const [issue, other] = [pick(openProj), pick(openProj)];
      const id = String((await addComment('alice', other)).id);
      for (const ref of [id, '999999']) {
        const put = await call('alice', 'PUT', `/issue/${issue.key}/comment/${ref}`, { body: body('x') });
        expect(put.status).toBe(404);
        expect(put.body).toEqual(notFound(ref));
        expect((await call('alice', 'DELETE', `/issue/${issue.key}/comment/${ref}`)).status).toBe(404);
      }
      expect(other.comments.some((c) => c.id === id)).toBe(true);
    });

    it('validates the whole edit before changing anything', async () => {
      const issue = pick(openProj);
      const id = String((await addComment('alice', issue)).id);
      const before = JSON.stringify(issue.comments.find((c) => c.id === id));
      const path = `/issue/${issue.key}/comment/${id}`;
      const empty = await call('alice', 'PUT', path, { body: '' });
      expect(empty.status).toBe(400);
      expect(empty.body).toEqual({
        errorMessages: [],
        errors: { comment: 'Comment body can not be empty!' },
      });
      const badRole = await call('alice', 'PUT', path, {
        body: body('Changed'),
        visibility: { type: 'role', value: 'Testers' },
      });
      expect(badRole.status).toBe(400);
      expect(JSON.stringify(issue.comments.find((c) => c.id === id))).toBe(before);
    });
  });

  describe('visibility', () => {
    it('hides a comment restricted to Developers from everyone outside the role, Jira admins too', async () => {
      const issue = pick((i) => openProj(i) && i.comments.length > 0);
      const visibleBefore = issue.comments.length;
      const added = await addComment('alice', issue, {
        body: body('zebrafish migration notes'),
        visibility: { type: 'role', value: 'Developers' },
      });
      expect(added.visibility).toEqual(
        cloud
          ? { type: 'role', value: 'Developers', identifier: 'Developers' }
          : { type: 'role', value: 'Developers' },
      );
      const id = String(added.id);
      const path = `/issue/${issue.key}/comment`;

      // bob develops PROJ: he sees it everywhere.
      expect((await call('bob', 'GET', `${path}/${id}`)).body).toMatchObject({
        id,
        visibility: added.visibility,
      });
      const bobs = (await call('bob', 'GET', path)).body as { total: number; comments: Json[] };
      expect(bobs.total).toBe(visibleBefore + 1);
      expect(await searchKeys('bob', 'project = PROJ AND comment ~ zebrafish')).toEqual([issue.key]);

      // erin (Users role) and admin (PROJ's Administrators, not Developers) do not.
      for (const outsider of ['erin', 'admin']) {
        const byId = await call(outsider, 'GET', `${path}/${id}`);
        expect(byId.status, outsider).toBe(404);
        expect(byId.body).toEqual(notFound(id));
        const list = (await call(outsider, 'GET', path)).body as { total: number; comments: Json[] };
        expect(list.total).toBe(visibleBefore);
        expect(list.comments.map((c) => c.id)).not.toContain(id);
        const field = (await call(outsider, 'GET', `/issue/${issue.key}?fields=comment`)).body as {
          fields: { comment: { total: number; comments: Json[] } };
        };
        expect(field.fields.comment.total).toBe(visibleBefore);
        expect(field.fields.comment.comments.map((c) => c.id)).not.toContain(id);
        expect(await searchKeys(outsider, 'project = PROJ AND comment ~ zebrafish')).toEqual([]);
        expect(await searchKeys(outsider, 'project = PROJ AND text ~ zebrafish')).toEqual([]);
      }
    });

    it('restricts to a group, by name or (Cloud) by group id', async () => {
      const issue = pick(openProj);
      const visibility = cloud
        ? { type: 'group', identifier: groupId('jira-administrators') }
        : { type: 'group', value: 'jira-administrators' };
      const added = await addComment('admin', issue, { visibility });
      expect(added.visibility).toEqual(
        cloud
          ? { type: 'group', value: 'jira-administrators', identifier: groupId('jira-administrators') }
          : { type: 'group', value: 'jira-administrators' },
      );
      expect(issue.comments.at(-1)?.visibility).toEqual({ type: 'group', value: 'jira-administrators' });
      expect((await call('alice', 'GET', `/issue/${issue.key}/comment/${String(added.id)}`)).status).toBe(
        404,
      );
      expect((await call('admin', 'GET', `/issue/${issue.key}/comment/${String(added.id)}`)).status).toBe(
        200,
      );
    });

    it.each([
      ['an unknown role', 'alice', { type: 'role', value: 'Testers' }, 'Role: Testers does not exist.'],
      [
        'a role the caller is not in',
        'erin',
        { type: 'role', value: 'Developers' },
        'You are currently not a member of the project role: Developers.',
      ],
      ['an unknown group', 'alice', { type: 'group', value: 'nope' }, 'Group: nope does not exist.'],
      [
        'a group the caller is not in',
        'alice',
        { type: 'group', value: 'jira-administrators' },
        'You are currently not a member of the group: jira-administrators.',
      ],
      [
        'an unknown kind',
        'alice',
        { type: 'everyone', value: 'x' },
        "Visibility type 'everyone' is not valid: use 'group' or 'role'.",
      ],
    ])('refuses %s', async (_, as, visibility, message) => {
      const issue = pick(openProj);
      const count = issue.comments.length;
      const res = await call(as, 'POST', `/issue/${issue.key}/comment`, { body: body('x'), visibility });
      expect(res.status).toBe(400);
      expect(res.body).toEqual({ errorMessages: [], errors: { commentLevel: message } });
      expect(issue.comments).toHaveLength(count);
    });

    it('restricts an existing comment on edit, and an edit without visibility makes it public again', async () => {
      const issue = pick(openProj);
      const id = String((await addComment('alice', issue)).id);
      const path = `/issue/${issue.key}/comment/${id}`;
      const restricted = await call('alice', 'PUT', path, {
        body: body('Only for developers'),
        visibility: { type: 'role', value: 'Developers' },
      });
      expect(restricted.status).toBe(200);
      expect((await call('erin', 'GET', path)).status).toBe(404);
      // erin cannot touch what she cannot see: 404, not a refusal that tells it exists.
      expect((await call('erin', 'DELETE', path)).status).toBe(404);
      const opened = await call('alice', 'PUT', path, { body: body('For everyone') });
      expect(opened.status).toBe(200);
      expect((opened.body as Json).visibility).toBeUndefined();
      expect((await call('erin', 'GET', path)).status).toBe(200);
    });

    it("keeps a comment's restriction when it rides along an edit, and refuses one the caller may not set", async () => {
      const issue = pick(openProj);
      const res = await call('alice', 'PUT', `/issue/${issue.key}`, {
        update: {
          comment: [{ add: { body: body('Via edit'), visibility: { type: 'role', value: 'Developers' } } }],
        },
      });
      expect(res.status).toBe(204);
      expect(issue.comments.at(-1)).toMatchObject({
        authorKey: user('alice').key,
        visibility: { type: 'role', value: 'Developers' },
      });

      const count = issue.comments.length;
      const summary = issue.summary;
      const refused = await call('alice', 'PUT', `/issue/${issue.key}`, {
        fields: { summary: 'Should not stick' },
        update: {
          comment: [
            { add: { body: body('x'), visibility: { type: 'group', value: 'jira-administrators' } } },
          ],
        },
      });
      expect(refused.status).toBe(400);
      expect(refused.body).toEqual({
        errorMessages: [],
        errors: { comment: 'You are currently not a member of the group: jira-administrators.' },
      });
      expect(issue.comments).toHaveLength(count);
      expect(issue.summary).toBe(summary);
    });
  });
});
