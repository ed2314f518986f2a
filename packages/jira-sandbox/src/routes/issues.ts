// The issue resource and its sub-resources (comments, worklogs, transitions,
// assignee), on Data Center's /rest/api/2 and Cloud's /rest/api/3 (ADF
// bodies) and /rest/api/2 (wiki strings). Reads answer 404 for issues the
// caller may not see, exactly like a missing issue; writes validate
// everything first and only then mutate, so a 400 never half-applies.
// This module holds the route table, GET/PUT/POST issue and the assignee;
// comments, worklogs and transitions have modules of their own, and every
// write asks the permission scheme (permission-scheme.ts) first.
import {
  asObject,
  fieldErrors,
  isRouteResult,
  jiraError,
  listParam,
  noContent,
  notAuthenticated,
  ok,
  platformRoutes,
  type RouteContext,
  type RouteDefinition,
  type RouteResult,
} from '../http.ts';
import type { Flavor, SandboxIssue, SandboxProject } from '../model.ts';
import { hasProjectPermission } from '../permission-scheme.ts';
import { issueJson, singleIssueOptions } from '../representation/issue.ts';
import { deleteComment, getComment, updateComment } from './comment-edits.ts';
import { visibleIssue, writableIssue } from './issue-access.ts';
import { addComment, getComments } from './issue-comments.ts';
import { assigneeChange, cannotBeSet, catalogRef, MAX_SUMMARY } from './issue-field-setters.ts';
import { writeClock } from './issue-history.ts';
import { doTransition, getTransitions } from './issue-transitions.ts';
import { applyChanges, collectOperations, planChanges } from './issue-update.ts';
import { addWorklog, getWorklogs } from './issue-worklogs.ts';
import { deleteWorklog, getWorklog, updateWorklog } from './worklog-edits.ts';
import { assignRefused, mayOnIssue } from './write-permissions.ts';

export function issueRoutes(flavor: Flavor): RouteDefinition[] {
  return [
    ...platformRoutes(flavor, 'POST', '/issue', createIssue),
    ...platformRoutes(flavor, 'GET', '/issue/:issueIdOrKey', getIssue),
    ...platformRoutes(flavor, 'PUT', '/issue/:issueIdOrKey', editIssue),
    ...platformRoutes(flavor, 'GET', '/issue/:issueIdOrKey/comment', getComments),
    ...platformRoutes(flavor, 'POST', '/issue/:issueIdOrKey/comment', addComment),
    ...platformRoutes(flavor, 'GET', '/issue/:issueIdOrKey/comment/:id', getComment),
    ...platformRoutes(flavor, 'PUT', '/issue/:issueIdOrKey/comment/:id', updateComment),
    ...platformRoutes(flavor, 'DELETE', '/issue/:issueIdOrKey/comment/:id', deleteComment),
    ...platformRoutes(flavor, 'GET', '/issue/:issueIdOrKey/worklog', getWorklogs),
    ...platformRoutes(flavor, 'POST', '/issue/:issueIdOrKey/worklog', addWorklog),
    ...platformRoutes(flavor, 'GET', '/issue/:issueIdOrKey/worklog/:id', getWorklog),
    ...platformRoutes(flavor, 'PUT', '/issue/:issueIdOrKey/worklog/:id', updateWorklog),
    ...platformRoutes(flavor, 'DELETE', '/issue/:issueIdOrKey/worklog/:id', deleteWorklog),
    ...platformRoutes(flavor, 'GET', '/issue/:issueIdOrKey/transitions', getTransitions),
    ...platformRoutes(flavor, 'POST', '/issue/:issueIdOrKey/transitions', doTransition),
    ...platformRoutes(flavor, 'PUT', '/issue/:issueIdOrKey/assignee', assignIssue),
  ];
}

// ---------------------------------------------------------------- GET / PUT / POST issue

function getIssue(ctx: RouteContext): RouteResult {
  const issue = visibleIssue(ctx);
  if (isRouteResult(issue)) return issue;
  return ok(
    issueJson(issue, ctx, singleIssueOptions(listParam(ctx.query, 'fields'), ctx.query.getAll('expand'))),
  );
}

function editIssue(ctx: RouteContext): RouteResult {
  const target = writableIssue(ctx);
  if (isRouteResult(target)) return target;
  const ops = collectOperations(asObject(ctx.body) ?? {});
  // Without Edit Issues no field is on the caller's edit screen: Jira refuses each one by name.
  if (!mayOnIssue(ctx, target.issue, 'EDIT_ISSUES')) {
    return fieldErrors(Object.fromEntries([...ops.keys()].map((field) => [field, cannotBeSet(field)])));
  }
  const plan = planChanges(ctx, target.issue, ops);
  if (!Array.isArray(plan)) return fieldErrors(plan);
  applyChanges(ctx, target.issue, target.user, plan);
  return noContent();
}

/** Fields POST /issue reads itself; the rest go through the edit setters. */
const CREATE_FIELDS = new Set(['project', 'issuetype', 'summary', 'parent']);

function createIssue(ctx: RouteContext): RouteResult {
  if (!ctx.user && ctx.flavor === 'datacenter') return notAuthenticated();
  const body = asObject(ctx.body) ?? {};
  const draft = draftIssue(ctx, asObject(body.fields) ?? {});
  const ops = collectOperations(body);
  for (const field of CREATE_FIELDS) ops.delete(field);
  // Without Assign Issues the create screen has no assignee field.
  const assigneeOps = ops.get('assignee');
  const project = 'issue' in draft ? draft.project : undefined;
  const assigneeRefused =
    assigneeOps !== undefined &&
    project !== undefined &&
    !hasProjectPermission(ctx.store, ctx.user, project, 'ASSIGN_ISSUES');
  if (assigneeRefused) ops.delete('assignee');
  // Validate the remaining fields against the draft even when it failed, so
  // one answer lists every problem, as Jira's does.
  const plan = 'issue' in draft ? planChanges(ctx, draft.issue, ops) : [];
  const errors = { ...('errors' in draft ? draft.errors : {}), ...(Array.isArray(plan) ? {} : plan) };
  if (assigneeRefused) errors.assignee = cannotBeSet('assignee');
  if (!('issue' in draft) || !Array.isArray(plan) || Object.keys(errors).length > 0)
    return fieldErrors(errors);

  const { issue } = draft;
  const store = ctx.store;
  const number = store.data.projectCounters[draft.project.key] ?? 1;
  store.data.projectCounters[draft.project.key] = number + 1;
  issue.id = String(store.data.counters.issue++);
  issue.key = `${draft.project.key}-${number}`;
  for (const change of plan) change.apply();
  store.addIssue(issue);
  return ok(
    { id: issue.id, key: issue.key, self: `${ctx.baseUrl}/rest/api/${ctx.apiVersion}/issue/${issue.id}` },
    201,
  );
}

/** A new issue from project, issue type, summary and parent, or the errors. */
function draftIssue(
  ctx: RouteContext,
  fields: Record<string, unknown>,
): { issue: SandboxIssue; project: SandboxProject } | { errors: Record<string, string> } {
  const { store } = ctx;
  const errors: Record<string, string> = {};
  const user = ctx.user;
  const projectRef = asObject(fields.project);
  const projectId = projectRef?.id ?? projectRef?.key;
  const project = typeof projectId === 'string' ? store.findProject(projectId) : undefined;
  // Create Issues has Browse's holders: a project the caller may not create in
  // is one they cannot see, and is answered like a missing one.
  const visibleProject =
    project && hasProjectPermission(store, user, project, 'CREATE_ISSUES') ? project : undefined;
  if (projectId === undefined) errors.project = 'project is required';
  else if (!visibleProject) errors.project = 'Specify a valid project ID or key';

  const type = catalogRef(fields.issuetype, store.data.issueTypes);
  if (type === 'none') errors.issuetype = 'issue type is required';
  else if (!type || (visibleProject && !visibleProject.issueTypeIds.includes(type.id))) {
    errors.issuetype = 'The issue type selected is invalid.';
  }

  const summary = fields.summary;
  if (typeof summary !== 'string' || summary.trim() === '')
    errors.summary = 'You must specify a summary of the issue.';
  else if (summary.length > MAX_SUMMARY)
    errors.summary = `Summary must be less than ${MAX_SUMMARY} characters.`;

  const parent = parentInput(ctx, fields.parent, type === 'none' ? undefined : type, errors);
  if (parent && visibleProject && parent.projectId !== visibleProject.id) {
    errors.parent = 'The parent issue must be in the same project as the sub-task.';
  }
  if (!user || !visibleProject || !type || type === 'none' || typeof summary !== 'string') return { errors };
  if (Object.keys(errors).length > 0) return { errors };

  const now = writeClock(store);
  const issue: SandboxIssue = {
    id: '',
    key: '',
    projectId: visibleProject.id,
    issueTypeId: type.id,
    summary,
    description: null,
    statusId:
      store.data.statuses.find((s) => s.categoryKey === 'new')?.id ?? store.data.statuses[0]?.id ?? '',
    priorityId: DEFAULT_PRIORITY_ID,
    resolutionId: null,
    resolutionDate: null,
    assigneeKey: null,
    reporterKey: user.key,
    creatorKey: user.key,
    created: now,
    updated: now,
    dueDate: null,
    labels: [],
    componentIds: [],
    fixVersionIds: [],
    // A sub-task lives at its parent's security level, as in Jira.
    securityLevelId: parent?.securityLevelId ?? null,
    parentId: parent?.id ?? null,
    links: [],
    timeOriginalEstimate: null,
    timeEstimate: null,
    timeSpent: null,
    customFields: Object.fromEntries(store.data.customFields.map((f) => [f.id, null])),
    comments: [],
    worklogs: [],
    changelog: [],
  };
  return { issue, project: visibleProject };
}

/** Jira's default priority scheme starts new issues at Medium. */
const DEFAULT_PRIORITY_ID = '3';

function parentInput(
  ctx: RouteContext,
  value: unknown,
  type: { subtask: boolean } | undefined,
  errors: Record<string, string>,
): SandboxIssue | undefined {
  const ref = asObject(value);
  const id = ref?.key ?? ref?.id;
  if (type?.subtask && typeof id !== 'string') {
    errors.parentId = 'Issue type is a sub-task but parent issue key or id not specified.';
    return undefined;
  }
  if (typeof id !== 'string') return undefined;
  if (type && !type.subtask) {
    errors.parent = cannotBeSet('parent');
    return undefined;
  }
  const parent = ctx.store.findIssue(id);
  if (!parent || !ctx.store.canSeeIssue(ctx.user, parent)) {
    errors.parent = 'Could not find issue by id or key.';
    return undefined;
  }
  return parent;
}

// ---------------------------------------------------------------- assignee

function assignIssue(ctx: RouteContext): RouteResult {
  const target = writableIssue(ctx);
  if (isRouteResult(target)) return target;
  if (!mayOnIssue(ctx, target.issue, 'ASSIGN_ISSUES')) return assignRefused();
  const body = asObject(ctx.body);
  // Cloud identifies users only by accountId and refuses a body without one;
  // Data Center reads a missing name as null (unassign).
  if (ctx.flavor === 'cloud' && !(body && 'accountId' in body)) {
    return jiraError(400, ['accountId must be provided to assign an issue.']);
  }
  const outcome = assigneeChange(ctx, target.issue, body);
  if (outcome && 'error' in outcome) return fieldErrors({ assignee: outcome.error });
  if (outcome) applyChanges(ctx, target.issue, target.user, [outcome]);
  return noContent();
}
