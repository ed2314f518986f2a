// How a write names a user to Jira: Cloud knows users only by accountId;
// Data Center by username, or by user key (JIRAUSER12345) since users could
// be renamed. The gateway's User.accountId is the Cloud accountId or the Data
// Center user key, so either form a caller read back can be written again.
import type { JiraFlavor } from './types.ts';

/** Data Center user keys of users made since Jira 8 (older keys equal the username). */
const DC_USER_KEY = /^JIRAUSER\d+$/;

/** The user object Jira's write bodies take; null for "nobody" (unassign). */
export function jiraUserReference(flavor: JiraFlavor, ref: string | null): Record<string, string | null> {
  if (flavor === 'cloud') return { accountId: ref };
  if (ref !== null && DC_USER_KEY.test(ref)) return { key: ref };
  return { name: ref };
}
