// Turns an Authorization header into a session, in the cheapest order:
// parse -> checksum (a malformed token costs no look-up) -> keyed hash ->
// look-up (cached briefly; dropped at once on revoke in this process, and
// within a second of a change made by another, see revocation-feed.ts) ->
// expiry, revocation, allowed addresses -> identity.
import { hash } from 'node:crypto';
import { LRUCache } from 'lru-cache';
import { addressAllowed } from '../auth/ip-allow.ts';
import { type Keyring, tokenHashes } from '../auth/keyring.ts';
import { effectiveScopes, type Scope } from '../auth/scopes.ts';
import type { IdentityRecord, TokenRecord, TokenStore } from '../store/store.ts';
import { checkTokenShape } from './token-format.ts';

export interface Session {
  token: TokenRecord;
  identity: IdentityRecord;
  /** Held scopes plus implied ones; `admin` only while the identity is a gateway admin. */
  scopes: ReadonlySet<Scope>;
  isAdmin: boolean;
  ip: string;
}

export type InvalidReason = 'malformed' | 'bad-checksum' | 'unknown' | 'expired' | 'revoked' | 'address';

export type AuthOutcome =
  | { kind: 'none' }
  | { kind: 'invalid'; reason: InvalidReason }
  | { kind: 'ok'; session: Session };

export interface AuthenticatorDeps {
  store: TokenStore;
  keyring: Keyring;
  isAdmin: (identity: IdentityRecord) => boolean;
  /** How long a looked-up token stays cached; 0 turns the cache off. */
  cacheTtlMs: number;
  now?: () => Date;
}

interface Cached {
  token: TokenRecord;
  identity: IdentityRecord;
}

/**
 * The token a request presents: Bearer, or Basic with the token as password.
 * Null when no header was sent. Anything else that was sent, a bare token
 * with no scheme, another scheme, or a value with a comma (two headers joined
 * into one), answers '', which no token shape matches: refused as malformed,
 * never read as a token.
 */
export function presentedToken(authorization: string | null | undefined): string | null {
  if (!authorization) return null;
  // No Bearer token or Basic value holds a comma: this is two credentials in one.
  if (authorization.includes(',')) return '';
  const space = authorization.indexOf(' ');
  if (space === -1) return '';
  const scheme = authorization.slice(0, space).toLowerCase();
  const value = authorization.slice(space + 1).trim();
  if (scheme === 'bearer') return value;
  if (scheme === 'basic') {
    // The username is not trusted for anything; the password is the token.
    const decoded = Buffer.from(value, 'base64').toString('utf8');
    const colon = decoded.indexOf(':');
    return colon === -1 ? decoded : decoded.slice(colon + 1);
  }
  return '';
}

export function createAuthenticator(deps: AuthenticatorDeps) {
  const now = deps.now ?? (() => new Date());
  const cache =
    deps.cacheTtlMs > 0 ? new LRUCache<string, Cached>({ max: 10_000, ttl: deps.cacheTtlMs }) : null;
  const hashByTokenId = new Map<string, string>();
  // A token record's effective scopes, built once per record and admin
  // standing: the same Set for every request lets per-Set memos (the scope
  // proofs' keys) hit. Callers never change it.
  const scopeSets = new WeakMap<TokenRecord, { asAdmin: ReadonlySet<Scope>; asOther: ReadonlySet<Scope> }>();
  function scopesOf(token: TokenRecord, isAdmin: boolean): ReadonlySet<Scope> {
    let sets = scopeSets.get(token);
    if (!sets) {
      const asAdmin = effectiveScopes(token.scopes);
      const asOther = new Set(asAdmin);
      // Leaving JGG_ADMINS takes the admin scope away from tokens that hold it.
      asOther.delete('admin');
      sets = { asAdmin, asOther };
      scopeSets.set(token, sets);
    }
    return isAdmin ? sets.asAdmin : sets.asOther;
  }
  // Bumped whenever entries are dropped: a look-up that started before then
  // may have read the record before the change, so it must not be cached.
  let generation = 0;

  async function lookUp(secret: string): Promise<Cached | null> {
    // The cache is keyed by a plain SHA-256 of the secret, one call with no
    // object to build: a cache hit costs no HMAC per key of the ring. The
    // keyed hashes are for the store, which may leak; this map lives in memory.
    const cacheKey = cache ? hash('sha256', secret, 'base64') : '';
    const hit = cache?.get(cacheKey);
    if (hit) return hit;
    const startedIn = generation;
    for (const stored of tokenHashes(secret, deps.keyring)) {
      const token = await deps.store.findTokenByHash(stored);
      if (!token) continue;
      const identity = await deps.store.getIdentity(token.identityId);
      if (!identity) return null;
      const found = { token, identity };
      if (cache && startedIn === generation) {
        cache.set(cacheKey, found);
        hashByTokenId.set(token.id, cacheKey);
      }
      return found;
    }
    return null;
  }

  /**
   * The request's record shows this use (viewer.token.lastUsedAt). Nothing
   * is written here: the usage recorder writes last use with its batches
   * (tokens/usage-recorder.ts), never a store write per request.
   */
  function touch(token: TokenRecord, at: Date, ip: string): void {
    token.lastUsedAt = at;
    token.lastUsedIp = ip === '' ? null : ip;
  }

  return {
    async authenticate(authorization: string | null | undefined, ip: string): Promise<AuthOutcome> {
      const secret = presentedToken(authorization);
      if (secret === null) return { kind: 'none' };
      const shape = checkTokenShape(secret);
      if (shape !== 'valid') return { kind: 'invalid', reason: shape };
      const found = await lookUp(secret);
      if (!found) return { kind: 'invalid', reason: 'unknown' };
      const { token, identity } = found;
      const at = now();
      if (token.revokedAt !== null) return { kind: 'invalid', reason: 'revoked' };
      if (token.expiresAt !== null && token.expiresAt.getTime() <= at.getTime()) {
        return { kind: 'invalid', reason: 'expired' };
      }
      if (token.allowedIps !== null && !addressAllowed(ip, token.allowedIps)) {
        return { kind: 'invalid', reason: 'address' };
      }
      touch(token, at, ip);
      const isAdmin = deps.isAdmin(identity);
      return { kind: 'ok', session: { token, identity, scopes: scopesOf(token, isAdmin), isAdmin, ip } };
    },

    /** Drops tokens from the cache at once (revocation, rotation). */
    forget(tokenIds: readonly string[]): void {
      generation++;
      for (const id of tokenIds) {
        const hash = hashByTokenId.get(id);
        if (hash) cache?.delete(hash);
        hashByTokenId.delete(id);
      }
    },

    /** Drops everything cached for an identity (its credential changed or died). */
    forgetIdentity(identityId: string): void {
      generation++;
      if (!cache) return;
      for (const [hash, entry] of cache.entries()) {
        if (entry.identity.id === identityId) cache.delete(hash);
      }
    },

    /** Drops every cached token: something changed that this process was not told the details of. */
    forgetAll(): void {
      generation++;
      cache?.clear();
      hashByTokenId.clear();
    },
  };
}

export type Authenticator = ReturnType<typeof createAuthenticator>;
