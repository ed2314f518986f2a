// The client's vocabulary: which Jira it talks to, whose credential it sends,
// and the shapes it hands back. Kept apart from the sandbox's types so the
// client never depends on the sandbox.

export type JiraFlavor = 'datacenter' | 'cloud';

/** A caller's own Jira credential: a Data Center personal access token (sent
 *  as Bearer) or a Cloud email + API token (sent as Basic). The gateway calls
 *  Jira as each caller, never as a shared account. */
export type JiraCredential =
  | { kind: 'bearer'; token: string }
  | { kind: 'basic'; email: string; token: string };

export type JiraMethod = 'GET' | 'POST' | 'PUT' | 'DELETE';

export interface JiraUser {
  /** Cloud accountId, or the Data Center user key. */
  accountId: string;
  /** Data Center username; null on Cloud, which has none. */
  name: string | null;
  displayName: string;
  /** Null when Jira hides it (Cloud profile visibility) or has none. */
  emailAddress: string | null;
  active: boolean;
  timeZone?: string;
}

export interface JiraServerInfo {
  baseUrl: string;
  version: string;
  /** 'Cloud', or 'Server' on Data Center (older sites leave it out). */
  deploymentType: string | null;
  [property: string]: unknown;
}
