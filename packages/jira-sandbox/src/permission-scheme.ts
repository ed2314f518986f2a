// The sandbox's permission scheme, modelled on Jira's default one: who holds
// each project permission, decided here once for every write route, the
// mypermissions answer and the assignee checks. Browse stays the store's
// (canBrowseProject); everything here needs it first.
import type { SandboxIssue, SandboxProject, SandboxUser } from './model.ts';
import type { SandboxStore } from './store.ts';

/** Jira's project permission keys the sandbox knows. */
export const PROJECT_PERMISSIONS = [
  'BROWSE_PROJECTS',
  'CREATE_ISSUES',
  'ADD_COMMENTS',
  'ASSIGNABLE_USER',
  'EDIT_ISSUES',
  'TRANSITION_ISSUES',
  'ASSIGN_ISSUES',
  'RESOLVE_ISSUES',
  'WORK_ON_ISSUES',
  'EDIT_OWN_COMMENTS',
  'DELETE_OWN_COMMENTS',
  'EDIT_OWN_WORKLOGS',
  'DELETE_OWN_WORKLOGS',
  'EDIT_ALL_COMMENTS',
  'DELETE_ALL_COMMENTS',
  'EDIT_ALL_WORKLOGS',
  'DELETE_ALL_WORKLOGS',
  'ADMINISTER_PROJECTS',
] as const;

export type ProjectPermission = (typeof PROJECT_PERMISSIONS)[number];

/** Who a permission is granted to: everyone who may browse the project, its
 *  Developers and Administrators roles, or its Administrators role alone.
 *  Jira administrators (isAdmin) hold every grant. */
type Grant = 'browsers' | 'workers' | 'administrators';

const SCHEME: Record<ProjectPermission, Grant> = {
  BROWSE_PROJECTS: 'browsers',
  CREATE_ISSUES: 'browsers',
  ADD_COMMENTS: 'browsers',
  ASSIGNABLE_USER: 'browsers',
  // The "own" permissions go to everyone; the author check is ownedOrAll's.
  EDIT_OWN_COMMENTS: 'browsers',
  DELETE_OWN_COMMENTS: 'browsers',
  EDIT_OWN_WORKLOGS: 'browsers',
  DELETE_OWN_WORKLOGS: 'browsers',
  EDIT_ISSUES: 'workers',
  TRANSITION_ISSUES: 'workers',
  ASSIGN_ISSUES: 'workers',
  RESOLVE_ISSUES: 'workers',
  WORK_ON_ISSUES: 'workers',
  EDIT_ALL_COMMENTS: 'administrators',
  DELETE_ALL_COMMENTS: 'administrators',
  EDIT_ALL_WORKLOGS: 'administrators',
  DELETE_ALL_WORKLOGS: 'administrators',
  ADMINISTER_PROJECTS: 'administrators',
};

export function isProjectPermission(key: string): key is ProjectPermission {
  return (PROJECT_PERMISSIONS as readonly string[]).includes(key);
}

export function hasProjectPermission(
  store: SandboxStore,
  user: SandboxUser | null,
  project: SandboxProject,
  permission: ProjectPermission,
): boolean {
  if (user === null || !store.canBrowseProject(user, project)) return false;
  if (user.isAdmin) return true;
  const inRole = (role: string): boolean => (project.roles[role] ?? []).includes(user.key);
  switch (SCHEME[permission]) {
    case 'browsers':
      return true;
    case 'workers':
      return inRole('Developers') || inRole('Administrators');
    case 'administrators':
      return inRole('Administrators');
  }
}

/** The permission on the issue's project (false for an issue without one). */
export function hasIssuePermission(
  store: SandboxStore,
  user: SandboxUser | null,
  issue: SandboxIssue,
  permission: ProjectPermission,
): boolean {
  const project = store.projectsById.get(issue.projectId);
  return project !== undefined && hasProjectPermission(store, user, project, permission);
}

/** Edit or delete of a comment or worklog: its author with the "own"
 *  permission, anyone with the "all" one. */
export function ownedOrAll(
  store: SandboxStore,
  user: SandboxUser | null,
  issue: SandboxIssue,
  authorKey: string,
  own: ProjectPermission,
  all: ProjectPermission,
): boolean {
  const mine = user !== null && user.key === authorKey;
  return (mine && hasIssuePermission(store, user, issue, own)) || hasIssuePermission(store, user, issue, all);
}
