// Raw Jira JSON handed to callers (a custom field's `json`, a rich text's
// raw ADF) under the same scopes as the typed fields it contains. Users are
// what such JSON carries that a scope guards: the typed User shows accountId
// and displayName to any token, the rest with users:read, the email address
// with users:email (user.ts). So every object that looks like a Jira user,
// at any depth, is cut down to what the token's scopes allow before the JSON
// leaves the gateway.
import type { Scope } from '../auth/scopes.ts';
import type { JiraJson } from '../jira/json.ts';

/** What identifies a user to any token: Cloud's accountId, Data Center's key (User.accountId), the display name. */
const BASIC_USER_KEYS: ReadonlySet<string> = new Set(['accountId', 'key', 'displayName']);
/** The one key users:read does not cover. */
const EMAIL_KEY = 'emailAddress';

/** A Jira REST user link: /rest/api/2/user?username=... (Data Center) or ?accountId=... (Cloud). */
const USER_SELF = /\/user\/?\?/;

function isRecord(value: unknown): value is JiraJson {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * Whether an object is a Jira user as Jira embeds one (assignee, reporter, a
 * user picker's value, a changelog author...). Generous on purpose: treating
 * something else as a user only hides some of its keys from a token without
 * users:read, while missing a user would leak its details.
 */
export function isJiraUserObject(o: JiraJson): boolean {
  if (typeof o.accountId === 'string') return true;
  if (EMAIL_KEY in o) return true;
  if (typeof o.self === 'string' && USER_SELF.test(o.self)) return true;
  // Data Center users: key and name (the username) beside a display name. Not key + name +
  // avatarUrls alone: a project has those too.
  return typeof o.displayName === 'string' && (typeof o.key === 'string' || typeof o.name === 'string');
}

function scopedUser(user: JiraJson, details: boolean, email: boolean): JiraJson {
  const out: JiraJson = {};
  for (const [k, v] of Object.entries(user)) {
    if (k === EMAIL_KEY) {
      if (email) out[k] = v;
    } else if (details || BASIC_USER_KEYS.has(k)) {
      // Nested values of a kept key are walked too (a user inside a user is still a user).
      out[k] = scrub(v, details, email);
    }
  }
  return out;
}

function scrub(value: unknown, details: boolean, email: boolean): unknown {
  if (Array.isArray(value)) return value.map((item) => scrub(item, details, email));
  if (!isRecord(value)) return value;
  if (isJiraUserObject(value)) return scopedUser(value, details, email);
  const out: JiraJson = {};
  for (const [k, v] of Object.entries(value)) out[k] = scrub(v, details, email);
  return out;
}

/**
 * The JSON value with every user in it reduced to what `scopes` may read:
 * accountId/key and displayName without users:read, no emailAddress without
 * users:email. A copy; the value (possibly cached and shared) is not touched.
 * null scopes (no token) keep only the basics, as the shield would.
 */
export function scopeRawJson(value: unknown, scopes: ReadonlySet<Scope> | null): unknown {
  const details = scopes?.has('users:read') === true;
  const email = scopes?.has('users:email') === true;
  return scrub(value, details, email);
}
