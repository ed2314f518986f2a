// What may be done with gateway tokens, and the audit trail of it: the rules
// shared by the GraphQL mutations and the CLI. The store only persists.
import { formatCidr, parseCidr } from '../auth/ip-allow.ts';
import { type Keyring, tokenHash } from '../auth/keyring.ts';
import { effectiveScopes, grantableScopes, parseScopes, SCOPES, type Scope } from '../auth/scopes.ts';
import { generateTokenSecret } from '../auth/token-format.ts';
import type {
  IdentityRecord,
  NewToken,
  Page,
  PageRequest,
  TokenFilter,
  TokenKind,
  TokenRecord,
  TokenStore,
} from './store.ts';

/** A rule was broken: the message says which, for the caller to fix. */
export class TokenPolicyError extends Error {
  constructor(
    message: string,
    /** BAD_USER_INPUT for bad values, FORBIDDEN for what the caller may not do, NOT_FOUND for unknown tokens. */
    readonly code: 'BAD_USER_INPUT' | 'FORBIDDEN' | 'NOT_FOUND',
  ) {
    super(message);
  }
}

/** Who asks: an identity through one of its tokens, or the CLI (an operator on the host). */
export type Actor =
  | { kind: 'token'; identity: IdentityRecord; token: TokenRecord; isAdmin: boolean; ip: string | null }
  | { kind: 'cli' };

export interface TokenRequest {
  name: string;
  scopes: readonly string[];
  /** Absolute expiry; null/undefined gives the policy's maximum lifetime. */
  expiresAt?: Date | null;
  projects?: readonly string[] | null;
  allowedIps?: readonly string[] | null;
}

export interface IssuedToken {
  /** Shown once; never stored. */
  secret: string;
  token: TokenRecord;
}

export interface TokenServiceDeps {
  store: TokenStore;
  keyring: Keyring;
  maxLifetimeDays: number;
  sessionLifetimeMinutes: number;
  isAdmin: (identity: IdentityRecord) => boolean;
  /** Called after a token stops working, so caches drop it at once. */
  onRevoked?: (tokenIds: readonly string[]) => void;
  now?: () => Date;
}

const DAY_MS = 86_400_000;
const MAX_NAME = 100;
const PROJECT_KEY = /^[A-Z][A-Z0-9_]{0,254}$/;
const SESSION_SCOPES: Scope[] = ['tokens:read', 'tokens:write'];

export function createTokenService(deps: TokenServiceDeps) {
  const now = deps.now ?? (() => new Date());

  function actorId(actor: Actor): string | null {
    return actor.kind === 'token' ? actor.identity.id : null;
  }

  function actorIp(actor: Actor): string | null {
    return actor.kind === 'token' ? actor.ip : null;
  }

  /** The caller may manage this identity's tokens: its own, or any as an admin. */
  function assertManages(actor: Actor, identityId: string): void {
    if (actor.kind === 'cli') return;
    if (actor.identity.id === identityId) return;
    if (actor.isAdmin && effectiveScopes(actor.token.scopes).has('admin')) return;
    throw new TokenPolicyError('You may only manage your own tokens.', 'FORBIDDEN');
  }

  function validateRequest(
    identity: IdentityRecord,
    request: TokenRequest,
    actor: Actor,
    at: Date,
  ): Omit<NewToken, 'secretHash' | 'hashKeyId' | 'kind' | 'rotatedFromId' | 'createdById' | 'identityId'> {
    const name = request.name.trim();
    if (name === '' || name.length > MAX_NAME) {
      throw new TokenPolicyError(`A token needs a name of 1 to ${MAX_NAME} characters.`, 'BAD_USER_INPUT');
    }
    const { scopes, unknown } = parseScopes(request.scopes);
    if (unknown.length > 0) {
      throw new TokenPolicyError(
        `Unknown scope${unknown.length > 1 ? 's' : ''}: ${unknown.join(', ')}. Known scopes: ${SCOPES.join(', ')}.`,
        'BAD_USER_INPUT',
      );
    }
    if (scopes.length === 0)
      throw new TokenPolicyError('A token needs at least one scope.', 'BAD_USER_INPUT');
    const allowed = grantableScopes(deps.isAdmin(identity));
    const refused = scopes.filter((s) => !allowed.includes(s));
    if (refused.length > 0) {
      throw new TokenPolicyError(
        `${identity.displayName} may not hold ${refused.join(', ')}: the admin scope is only for gateway admins (JGG_ADMINS).`,
        'FORBIDDEN',
      );
    }

    const maxExpiry = new Date(at.getTime() + deps.maxLifetimeDays * DAY_MS);
    const expiresAt = request.expiresAt ?? maxExpiry;
    if (Number.isNaN(expiresAt.getTime()) || expiresAt.getTime() <= at.getTime()) {
      throw new TokenPolicyError('expiresAt must be in the future.', 'BAD_USER_INPUT');
    }
    if (expiresAt.getTime() > maxExpiry.getTime()) {
      throw new TokenPolicyError(
        `expiresAt is beyond the longest lifetime allowed (${deps.maxLifetimeDays} days, until ${maxExpiry.toISOString()}).`,
        'BAD_USER_INPUT',
      );
    }

    let projects: string[] | null = null;
    if (request.projects !== undefined && request.projects !== null) {
      projects = [...new Set(request.projects.map((p) => p.trim().toUpperCase()))];
      const bad = projects.filter((p) => !PROJECT_KEY.test(p));
      if (projects.length === 0 || bad.length > 0) {
        throw new TokenPolicyError(
          bad.length > 0
            ? `Not a project key: ${bad.join(', ')}.`
            : 'projects, when given, must name at least one project.',
          'BAD_USER_INPUT',
        );
      }
    }
    // A project-restricted caller cannot mint a token that sees more than it does.
    if (actor.kind === 'token' && actor.token.projects !== null) {
      const callerProjects = actor.token.projects;
      const wider =
        projects === null ? ['every project'] : projects.filter((p) => !callerProjects.includes(p));
      if (wider.length > 0) {
        throw new TokenPolicyError(
          `This token is restricted to ${callerProjects.join(', ')} and cannot grant ${wider.join(', ')}.`,
          'FORBIDDEN',
        );
      }
    }

    let allowedIps: string[] | null = null;
    if (request.allowedIps !== undefined && request.allowedIps !== null) {
      allowedIps = request.allowedIps.map((text) => {
        const cidr = parseCidr(text);
        if (!cidr) throw new TokenPolicyError(`Not an IP address or CIDR: '${text}'.`, 'BAD_USER_INPUT');
        return formatCidr(cidr);
      });
      if (allowedIps.length === 0) {
        throw new TokenPolicyError(
          'allowedIps, when given, must name at least one address or CIDR.',
          'BAD_USER_INPUT',
        );
      }
    }
    return { name, scopes, expiresAt, projects, allowedIps, createdAt: at };
  }

  function newSecret(): { secret: string; secretHash: string; hashKeyId: string } {
    const secret = generateTokenSecret();
    return {
      secret,
      secretHash: tokenHash(secret, deps.keyring.current),
      hashKeyId: deps.keyring.current.id,
    };
  }

  async function audit(
    actor: Actor,
    action: string,
    token: TokenRecord,
    details: Record<string, unknown> = {},
  ) {
    await deps.store.appendAudit({
      at: now(),
      actorId: actorId(actor),
      action,
      targetType: 'token',
      targetId: token.id,
      ip: actorIp(actor),
      details: { name: token.name, identityId: token.identityId, ...details },
    });
  }

  async function ownedToken(actor: Actor, id: string): Promise<TokenRecord> {
    const token = await deps.store.getToken(id);
    // Someone else's token is reported like a missing one: ids are not an oracle.
    if (!token) throw new TokenPolicyError(`No token with id '${id}'.`, 'NOT_FOUND');
    try {
      assertManages(actor, token.identityId);
    } catch {
      throw new TokenPolicyError(`No token with id '${id}'.`, 'NOT_FOUND');
    }
    return token;
  }

  return {
    async create(
      identity: IdentityRecord,
      request: TokenRequest,
      actor: Actor,
      kind: TokenKind = 'personal',
    ): Promise<IssuedToken> {
      assertManages(actor, identity.id);
      const at = now();
      const fields = validateRequest(identity, request, actor, at);
      const { secret, secretHash, hashKeyId } = newSecret();
      const token = await deps.store.insertToken({
        ...fields,
        identityId: identity.id,
        kind,
        secretHash,
        hashKeyId,
        rotatedFromId: null,
        createdById: actorId(actor),
      });
      await audit(actor, 'token.create', token, {
        scopes: token.scopes,
        projects: token.projects,
        allowedIps: token.allowedIps,
        expiresAt: token.expiresAt?.toISOString() ?? null,
        kind,
      });
      return { secret, token };
    },

    /** The short-lived token signIn hands out: tokens:read and tokens:write only. */
    async createSession(identity: IdentityRecord, ip: string | null): Promise<IssuedToken> {
      const at = now();
      const { secret, secretHash, hashKeyId } = newSecret();
      const token = await deps.store.insertToken({
        identityId: identity.id,
        kind: 'session',
        name: 'signIn session',
        secretHash,
        hashKeyId,
        scopes: SESSION_SCOPES,
        projects: null,
        allowedIps: null,
        createdAt: at,
        expiresAt: new Date(at.getTime() + deps.sessionLifetimeMinutes * 60_000),
        rotatedFromId: null,
        createdById: identity.id,
      });
      await deps.store.appendAudit({
        at,
        actorId: identity.id,
        action: 'session.create',
        targetType: 'token',
        targetId: token.id,
        ip,
        details: { identityId: identity.id, expiresAt: token.expiresAt?.toISOString() ?? null },
      });
      return { secret, token };
    },

    async rotate(id: string, actor: Actor): Promise<IssuedToken> {
      const old = await ownedToken(actor, id);
      const { secret, secretHash, hashKeyId } = newSecret();
      const at = now();
      const replacement = await deps.store.rotateToken(
        id,
        {
          identityId: old.identityId,
          kind: old.kind,
          name: old.name,
          secretHash,
          hashKeyId,
          scopes: old.scopes,
          projects: old.projects,
          allowedIps: old.allowedIps,
          createdAt: at,
          expiresAt: old.expiresAt,
          rotatedFromId: old.id,
          createdById: actorId(actor),
        },
        at,
      );
      if (!replacement)
        throw new TokenPolicyError(
          `Token '${id}' is revoked or expired and cannot be rotated.`,
          'BAD_USER_INPUT',
        );
      deps.onRevoked?.([old.id]);
      await audit(actor, 'token.rotate', replacement, { rotatedFromId: old.id });
      return { secret, token: replacement };
    },

    async revoke(id: string, actor: Actor): Promise<TokenRecord> {
      const token = await ownedToken(actor, id);
      const revoked = await deps.store.revokeToken(id, now());
      deps.onRevoked?.([id]);
      if (!revoked) return token.revokedAt ? token : ((await deps.store.getToken(id)) ?? token);
      await audit(actor, 'token.revoke', revoked);
      return revoked;
    },

    async revokeAll(identity: IdentityRecord, actor: Actor): Promise<number> {
      if (actor.kind === 'token' && !(actor.isAdmin && effectiveScopes(actor.token.scopes).has('admin'))) {
        throw new TokenPolicyError('Only gateway admins may revoke every token of an identity.', 'FORBIDDEN');
      }
      const live = await deps.store.listTokens({ identityId: identity.id }, { first: 10_000 }, now());
      const count = await deps.store.revokeAllTokens(identity.id, now());
      deps.onRevoked?.(live.items.map((t) => t.id));
      await deps.store.appendAudit({
        at: now(),
        actorId: actorId(actor),
        action: 'token.revoke_all',
        targetType: 'identity',
        targetId: identity.id,
        ip: actorIp(actor),
        details: { count },
      });
      return count;
    },

    list(filter: TokenFilter, page: PageRequest): Promise<Page<TokenRecord>> {
      return deps.store.listTokens(filter, page, now());
    },
  };
}

export type TokenService = ReturnType<typeof createTokenService>;

/** Parses a lifetime like 30d, 12h, 90m or 2w into an absolute expiry. */
export function expiryFromDuration(text: string, from: Date): Date | null {
  const match = /^(\d+)\s*(m|h|d|w)$/.exec(text.trim());
  if (!match) return null;
  const unit = { m: 60_000, h: 3_600_000, d: DAY_MS, w: 7 * DAY_MS }[match[2] as 'm' | 'h' | 'd' | 'w'];
  return new Date(from.getTime() + Number(match[1]) * unit);
}
