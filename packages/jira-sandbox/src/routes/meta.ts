// Instance-wide routes: who am I, who is that, which fields, statuses,
// issue types and priorities exist, and what may I do.
import {
  jiraError,
  mustAuthenticate,
  notAuthenticated,
  ok,
  platformRoutes,
  type RouteContext,
  type RouteDefinition,
  type RouteResult,
} from '../http.ts';
import type { Flavor, SandboxProject, SandboxUser } from '../model.ts';
import { hasProjectPermission, isProjectPermission, type ProjectPermission } from '../permission-scheme.ts';
import {
  issueTypeJson,
  priorityJson,
  resolutionJson,
  statusCategoryJson,
  statusJson,
} from '../representation/catalog.ts';
import { jiraDateTime } from '../representation/common.ts';
import { fieldName, fieldSchemaJson, issueFields } from '../representation/issue-fields.ts';
import { userJson } from '../representation/users.ts';

export function metaRoutes(flavor: Flavor): RouteDefinition[] {
  return [
    ...platformRoutes(flavor, 'GET', '/serverInfo', serverInfo),
    ...platformRoutes(flavor, 'GET', '/myself', myself),
    ...platformRoutes(flavor, 'GET', '/user', getUser),
    ...platformRoutes(flavor, 'GET', '/user/search', searchUsers),
    ...platformRoutes(flavor, 'GET', '/field', fields),
    ...platformRoutes(flavor, 'GET', '/issuetype', (ctx) =>
      ok(ctx.store.data.issueTypes.map((t) => issueTypeJson(t, ctx))),
    ),
    ...platformRoutes(flavor, 'GET', '/priority', (ctx) =>
      ok(ctx.store.data.priorities.map((p) => priorityJson(p, ctx))),
    ),
    ...platformRoutes(flavor, 'GET', '/status', (ctx) =>
      ok(ctx.store.data.statuses.map((s) => statusJson(s, ctx.store, ctx))),
    ),
    ...platformRoutes(flavor, 'GET', '/statuscategory', (ctx) =>
      ok(ctx.store.data.statusCategories.map((c) => statusCategoryJson(c, ctx))),
    ),
    ...platformRoutes(flavor, 'GET', '/resolution', (ctx) =>
      ok(ctx.store.data.resolutions.map((r) => resolutionJson(r, ctx))),
    ),
    ...platformRoutes(flavor, 'GET', '/mypermissions', myPermissions),
  ];
}

function serverInfo(ctx: RouteContext): RouteResult {
  const cloud = ctx.flavor === 'cloud';
  const body: Record<string, unknown> = {
    baseUrl: ctx.baseUrl,
    version: cloud ? '1001.0.0-SNAPSHOT' : '10.3.24',
    versionNumbers: cloud ? [1001, 0, 0] : [10, 3, 24],
    deploymentType: cloud ? 'Cloud' : 'Server',
    buildNumber: cloud ? 100294 : 10030024,
    buildDate: '2026-10-01T00:00:00.000+0000',
    scmInfo: 'a1b2c3d4e5f60718293a4b5c6d7e8f9012345678',
    serverTitle: 'Jira Sandbox',
  };
  // Jira only tells authenticated callers the server's clock.
  if (ctx.user) body.serverTime = jiraDateTime(Date.now());
  if (!cloud) body.databaseType = 'postgres72';
  return ok(body);
}

function myself(ctx: RouteContext): RouteResult {
  if (!ctx.user) return mustAuthenticate();
  const body = userJson(ctx.user, ctx, { groups: ctx.query.get('expand')?.includes('groups') ?? false });
  if (ctx.flavor === 'datacenter') body.expand = 'groups,applicationRoles';
  return ok(body);
}

function getUser(ctx: RouteContext): RouteResult {
  if (!ctx.user) return notAuthenticated();
  if (ctx.flavor === 'cloud') {
    const accountId = ctx.query.get('accountId');
    if (!accountId) return jiraError(400, ["The query parameter 'accountId' is required."]);
    const user = ctx.store.usersByAccountId.get(accountId);
    if (!user)
      return jiraError(404, [`Specified user does not exist or you do not have required permissions`]);
    return ok(userJson(user, ctx, { groups: ctx.query.get('expand')?.includes('groups') ?? false }));
  }
  const username = ctx.query.get('username');
  const key = ctx.query.get('key');
  if (username === null && key === null) {
    return jiraError(400, ["Either the 'username' or the 'key' query parameters need to be provided"]);
  }
  const user = username !== null ? ctx.store.usersByName.get(username) : ctx.store.usersByKey.get(key ?? '');
  if (!user) {
    return jiraError(404, [
      username !== null
        ? `The user named '${username}' does not exist`
        : `The user with the key '${key}' does not exist`,
    ]);
  }
  return ok(userJson(user, ctx, { groups: ctx.query.get('expand')?.includes('groups') ?? false }));
}

function searchUsers(ctx: RouteContext): RouteResult {
  if (!ctx.user) return notAuthenticated();
  const param = ctx.flavor === 'cloud' ? 'query' : 'username';
  // Data Center 10 also takes `query`; older clients send `username`.
  const term = (ctx.query.get(param) ?? ctx.query.get('query'))?.trim().toLowerCase();
  if (term === undefined || term === '') {
    return ctx.flavor === 'cloud'
      ? jiraError(400, ["One of 'query' or 'property' parameters must be provided."])
      : jiraError(400, ['The username query parameter was not provided']);
  }
  const startAt = Number(ctx.query.get('startAt') ?? '0') || 0;
  const maxResults = Math.min(Number(ctx.query.get('maxResults') ?? '50') || 50, 1000);
  const includeInactive = ctx.query.get('includeInactive') === 'true';
  const matches = ctx.store.data.users.filter((u) => (includeInactive || u.active) && userMatches(u, term));
  return ok(matches.slice(startAt, startAt + maxResults).map((u) => userJson(u, ctx)));
}

function userMatches(u: SandboxUser, term: string): boolean {
  const words = [u.name, u.emailAddress, ...u.displayName.split(' '), u.displayName];
  return term === '.' || words.some((w) => w.toLowerCase().startsWith(term));
}

/** How JQL knows a field, where that differs from "searchable and sortable by its id". */
const JQL_CLAUSES: Record<string, { clauseNames?: string[]; orderable?: boolean; searchable?: boolean }> = {
  issuetype: { clauseNames: ['issuetype', 'type'] },
  resolutiondate: { clauseNames: ['resolutiondate', 'resolved'] },
  created: { clauseNames: ['created', 'createdDate'] },
  updated: { clauseNames: ['updated', 'updatedDate'] },
  duedate: { clauseNames: ['due', 'duedate'] },
  components: { clauseNames: ['component'] },
  fixVersions: { clauseNames: ['fixVersion'] },
  versions: { clauseNames: ['affectedVersion'] },
  security: { clauseNames: ['level'] },
  issuelinks: { clauseNames: ['issueLink'], orderable: false },
  timeoriginalestimate: { clauseNames: ['originalEstimate', 'timeoriginalestimate'] },
  timeestimate: { clauseNames: ['remainingEstimate', 'timeestimate'] },
  comment: { orderable: false },
  worklog: { clauseNames: ['worklogDate'], orderable: false },
  watches: { clauseNames: ['watchers'] },
  attachment: { clauseNames: ['attachments'], orderable: false },
  subtasks: { orderable: false },
  timetracking: { clauseNames: [], orderable: false, searchable: false },
  progress: { clauseNames: [], searchable: false },
  aggregateprogress: { clauseNames: [], searchable: false },
  statuscategorychangedate: { clauseNames: ['statusCategoryChangedDate'] },
};

/** /field: the same catalogue issues are built from, so names and schemas agree. */
function fields(ctx: RouteContext): RouteResult {
  return ok(
    issueFields(ctx).map((f) => {
      const clause = JQL_CLAUSES[f.id] ?? {};
      const out: Record<string, unknown> = {
        id: f.id,
        name: fieldName(f, ctx.flavor),
        custom: f.custom !== undefined,
        orderable: clause.orderable ?? true,
        navigable: f.navigable,
        searchable: clause.searchable ?? true,
        clauseNames: f.custom ? [`cf[${f.custom.numericId}]`, f.custom.name] : (clause.clauseNames ?? [f.id]),
        schema: fieldSchemaJson(f),
      };
      if (ctx.flavor === 'cloud') out.key = f.id;
      return out;
    }),
  );
}

interface PermissionEntry {
  key: string;
  name: string;
  type: 'GLOBAL' | 'PROJECT';
  description: string;
}

const projectPermission = (key: ProjectPermission, name: string, description: string): PermissionEntry => ({
  key,
  name,
  type: 'PROJECT',
  description,
});

/** The catalogue mypermissions answers from; project permissions are held as
 *  permission-scheme.ts grants them. */
const PERMISSIONS: PermissionEntry[] = [
  projectPermission('BROWSE_PROJECTS', 'Browse Projects', 'Ability to browse projects.'),
  projectPermission('CREATE_ISSUES', 'Create Issues', 'Ability to create issues.'),
  projectPermission('EDIT_ISSUES', 'Edit Issues', 'Ability to edit issues.'),
  projectPermission('ASSIGN_ISSUES', 'Assign Issues', 'Ability to assign issues.'),
  projectPermission('TRANSITION_ISSUES', 'Transition Issues', 'Ability to transition issues.'),
  projectPermission('ADD_COMMENTS', 'Add Comments', 'Ability to comment on issues.'),
  projectPermission('WORK_ON_ISSUES', 'Work On Issues', 'Ability to log work done.'),
  projectPermission('ADMINISTER_PROJECTS', 'Administer Projects', 'Ability to administer a project in Jira.'),
  {
    key: 'ADMINISTER',
    name: 'Administer Jira',
    type: 'GLOBAL',
    description: 'Ability to perform Jira admin tasks.',
  },
  {
    key: 'USER_PICKER',
    name: 'Browse Users',
    type: 'GLOBAL',
    description: 'Ability to select a user or group from a popup window.',
  },
  // After the first ten so the ids those had keep their values.
  projectPermission(
    'ASSIGNABLE_USER',
    'Assignable User',
    'Users with this permission may be assigned to issues.',
  ),
  projectPermission('RESOLVE_ISSUES', 'Resolve Issues', 'Ability to resolve and reopen issues.'),
  projectPermission('EDIT_OWN_COMMENTS', 'Edit Own Comments', 'Ability to edit own comments made on issues.'),
  projectPermission('EDIT_ALL_COMMENTS', 'Edit All Comments', 'Ability to edit all comments made on issues.'),
  projectPermission(
    'DELETE_OWN_COMMENTS',
    'Delete Own Comments',
    'Ability to delete own comments made on issues.',
  ),
  projectPermission(
    'DELETE_ALL_COMMENTS',
    'Delete All Comments',
    'Ability to delete all comments made on issues.',
  ),
  projectPermission('EDIT_OWN_WORKLOGS', 'Edit Own Worklogs', 'Ability to edit own worklogs made on issues.'),
  projectPermission('EDIT_ALL_WORKLOGS', 'Edit All Worklogs', 'Ability to edit all worklogs made on issues.'),
  projectPermission(
    'DELETE_OWN_WORKLOGS',
    'Delete Own Worklogs',
    'Ability to delete own worklogs made on issues.',
  ),
  projectPermission(
    'DELETE_ALL_WORKLOGS',
    'Delete All Worklogs',
    'Ability to delete all worklogs made on issues.',
  ),
];

function myPermissions(ctx: RouteContext): RouteResult {
  const requested = ctx.query.get('permissions');
  if (ctx.flavor === 'cloud' && !requested) {
    return jiraError(400, ["The 'permissions' query parameter is required."]);
  }
  let projects: SandboxProject[];
  const projectRef = ctx.query.get('projectKey') ?? ctx.query.get('projectId');
  const issueRef = ctx.query.get('issueKey') ?? ctx.query.get('issueId');
  if (issueRef) {
    const issue = ctx.store.findIssue(issueRef);
    if (!issue || !ctx.store.canSeeIssue(ctx.user, issue)) {
      return jiraError(404, [`No issue could be found with key '${issueRef}'.`]);
    }
    projects = [ctx.store.projectsById.get(issue.projectId)].filter(
      (p): p is SandboxProject => p !== undefined,
    );
  } else if (projectRef) {
    const project = ctx.store.findProject(projectRef);
    if (!project || !ctx.store.canBrowseProject(ctx.user, project)) {
      return jiraError(404, [`No project could be found with key '${projectRef}'.`]);
    }
    projects = [project];
  } else {
    // Without a project Jira answers whether the user holds it anywhere.
    projects = ctx.store.visibleProjects(ctx.user);
  }
  const wanted = requested ? new Set(requested.split(',').map((s) => s.trim())) : null;
  const unknown = wanted ? [...wanted].filter((k) => !PERMISSIONS.some((p) => p.key === k)) : [];
  if (unknown.length > 0) {
    return jiraError(400, [`Could not find permissions: ${unknown.join(', ')}`]);
  }
  const user = ctx.user;
  const permissions: Record<string, unknown> = {};
  for (const p of PERMISSIONS) {
    if (wanted && !wanted.has(p.key)) continue;
    let have: boolean;
    if (p.key === 'ADMINISTER') have = user?.isAdmin ?? false;
    else if (p.key === 'USER_PICKER') have = user !== null;
    else {
      const key = p.key;
      have =
        isProjectPermission(key) && projects.some((pr) => hasProjectPermission(ctx.store, user, pr, key));
    }
    permissions[p.key] = {
      id: String(PERMISSIONS.indexOf(p) + 10),
      key: p.key,
      name: p.name,
      type: p.type,
      description: p.description,
      havePermission: have,
    };
  }
  return ok({ permissions });
}
