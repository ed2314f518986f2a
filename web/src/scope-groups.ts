// The scopes, grouped by area for the new-token form, each with one line
// saying what it allows. The catalogue itself is the gateway's
// (src/auth/scopes.ts): a scope added there shows up here, under "Other"
// until it is given an area.
import { SCOPES, type Scope } from '../../src/auth/scopes.ts';

export interface ScopeGroup {
  area: string;
  scopes: { scope: Scope; allows: string }[];
}

const AREAS: { area: string; scopes: Scope[] }[] = [
  { area: 'Issues', scopes: ['issues:read', 'issues:write'] },
  { area: 'Comments', scopes: ['comments:read', 'comments:write'] },
  { area: 'Work logs', scopes: ['worklogs:read', 'worklogs:write'] },
  { area: 'Projects', scopes: ['projects:read'] },
  { area: 'Users', scopes: ['users:read', 'users:email'] },
  { area: 'Boards and sprints', scopes: ['agile:read'] },
  { area: 'Gateway tokens', scopes: ['tokens:read', 'tokens:write'] },
  { area: 'Administration', scopes: ['admin'] },
];

/** One line each, for people rather than for the GraphQL reference. */
const ALLOWS: Record<Scope, string> = {
  'issues:read': 'Read issues, search with JQL, see statuses, types and priorities.',
  'issues:write': 'Create, edit, transition and assign issues (includes reading them).',
  'comments:read': 'Read the comments on issues.',
  'comments:write': 'Add, edit and delete comments (includes reading them).',
  'worklogs:read': 'Read work logs and time tracking.',
  'worklogs:write': 'Log, edit and delete work (includes reading it).',
  'projects:read': 'Read projects and their details, components and versions.',
  'users:read': 'Look up Jira users and their details.',
  'users:email': "See users' email addresses.",
  'agile:read': 'Read boards and sprints.',
  'tokens:read': 'List your own gateway tokens.',
  'tokens:write': 'Create, rotate and revoke your own gateway tokens, never wider than this one.',
  admin: "Every person's tokens, revoking them, and the audit log (gateway admins only).",
};

export function scopeGroups(allowed: readonly string[]): ScopeGroup[] {
  const placed = new Set(AREAS.flatMap((a) => a.scopes));
  const other = SCOPES.filter((s) => !placed.has(s));
  return [...AREAS, { area: 'Other', scopes: other }]
    .map(({ area, scopes }) => ({
      area,
      scopes: scopes.filter((s) => allowed.includes(s)).map((scope) => ({ scope, allows: ALLOWS[scope] })),
    }))
    .filter((g) => g.scopes.length > 0);
}

/** The "read only" preset: every allowed scope that only reads (tokens:read too). */
export function readOnlyScopes(allowed: readonly string[]): string[] {
  return allowed.filter((s) => s.endsWith(':read') || s === 'users:email');
}
