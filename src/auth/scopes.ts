// The scope catalogue: every scope a gateway token can hold, what each
// implies, and who may hold it. The one place scopes are named.

export const SCOPES = [
  'issues:read',
  'issues:write',
  'comments:read',
  'comments:write',
  'worklogs:read',
  'worklogs:write',
  'projects:read',
  'users:read',
  'users:email',
  'agile:read',
  'tokens:read',
  'tokens:write',
  'admin',
] as const;

export type Scope = (typeof SCOPES)[number];

export const SCOPE_DESCRIPTIONS: Record<Scope, string> = {
  'issues:read': 'issue, issues, the fields of Issue not named elsewhere, statuses, types, priorities',
  'issues:write': 'create, edit, transition, assign issues (implies issues:read)',
  'comments:read': 'Issue.comments',
  'comments:write': 'adding comments (implies comments:read)',
  'worklogs:read': 'Issue.worklogs, time tracking',
  'worklogs:write': 'adding work logs (implies worklogs:read)',
  'projects:read': 'project, projects, project details beyond key and name',
  'users:read': 'user, user details beyond accountId and displayName',
  'users:email': 'User.emailAddress',
  'agile:read': 'boards and sprints',
  'tokens:read': "the caller's own tokens: list",
  'tokens:write':
    "the caller's own tokens: create, rotate, revoke, only tokens the calling token covers (projects, allowed IPs, scopes and expiry at least as wide); never a wider new token (implies tokens:read)",
  admin:
    "every identity's tokens (list, inspect, revoke; never rotate or create for another identity), the audit log (only for identities in JGG_ADMINS)",
};

/** A scope also grants the scopes listed here. */
const IMPLIES: Partial<Record<Scope, Scope[]>> = {
  'issues:write': ['issues:read'],
  'comments:write': ['comments:read'],
  'worklogs:write': ['worklogs:read'],
  'tokens:write': ['tokens:read'],
};

export function isScope(value: string): value is Scope {
  return (SCOPES as readonly string[]).includes(value);
}

/** The scopes a token effectively has: what it holds plus what that implies. */
export function effectiveScopes(held: readonly Scope[]): Set<Scope> {
  const out = new Set<Scope>();
  for (const scope of held) {
    out.add(scope);
    for (const implied of IMPLIES[scope] ?? []) out.add(implied);
  }
  return out;
}

/** Scopes an identity may hold: everything, but `admin` only for gateway admins. */
export function grantableScopes(isAdmin: boolean): Scope[] {
  return SCOPES.filter((s) => s !== 'admin' || isAdmin);
}

/**
 * Parses a comma list of scopes. Answers the problems (unknown names,
 * duplicates are folded) instead of throwing, so callers word the error.
 */
export function parseScopes(values: readonly string[]): { scopes: Scope[]; unknown: string[] } {
  const scopes: Scope[] = [];
  const unknown: string[] = [];
  for (const raw of values) {
    const value = raw.trim();
    if (value === '') continue;
    if (!isScope(value)) unknown.push(value);
    else if (!scopes.includes(value)) scopes.push(value);
  }
  return { scopes: SCOPES.filter((s) => scopes.includes(s)), unknown };
}
