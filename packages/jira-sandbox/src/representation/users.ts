// Users as each flavour shows them: Data Center by key and name, Cloud by
// accountId only (no name, no key).
import type { Flavor, SandboxUser } from '../model.ts';
import { avatarUrls } from './common.ts';

export interface UserView {
  flavor: Flavor;
  baseUrl: string;
  apiVersion: '2' | '3';
}

export function userJson(
  user: SandboxUser,
  view: UserView,
  options: { groups?: boolean } = {},
): Record<string, unknown> {
  const base = `${view.baseUrl}/rest/api/${view.apiVersion}`;
  if (view.flavor === 'cloud') {
    const out: Record<string, unknown> = {
      self: `${base}/user?accountId=${user.accountId}`,
      accountId: user.accountId,
      accountType: 'atlassian',
      emailAddress: user.emailAddress,
      avatarUrls: avatarUrls(view.baseUrl, 'user', user.accountId),
      displayName: user.displayName,
      active: user.active,
      timeZone: user.timeZone,
      locale: 'en_US',
    };
    if (options.groups) out.groups = groupsJson(user);
    return out;
  }
  const out: Record<string, unknown> = {
    self: `${base}/user?username=${encodeURIComponent(user.name)}`,
    key: user.key,
    name: user.name,
    emailAddress: user.emailAddress,
    avatarUrls: avatarUrls(view.baseUrl, 'user', user.key),
    displayName: user.displayName,
    active: user.active,
    deleted: false,
    timeZone: user.timeZone,
    locale: 'en_US',
  };
  if (options.groups) out.groups = groupsJson(user);
  return out;
}

function groupsJson(user: SandboxUser): Record<string, unknown> {
  return { size: user.groups.length, items: user.groups.map((name) => ({ name })) };
}
