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

const REDACTED = '[redacted]';

/** A function that blanks out every form the credential travels in. Jira does
 *  not echo credentials, but a proxy's error page might, and an error text is
 *  logged: defence in depth costs a string replace. */
export function credentialRedactor(credential: JiraCredential | null): (text: string) => string {
  if (!credential) return (text) => text;
  // Worked out only when a text needs it: most calls succeed and redact nothing.
  let secrets: string[] | undefined;
  return (text) => {
    secrets ??= [authorizationHeader(credential).split(' ')[1] ?? '', credential.token].filter(
      (s) => s.length >= 4,
    );
    return secrets.reduce((out, secret) => out.split(secret).join(REDACTED), text);
  };
}
