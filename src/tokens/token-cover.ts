// The cover rule: which tokens a token may manage, and how wide a token it may
// mint. One pure function, used for minting (a new token is never wider than
// its maker), rotating, revoking and listing. Without it a PROJ-only script
// with tokens:write could rotate its owner's unrestricted token and take the
// new secret.
import { type Cidr, cidrContains, parseCidr } from '../auth/ip-allow.ts';
import { effectiveScopes, type Scope } from '../auth/scopes.ts';
import type { TokenKind } from '../store/store.ts';

/** What the rule compares: the restrictions of a token, made or to be made. */
export interface TokenShape {
  identityId: string;
  scopes: readonly Scope[];
  /** null: every project. */
  projects: readonly string[] | null;
  /** null: from anywhere. */
  allowedIps: readonly string[] | null;
  /** null: never expires. */
  expiresAt: Date | null;
  /** Points per hour; null: the operator's default, the widest a token may have. */
  rateLimitPerHour: number | null;
}

/** The calling token: its shape, and whether it is a signIn session. */
export interface CallerShape extends TokenShape {
  kind: TokenKind;
}

export type Cover = { ok: true } | { ok: false; why: string };

const COVERED: Cover = { ok: true };

/**
 * True when `caller` may act on (or mint) `target`: same identity, and at
 * least as wide in projects, addresses, scopes, lifetime and hourly budget.
 *
 * A signIn session covers every token of its own identity: it is the person
 * themselves, who proved it with their Jira credential moments ago, and the
 * web page signs in with it to create, rotate and revoke that person's tokens.
 * Its own narrow scopes (tokens:read/write) and short life say what the session
 * can do, not what the person may hand out.
 */
export function covers(caller: CallerShape, target: TokenShape): Cover {
  if (caller.identityId !== target.identityId) {
    return { ok: false, why: 'it belongs to another identity' };
  }
  if (caller.kind === 'session') return COVERED;
  return (
    firstGap([
      projectsCover(caller.projects, target.projects),
      addressesCover(caller.allowedIps, target.allowedIps),
      scopesCover(caller.scopes, target.scopes),
      expiryCovers(caller.expiresAt, target.expiresAt),
      budgetCovers(caller.rateLimitPerHour, target.rateLimitPerHour),
    ]) ?? COVERED
  );
}

function firstGap(checks: (string | null)[]): Cover | null {
  const why = checks.find((c) => c !== null);
  return why ? { ok: false, why } : null;
}

function projectsCover(caller: readonly string[] | null, target: readonly string[] | null): string | null {
  if (caller === null) return null;
  if (target === null)
    return `this token is restricted to ${caller.join(', ')}; the other reaches every project`;
  const wider = target.filter((p) => !caller.includes(p));
  return wider.length === 0
    ? null
    : `this token is restricted to ${caller.join(', ')} and does not reach ${wider.join(', ')}`;
}

/**
 * Every target CIDR must lie inside one caller CIDR. A target CIDR that only a
 * union of several caller CIDRs spans is refused (conservative, and rare).
 * An entry that does not parse covers nothing and is covered by nothing.
 */
function addressesCover(caller: readonly string[] | null, target: readonly string[] | null): string | null {
  if (caller === null) return null;
  if (target === null)
    return `this token may only be used from ${caller.join(', ')}; the other from anywhere`;
  const callerCidrs = caller.map(parseCidr).filter((c): c is Cidr => c !== null);
  const outside = target.filter((text) => {
    const cidr = parseCidr(text);
    return cidr === null || !callerCidrs.some((outer) => cidrContains(outer, cidr));
  });
  return outside.length === 0
    ? null
    : `this token may only be used from ${caller.join(', ')}, not from ${outside.join(', ')}`;
}

function scopesCover(caller: readonly Scope[], target: readonly Scope[]): string | null {
  const held = effectiveScopes(caller);
  const missing = [...effectiveScopes(target)].filter((s) => !held.has(s));
  return missing.length === 0 ? null : `this token does not hold ${missing.join(', ')}`;
}

function expiryCovers(caller: Date | null, target: Date | null): string | null {
  if (caller === null) return null;
  if (target === null) return `this token expires at ${caller.toISOString()}; the other never does`;
  return target.getTime() <= caller.getTime()
    ? null
    : `this token expires at ${caller.toISOString()}, before ${target.toISOString()}`;
}

/** A budget-limited token may not make (or manage) one that may spend more per hour than itself. */
function budgetCovers(caller: number | null, target: number | null): string | null {
  if (caller === null) return null;
  if (target === null)
    return `this token may spend ${caller} points per hour; the other the operator's default`;
  return target <= caller ? null : `this token may spend ${caller} points per hour, fewer than ${target}`;
}
