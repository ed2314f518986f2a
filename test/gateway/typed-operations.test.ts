// The GraphQL operations clients use (test/operations/*.graphql), run as the
// typed documents codegen generates from schema.graphql (test/gql/). The
// answers are typed by the schema: when a schema change breaks one of these
// operations, `npm run codegen` fails to validate it, or tsc fails here.
import { describe, expect, it } from 'vitest';
import {
  CreateAccessTokenDocument,
  IssueByKeyDocument,
  IssuesPageDocument,
  RevokeAccessTokenDocument,
  RotateAccessTokenDocument,
  SignInDocument,
  ViewerDocument,
} from '../gql/graphql.ts';
import { useGateway } from '../support/gateway.ts';
import { type ResultOf, typedQuery, typedRequest } from '../support/typed.ts';

describe.each(['datacenter', 'cloud'] as const)('%s: typed operations', (flavor) => {
  const gw = useGateway({ flavor, issues: 60 });

  async function signIn(name: string): Promise<ResultOf<typeof SignInDocument>['signIn']> {
    const user = gw().sandboxUser(name);
    const data = await typedQuery(gw(), null, SignInDocument, {
      input: { jiraToken: user.token, email: flavor === 'cloud' ? user.emailAddress : null },
    });
    return data.signIn;
  }

  it('signs in, mints, reads, rotates and revokes with the generated documents', async () => {
    const session = await signIn('alice');
    expect(session.secret).toMatch(/^jgg_[0-9A-Za-z]{36}$/);
    expect(session.token.kind).toBe('session');
    expect(session.token.scopes).toEqual(expect.arrayContaining(['tokens:read', 'tokens:write']));
    expect(session.user.displayName).toBe('Alice Anderson');

    const created = await typedQuery(gw(), session.secret, CreateAccessTokenDocument, {
      input: { name: 'typed reader', scopes: ['issues:read'], projects: ['PROJ'] },
    });
    const reader = created.createAccessToken;
    expect(reader.token).toMatchObject({ name: 'typed reader', scopes: ['issues:read'], projects: ['PROJ'] });
    expect(reader.token.allowedIps).toBeNull();
    expect(Date.parse(reader.token.createdAt)).not.toBeNaN();

    const viewer = await typedQuery(gw(), reader.secret, ViewerDocument);
    expect(viewer.viewer.user.displayName).toBe('Alice Anderson');
    expect(viewer.viewer.user.accountId).toBe(session.user.accountId);
    expect(viewer.viewer.token).toMatchObject({ id: reader.token.id, kind: 'personal', projects: ['PROJ'] });

    const rotated = (
      await typedQuery(gw(), session.secret, RotateAccessTokenDocument, { id: reader.token.id })
    ).rotateAccessToken;
    expect(rotated.token.rotatedFromId).toBe(reader.token.id);
    expect((await typedRequest(gw(), reader.secret, ViewerDocument)).status).toBe(401);
    expect((await typedQuery(gw(), rotated.secret, ViewerDocument)).viewer.token.id).toBe(rotated.token.id);

    const revoked = await typedQuery(gw(), session.secret, RevokeAccessTokenDocument, {
      id: rotated.token.id,
    });
    expect(revoked.revokeAccessToken.token.id).toBe(rotated.token.id);
    expect(Date.parse(revoked.revokeAccessToken.token.revokedAt ?? '')).not.toBeNaN();
    expect((await typedRequest(gw(), rotated.secret, ViewerDocument)).status).toBe(401);
  });

  it('reads an issue by key, typed down to its nested fields', async () => {
    const { secret } = await gw().token('alice', { scopes: ['issues:read'] });
    const expected = gw().sandbox.store.data.issues.find((i) => i.key === 'PROJ-1');
    const data = await typedQuery(gw(), secret, IssueByKeyDocument, { key: 'PROJ-1' });
    const issue = data.issue;
    if (issue === null) throw new Error('PROJ-1 not found');
    expect(issue.key).toBe('PROJ-1');
    expect(issue.summary).toBe(expected?.summary);
    expect(issue.project).toEqual({ key: 'PROJ', name: expect.any(String) });
    expect(issue.status.name).toEqual(expect.any(String));
    expect(issue.issueType.name).toEqual(expect.any(String));
    expect(Date.parse(issue.created)).not.toBeNaN();
    expect(Array.isArray(issue.labels)).toBe(true);
    // Nullable in the schema, so the type makes the test say what it expects.
    expect(issue.assignee === null || typeof issue.assignee.displayName === 'string').toBe(true);

    const missing = await typedRequest(gw(), secret, IssueByKeyDocument, { key: 'PROJ-99999' });
    expect(missing.data?.issue).toBeNull();
    expect(missing.errors?.[0]?.extensions.code).toBe('NOT_FOUND');
  });

  it('pages through a JQL search with pageInfo and totalCount', async () => {
    const { secret } = await gw().token('alice', { scopes: ['issues:read'] });
    const jql = 'project = PROJ ORDER BY key ASC';
    const expected = gw()
      .sandbox.store.data.issues.filter((i) => i.projectId === '10000')
      .filter((i) => gw().sandbox.store.canSeeIssue(gw().sandboxUser('alice'), i)).length;
    const keys: string[] = [];
    let after: string | null = null;
    let pages = 0;
    for (;;) {
      const page: ResultOf<typeof IssuesPageDocument>['issues'] = (
        await typedQuery(gw(), secret, IssuesPageDocument, { jql, first: 7, after })
      ).issues;
      pages += 1;
      expect(page.edges.length).toBeLessThanOrEqual(7);
      if (flavor === 'datacenter') expect(page.totalCount).toBe(expected);
      else expect(page.totalCount).toEqual(expect.any(Number));
      for (const edge of page.edges) {
        keys.push(edge.node.key);
        expect(edge.cursor).toEqual(expect.any(String));
        expect(edge.node.status.name).toEqual(expect.any(String));
      }
      if (!page.pageInfo.hasNextPage) break;
      expect(page.pageInfo.endCursor).toBe(page.edges.at(-1)?.cursor);
      after = page.pageInfo.endCursor;
      expect(pages).toBeLessThan(50);
    }
    expect(pages).toBeGreaterThan(1);
    expect(keys).toHaveLength(expected);
    expect(new Set(keys).size).toBe(keys.length);
    expect(keys.every((k) => k.startsWith('PROJ-'))).toBe(true);
  });
});
