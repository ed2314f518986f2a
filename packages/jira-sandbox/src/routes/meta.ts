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

const PERMISSIONS: { key: string; name: string; type: 'GLOBAL' | 'PROJECT'; description: string }[] = [
  {
    key: 'BROWSE_PROJECTS',
    name: 'Browse Projects',
    type: 'PROJECT',
    description: 'Ability to browse projects.',
  },
  { key: 'CREATE_ISSUES', name: 'Create Issues', type: 'PROJECT', description: 'Ability to create issues.' },
  { key: 'EDIT_ISSUES', name: 'Edit Issues', type: 'PROJECT', description: 'Ability to edit issues.' },
  { key: 'ASSIGN_ISSUES', name: 'Assign Issues', type: 'PROJECT', description: 'Ability to assign issues.' },
  {
    key: 'TRANSITION_ISSUES',
    name: 'Transition Issues',
    type: 'PROJECT',
    description: 'Ability to transition issues.',
  },
  {
    key: 'ADD_COMMENTS',
    name: 'Add Comments',
    type: 'PROJECT',
    description: 'Ability to comment on issues.',
  },
  {
    key: 'WORK_ON_ISSUES',
    name: 'Work On Issues',
    type: 'PROJECT',
    description: 'Ability to log work done.',
  },
  {
    key: 'ADMINISTER_PROJECTS',
    name: 'Administer Projects',
    type: 'PROJECT',
    description: 'Ability to administer a project in Jira.',
  },
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
    else if (p.key === 'ADMINISTER_PROJECTS') {
      have =
        user !== null &&
        projects.some((pr) => user.isAdmin || (pr.roles.Administrators ?? []).includes(user.key));
    } else have = projects.length > 0;
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
