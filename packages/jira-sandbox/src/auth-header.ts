// The Authorization header a real Jira client of each flavour sends for a
// user: Data Center a bearer personal access token, Cloud Basic email + API token.
import type { Flavor, SandboxUser } from './model.ts';

export function authorizationFor(flavor: Flavor, user: SandboxUser): string {
  return flavor === 'cloud'
    ? `Basic ${Buffer.from(`${user.emailAddress}:${user.token}`).toString('base64')}`
    : `Bearer ${user.token}`;
}
