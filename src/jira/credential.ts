// Turning a caller's credential into the Authorization header, and keeping
// it out of every text the client produces (error messages, Jira's own
// messages echoed back).
import type { JiraCredential } from './types.ts';

export function authorizationHeader(credential: JiraCredential): string {
  return credential.kind === 'bearer'
    ? `Bearer ${credential.token}`
    : `Basic ${Buffer.from(`${credential.email}:${credential.token}`).toString('base64')}`;
}

const REDACTED = '[redacted]';

/** A function that blanks out every form the credential travels in. Jira does
 *  not echo credentials, but a proxy's error page might, and an error text is
 *  logged: defence in depth costs a string replace. */
export function credentialRedactor(credential: JiraCredential | null): (text: string) => string {
  if (!credential) return (text) => text;
  const secrets = [authorizationHeader(credential).split(' ')[1] ?? '', credential.token].filter(
    (s) => s.length >= 4,
  );
  return (text) => secrets.reduce((out, secret) => out.split(secret).join(REDACTED), text);
}
