// The raw-JSON scrubber on shapes the sandbox does not produce: users nested
// in other objects and arrays, both flavours' user shapes, and objects that
// are not users (projects, options, ADF mentions), which it must leave alone.
import { describe, expect, it } from 'vitest';
import type { Scope } from '../../src/auth/scopes.ts';
import { scopeRawJson } from '../../src/schema/raw-json-scopes.ts';

const dcUser = {
  self: 'https://jira.example.com/rest/api/2/user?username=alice',
  key: 'JIRAUSER10001',
  name: 'alice',
  emailAddress: 'alice@example.com',
  avatarUrls: { '48x48': 'https://jira.example.com/secure/useravatar?ownerId=alice' },
  displayName: 'Alice Anderson',
  active: true,
  timeZone: 'Europe/Berlin',
};
const cloudUser = {
  self: 'https://x.atlassian.net/rest/api/3/user?accountId=5b10a2844c20165700ede21g',
  accountId: '5b10a2844c20165700ede21g',
  emailAddress: 'bob@example.com',
  displayName: 'Bob Brown',
  active: true,
};
const project = {
  self: 'https://jira.example.com/rest/api/2/project/10000',
  id: '10000',
  key: 'PROJ',
  name: 'Project',
  avatarUrls: { '48x48': 'https://jira.example.com/secure/projectavatar?pid=10000' },
};
const mention = { type: 'mention', attrs: { id: cloudUser.accountId, text: '@Bob Brown', accessLevel: '' } };
const value = {
  approvals: [{ approver: dcUser, project, decidedBy: [cloudUser] }],
  adf: { type: 'doc', version: 1, content: [{ type: 'paragraph', content: [mention] }] },
  option: { self: 'https://jira.example.com/rest/api/2/customFieldOption/1', value: 'High', id: '1' },
};
const scoped = (...scopes: Scope[]) => scopeRawJson(value, new Set(scopes)) as typeof value;

describe('scopeRawJson', () => {
  it('reduces every user, at any depth, to its id and display name without users:read', () => {
    const out = scoped('issues:read');
    expect(out.approvals[0]!.approver).toEqual({ key: dcUser.key, displayName: dcUser.displayName });
    expect(out.approvals[0]!.decidedBy).toEqual([
      { accountId: cloudUser.accountId, displayName: cloudUser.displayName },
    ]);
    expect(JSON.stringify(out)).not.toMatch(/alice@|bob@|username=alice|ownerId=alice/);
    // No token at all: the same as no users:read.
    expect(JSON.stringify(scopeRawJson(value, null))).not.toMatch(/alice@|bob@|username=/);
  });

  it('keeps user details with users:read and the email only with users:email', () => {
    const { emailAddress: _a, ...dcDetails } = dcUser;
    const { emailAddress: _b, ...cloudDetails } = cloudUser;
    expect(scoped('users:read').approvals[0]!.approver).toEqual(dcDetails);
    expect(scoped('users:read').approvals[0]!.decidedBy).toEqual([cloudDetails]);
    expect(scoped('users:read', 'users:email')).toEqual(value);
    expect(scoped('users:email').approvals[0]!.approver).toEqual({
      key: dcUser.key,
      displayName: dcUser.displayName,
      emailAddress: dcUser.emailAddress,
    });
  });

  it('leaves what is not a user as it is, and does not change the value it was given', () => {
    const before = JSON.stringify(value);
    const out = scoped('issues:read');
    expect(out.approvals[0]!.project).toEqual(project);
    expect(out.adf).toEqual(value.adf);
    expect(out.option).toEqual(value.option);
    expect(JSON.stringify(value)).toBe(before);
  });
});
