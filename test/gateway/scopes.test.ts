// What a token may read: per-field scopes (deny by default) on top of exactly
// what the token's Jira user may see.

import type { SandboxIssue } from 'jira-sandbox';
import { describe, expect, it } from 'vitest';
import { unguardedFields } from '../../src/auth/shield.ts';
import { schema } from '../../src/schema/index.ts';
import { useGateway } from '../support/gateway.ts';

describe('the schema', () => {
  it('declares a rule on every field', () => {
    expect(unguardedFields(schema)).toEqual([]);
  });
});

describe.each(['datacenter', 'cloud'] as const)('%s: scopes and Jira permissions', (flavor) => {
  const gw = useGateway({ flavor });

  /** A PROJ issue alice and bob may both see, with an assignee. */
  function sharedIssue(): SandboxIssue {
    const issue = gw().sandbox.store.data.issues.find(
      (i) => i.projectId === '10000' && i.securityLevelId === null && i.assigneeKey !== null,
    );
    if (!issue) throw new Error('no suitable issue');
    return issue;
  }

  function opsIssue(): SandboxIssue {
    const issue = gw().sandbox.store.data.issues.find(
      (i) => i.projectId === '10002' && i.securityLevelId === null,
    );
    if (!issue) throw new Error('no OPS issue');
    return issue;
  }

  it('answers issue fields to issues:read but not the assignee email, and keeps the rest', async () => {
    const issue = sharedIssue();
    const { secret } = await gw().token('alice', { scopes: ['issues:read'] });
    const res = await gw().gql(
      secret,
      `{ issue(key: "${issue.key}") { key summary assignee { displayName emailAddress } } }`,
    );
    expect(res.status).toBe(200);
    expect(res.body.data.issue.key).toBe(issue.key);
    expect(res.body.data.issue.summary).toBe(issue.summary);
    expect(res.body.data.issue.assignee.displayName).toBe(
      gw().sandbox.store.usersByKey.get(issue.assigneeKey!)?.displayName,
    );
    expect(res.body.data.issue.assignee.emailAddress).toBeNull();
    expect(res.body.errors).toHaveLength(1);
    expect(res.body.errors[0].path).toEqual(['issue', 'assignee', 'emailAddress']);
    expect(res.body.errors[0].extensions).toEqual({
      code: 'INSUFFICIENT_SCOPE',
      requiredScopes: ['users:email'],
    });
  });

  it('is not fooled by aliases, fragments or inline fragments', async () => {
    const issue = sharedIssue();
    const { secret } = await gw().token('alice', { scopes: ['issues:read'] });
    const queries = [
      `{ a: issue(key: "${issue.key}") { k: key who: assignee { mail: emailAddress } } }`,
      `{ issue(key: "${issue.key}") { key assignee { ...U } } } fragment U on User { emailAddress }`,
      `{ issue(key: "${issue.key}") { key assignee { ... on User { emailAddress } } } }`,
      `{ issue(key: "${issue.key}") { ...I } } fragment I on Issue { key assignee { ... { emailAddress } } }`,
    ];
    for (const query of queries) {
      const res = await gw().gql(secret, query);
      const codes = (res.body.errors ?? []).map((e: { extensions: { code: string } }) => e.extensions.code);
      expect(codes, query).toEqual(['INSUFFICIENT_SCOPE']);
      expect(JSON.stringify(res.body.data)).not.toContain('@example.com');
    }
  });

  it('shows the email to a token with users:email, and nothing at all without issues:read', async () => {
    const issue = sharedIssue();
    const email = (await gw().token('alice', { scopes: ['issues:read', 'users:email'] })).secret;
    const res = await gw().gql(email, `{ issue(key: "${issue.key}") { assignee { emailAddress } } }`);
    expect(res.body.errors).toBeUndefined();
    expect(res.body.data.issue.assignee.emailAddress).toMatch(/@example\.com$/);

    const tokensOnly = (await gw().token('alice', { scopes: ['tokens:read'] })).secret;
    const denied = await gw().gql(
      tokensOnly,
      `{ issue(key: "${issue.key}") { key } viewer { user { displayName } } }`,
    );
    expect(denied.body.data.issue).toBeNull();
    expect(denied.body.data.viewer.user.displayName).toBe('Alice Anderson');
    expect(denied.body.errors[0].extensions).toEqual({
      code: 'INSUFFICIENT_SCOPE',
      requiredScopes: ['issues:read'],
    });
  });

  it("judges signIn's payload by the new session's scopes, whatever token sent it", async () => {
    // The token may read emails; the session signIn makes (tokens:read/write) may not.
    const { secret } = await gw().token('alice', { scopes: ['users:read', 'users:email'] });
    const alice = gw().sandboxUser('alice');
    const res = await gw().gql(
      secret,
      'mutation($t: String!, $e: String) { signIn(input: { jiraToken: $t, email: $e }) { user { displayName emailAddress } } }',
      { t: alice.token, e: flavor === 'cloud' ? alice.emailAddress : null },
    );
    expect(res.body.data.signIn.user).toEqual({ displayName: 'Alice Anderson', emailAddress: null });
    expect(res.body.errors).toHaveLength(1);
    expect(res.body.errors[0].extensions).toEqual({
      code: 'INSUFFICIENT_SCOPE',
      requiredScopes: ['users:email'],
    });
  });

  it('issues:write implies issues:read', async () => {
    const { secret } = await gw().token('alice', { scopes: ['issues:write'] });
    const res = await gw().gql(secret, `{ issue(key: "${sharedIssue().key}") { key } }`);
    expect(res.body.errors).toBeUndefined();
  });

  it('answers alice and bob each with what their Jira user may see, back to back with warm caches', async () => {
    const alice = (await gw().token('alice', { scopes: ['issues:read'] })).secret;
    const bob = (await gw().token('bob', { scopes: ['issues:read'] })).secret;
    const ops = opsIssue();
    const query = `{ issue(key: "${ops.key}") { key summary } viewer { user { displayName } } }`;
    for (let round = 0; round < 3; round++) {
      const a = await gw().gql(alice, query);
      const b = await gw().gql(bob, query);
      expect(a.body.data.issue).toEqual({ key: ops.key, summary: ops.summary });
      expect(a.body.data.viewer.user.displayName).toBe('Alice Anderson');
      expect(b.body.data.issue).toBeNull();
      expect(b.body.errors[0].extensions.code).toBe('NOT_FOUND');
      expect(b.body.data.viewer.user.displayName).toBe('Bob Brown');
    }
  });

  it('hides every other project from a project-restricted token', async () => {
    const { secret } = await gw().token('alice', { scopes: ['issues:read'], projects: ['PROJ'] });
    const inside = await gw().gql(secret, `{ issue(key: "${sharedIssue().key}") { key } }`);
    expect(inside.body.data.issue.key).toBe(sharedIssue().key);
    const stats = gw().sandbox.stats.requests;
    const outside = await gw().gql(secret, `{ issue(key: "${opsIssue().key}") { key } }`);
    expect(outside.body.data.issue).toBeNull();
    expect(outside.body.errors[0].extensions.code).toBe('NOT_FOUND');
    // Refused from the key alone: Jira was not asked.
    expect(gw().sandbox.stats.requests).toBe(stats);
  });

  it('gives the admin scope only to identities in JGG_ADMINS', async () => {
    await expect(gw().token('alice', { scopes: ['admin'] })).rejects.toThrow(
      /admin scope is only for gateway admins/,
    );
    const { secret } = await gw().token('admin', { scopes: ['admin'] });
    const res = await gw().gql(
      secret,
      '{ admin { identities(first: 10) { edges { node { displayName } } } } }',
    );
    expect(res.body.errors).toBeUndefined();
    expect(
      res.body.data.admin.identities.edges.map((e: { node: { displayName: string } }) => e.node.displayName),
    ).toContain('Ada Admin');
    const alice = (await gw().token('alice', { scopes: ['tokens:write'] })).secret;
    const denied = await gw().gql(alice, '{ admin { auditLog(first: 1) { edges { node { action } } } } }');
    expect(denied.body.errors[0].extensions).toEqual({
      code: 'INSUFFICIENT_SCOPE',
      requiredScopes: ['admin'],
    });
  });
});
