// Turning a caller's credential into the Authorization header, and keeping
// it out of every text the client produces (error messages, Jira's own
// messages echoed back).
import { createHash } from 'node:crypto';
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

const fingerprints = new WeakMap<JiraCredential, string>();

/**
 * Who a call is made as, for keeping per-caller state in memory (rate-limit
 * pauses): a hash of the Authorization header, so the credential itself is
 * not copied into more places; 'anonymous' for none. Not a secret, never logged.
 */
export function credentialFingerprint(credential: JiraCredential | null): string {
  if (credential === null) return 'anonymous';
  let fingerprint = fingerprints.get(credential);
  if (fingerprint === undefined) {
    fingerprint = createHash('sha256')
      .update(authorizationHeader(credential))
      .digest('base64url')
      .slice(0, 22);
    fingerprints.set(credential, fingerprint);
  }
  return fingerprint;
}

// Redaction lives in credential-redaction.ts: every encoded form and fragment, not just the exact strings.
export { credentialRedactor } from './credential-redaction.ts';
