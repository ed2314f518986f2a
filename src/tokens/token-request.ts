// The rules a token request must meet before anything is stored: its name,
// scopes, expiry, projects and addresses, and that a token never makes one
// wider than itself (token-cover.ts). token-service.ts applies them.
import { formatCidr, parseCidr } from '../auth/ip-allow.ts';
import { grantableScopes, parseScopes, SCOPES } from '../auth/scopes.ts';
import { PublicError } from '../errors.ts';
import type { IdentityRecord, NewToken, TokenRecord } from '../store/store.ts';
import { type CallerShape, covers } from './token-cover.ts';

/** A rule was broken: the message says which, for the caller to fix. */
export class TokenPolicyError extends PublicError<'BAD_USER_INPUT' | 'FORBIDDEN' | 'NOT_FOUND'> {
  constructor(
    message: string,
    /** BAD_USER_INPUT for bad values, FORBIDDEN for what the caller may not do, NOT_FOUND for unknown tokens. */
    code: 'BAD_USER_INPUT' | 'FORBIDDEN' | 'NOT_FOUND',
  ) {
    super(code, message);
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
  /** Points per hour, at most the operator's default; null/undefined: the maker's own limit, or the default. */
  rateLimitPerHour?: number | null;
}

/** The settings the rules read. */
export interface TokenPolicy {
  /** JGG_TOKEN_MAX_DAYS. */
  maxLifetimeDays: number;
  /** JGG_RATE_LIMIT_PER_HOUR: every token's budget unless it was given a narrower one. */
  defaultPointsPerHour: number;
  isAdmin: (identity: IdentityRecord) => boolean;
}

const DAY_MS = 86_400_000;
const MAX_NAME = 100;
const PROJECT_KEY = /^[A-Z][A-Z0-9_]{0,254}$/;
// C0/C1 controls, format characters (bidi overrides such as U+202E, zero-width
// ones) and line/paragraph separators: in a name they forge rows in a terminal
// or a table, and no one needs them to say what a token is for.
const UNPRINTABLE = /[\p{Cc}\p{Cf}\p{Zl}\p{Zp}]/u;

export function callerShape(actor: Actor & { kind: 'token' }): CallerShape {
  return { ...actor.token, identityId: actor.identity.id };
}

/** The fields of a new token, checked; throws TokenPolicyError naming the first rule broken. */
export function validateTokenRequest(
  identity: IdentityRecord,
  request: TokenRequest,
  actor: Actor,
  at: Date,
  policy: TokenPolicy,
): Omit<NewToken, 'secretHash' | 'hashKeyId' | 'kind' | 'rotatedFromId' | 'createdById' | 'identityId'> {
  const name = request.name.trim();
  if (name === '' || name.length > MAX_NAME) {
    throw new TokenPolicyError(`A token needs a name of 1 to ${MAX_NAME} characters.`, 'BAD_USER_INPUT');
  }
  if (UNPRINTABLE.test(name)) {
    throw new TokenPolicyError(
      'A token name may not contain control, format or line-separator characters.',
      'BAD_USER_INPUT',
    );
  }
  const { scopes, unknown } = parseScopes(request.scopes);
  if (unknown.length > 0) {
    throw new TokenPolicyError(
      `Unknown scope${unknown.length > 1 ? 's' : ''}: ${unknown.join(', ')}. Known scopes: ${SCOPES.join(', ')}.`,
      'BAD_USER_INPUT',
    );
  }
  if (scopes.length === 0) throw new TokenPolicyError('A token needs at least one scope.', 'BAD_USER_INPUT');
  const allowed = grantableScopes(policy.isAdmin(identity));
  const refused = scopes.filter((s) => !allowed.includes(s));
  if (refused.length > 0) {
    throw new TokenPolicyError(
      `${identity.displayName} may not hold ${refused.join(', ')}: the admin scope is only for gateway admins (JGG_ADMINS).`,
      'FORBIDDEN',
    );
  }

  const maxExpiry = new Date(at.getTime() + policy.maxLifetimeDays * DAY_MS);
  // No expiry asked for means "as long as allowed", and a token may not
  // outlive the token that makes it (sessions excepted, see token-cover.ts).
  const makerExpiry = actor.kind === 'token' && actor.token.kind !== 'session' ? actor.token.expiresAt : null;
  const expiresAt =
    request.expiresAt ??
    (makerExpiry !== null && makerExpiry.getTime() < maxExpiry.getTime() ? makerExpiry : maxExpiry);
  if (Number.isNaN(expiresAt.getTime()) || expiresAt.getTime() <= at.getTime()) {
    throw new TokenPolicyError('expiresAt must be in the future.', 'BAD_USER_INPUT');
  }
  if (expiresAt.getTime() > maxExpiry.getTime()) {
    throw new TokenPolicyError(
      `expiresAt is beyond the longest lifetime allowed (${policy.maxLifetimeDays} days, until ${maxExpiry.toISOString()}).`,
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
  const rateLimitPerHour = requestedRateLimit(request, actor, policy);
  const fields = { name, scopes, expiresAt, projects, allowedIps, rateLimitPerHour, createdAt: at };
  // A new token is never wider than the token that made it.
  if (actor.kind === 'token') {
    const cover = covers(callerShape(actor), { ...fields, identityId: identity.id });
    if (!cover.ok) {
      throw new TokenPolicyError(`A token cannot make a token wider than itself: ${cover.why}.`, 'FORBIDDEN');
    }
  }
  return fields;
}

/**
 * The hourly budget a new token gets: the one asked for (1 to the operator's
 * default: per token it can only be narrowed), else its maker's own limit (a
 * limited token makes limited tokens, as a token makes none that outlives it),
 * else null, the default. Sessions pass none on.
 */
function requestedRateLimit(request: TokenRequest, actor: Actor, policy: TokenPolicy): number | null {
  const asked = request.rateLimitPerHour;
  if (asked === undefined || asked === null) {
    return actor.kind === 'token' && actor.token.kind !== 'session' ? actor.token.rateLimitPerHour : null;
  }
  if (!Number.isSafeInteger(asked) || asked < 1 || asked > policy.defaultPointsPerHour) {
    throw new TokenPolicyError(
      `rateLimitPerHour must be a whole number from 1 to ${policy.defaultPointsPerHour} (the operator's default, JGG_RATE_LIMIT_PER_HOUR); a token's budget can only be narrower.`,
      'BAD_USER_INPUT',
    );
  }
  return asked;
}

/** Parses a lifetime like 30d, 12h, 90m or 2w into an absolute expiry. */
export function expiryFromDuration(text: string, from: Date): Date | null {
  const match = /^(\d+)\s*(m|h|d|w)$/.exec(text.trim());
  if (!match) return null;
  const unit = { m: 60_000, h: 3_600_000, d: DAY_MS, w: 7 * DAY_MS }[match[2] as 'm' | 'h' | 'd' | 'w'];
  return new Date(from.getTime() + Number(match[1]) * unit);
}
