// What may be done with gateway tokens, and the audit trail of it: the rules
// shared by the GraphQL mutations and the CLI. The store only persists.
import { type Keyring, tokenHash } from '../auth/keyring.ts';
import { effectiveScopes, type Scope } from '../auth/scopes.ts';
import type {
  IdentityRecord,
  Page,
  PageRequest,
  TokenFilter,
  TokenKind,
  TokenRecord,
  TokenStore,
} from '../store/store.ts';
import { covers } from './token-cover.ts';
import { generateTokenSecret } from './token-format.ts';
import type { TokenPolicy } from './token-policy.ts';
import {
  type Actor,
  callerShape,
  TokenPolicyError,
  type TokenRequest,
  validateTokenRequest,
} from './token-request.ts';

export interface IssuedToken {
  /** Shown once; never stored. */
  secret: string;
  token: TokenRecord;
}

export interface TokenServiceDeps {
  store: TokenStore;
  keyring: Keyring;
  maxLifetimeDays: number;
  /** JGG_RATE_LIMIT_PER_HOUR: the widest budget a token may be given. */
  defaultPointsPerHour: number;
  sessionLifetimeMinutes: number;
  /** Live personal tokens one identity may hold (JGG_MAX_TOKENS_PER_IDENTITY). */
  maxTokensPerIdentity: number;
  isAdmin: (identity: IdentityRecord) => boolean;
  /** The operator's policies (token-policy.ts): checked for every personal token made or remade. */
  policy: TokenPolicy;
  /** Called after a token stops working, so caches drop it at once. */
  onRevoked?: (tokenIds: readonly string[]) => void;
  now?: () => Date;
}

const SESSION_SCOPES: Scope[] = ['tokens:read', 'tokens:write'];
/**
 * Live signIn sessions one identity keeps; signing in beyond it revokes the
 * oldest. Sessions are short-lived and not counted against the token quota
 * (signing in must keep working for the person), but the store stays bounded.
 */
export const MAX_LIVE_SESSIONS = 20;
/** Store rows read at a time when a caller's list skips tokens it does not cover. */
const LIST_BATCH = 50;

export function createTokenService(deps: TokenServiceDeps) {
  const now = deps.now ?? (() => new Date());

  function actorId(actor: Actor): string | null {
    return actor.kind === 'token' ? actor.identity.id : null;
  }

  function actorIp(actor: Actor): string | null {
    return actor.kind === 'token' ? actor.ip : null;
  }

  /** A gateway admin calling with the admin scope: may list, inspect and revoke anyone's tokens. */
  function actsAsAdmin(actor: Actor & { kind: 'token' }): boolean {
    return actor.isAdmin && effectiveScopes(actor.token.scopes).has('admin');
  }

  async function assertUnderQuota(identity: IdentityRecord, at: Date): Promise<void> {
    const limit = deps.maxTokensPerIdentity;
    // Two concurrent creations may both pass at limit-1: the quota bounds the
    // store, it is not an exact count, so one over is harmless.
    const live = await deps.store.listTokens(
      { identityId: identity.id, kind: 'personal' },
      { first: limit },
      at,
    );
    if (live.items.length >= limit) {
      throw new TokenPolicyError(
        `This identity already has ${limit} live tokens, the most allowed (JGG_MAX_TOKENS_PER_IDENTITY); revoke some first.`,
        'BAD_USER_INPUT',
      );
    }
  }

  /** Keeps at most MAX_LIVE_SESSIONS - 1 live sessions, so the one about to be made fits. */
  async function trimSessions(identity: IdentityRecord, at: Date, ip: string | null): Promise<void> {
    const live = await deps.store.listTokens(
      { identityId: identity.id, kind: 'session' },
      { first: MAX_LIVE_SESSIONS + 100 },
      at,
    );
    // Newest first: everything from index MAX_LIVE_SESSIONS - 1 on is the oldest.
    const oldest = live.items.slice(MAX_LIVE_SESSIONS - 1);
    for (const session of oldest) {
      const revoked = await deps.store.revokeToken(session.id, at);
      if (!revoked) continue;
      await deps.store.appendAudit({
        at,
        actorId: identity.id,
        action: 'token.revoke',
        targetType: 'token',
        targetId: revoked.id,
        ip,
        details: { name: revoked.name, identityId: identity.id, reason: 'session limit' },
      });
    }
    if (oldest.length > 0) deps.onRevoked?.(oldest.map((t) => t.id));
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

  /**
   * The token `id` if the actor may rotate or revoke it. The CLI may do either
   * to any token. A token may act on the tokens it covers (token-cover.ts);
   * an admin may also revoke anyone's, but never rotate another identity's,
   * since a rotation hands over a secret that acts as that identity.
   * Tokens the caller does not cover are reported like missing ones, as other
   * identities' tokens are: viewer.accessTokens does not list them either, so
   * a narrow script learns nothing of its owner's wider tokens from their ids.
   */
  async function managedToken(actor: Actor, id: string, action: 'rotate' | 'revoke'): Promise<TokenRecord> {
    const token = await deps.store.getToken(id);
    const missing = new TokenPolicyError(`No token with id '${id}'.`, 'NOT_FOUND');
    if (!token) throw missing;
    if (actor.kind === 'cli') return token;
    if (actsAsAdmin(actor)) {
      if (action === 'revoke') return token;
      if (token.identityId !== actor.identity.id) {
        throw new TokenPolicyError(
          "An admin may revoke another identity's tokens but never rotate them: a rotation hands over a secret that acts as that identity.",
          'FORBIDDEN',
        );
      }
    }
    if (!covers(callerShape(actor), token).ok) throw missing;
    return token;
  }

  /**
   * The budget a new token spends: a budget-limited maker's own, so that a
   * limited token cannot multiply its hourly budget by minting tokens (each
   * child's limit is at most the maker's, and all of them draw on one
   * counter); otherwise (the CLI, a signIn session, a token on the operator's
   * default) a budget of its own, as every token has.
   */
  function makerBudget(actor: Actor): string | null {
    if (actor.kind !== 'token' || actor.token.kind === 'session') return null;
    return actor.token.rateLimitPerHour === null ? null : actor.token.budgetId;
  }

  /** Whether a token caller may see this token in its own list (the CLI sees all). */
  function visibleTo(actor: Actor, token: TokenRecord): boolean {
    return actor.kind === 'cli' || covers(callerShape(actor), token).ok;
  }

  return {
    async create(
      identity: IdentityRecord,
      request: TokenRequest,
      actor: Actor,
      kind: TokenKind = 'personal',
    ): Promise<IssuedToken> {
      // Only the CLI (an operator on the host) mints for someone else; an admin
      // token never receives a secret that acts as another identity.
      if (actor.kind === 'token' && actor.identity.id !== identity.id) {
        throw new TokenPolicyError('A token may only create tokens for its own identity.', 'FORBIDDEN');
      }
      const at = now();
      const fields = validateTokenRequest(identity, request, actor, at, deps);
      if (kind === 'personal') {
        await deps.policy.assertAllowed(identity, fields, 'create');
        await assertUnderQuota(identity, at);
      }
      const { secret, secretHash, hashKeyId } = newSecret();
      const token = await deps.store.insertToken({
        ...fields,
        identityId: identity.id,
        kind,
        secretHash,
        hashKeyId,
        rotatedFromId: null,
        createdById: actorId(actor),
        budgetId: makerBudget(actor),
      });
      await audit(actor, 'token.create', token, {
        scopes: token.scopes,
        projects: token.projects,
        allowedIps: token.allowedIps,
        expiresAt: token.expiresAt?.toISOString() ?? null,
        rateLimitPerHour: token.rateLimitPerHour,
        kind,
      });
      return { secret, token };
    },

    /**
     * The short-lived token signIn hands out: tokens:read and tokens:write, and
     * admin for a gateway admin (JGG_ADMINS), so the token page can show the
     * admin view. It adds no power: the session could mint itself an admin
     * token anyway, and, like any token's, its admin scope lapses when the
     * identity leaves JGG_ADMINS (authenticator.ts).
     */
    async createSession(identity: IdentityRecord, ip: string | null): Promise<IssuedToken> {
      const at = now();
      await trimSessions(identity, at, ip);
      const { secret, secretHash, hashKeyId } = newSecret();
      const token = await deps.store.insertToken({
        identityId: identity.id,
        kind: 'session',
        name: 'signIn session',
        secretHash,
        hashKeyId,
        scopes: deps.isAdmin(identity) ? [...SESSION_SCOPES, 'admin'] : SESSION_SCOPES,
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
      const old = await managedToken(actor, id, 'rotate');
      // A rotation remakes the token: it must still be one the policy allows
      // (the quota is not checked: the old token goes as the new one comes).
      const live = !old.revokedAt && (old.expiresAt === null || old.expiresAt.getTime() > now().getTime());
      if (old.kind === 'personal' && live) {
        const identity = await deps.store.getIdentity(old.identityId);
        if (!identity) throw new TokenPolicyError(`No token with id '${id}'.`, 'NOT_FOUND');
        await deps.policy.assertAllowed(identity, old, 'rotate');
      }
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
          rateLimitPerHour: old.rateLimitPerHour,
          // The replacement spends what the old token left: rotating never refills a budget.
          budgetId: old.budgetId,
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
      const token = await managedToken(actor, id, 'revoke');
      const revoked = await deps.store.revokeToken(id, now());
      deps.onRevoked?.([id]);
      if (!revoked) return token.revokedAt ? token : ((await deps.store.getToken(id)) ?? token);
      await audit(actor, 'token.revoke', revoked);
      return revoked;
    },

    async revokeAll(identity: IdentityRecord, actor: Actor): Promise<number> {
      if (actor.kind === 'token' && !actsAsAdmin(actor)) {
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

    /** Every identity's tokens: for the admin view and the CLI, which see all. */
    list(filter: TokenFilter, page: PageRequest): Promise<Page<TokenRecord>> {
      return deps.store.listTokens(filter, page, now());
    },

    /**
     * The caller's own identity's tokens that the caller covers (a session
     * covers them all). Store pages are read until `first` visible tokens are
     * found, so a page is short only at the end; the cursors stay the store's.
     */
    async listOwn(
      actor: Actor & { kind: 'token' },
      filter: Omit<TokenFilter, 'identityId'>,
      page: PageRequest,
    ): Promise<Page<TokenRecord>> {
      const at = now();
      const items: TokenRecord[] = [];
      const cursors: string[] = [];
      let after = page.after ?? null;
      for (;;) {
        const batch = await deps.store.listTokens(
          { ...filter, identityId: actor.identity.id },
          { first: Math.max(page.first, LIST_BATCH), after },
          at,
        );
        for (const [i, token] of batch.items.entries()) {
          if (items.length === page.first) {
            // Full, with this one (visible or not) still to be read.
            return { items, cursors, endCursor: cursors.at(-1) ?? after, hasNextPage: true };
          }
          after = batch.cursors[i] ?? after;
          if (visibleTo(actor, token)) {
            items.push(token);
            cursors.push(after ?? '');
          }
        }
        if (!batch.hasNextPage)
          return { items, cursors, endCursor: cursors.at(-1) ?? null, hasNextPage: false };
      }
    },
  };
}

export type TokenService = ReturnType<typeof createTokenService>;
