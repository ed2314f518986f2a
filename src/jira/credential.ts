// Turning a caller's credential into the Authorization header, and keeping
// it out of every text the client produces (error messages, Jira's own
// messages echoed back).
import type { JiraCredential } from './types.ts';

// Credentials are opened once per identity record (identity-service.ts), so
// the same object comes back request after request: its header is built once.
const headers = new WeakMap<JiraCredential, string>();

export function authorizationHeader(credential: JiraCredential): string {
  let header = headers.get(credential);
  if (header === undefined) {
    header =
      credential.kind === 'bearer'
        ? `Bearer ${credential.token}`
        : `Basic ${Buffer.from(`${credential.email}:${credential.token}`).toString('base64')}`;
    headers.set(credential, header);
  }
  return header;
}

// Redaction lives in credential-redaction.ts: every encoded form and fragment, not just the exact strings.
export { credentialRedactor } from './credential-redaction.ts';
