// addComment, updateComment and deleteComment through the real gateway and
// sandbox, on both flavours: the happy path of each with a read of
// Issue.comments after it (through the caller's read cache, which the write
// drops); Markdown and wiki bodies as each flavour stores them; visibility
// round-tripping and hiding the comment from a user outside the role; Jira's
// refusals in Jira's words (a reporter-only user, a group the caller is not
// in); missing scope and a restricted token (nothing written); the idempotent
// retry; and bad input refused before any Jira call.
import type { SandboxIssue } from 'jira-sandbox';
import { describe, expect, it } from 'vitest';
import { useGateway } from '../support/gateway.ts';
import { useJiraProxy } from '../support/jira-proxy.ts';

const COMMENT =
  'id author { displayName } created updated body { format raw text } visibility { type value }';

const ADD = `mutation($input: AddCommentInput!) {
  addComment(input: $input) { clientMutationId comment { ${COMMENT} } issue { key comments(first: 100) { totalCount edges { node { id } } } } }
}`;
const UPDATE = `mutation($input: UpdateCommentInput!) {
  updateComment(input: $input) { clientMutationId comment { ${COMMENT} } issue { key } }
}`;
const DELETE = `mutation($input: DeleteCommentInput!) {
  deleteComment(input: $input) { clientMutationId deletedCommentId issue { key comments(first: 100) { totalCount } } }
}`;
const READ = `query($key: String!) { issue(key: $key) { comments(first: 100) { totalCount edges { node { ${COMMENT} } } } } }`;

type Err = { message: string; extensions: { code: string; fieldErrors?: Record<string, string> } };
const codes = (body: { errors?: Err[] }): string[] => (body.errors ?? []).map((e) => e.extensions.code);
// biome-ignore lint/suspicious/noExplicitAny: GraphQL answers are checked field by field
const nodesOf = (connection: { edges: Array<{ node: any }> }) => connection.edges.map((e) => e.node);

describe.each(['datacenter', 'cloud'] as const)('%s: comment mutations', (flavor) => {
  const gw = useGateway({ flavor });
  const store = () => gw().sandbox.store;
  const user = (name: string) => gw().sandboxUser(name);

  /** PROJ issues alice and erin both see, a different one per test. */
  let picked = 0;
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
    gw().token('alice', { scopes: ['comments:write', 'issues:read'], ...extra });

  it('adds a comment, and the next read of Issue.comments (cached before) shows it', async () => {
    const issue = projIssue();
    const { secret } = await aliceToken();
    const before = await gw().gql(secret, READ, { key: issue.key });
    expect(before.body.errors).toBeUndefined();
    const count = before.body.data.issue.comments.totalCount as number;

    const res = await gw().gql(secret, ADD, {
      input: { key: issue.key, body: { text: 'Looked at it, all good' } },
    });
    expect(res.body.errors, JSON.stringify(res.body.errors)).toBeUndefined();
    const comment = res.body.data.addComment.comment;
    expect(comment.id).toMatch(/^\d+$/);
    expect(comment.author.displayName).toBe(user('alice').displayName);
    expect(comment.body.text).toContain('Looked at it, all good');
    expect(comment.body.format).toBe(flavor === 'cloud' ? 'adf' : 'wiki');
    expect(comment.visibility).toBeNull();
    expect(res.body.data.addComment.issue.key).toBe(issue.key);
    expect(res.body.data.addComment.issue.comments.totalCount).toBe(count + 1);
    expect(
      store()
        .findIssue(issue.key)!
        .comments.some((c) => c.id === comment.id),
    ).toBe(true);

    const after = await gw().gql(secret, READ, { key: issue.key });
    expect(after.body.data.issue.comments.totalCount).toBe(count + 1);
    const read = nodesOf(after.body.data.issue.comments).find((n: { id: string }) => n.id === comment.id);
    // The payload's comment is what a later read answers.
    expect(read).toEqual(comment);
  });

  it('stores Markdown as wiki markup on Data Center and as ADF on Cloud', async () => {
    const issue = projIssue();
    const { secret } = await aliceToken();
    const res = await gw().gql(secret, ADD, {
      input: {
        key: issue.key,
        body: { markdown: '**Release** is `v2`, see [notes](https://example.com/n)' },
      },
    });
    expect(res.body.errors, JSON.stringify(res.body.errors)).toBeUndefined();
    const { id, body } = res.body.data.addComment.comment;
    expect(body.text).toContain('Release');
    const stored = store()
      .findIssue(issue.key)!
      .comments.find((c) => c.id === id)!;
    // The sandbox keeps wiki text; on Cloud it came as ADF (strong mark, code mark, link mark) and was converted.
    expect(stored.body).toMatch(/\*Release\*/);
    expect(stored.body).toMatch(/\{\{v2\}\}/);
    expect(stored.body).toContain('https://example.com/n');
    if (flavor === 'cloud') {
      expect(body.format).toBe('adf');
      const doc = JSON.parse(body.raw);
      expect(doc.type).toBe('doc');
      expect(JSON.stringify(doc)).toContain('"strong"');
    } else {
      expect(body.format).toBe('wiki');
      expect(body.raw).toContain('*Release*');
    }
  });

  it('sends raw wiki markup as it is (on Cloud through /rest/api/2), answering the comment as reads show it', async () => {
    const issue = projIssue();
    const { secret } = await aliceToken();
    await resetStats();
    const res = await gw().gql(secret, ADD, {
      input: { key: issue.key, body: { wiki: 'h3. Plan\n*bold* step' } },
    });
    expect(res.body.errors, JSON.stringify(res.body.errors)).toBeUndefined();
    const { id, body } = res.body.data.addComment.comment;
    expect(
      store()
        .findIssue(issue.key)!
        .comments.find((c) => c.id === id)!.body,
    ).toBe('h3. Plan\n*bold* step');
    expect(body.format).toBe(flavor === 'cloud' ? 'adf' : 'wiki');
    const routes = Object.keys(gw().sandbox.stats.byRoute);
    if (flavor === 'cloud') {
      expect(routes).toContain('POST /rest/api/2/issue/{issueIdOrKey}/comment');
      expect(routes).toContain('GET /rest/api/3/issue/{issueIdOrKey}/comment/{id}');
    }
  });

  it('restricts a comment to a role: it round-trips, and a user outside the role does not see it', async () => {
    const issue = projIssue();
    const { secret } = await aliceToken();
    const res = await gw().gql(secret, ADD, {
      input: {
        key: issue.key,
        body: { text: 'for developers' },
        visibility: { type: 'ROLE', value: 'Developers' },
      },
    });
    expect(res.body.errors, JSON.stringify(res.body.errors)).toBeUndefined();
    const { id, visibility } = res.body.data.addComment.comment;
    expect(visibility).toEqual({ type: 'ROLE', value: 'Developers' });
    const aliceRead = await gw().gql(secret, READ, { key: issue.key });
    const seen = nodesOf(aliceRead.body.data.issue.comments).find((n: { id: string }) => n.id === id);
    expect(seen.visibility).toEqual({ type: 'ROLE', value: 'Developers' });

    // erin is in PROJ's Users role only.
    const erin = await gw().token('erin', { scopes: ['comments:read', 'issues:read'] });
    const erinRead = await gw().gql(erin.secret, READ, { key: issue.key });
    expect(erinRead.body.errors).toBeUndefined();
    const ids = nodesOf(erinRead.body.data.issue.comments).map((n: { id: string }) => n.id);
    expect(ids).not.toContain(id);
    expect(erinRead.body.data.issue.comments.totalCount).toBe(
      aliceRead.body.data.issue.comments.totalCount - 1,
    );
  });

  it('answers Jira’s refusal of a group the caller is not in, in Jira’s words, writing nothing', async () => {
    const issue = projIssue();
    const before = store().findIssue(issue.key)!.comments.length;
    const { secret } = await aliceToken();
    const res = await gw().gql(secret, ADD, {
      input: {
        key: issue.key,
        body: { text: 'admins only' },
        visibility: { type: 'GROUP', value: 'jira-administrators' },
      },
    });
    expect(codes(res.body)).toEqual(['BAD_USER_INPUT']);
    expect(res.body.errors[0].extensions.fieldErrors.commentLevel).toBe(
      'You are currently not a member of the group: jira-administrators.',
    );
    expect(res.body.errors[0].message).toContain(
      'You are currently not a member of the group: jira-administrators.',
    );
    expect(store().findIssue(issue.key)!.comments.length).toBe(before);
  });

  it('edits the body and keeps the visibility when it is left out; null removes it', async () => {
    const issue = projIssue();
    const { secret } = await aliceToken();
    const added = await gw().gql(secret, ADD, {
      input: {
        key: issue.key,
        body: { text: 'first words' },
        visibility: { type: 'ROLE', value: 'Developers' },
      },
    });
    const id = added.body.data.addComment.comment.id as string;

    const edited = await gw().gql(secret, UPDATE, {
      input: { key: issue.key, id, body: { markdown: 'second *words*' }, clientMutationId: 'edit-1' },
    });
    expect(edited.body.errors, JSON.stringify(edited.body.errors)).toBeUndefined();
    expect(edited.body.data.updateComment.clientMutationId).toBe('edit-1');
    expect(edited.body.data.updateComment.comment.body.text).toContain('second');
    expect(edited.body.data.updateComment.comment.visibility).toEqual({ type: 'ROLE', value: 'Developers' });
    const stored = () =>
      store()
        .findIssue(issue.key)!
        .comments.find((c) => c.id === id)!;
    expect(stored().body).toMatch(/second _words_/);
    expect(stored().visibility).toEqual({ type: 'role', value: 'Developers' });

    const opened = await gw().gql(secret, UPDATE, { input: { key: issue.key, id, visibility: null } });
    expect(opened.body.errors, JSON.stringify(opened.body.errors)).toBeUndefined();
    expect(opened.body.data.updateComment.comment.visibility).toBeNull();
    // The body stays as it was.
    expect(stored().body).toMatch(/second _words_/);
    expect(stored().visibility ?? null).toBeNull();

    const read = await gw().gql(secret, READ, { key: issue.key });
    const node = nodesOf(read.body.data.issue.comments).find((n: { id: string }) => n.id === id);
    expect(node.body.text).toContain('second');
    expect(node.visibility).toBeNull();
  });

  it('deletes a comment; deleting it again answers NOT_FOUND in Jira’s words', async () => {
    const issue = projIssue();
    const { secret } = await aliceToken();
    const added = await gw().gql(secret, ADD, { input: { key: issue.key, body: { text: 'short-lived' } } });
    const id = added.body.data.addComment.comment.id as string;
    const count = added.body.data.addComment.issue.comments.totalCount as number;

    const res = await gw().gql(secret, DELETE, { input: { key: issue.key, id } });
    expect(res.body.errors, JSON.stringify(res.body.errors)).toBeUndefined();
    expect(res.body.data.deleteComment.deletedCommentId).toBe(id);
    expect(res.body.data.deleteComment.issue.comments.totalCount).toBe(count - 1);
    expect(
      store()
        .findIssue(issue.key)!
        .comments.some((c) => c.id === id),
    ).toBe(false);

    const again = await gw().gql(secret, DELETE, { input: { key: issue.key, id } });
    expect(codes(again.body)).toEqual(['NOT_FOUND']);
    expect(again.body.errors[0].message).toBe(`Can not find a comment for the id: ${id}.`);
  });

  it('refuses a reporter-only user’s edit and delete of another’s comment with Jira’s words; her own she may edit', async () => {
    const issue = projIssue();
    const alice = await aliceToken();
    const added = await gw().gql(alice.secret, ADD, {
      input: { key: issue.key, body: { text: 'alice wrote this' } },
    });
    const id = added.body.data.addComment.comment.id as string;
    const erin = await gw().token('erin', { scopes: ['comments:write', 'issues:read'] });

    const edit = await gw().gql(erin.secret, UPDATE, {
      input: { key: issue.key, id, body: { text: 'erin was here' } },
    });
    expect(codes(edit.body)).toEqual(['BAD_USER_INPUT']);
    expect(edit.body.errors[0].message).toBe('You do not have the permission to edit this comment.');
    const del = await gw().gql(erin.secret, DELETE, { input: { key: issue.key, id } });
    expect(codes(del.body)).toEqual(['BAD_USER_INPUT']);
    expect(del.body.errors[0].message).toBe(`You do not have permission to delete comment with id: ${id}`);
    const stored = store()
      .findIssue(issue.key)!
      .comments.find((c) => c.id === id)!;
    expect(stored.body).toBe('alice wrote this');

    // Add Comments is held by everyone who browses PROJ, and her own comment is hers to edit.
    const own = await gw().gql(erin.secret, ADD, { input: { key: issue.key, body: { text: 'erin asks' } } });
    expect(own.body.errors, JSON.stringify(own.body.errors)).toBeUndefined();
    const ownId = own.body.data.addComment.comment.id as string;
    const ownEdit = await gw().gql(erin.secret, UPDATE, {
      input: { key: issue.key, id: ownId, body: { text: 'erin asks again' } },
    });
    expect(ownEdit.body.errors, JSON.stringify(ownEdit.body.errors)).toBeUndefined();
    expect(ownEdit.body.data.updateComment.comment.body.text).toBe('erin asks again');
  });

  it('without comments:write answers INSUFFICIENT_SCOPE and writes nothing', async () => {
    const issue = projIssue();
    const before = store().findIssue(issue.key)!.comments.length;
    const { secret } = await gw().token('alice', { scopes: ['issues:write', 'comments:read'] });
    await resetStats();
    const res = await gw().gql(secret, ADD, { input: { key: issue.key, body: { text: 'nope' } } });
    expect(codes(res.body)).toEqual(['INSUFFICIENT_SCOPE']);
    expect(res.body.data?.addComment ?? null).toBeNull();
    expect(store().findIssue(issue.key)!.comments.length).toBe(before);
    expect(gw().sandbox.stats.requests).toBe(0);
  });

  it('answers NOT_FOUND to a PROJ-restricted token writing on an OPS issue, and writes nothing', async () => {
    const ops = opsIssue();
    const before = ops.comments.length;
    const firstId = ops.comments[0]?.id ?? '1';
    const { secret } = await aliceToken({ projects: ['PROJ'] });
    const add = await gw().gql(secret, ADD, {
      input: { key: ops.key, body: { text: 'secret-outside-words' } },
    });
    expect(codes(add.body)).toEqual(['NOT_FOUND']);
    expect(add.body.errors[0].message).toBe(`Issue ${ops.key} does not exist, or this token may not see it.`);
    const edit = await gw().gql(secret, UPDATE, {
      input: { key: ops.key, id: firstId, body: { text: 'outside' } },
    });
    expect(codes(edit.body)).toEqual(['NOT_FOUND']);
    const del = await gw().gql(secret, DELETE, { input: { key: ops.key, id: firstId } });
    expect(codes(del.body)).toEqual(['NOT_FOUND']);
    expect(store().findIssue(ops.key)!.comments.length).toBe(before);
    const log = gw().logs.join('');
    expect(log).toContain('"operation":"addComment"');
    // Never with field values.
    expect(log).not.toContain('secret-outside-words');
  });

  it('returns the first comment for a retry with the same clientMutationId, and refuses the key with another body', async () => {
    const issue = projIssue();
    const { secret } = await aliceToken();
    const input = { key: issue.key, body: { text: 'only once' }, clientMutationId: `retry-${flavor}` };
    const first = await gw().gql(secret, ADD, { input });
    expect(first.body.errors, JSON.stringify(first.body.errors)).toBeUndefined();
    await resetStats();
    const second = await gw().gql(secret, ADD, { input });
    expect(second.body.errors, JSON.stringify(second.body.errors)).toBeUndefined();
    expect(second.body.data.addComment.comment.id).toBe(first.body.data.addComment.comment.id);
    expect(second.body.data.addComment.clientMutationId).toBe(input.clientMutationId);
    // Nothing was posted again: only the payload's issue was read.
    expect(Object.keys(gw().sandbox.stats.byRoute).filter((r) => r.includes('/comment'))).toEqual([]);
    const mine = store()
      .findIssue(issue.key)!
      .comments.filter((c) => c.body === 'only once');
    expect(mine).toHaveLength(1);

    const other = await gw().gql(secret, ADD, { input: { ...input, body: { text: 'something else' } } });
    expect(codes(other.body)).toEqual(['BAD_USER_INPUT']);
    expect(other.body.errors[0].message).toMatch(/different request/);
    expect(
      store()
        .findIssue(issue.key)!
        .comments.filter((c) => c.body === 'something else'),
    ).toHaveLength(0);
  });

  it('takes the key from an Idempotency-Key header too', async () => {
    const issue = projIssue();
    const { secret } = await aliceToken();
    const input = { key: issue.key, body: { text: 'header keyed' } };
    const headers = { 'Idempotency-Key': `header-${flavor}` };
    const first = await gw().gql(secret, ADD, { input }, headers);
    const second = await gw().gql(secret, ADD, { input }, headers);
    expect(second.body.data.addComment.comment.id).toBe(first.body.data.addComment.comment.id);
    expect(
      store()
        .findIssue(issue.key)!
        .comments.filter((c) => c.body === 'header keyed'),
    ).toHaveLength(1);
  });

  it('does not replay a comment outside its projects to another token of the same identity', async () => {
    const ops = opsIssue();
    const wide = await aliceToken();
    const input = { key: ops.key, body: { text: 'ops note' }, clientMutationId: `cross-token-${flavor}` };
    const first = await gw().gql(wide.secret, ADD, { input });
    expect(first.body.errors, JSON.stringify(first.body.errors)).toBeUndefined();
    const narrow = await aliceToken({ projects: ['PROJ'] });
    const replay = await gw().gql(narrow.secret, ADD, { input });
    expect(codes(replay.body)).toEqual(['NOT_FOUND']);
    expect(JSON.stringify(replay.body)).not.toContain(first.body.data.addComment.comment.id);
  });

  it.each([
    ['an empty body', { body: { text: '  ' } }, 'body'],
    ['an empty Markdown body', { body: { markdown: '' } }, 'body'],
    [
      'a visibility naming nothing',
      { body: { text: 'x' }, visibility: { type: 'ROLE', value: ' ' } },
      'visibility',
    ],
  ])('refuses %s before any Jira call', async (_name, fields, field) => {
    const issue = projIssue();
    const { secret } = await aliceToken();
    await resetStats();
    const res = await gw().gql(secret, ADD, { input: { key: issue.key, ...fields } });
    expect(codes(res.body)).toEqual(['BAD_USER_INPUT']);
    expect(Object.keys(res.body.errors[0].extensions.fieldErrors)).toContain(field);
    expect(gw().sandbox.stats.requests).toBe(0);
  });

  it.each([
    ['an id that is not digits', UPDATE, { id: '12 OR 1=1', body: { text: 'x' } }, 'id'],
    ['an id that is a path', DELETE, { id: '../../issue/PROJ-1' }, 'id'],
    ['an edit of nothing', UPDATE, { id: '10000' }, 'body'],
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

describe.each(['datacenter', 'cloud'] as const)('%s: a comment id from another issue', (flavor) => {
  // A proxy answers the comment read as a Jira that ignored the issue in the path would.
  const env: Record<string, string> = {};
  const proxy = useJiraProxy(() => gw().sandbox.url, env);
  const gw = useGateway({ flavor, env });

  it('refuses to edit or delete a comment Jira says is on an issue outside the token’s projects, before writing', async () => {
    const store = gw().sandbox.store;
    const projectOf = (i: SandboxIssue) => store.projectsById.get(i.projectId)?.key;
    const proj = store.data.issues.find((i) => projectOf(i) === 'PROJ')!;
    const ops = store.data.issues.find((i) => projectOf(i) === 'OPS' && i.comments.length > 0)!;
    const target = ops.comments[0]!;
    const api = flavor === 'cloud' ? '/rest/api/3' : '/rest/api/2';
    proxy().intercept = (req) => {
      const path = (req.url ?? '').split('?')[0];
      if (req.method !== 'GET' || path !== `${api}/issue/${proj.key}/comment/${target.id}`) return null;
      const body = {
        id: target.id,
        self: `${gw().sandbox.url}${api}/issue/${ops.id}/comment/${target.id}`,
        body: 'x',
      };
      return { status: 200, body: JSON.stringify(body) };
    };
    const { secret } = await gw().token('alice', { scopes: ['comments:write'], projects: ['PROJ'] });
    const before = proxy().requests.length;
    const edit = await gw().gql(secret, UPDATE, {
      input: { key: proj.key, id: target.id, body: { text: 'hijack' } },
    });
    expect(codes(edit.body)).toEqual(['NOT_FOUND']);
    expect(edit.body.errors[0].message).toBe(
      `Issue ${proj.key} has no comment ${target.id}, or this token may not see it.`,
    );
    const del = await gw().gql(secret, DELETE, { input: { key: proj.key, id: target.id } });
    expect(codes(del.body)).toEqual(['NOT_FOUND']);
    const sent = proxy()
      .requests.slice(before)
      .map((r) => r.request);
    expect(sent.filter((r) => /^(PUT|DELETE) /.test(r))).toEqual([]);
    expect(sent).toContain(`GET ${api}/issue/${proj.key}/comment/${target.id}`);
    expect(store.findIssue(ops.key)!.comments.find((c) => c.id === target.id)?.body).toBe(target.body);
  });
});
