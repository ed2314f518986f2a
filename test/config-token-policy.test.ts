// The token policy settings: JGG_TOKEN_CREATOR_GROUPS, JGG_GROUP_SCOPES and
// JGG_TOKENS_REQUIRE_PROJECTS (with JGG_MAX_TOKENS_PER_IDENTITY): defaults,
// good values, and one line naming the setting for a bad one.
import { describe, expect, it } from 'vitest';
import { SCOPES } from '../src/auth/scopes.ts';
import { ConfigError, loadConfig } from '../src/config.ts';

function refusal(env: Record<string, string>): ConfigError {
  try {
    loadConfig(env);
  } catch (error) {
    if (error instanceof ConfigError) return error;
    throw error;
  }
  throw new Error(`loadConfig accepted ${JSON.stringify(env)}`);
}

describe('token policy settings', () => {
  it('default to no policy beyond the lifetime and the quota', () => {
    const config = loadConfig({});
    expect(config.policy).toEqual({ creatorGroups: [], groupScopes: {}, requireProjects: false });
    expect(config.tokens.maxLifetimeDays).toBe(365);
    expect(config.tokens.maxPerIdentity).toBe(100);
  });

  it('take good values', () => {
    const config = loadConfig({
      JGG_TOKEN_CREATOR_GROUPS: ' jira-software-users , api-users,',
      JGG_GROUP_SCOPES: JSON.stringify({
        'jira-software-users': ['*'],
        contractors: ['issues:read', 'comments:read', 'issues:read'],
        visitors: [],
      }),
      JGG_TOKENS_REQUIRE_PROJECTS: 'on',
      JGG_MAX_TOKENS_PER_IDENTITY: '5',
    });
    expect(config.policy.creatorGroups).toEqual(['jira-software-users', 'api-users']);
    expect(config.policy.groupScopes['jira-software-users']).toEqual([...SCOPES]);
    expect(config.policy.groupScopes.contractors).toEqual(['issues:read', 'comments:read']);
    expect(config.policy.groupScopes.visitors).toEqual([]);
    expect(config.policy.requireProjects).toBe(true);
    expect(config.tokens.maxPerIdentity).toBe(5);
    expect(loadConfig({ JGG_TOKENS_REQUIRE_PROJECTS: 'off' }).policy.requireProjects).toBe(false);
  });

  it.each([
    ['JGG_GROUP_SCOPES', 'not json', /must be JSON like/],
    ['JGG_GROUP_SCOPES', '["issues:read"]', /must be a JSON object of group name to a list of scopes/],
    ['JGG_GROUP_SCOPES', '{}', /names no group; leave it unset/],
    ['JGG_GROUP_SCOPES', '{"devs": "issues:read"}', /group 'devs' must map to a list of scope names/],
    ['JGG_GROUP_SCOPES', '{"devs": [1]}', /group 'devs' must map to a list of scope names/],
    ['JGG_GROUP_SCOPES', '{"devs": ["issues:delete"]}', /'issues:delete' \(group 'devs'\) is not a scope/],
    ['JGG_GROUP_SCOPES', '{"": ["issues:read"]}', /is not a group name/],
    ['JGG_GROUP_SCOPES', '{" devs": ["issues:read"]}', /is not a group name/],
    ['JGG_TOKENS_REQUIRE_PROJECTS', 'yes', /must be one of on, off/],
    ['JGG_MAX_TOKENS_PER_IDENTITY', '0', /must be a whole number from 1/],
  ])('refuses %s=%s in one line naming it', (setting, value, problem) => {
    const error = refusal({ [setting]: value });
    expect(error.setting).toBe(setting);
    expect(error.message.startsWith(`${setting}: `)).toBe(true);
    expect(error.message).toMatch(problem);
    expect(error.message).not.toMatch(/[\r\n]/);
  });
});
