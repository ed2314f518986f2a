// Checks Jira's JSON before the rest of the gateway trusts it, and maps each
// flavour's user shape onto one JiraUser. A shape Jira should never send
// becomes JiraUnexpectedResponseError (masked as an internal error).
import { JiraUnexpectedResponseError } from './errors.ts';
import { type JiraJson, objOrNull } from './json.ts';
import type { JiraFlavor, JiraServerInfo, JiraUser } from './types.ts';

export interface DecodeContext {
  method: string;
  path: string;
}

export function decodeUser(json: unknown, flavor: JiraFlavor, ctx: DecodeContext): JiraUser {
  const o = object(json, 'user', ctx);
  // Data Center identifies users by key (stable across renames) and name
  // (the login); Cloud has only the accountId.
  const accountId = flavor === 'cloud' ? o.accountId : o.key;
  const name = flavor === 'cloud' ? null : o.name;
  if (typeof accountId !== 'string' || typeof o.displayName !== 'string') {
    throw unexpected(`the user has no ${flavor === 'cloud' ? 'accountId' : 'key'} or displayName`, ctx);
  }
  if (name !== null && typeof name !== 'string') throw unexpected('the Data Center user has no name', ctx);
  const user: JiraUser = {
    accountId,
    name,
    displayName: o.displayName,
    // Cloud leaves emailAddress out when the user's profile hides it.
    emailAddress: typeof o.emailAddress === 'string' && o.emailAddress !== '' ? o.emailAddress : null,
    active: o.active !== false,
  };
  if (typeof o.timeZone === 'string') user.timeZone = o.timeZone;
  return user;
}

export function decodeServerInfo(json: unknown, ctx: DecodeContext): JiraServerInfo {
  const o = object(json, 'serverInfo', ctx);
  if (typeof o.baseUrl !== 'string' || typeof o.version !== 'string') {
    throw unexpected('serverInfo has no baseUrl or version', ctx);
  }
  return {
    ...o,
    baseUrl: o.baseUrl,
    version: o.version,
    deploymentType: typeof o.deploymentType === 'string' ? o.deploymentType : null,
  };
}

function object(json: unknown, what: string, ctx: DecodeContext): JiraJson {
  const o = objOrNull(json);
  if (o === null) throw unexpected(`expected a ${what} object`, ctx);
  return o;
}

function unexpected(summary: string, ctx: DecodeContext): JiraUnexpectedResponseError {
  return new JiraUnexpectedResponseError(summary, { ...ctx, status: 200, requestId: null });
}
