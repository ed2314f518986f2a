// The operator's token policies (issue 13): who may hold personal tokens, with
// which scopes, whether they must name projects, and for how long. One place
// decides, for every way a token is made or remade (the GraphQL mutations and
// `jgg token create` both go through token-service.ts, which calls this).
//
// Groups are Jira's: asked of Jira with the identity's own credential, and
// remembered briefly per identity so a burst of creations is one Jira call.
// When Jira cannot be asked, nothing is made (fail closed).
//
// Policies apply when a token is made (create) or remade (rotate). Tokens made
// before a policy changed keep working until they expire or are revoked;
// rotating one that the policy no longer allows is refused, so a rotation
// never renews what the policy now forbids. signIn's session token is not a
// personal token: no policy here applies to it (it can only manage the
// person's own tokens, and every token it makes is checked here).
import { LRUCache } from 'lru-cache';
import { effectiveScopes, grantableScopes, SCOPES, type Scope } from '../auth/scopes.ts';
import { PublicError, type PublicErrorCode } from '../errors.ts';
import { JiraError } from '../jira/errors.ts';
import type { IdentityRecord } from '../store/store.ts';
import { TokenPolicyError } from './token-request.ts';

/** The operator's settings (config.ts: tokens.* and policy.*). */
export interface TokenPolicySettings {
  /** JGG_TOKEN_MAX_DAYS. */
  maxLifetimeDays: number;
  /** JGG_MAX_TOKENS_PER_IDENTITY (enforced by the token service, which counts in the store). */
  maxTokensPerIdentity: number;
  /** JGG_TOKEN_CREATOR_GROUPS; empty: every linked identity may hold tokens. */
  creatorGroups: readonly string[];
  /** JGG_GROUP_SCOPES; empty: scopes are not limited by group. */
  groupScopes: Readonly<Record<string, readonly Scope[]>>;
  /** JGG_TOKENS_REQUIRE_PROJECTS. */
  requireProjects: boolean;
}

export interface TokenPolicyDeps {
  settings: TokenPolicySettings;
  isAdmin: (identity: IdentityRecord) => boolean;
  /** The identity's Jira groups, asked of Jira with its own credential. */
  groupsOf: (identity: IdentityRecord) => Promise<readonly string[]>;
  /** How long an identity's groups are remembered (a group change in Jira reaches the policy within it). */
  groupCacheMs?: number;
  now?: () => Date;
}

/** The restrictions of a token about to be made or remade. */
export interface TokenPlan {
  scopes: readonly Scope[];
  projects: readonly string[] | null;
  expiresAt: Date | null;
}

/** What an identity may make now, as Query.tokenPolicy tells it. */
export interface PolicyStanding {
  mayCreateTokens: boolean;
  /** Why not, naming the setting; null when it may. */
  refusal: string | null;
  /** Scopes a new token may hold (catalogue order); empty when it may create none. */
  allowedScopes: Scope[];
}

export const DEFAULT_GROUP_CACHE_MS = 120_000;
const DAY_MS = 86_400_000;
const UPSTREAM_CODES: readonly PublicErrorCode[] = [
  'UPSTREAM_UNAVAILABLE',
  'UPSTREAM_RATE_LIMITED',
  'UPSTREAM_CREDENTIAL_INVALID',
];

export function createTokenPolicy(deps: TokenPolicyDeps) {
  const { settings } = deps;
  const now = deps.now ?? (() => new Date());
  // Jira group names are case-insensitive (Data Center keeps them lower case).
  const creatorGroups = settings.creatorGroups.map((g) => g.toLowerCase());
  const groupScopes = new Map<string, Scope[]>();
  for (const [group, scopes] of Object.entries(settings.groupScopes)) {
    const key = group.toLowerCase();
    groupScopes.set(key, [...(groupScopes.get(key) ?? []), ...scopes]);
  }
  const needsGroups = creatorGroups.length > 0 || groupScopes.size > 0;
  const remembered = new LRUCache<string, readonly string[]>({
    max: 10_000,
    ttl: deps.groupCacheMs ?? DEFAULT_GROUP_CACHE_MS,
  });
  const asking = new Map<string, Promise<readonly string[]>>();

  /** The identity's groups, lower case; one Jira call per identity at a time, remembered on success only. */
  function groupsOf(identity: IdentityRecord): Promise<readonly string[]> {
    const known = remembered.get(identity.id);
    if (known) return Promise.resolve(known);
    let pending = asking.get(identity.id);
    if (!pending) {
      pending = deps
        .groupsOf(identity)
        .then(
          (groups) => {
            const lower = groups.map((g) => g.toLowerCase());
            remembered.set(identity.id, lower);
            return lower;
          },
          (error: unknown) => {
            // A Jira failure becomes the caller's error; anything else (e.g. no
            // JGG_JIRA_URL for the CLI) passes through as it is. Either refuses.
            throw error instanceof JiraError ? lookupFailed(identity, error) : error;
          },
        )
        .finally(() => asking.delete(identity.id));
      asking.set(identity.id, pending);
    }
    return pending;
  }

  /** Why the identity may hold no personal token (creator groups), or null. */
  function creatorRefusal(identity: IdentityRecord, groups: readonly string[]): string | null {
    if (creatorGroups.length === 0 || creatorGroups.some((g) => groups.includes(g))) return null;
    return `${identity.displayName} may not create tokens: only members of the Jira group${
      settings.creatorGroups.length > 1 ? 's' : ''
    } ${settings.creatorGroups.join(', ')} may (JGG_TOKEN_CREATOR_GROUPS).`;
  }

  /** Every scope the identity may hold: admin only for admins, and within its groups' scopes when those are set. */
  function allowedScopes(identity: IdentityRecord, groups: readonly string[]): Scope[] {
    const grantable = grantableScopes(deps.isAdmin(identity));
    if (groupScopes.size === 0) return grantable;
    const granted = effectiveScopes(groups.flatMap((g) => groupScopes.get(g) ?? []));
    return grantable.filter((s) => granted.has(s));
  }

  function groupScopesRefusal(
    identity: IdentityRecord,
    groups: readonly string[],
    scopes: readonly Scope[],
  ): string | null {
    if (groupScopes.size === 0) return null;
    const allowed = allowedScopes(identity, groups);
    const refused = scopes.filter((s) => !allowed.includes(s));
    if (refused.length === 0) return null;
    const most =
      allowed.length === 0
        ? 'no scopes (JGG_GROUP_SCOPES names none of their groups)'
        : `at most: ${allowed.join(', ')}`;
    return `${identity.displayName}'s Jira groups allow ${most}; refused: ${refused.join(', ')} (JGG_GROUP_SCOPES).`;
  }

  /** The refusals a plan meets, first one first; empty when the policy allows it. */
  async function refusals(identity: IdentityRecord, plan: TokenPlan, at: Date): Promise<PolicyRefusal[]> {
    const out: PolicyRefusal[] = [];
    if (needsGroups) {
      const groups = await groupsOf(identity);
      const creator = creatorRefusal(identity, groups);
      if (creator) return [{ message: creator, code: 'FORBIDDEN' }];
      const scopes = groupScopesRefusal(identity, groups, plan.scopes);
      if (scopes) out.push({ message: scopes, code: 'FORBIDDEN' });
    }
    if (settings.requireProjects && (plan.projects === null || plan.projects.length === 0)) {
      out.push({
        message:
          'Every token must name the projects it may reach (JGG_TOKENS_REQUIRE_PROJECTS); give projects.',
        code: 'BAD_USER_INPUT',
      });
    }
    const latest = at.getTime() + settings.maxLifetimeDays * DAY_MS;
    if (plan.expiresAt === null || plan.expiresAt.getTime() > latest) {
      out.push({
        message: `Tokens may live at most ${settings.maxLifetimeDays} days (JGG_TOKEN_MAX_DAYS), until ${new Date(latest).toISOString()}.`,
        code: 'BAD_USER_INPUT',
      });
    }
    return out;
  }

  return {
    settings,

    /**
     * Throws TokenPolicyError when the policy does not allow `identity` to
     * hold a personal token shaped like `plan`; `rotate` words it for a token
     * being remade (made before the policy changed).
     */
    async assertAllowed(
      identity: IdentityRecord,
      plan: TokenPlan,
      purpose: 'create' | 'rotate',
    ): Promise<void> {
      const [first] = await refusals(identity, plan, now());
      if (!first) return;
      if (purpose === 'create') throw new TokenPolicyError(first.message, first.code);
      throw new TokenPolicyError(
        `This token cannot be rotated: the token policy no longer allows it. ${first.message} It keeps working until it expires or is revoked; create a new token within the policy instead.`,
        first.code,
      );
    },

    /** What `identity` may make now (before the calling token's own cover rule). */
    async standing(identity: IdentityRecord): Promise<PolicyStanding> {
      const groups = needsGroups ? await groupsOf(identity) : [];
      const refusal = creatorRefusal(identity, groups);
      if (refusal) return { mayCreateTokens: false, refusal, allowedScopes: [] };
      const allowed = allowedScopes(identity, groups);
      if (allowed.length === 0) {
        return {
          mayCreateTokens: false,
          refusal: groupScopesRefusal(identity, groups, SCOPES) ?? 'No scope is allowed.',
          allowedScopes: [],
        };
      }
      return { mayCreateTokens: true, refusal: null, allowedScopes: allowed };
    },

    /** Forgets an identity's remembered groups (e.g. after it relinked). */
    forgetIdentity(identityId: string): void {
      remembered.delete(identityId);
    },
  };
}

export type TokenPolicy = ReturnType<typeof createTokenPolicy>;

interface PolicyRefusal {
  message: string;
  code: 'BAD_USER_INPUT' | 'FORBIDDEN';
}

/** Jira could not tell the identity's groups: refuse, with Jira's status and never its words or the credential. */
function lookupFailed(identity: IdentityRecord, error: JiraError): PublicError {
  const status = error.status;
  const code = UPSTREAM_CODES.find((c) => c === error.code) ?? 'UPSTREAM_UNAVAILABLE';
  const said = status === null ? 'did not answer' : `answered HTTP ${status}`;
  return new PublicError(
    code,
    `The token policy needs ${identity.displayName}'s Jira groups (JGG_TOKEN_CREATOR_GROUPS, JGG_GROUP_SCOPES), and Jira ${said} when asked; no token was made. Try again later.`,
    { jiraStatus: status },
  );
}
