// How each Jira flavour decides who is calling. Data Center treats an unknown
// bearer token as the anonymous user (it does not answer 401), while a wrong
// Basic password is refused; Cloud only takes Basic email + API token.
import type { IncomingHttpHeaders } from 'node:http';
import type { Flavor, SandboxUser } from './model.ts';
import type { SandboxStore } from './store.ts';

export type AuthOutcome = { kind: 'user'; user: SandboxUser } | { kind: 'anonymous' } | { kind: 'rejected' };

export function authenticate(store: SandboxStore, flavor: Flavor, headers: IncomingHttpHeaders): AuthOutcome {
  const header = headers.authorization;
  if (!header) return { kind: 'anonymous' };
  const space = header.indexOf(' ');
  const scheme = (space === -1 ? header : header.slice(0, space)).toLowerCase();
  const value = space === -1 ? '' : header.slice(space + 1).trim();

  if (scheme === 'bearer') {
    if (flavor === 'cloud') return { kind: 'rejected' };
    const user = bearerUser(store, value);
    return user ? { kind: 'user', user } : { kind: 'anonymous' };
  }
  if (scheme === 'basic') {
    const decoded = Buffer.from(value, 'base64').toString('utf8');
    const colon = decoded.indexOf(':');
    if (colon === -1) return { kind: 'rejected' };
    const login = decoded.slice(0, colon);
    const secret = decoded.slice(colon + 1);
    // Cloud logs in by email; Data Center by username (or email, as many
    // directories allow). The secret is the user's token either way.
    const user =
      flavor === 'cloud'
        ? store.usersByEmail.get(login.toLowerCase())
        : (store.usersByName.get(login) ?? store.usersByEmail.get(login.toLowerCase()));
    if (!user?.active) return { kind: 'rejected' };
    if (secret === user.token || (flavor === 'datacenter' && patUser(store, secret) === user)) {
      return { kind: 'user', user };
    }
    return { kind: 'rejected' };
  }
  return { kind: 'rejected' };
}

function bearerUser(store: SandboxStore, token: string): SandboxUser | null {
  const user = store.usersByToken.get(token) ?? patUser(store, token);
  return user?.active ? user : null;
}

/** A personal access token made through /rest/pat/latest/tokens. */
function patUser(store: SandboxStore, token: string): SandboxUser | null {
  const pat = store.data.pats.find((p) => p.rawToken === token);
  if (!pat) return null;
  if (pat.expiringAt !== null && pat.expiringAt < Date.now()) return null;
  return store.usersByKey.get(pat.userKey) ?? null;
}
