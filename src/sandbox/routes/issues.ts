// The issue resource and its sub-resources (comments, worklogs, transitions,
// assignee), on Data Center's /rest/api/2 and Cloud's /rest/api/3 (ADF
// bodies) and /rest/api/2 (wiki strings). Reads answer 404 for issues the
// caller may not see, exactly like a missing issue; writes validate
// everything first and only then mutate, so a 400 never half-applies.
import {
  asObject,
  intParam,
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
import type {
  Flavor,
  SandboxChangeItem,
  SandboxCustomField,
  SandboxIssue,
  SandboxProject,
  SandboxUser,
} from '../model.ts';
import { adfToWiki, isAdfDoc, plainText } from '../representation/adf.ts';
import {
  availableTransitions,
  commentJson,
  ISSUE_EXPANDABLE,
  issueJson,
  parseDuration,
  parseExpand,
  parseFieldSelection,
  transitionJson,
  worklogJson,
} from '../representation/issue.ts';
import type { SandboxStore } from '../store.ts';

export function issueRoutes(flavor: Flavor): RouteDefinition[] {
  return [
    ...platformRoutes(flavor, 'POST', '/issue', createIssue),
    ...platformRoutes(flavor, 'GET', '/issue/:issueIdOrKey', getIssue),
    ...platformRoutes(flavor, 'PUT', '/issue/:issueIdOrKey', editIssue),
    ...platformRoutes(flavor, 'GET', '/issue/:issueIdOrKey/comment', getComments),
    ...platformRoutes(flavor, 'POST', '/issue/:issueIdOrKey/comment', addComment),
    ...platformRoutes(flavor, 'GET', '/issue/:issueIdOrKey/worklog', getWorklogs),
    ...platformRoutes(flavor, 'POST', '/issue/:issueIdOrKey/worklog', addWorklog),
    ...platformRoutes(flavor, 'GET', '/issue/:issueIdOrKey/transitions', getTransitions),
    ...platformRoutes(flavor, 'POST', '/issue/:issueIdOrKey/transitions', doTransition),
    ...platformRoutes(flavor, 'PUT', '/issue/:issueIdOrKey/assignee', assignIssue),
  ];
}

// ---------------------------------------------------------------- lookups and errors

/** Each flavour's 404 for an issue that is missing or hidden from the caller. */
export function issueNotFound(flavor: Flavor): RouteResult {
  return jiraError(404, [
    flavor === 'cloud'
      ? 'Issue does not exist or you do not have permission to see it.'
      : 'Issue Does Not Exist',
  ]);
}

function visibleIssue(ctx: RouteContext): SandboxIssue | RouteResult {
  const issue = ctx.store.findIssue(ctx.params.issueIdOrKey ?? '');
  if (!issue || !ctx.store.canSeeIssue(ctx.user, issue)) return issueNotFound(ctx.flavor);
  return issue;
}

/** The issue a write addresses. Data Center refuses anonymous writes with 401;
 *  Cloud's anonymous caller simply sees no issue. */
function writableIssue(ctx: RouteContext): { issue: SandboxIssue; user: SandboxUser } | RouteResult {
  if (!ctx.user && ctx.flavor === 'datacenter') return notAuthenticated();
  const issue = visibleIssue(ctx);
  if (isRouteResult(issue)) return issue;
  if (!ctx.user) return issueNotFound(ctx.flavor);
  return { issue, user: ctx.user };
}

function fieldErrors(errors: Record<string, string>): RouteResult {
  return jiraError(400, [], errors);
}

function cannotBeSet(field: string): string {
  return `Field '${field}' cannot be set. It is not on the appropriate screen, or unknown.`;
}

/** Write time: the wall clock, but never before the dataset's "now" and always
 *  after the previous write, so `updated` moves forward on every write. */
const lastWrite = new WeakMap<SandboxStore, number>();

function writeClock(store: SandboxStore): number {
  const now = Math.max(Date.now(), store.data.now, (lastWrite.get(store) ?? 0) + 1);
  lastWrite.set(store, now);
  return now;
}

function recordHistory(
  store: SandboxStore,
  issue: SandboxIssue,
  user: SandboxUser,
  items: SandboxChangeItem[],
  at: number,
): void {
  if (items.length > 0) {
    issue.changelog.push({
      id: String(store.data.counters.history++),
      authorKey: user.key,
      created: at,
      items,
    });
  }
  issue.updated = at;
}

function item(
  field: string,
  fieldId: string,
  from: string | null,
  fromText: string | null,
  to: string | null,
  toText: string | null,
  fieldtype: SandboxChangeItem['fieldtype'] = 'jira',
): SandboxChangeItem {
  return { field, fieldtype, fieldId, from, fromString: fromText, to, toString: toText };
}

// ---------------------------------------------------------------- rich text input

/** Wiki text from a rich-text value: ADF on Cloud's v3, a string elsewhere.
 *  Answers null for a value of the wrong kind. */
function richTextInput(ctx: RouteContext, value: unknown): string | null {
  if (ctx.apiVersion === '3') return isAdfDoc(value) ? adfToWiki(value) : null;
  return typeof value === 'string' ? value : null;
}

/** The text of a comment body, or the 400 Jira gives for a bad one: Cloud's
 *  v3 wants a document and calls anything else "not valid". */
function commentBodyInput(ctx: RouteContext, value: unknown): string | RouteResult {
  const empty = fieldErrors({ comment: 'Comment body can not be empty!' });
  if (value === undefined || value === null || value === '') return empty;
  if (ctx.apiVersion === '3') {
    if (!isAdfDoc(value)) return fieldErrors({ comment: 'Comment body is not valid!' });
    return plainText(value).trim() === '' ? empty : adfToWiki(value);
  }
  return typeof value === 'string' && value.trim() !== '' ? value : empty;
}

// ---------------------------------------------------------------- user references

/** The user a body names: {name} (or key) on Data Center, {accountId} on Cloud.
 *  `undefined` when the reference names nobody in particular (null / absent). */
function userRefInput(
  ctx: RouteContext,
  value: unknown,
): { ref: string | null; user: SandboxUser | undefined } {
  const obj = asObject(value);
  if (!obj) return { ref: null, user: undefined };
  const raw = ctx.flavor === 'cloud' ? obj.accountId : (obj.name ?? obj.key);
  if (typeof raw !== 'string') return { ref: null, user: undefined };
  const user =
    ctx.flavor === 'cloud'
      ? ctx.store.usersByAccountId.get(raw)
      : (ctx.store.usersByName.get(raw) ?? ctx.store.usersByKey.get(raw));
  return { ref: raw, user };
}

function canBeAssigned(
  store: SandboxStore,
  user: SandboxUser | undefined,
  issue: SandboxIssue,
): user is SandboxUser {
  const project = store.projectsById.get(issue.projectId);
  return user?.active === true && project !== undefined && store.canBrowseProject(user, project);
}

/** Assignee change for `value` ({name}/{accountId}, null, or "-1" for automatic). */
function assigneeChange(ctx: RouteContext, issue: SandboxIssue, value: unknown): FieldOutcome {
  const { ref, user } = userRefInput(ctx, value);
  // "-1" is Automatic: the project default, which is Unassigned in the sandbox.
  let next: SandboxUser | null = null;
  if (ref !== null && ref !== '-1') {
    if (!canBeAssigned(ctx.store, user, issue)) return { error: `User '${ref}' cannot be assigned issues.` };
    next = user;
  }
  if ((next?.key ?? null) === issue.assigneeKey) return null;
  const previous = issue.assigneeKey === null ? undefined : ctx.store.usersByKey.get(issue.assigneeKey);
  return {
    apply: () => {
      issue.assigneeKey = next?.key ?? null;
    },
    items: [
      item(
        'assignee',
        'assignee',
        issue.assigneeKey,
        previous?.displayName ?? null,
        next?.key ?? null,
        next?.displayName ?? null,
      ),
    ],
  };
}

// ---------------------------------------------------------------- field setters

/** A validated change: what to do and the history items it leaves. */
interface FieldChange {
  apply: () => void;
  items: SandboxChangeItem[];
}

/** A change, a validation error, or null when the value is unchanged. */
type FieldOutcome = FieldChange | { error: string } | null;

/** One operation of an IssueUpdateBean: `fields` are `set`s; `update` may add,
 *  remove or set (anything else is refused per field). */
interface FieldOperation {
  op: string;
  value: unknown;
}

type FieldSetter = (ctx: RouteContext, issue: SandboxIssue, ops: FieldOperation[]) => FieldOutcome;

/** The value of the last `set`, or an error when other operations were asked. */
function singleSet(field: string, ops: FieldOperation[]): { value: unknown } | { error: string } {
  const set = ops.filter((o) => o.op === 'set');
  if (set.length !== ops.length || set.length === 0) return { error: cannotBeSet(field) };
  return { value: set[set.length - 1]?.value };
}

/** A setter for a single-valued field from a function of the new value. */
function scalar(
  field: string,
  change: (ctx: RouteContext, issue: SandboxIssue, value: unknown) => FieldOutcome,
): FieldSetter {
  return (ctx, issue, ops) => {
    const set = singleSet(field, ops);
    return 'error' in set ? set : change(ctx, issue, set.value);
  };
}

function stringChange(
  field: string,
  from: string | null,
  to: string | null,
  apply: () => void,
  fieldtype: SandboxChangeItem['fieldtype'] = 'jira',
): FieldOutcome {
  if (from === to) return null;
  return { apply, items: [item(field, field, null, from, null, to, fieldtype)] };
}

const MAX_SUMMARY = 255;

function summaryChange(_ctx: RouteContext, issue: SandboxIssue, value: unknown): FieldOutcome {
  if (typeof value !== 'string' || value.trim() === '') {
    return { error: 'You must specify a summary of the issue.' };
  }
  if (value.length > MAX_SUMMARY) return { error: `Summary must be less than ${MAX_SUMMARY} characters.` };
  return stringChange('summary', issue.summary, value, () => {
    issue.summary = value;
  });
}

function descriptionChange(ctx: RouteContext, issue: SandboxIssue, value: unknown): FieldOutcome {
  let text: string | null = null;
  if (value !== null) {
    text = richTextInput(ctx, value);
    if (text === null) {
      return {
        error:
          ctx.apiVersion === '3'
            ? 'Operation value must be an Atlassian Document (see the Atlassian Document Format)'
            : 'Operation value must be a string',
      };
    }
  }
  const next = text === '' ? null : text;
  return stringChange('description', issue.description, next, () => {
    issue.description = next;
  });
}

/** A catalogue entry referenced by {id} or {name}. */
function catalogRef<T extends { id: string; name: string }>(
  value: unknown,
  items: readonly T[],
): T | undefined | 'none' {
  const obj = asObject(value);
  if (!obj || (typeof obj.id !== 'string' && typeof obj.name !== 'string')) return 'none';
  return items.find((x) => (typeof obj.id === 'string' ? x.id === obj.id : x.name === obj.name));
}

function priorityChange(ctx: RouteContext, issue: SandboxIssue, value: unknown): FieldOutcome {
  const priority = catalogRef(value, ctx.store.data.priorities);
  if (priority === 'none') return { error: "Could not find valid 'id' or 'name' in priority object." };
  if (!priority) return { error: 'The priority selected is invalid.' };
  if (priority.id === issue.priorityId) return null;
  const previous = ctx.store.prioritiesById.get(issue.priorityId);
  return {
    apply: () => {
      issue.priorityId = priority.id;
    },
    items: [
      item('priority', 'priority', issue.priorityId, previous?.name ?? null, priority.id, priority.name),
    ],
  };
}

function dueDateChange(_ctx: RouteContext, issue: SandboxIssue, value: unknown): FieldOutcome {
  if (value !== null && (typeof value !== 'string' || !isIsoDay(value))) {
    return { error: `Error parsing date string: ${String(value)}` };
  }
  const next = value === null || value === '' ? null : value;
  if (next === issue.dueDate) return null;
  return {
    apply: () => {
      issue.dueDate = next;
    },
    items: [item('duedate', 'duedate', issue.dueDate, issue.dueDate, next, next)],
  };
}

function isIsoDay(text: string): boolean {
  return text === '' || (/^\d{4}-\d{2}-\d{2}$/.test(text) && !Number.isNaN(Date.parse(`${text}T00:00:00Z`)));
}

/** Applies set/add/remove operations to a list of ids. */
function applyListOps(
  current: readonly string[],
  ops: FieldOperation[],
  unsupported: string,
  resolve: (value: unknown) => string[] | { error: string },
): string[] | { error: string } {
  let next = [...current];
  for (const { op, value } of ops) {
    if (op !== 'set' && op !== 'add' && op !== 'remove') return { error: unsupported };
    const ids = resolve(op === 'set' ? value : [value]);
    if ('error' in ids) return ids;
    if (op === 'set') next = [...new Set(ids)];
    else if (op === 'add') next = [...new Set([...next, ...ids])];
    else next = next.filter((id) => !ids.includes(id));
  }
  return next;
}

function sameList(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((x, i) => x === b[i]);
}

function labelsSetter(_ctx: RouteContext, issue: SandboxIssue, ops: FieldOperation[]): FieldOutcome {
  const next = applyListOps(issue.labels, ops, cannotBeSet('labels'), (value) => {
    const list = Array.isArray(value) ? value : [value];
    if (!list.every((l) => typeof l === 'string')) return { error: cannotBeSet('labels') };
    const bad = list.find((l) => /\s/.test(l));
    return bad === undefined ? list : { error: `The label '${bad}' contains spaces which is invalid.` };
  });
  if ('error' in next) return next;
  const sorted = [...next].sort();
  if (sameList(sorted, issue.labels)) return null;
  return {
    apply: () => {
      issue.labels = sorted;
    },
    items: [item('labels', 'labels', null, issue.labels.join(' '), null, sorted.join(' '))],
  };
}

/** Components and fix versions: lists of {id}/{name} from the issue's project. */
function projectListSetter(kind: 'components' | 'fixVersions'): FieldSetter {
  const label = kind === 'components' ? 'Component' : 'Version';
  return (ctx, issue, ops) => {
    const project = ctx.store.projectsById.get(issue.projectId);
    const options: readonly { id: string; name: string }[] =
      (kind === 'components' ? project?.components : project?.versions) ?? [];
    const current = kind === 'components' ? issue.componentIds : issue.fixVersionIds;
    const next = applyListOps(current, ops, cannotBeSet(kind), (value) => {
      const ids: string[] = [];
      for (const ref of Array.isArray(value) ? value : [value]) {
        const found = catalogRef(ref, options);
        const obj = asObject(ref);
        if (found === 'none' || !found) {
          return {
            error:
              typeof obj?.id === 'string'
                ? `${label} with id '${obj.id}' does not exist.`
                : `${label} name '${String(obj?.name ?? ref)}' is not valid`,
          };
        }
        ids.push(found.id);
      }
      return ids;
    });
    if ('error' in next) return next;
    if (sameList(next, current)) return null;
    const names = (ids: readonly string[]): string =>
      ids.map((id) => options.find((o) => o.id === id)?.name ?? id).join(', ');
    return {
      apply: () => {
        if (kind === 'components') issue.componentIds = next;
        else issue.fixVersionIds = next;
      },
      items: [
        item(
          kind === 'components' ? 'Component' : 'Fix Version',
          kind,
          current.join(', ') || null,
          names(current) || null,
          next.join(', ') || null,
          names(next) || null,
        ),
      ],
    };
  };
}

function reporterChange(ctx: RouteContext, issue: SandboxIssue, value: unknown): FieldOutcome {
  const { user } = userRefInput(ctx, value);
  if (!user?.active) return { error: 'The reporter specified is not a user.' };
  if (user.key === issue.reporterKey) return null;
  const previous = ctx.store.usersByKey.get(issue.reporterKey);
  return {
    apply: () => {
      issue.reporterKey = user.key;
    },
    items: [
      item(
        'reporter',
        'reporter',
        issue.reporterKey,
        previous?.displayName ?? null,
        user.key,
        user.displayName,
      ),
    ],
  };
}

/** `update: {comment: [{add: {body}}]}`, allowed on edit and on transitions. */
function commentSetter(ctx: RouteContext, issue: SandboxIssue, ops: FieldOperation[]): FieldOutcome {
  const bodies: string[] = [];
  for (const { op, value } of ops) {
    if (op !== 'add') return { error: cannotBeSet('comment') };
    const body = commentBodyInput(ctx, asObject(value)?.body);
    if (isRouteResult(body)) return { error: 'Comment body can not be empty!' };
    bodies.push(body);
  }
  const user = ctx.user;
  if (!user) return { error: cannotBeSet('comment') };
  return {
    apply: () => {
      for (const body of bodies) addCommentRecord(ctx.store, issue, user, body, writeClock(ctx.store));
    },
    items: [],
  };
}

function customSetter(field: SandboxCustomField): FieldSetter {
  return scalar(field.id, (ctx, issue, value) => {
    const parsed = customFieldInput(ctx, field, value);
    if ('error' in parsed) return parsed;
    const before = issue.customFields[field.id] ?? null;
    const [from, fromText] = customFieldStrings(ctx, field, before);
    const [to, toText] = customFieldStrings(ctx, field, parsed.value);
    if (from === to && fromText === toText) return null;
    return {
      apply: () => {
        issue.customFields[field.id] = parsed.value;
      },
      items: [item(field.name, field.id, from, fromText, to, toText, 'custom')],
    };
  });
}

type CustomValue = SandboxIssue['customFields'][string];

function customFieldInput(
  ctx: RouteContext,
  field: SandboxCustomField,
  value: unknown,
): { value: CustomValue } | { error: string } {
  if (value === null) return { value: null };
  switch (field.kind) {
    case 'storyPoints':
      return typeof value === 'number' && Number.isFinite(value)
        ? { value }
        : { error: 'Operation value must be a number' };
    case 'epicLink': {
      const epic = typeof value === 'string' ? ctx.store.findIssue(value) : undefined;
      const isEpic = epic !== undefined && ctx.store.issueTypesById.get(epic.issueTypeId)?.name === 'Epic';
      return isEpic && epic ? { value: epic.key } : { error: `Epic '${String(value)}' does not exist.` };
    }
    case 'sprint': {
      const sprint = typeof value === 'number' ? ctx.store.sprintsById.get(value) : undefined;
      return sprint ? { value: [sprint.id] } : { error: `Sprint with id '${String(value)}' does not exist.` };
    }
    case 'select': {
      const obj = asObject(value);
      const option = field.options?.find((o) =>
        typeof obj?.id === 'string' ? o.id === obj.id : o.value === obj?.value,
      );
      if (option) return { value: option.id };
      return typeof obj?.id === 'string'
        ? { error: `Option id '${obj.id}' is not valid` }
        : { error: `Option value '${String(obj?.value)}' is not valid` };
    }
    case 'multiUser': {
      const keys: string[] = [];
      for (const ref of Array.isArray(value) ? value : [value]) {
        const { ref: name, user } = userRefInput(ctx, ref);
        if (!user) return { error: `The user '${name ?? String(ref)}' does not exist.` };
        keys.push(user.key);
      }
      return { value: keys.length > 0 ? [...new Set(keys)].sort() : null };
    }
  }
}

/** History from/to strings of a custom field value. */
function customFieldStrings(
  ctx: RouteContext,
  field: SandboxCustomField,
  value: CustomValue,
): [string | null, string | null] {
  if (value === null) return [null, null];
  switch (field.kind) {
    case 'storyPoints':
    case 'epicLink':
      return [null, String(value)];
    case 'sprint': {
      const ids = (Array.isArray(value) ? value : [value]).map(String);
      const names = ids.map((id) => ctx.store.sprintsById.get(Number(id))?.name ?? id);
      return [ids.join(', '), names.join(', ')];
    }
    case 'select':
      return [String(value), field.options?.find((o) => o.id === String(value))?.value ?? null];
    case 'multiUser': {
      const keys = (Array.isArray(value) ? value : [value]).map(String);
      return [keys.join(', '), keys.map((k) => ctx.store.usersByKey.get(k)?.displayName ?? k).join(', ')];
    }
  }
}

const SYSTEM_SETTERS: Record<string, FieldSetter> = {
  summary: scalar('summary', summaryChange),
  description: scalar('description', descriptionChange),
  priority: scalar('priority', priorityChange),
  assignee: scalar('assignee', assigneeChange),
  reporter: scalar('reporter', reporterChange),
  duedate: scalar('duedate', dueDateChange),
  labels: labelsSetter,
  components: projectListSetter('components'),
  fixVersions: projectListSetter('fixVersions'),
  comment: commentSetter,
};

function setterFor(store: SandboxStore, field: string): FieldSetter | undefined {
  const custom = store.customFieldsById.get(field);
  return custom ? customSetter(custom) : SYSTEM_SETTERS[field];
}

/** Gathers {fields, update} of an IssueUpdateBean into operations per field. */
function collectOperations(body: Record<string, unknown>): Map<string, FieldOperation[]> {
  const ops = new Map<string, FieldOperation[]>();
  const push = (field: string, op: FieldOperation): void => {
    ops.set(field, [...(ops.get(field) ?? []), op]);
  };
  for (const [field, value] of Object.entries(asObject(body.fields) ?? {})) push(field, { op: 'set', value });
  for (const [field, list] of Object.entries(asObject(body.update) ?? {})) {
    for (const entry of Array.isArray(list) ? list : [list]) {
      for (const [op, value] of Object.entries(asObject(entry) ?? {})) push(field, { op, value });
    }
  }
  return ops;
}

/** Validates every requested field; answers the changes or the errors by field. */
function planChanges(
  ctx: RouteContext,
  issue: SandboxIssue,
  ops: Map<string, FieldOperation[]>,
  allowed: (field: string) => boolean = () => true,
): FieldChange[] | Record<string, string> {
  const changes: FieldChange[] = [];
  const errors: Record<string, string> = {};
  for (const [field, fieldOps] of ops) {
    const setter = allowed(field) ? setterFor(ctx.store, field) : undefined;
    const outcome = setter ? setter(ctx, issue, fieldOps) : { error: cannotBeSet(field) };
    if (outcome && 'error' in outcome) errors[field] = outcome.error;
    else if (outcome) changes.push(outcome);
  }
  return Object.keys(errors).length > 0 ? errors : changes;
}

function applyChanges(
  ctx: RouteContext,
  issue: SandboxIssue,
  user: SandboxUser,
  changes: FieldChange[],
): void {
  if (changes.length === 0) return;
  for (const change of changes) change.apply();
  recordHistory(
    ctx.store,
    issue,
    user,
    changes.flatMap((c) => c.items),
    writeClock(ctx.store),
  );
}

// ---------------------------------------------------------------- GET / PUT / POST issue

function getIssue(ctx: RouteContext): RouteResult {
  const issue = visibleIssue(ctx);
  if (isRouteResult(issue)) return issue;
  return ok(
    issueJson(issue, ctx, {
      fields: parseFieldSelection(listParam(ctx.query, 'fields'), '*all'),
      expand: parseExpand(ctx.query.getAll('expand')),
      expandable: ISSUE_EXPANDABLE,
      namesOnIssue: true,
    }),
  );
}

function editIssue(ctx: RouteContext): RouteResult {
  const target = writableIssue(ctx);
  if (isRouteResult(target)) return target;
  const plan = planChanges(ctx, target.issue, collectOperations(asObject(ctx.body) ?? {}));
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
  // Validate the remaining fields against the draft even when it failed, so
  // one answer lists every problem, as Jira's does.
  const plan = 'issue' in draft ? planChanges(ctx, draft.issue, ops) : [];
  const errors = { ...('errors' in draft ? draft.errors : {}), ...(Array.isArray(plan) ? {} : plan) };
  if (!('issue' in draft) || !Array.isArray(plan) || Object.keys(errors).length > 0)
    return fieldErrors(errors);

  const { issue, project } = draft;
  const store = ctx.store;
  const number = store.data.projectCounters[project.key] ?? 1;
  store.data.projectCounters[project.key] = number + 1;
  issue.id = String(store.data.counters.issue++);
  issue.key = `${project.key}-${number}`;
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
  const visibleProject = project && store.canBrowseProject(user, project) ? project : undefined;
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

// ---------------------------------------------------------------- comments

function getComments(ctx: RouteContext): RouteResult {
  const issue = visibleIssue(ctx);
  if (isRouteResult(issue)) return issue;
  // The documented page sizes: 50 on Data Center, 100 on Cloud.
  const page = pageParams(ctx, ctx.flavor === 'cloud' ? 100 : 50);
  if (isRouteResult(page)) return page;
  const order = ctx.query.get('orderBy') ?? 'created';
  const sorted = [...issue.comments].sort((a, b) => a.created - b.created || Number(a.id) - Number(b.id));
  if (order.startsWith('-')) sorted.reverse();
  const rendered = parseExpand(ctx.query.getAll('expand')).has('renderedBody');
  return ok({
    startAt: page.startAt,
    maxResults: page.maxResults,
    total: sorted.length,
    comments: sorted.slice(page.startAt, page.startAt + page.maxResults).map((c) => {
      const json = commentJson(c, issue, ctx);
      return rendered ? { ...json, renderedBody: commentJson(c, issue, ctx, true).body } : json;
    }),
  });
}

function addCommentRecord(
  store: SandboxStore,
  issue: SandboxIssue,
  user: SandboxUser,
  body: string,
  at: number,
) {
  const comment = {
    id: String(store.data.counters.comment++),
    authorKey: user.key,
    updateAuthorKey: user.key,
    body,
    created: at,
    updated: at,
  };
  issue.comments.push(comment);
  issue.updated = at;
  return comment;
}

function addComment(ctx: RouteContext): RouteResult {
  const target = writableIssue(ctx);
  if (isRouteResult(target)) return target;
  const body = commentBodyInput(ctx, asObject(ctx.body)?.body);
  if (isRouteResult(body)) return body;
  const comment = addCommentRecord(ctx.store, target.issue, target.user, body, writeClock(ctx.store));
  return ok(commentJson(comment, target.issue, ctx), 201);
}

function pageParams(
  ctx: RouteContext,
  defaultMax: number,
): { startAt: number; maxResults: number } | RouteResult {
  const startAt = intParam(ctx.query, 'startAt', 0);
  if (isRouteResult(startAt)) return startAt;
  const maxResults = intParam(ctx.query, 'maxResults', defaultMax);
  if (isRouteResult(maxResults)) return maxResults;
  return { startAt: Math.max(0, startAt), maxResults: Math.max(0, maxResults) };
}

// ---------------------------------------------------------------- worklogs

function getWorklogs(ctx: RouteContext): RouteResult {
  const issue = visibleIssue(ctx);
  if (isRouteResult(issue)) return issue;
  // Data Center returns every worklog; Cloud pages them (5000 by default) and
  // can filter by start time (epoch milliseconds).
  const after = intParam(ctx.query, 'startedAfter', Number.NEGATIVE_INFINITY);
  if (isRouteResult(after)) return after;
  const before = intParam(ctx.query, 'startedBefore', Number.POSITIVE_INFINITY);
  if (isRouteResult(before)) return before;
  const worklogs = issue.worklogs.filter(
    (w) => ctx.flavor !== 'cloud' || (w.started >= after && w.started < before),
  );
  const page = pageParams(ctx, ctx.flavor === 'cloud' ? 5000 : worklogs.length);
  if (isRouteResult(page)) return page;
  return ok({
    startAt: page.startAt,
    maxResults: page.maxResults,
    total: worklogs.length,
    worklogs: worklogs
      .slice(page.startAt, page.startAt + page.maxResults)
      .map((w) => worklogJson(w, issue, ctx)),
  });
}

/** Jira answers worklog validation failures with this message next to the field error. */
function worklogError(errors: Record<string, string>): RouteResult {
  return jiraError(400, ['Worklog must not be null.'], errors);
}

interface WorklogInput {
  seconds: number;
  started: number | null;
  comment: string;
}

function worklogInput(ctx: RouteContext, body: Record<string, unknown>): WorklogInput | RouteResult {
  let seconds: number | null = null;
  if (typeof body.timeSpentSeconds === 'number') seconds = Math.round(body.timeSpentSeconds);
  else if (typeof body.timeSpent === 'string') seconds = parseDuration(body.timeSpent);
  else if (body.timeSpent === undefined && body.timeSpentSeconds === undefined) {
    return worklogError({ timeLogged: 'You must indicate the time spent working.' });
  }
  if (seconds === null || seconds <= 0) return worklogError({ timeLogged: 'Invalid time duration entered.' });
  let started: number | null = null;
  if (body.started !== undefined && body.started !== null) {
    started = typeof body.started === 'string' ? parseJiraDateTime(body.started) : null;
    if (started === null) return worklogError({ started: 'Invalid start date entered.' });
  }
  let comment = '';
  if (body.comment !== undefined && body.comment !== null) {
    const text = richTextInput(ctx, body.comment);
    if (text === null) return worklogError({ comment: 'Comment body is not valid!' });
    comment = text;
  }
  return { seconds, started, comment };
}

/** Jira's "2026-01-31T10:00:00.000+0000" (also accepts ISO offsets with a colon). */
function parseJiraDateTime(text: string): number | null {
  const m = /^(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2}(?:\.\d{1,3})?)?)([+-]\d{2}):?(\d{2})$/.exec(text);
  const iso = m ? `${m[1]}${m[2]}:${m[3]}` : text;
  const ms = Date.parse(iso);
  return Number.isNaN(ms) || !/^\d{4}-\d{2}-\d{2}T/.test(text) ? null : ms;
}

/** The remaining estimate after logging `seconds`, per adjustEstimate. */
function adjustedEstimate(
  ctx: RouteContext,
  issue: SandboxIssue,
  seconds: number,
): number | null | RouteResult {
  const mode = ctx.query.get('adjustEstimate') ?? 'auto';
  const current = issue.timeEstimate;
  if (mode === 'leave') return current;
  if (mode === 'new' || mode === 'manual') {
    const param = mode === 'new' ? 'newEstimate' : 'reduceBy';
    const value = parseDuration(ctx.query.get(param) ?? '');
    if (value === null) {
      return jiraError(400, [
        mode === 'new'
          ? 'You must supply a valid new estimate.'
          : 'You must supply a valid amount of time to adjust the estimate by.',
      ]);
    }
    return mode === 'new' ? value : Math.max(0, (current ?? 0) - value);
  }
  if (mode !== 'auto') return jiraError(400, [`Invalid value for adjustEstimate: '${mode}'.`]);
  return current === null ? null : Math.max(0, current - seconds);
}

function addWorklog(ctx: RouteContext): RouteResult {
  const target = writableIssue(ctx);
  if (isRouteResult(target)) return target;
  const { issue, user } = target;
  const input = worklogInput(ctx, asObject(ctx.body) ?? {});
  if (isRouteResult(input)) return input;
  const estimate = adjustedEstimate(ctx, issue, input.seconds);
  if (isRouteResult(estimate)) return estimate;

  const store = ctx.store;
  const now = writeClock(store);
  const worklog = {
    id: String(store.data.counters.worklog++),
    authorKey: user.key,
    updateAuthorKey: user.key,
    comment: input.comment,
    started: input.started ?? now,
    timeSpentSeconds: input.seconds,
    created: now,
    updated: now,
  };
  const spent = (issue.timeSpent ?? 0) + input.seconds;
  const seconds = (v: number | null): string | null => (v === null ? null : String(v));
  // Jira's history of a worklog: the time spent, the estimate, and the worklog id.
  const items = [
    item(
      'timespent',
      'timespent',
      seconds(issue.timeSpent),
      seconds(issue.timeSpent),
      String(spent),
      String(spent),
    ),
  ];
  if (estimate !== issue.timeEstimate) {
    items.push(
      item(
        'timeestimate',
        'timeestimate',
        seconds(issue.timeEstimate),
        seconds(issue.timeEstimate),
        seconds(estimate),
        seconds(estimate),
      ),
    );
  }
  items.push(item('WorklogId', 'worklogId', null, null, worklog.id, worklog.id));
  issue.worklogs.push(worklog);
  issue.timeSpent = spent;
  issue.timeEstimate = estimate;
  recordHistory(store, issue, user, items, now);
  return ok(worklogJson(worklog, issue, ctx), 201);
}

// ---------------------------------------------------------------- transitions

function getTransitions(ctx: RouteContext): RouteResult {
  const issue = visibleIssue(ctx);
  if (isRouteResult(issue)) return issue;
  const only = ctx.query.get('transitionId');
  const transitions = availableTransitions(issue, ctx.store).filter((t) => only === null || t.id === only);
  return ok({ expand: 'transitions', transitions: transitions.map((t) => transitionJson(t, ctx)) });
}

function doTransition(ctx: RouteContext): RouteResult {
  const target = writableIssue(ctx);
  if (isRouteResult(target)) return target;
  const { issue, user } = target;
  const body = asObject(ctx.body) ?? {};
  const rawId = asObject(body.transition)?.id;
  if (rawId === undefined || rawId === null) return jiraError(400, ["Missing 'transition' identifier"]);
  const id = String(rawId);
  if (!/^\d+$/.test(id)) return jiraError(400, ["'transition' identifier must be an integer"]);
  const transition = availableTransitions(issue, ctx.store).find((t) => t.id === id);
  if (!transition) return jiraError(400, [`Transition id '${id}' is not valid for this issue.`]);

  const store = ctx.store;
  const to = store.statusesById.get(transition.toStatusId);
  const toDone = to?.categoryKey === 'done';
  const ops = collectOperations(body);
  const resolutionOps = ops.get('resolution');
  ops.delete('resolution');
  const errors: Record<string, string> = {};
  let resolutionId = issue.resolutionId;
  if (resolutionOps && !toDone) errors.resolution = cannotBeSet('resolution');
  else if (resolutionOps) {
    const found = catalogRef(resolutionOps[resolutionOps.length - 1]?.value, store.data.resolutions);
    if (found === 'none' || !found) errors.resolution = 'The resolution selected is invalid.';
    else resolutionId = found.id;
  } else {
    // Done gets the default resolution; leaving Done clears it.
    resolutionId = toDone ? (issue.resolutionId ?? store.data.resolutions[0]?.id ?? null) : null;
  }
  // The sandbox's transitions have no screens: only comments may ride along.
  const plan = planChanges(ctx, issue, ops, (field) => field === 'comment');
  if (!Array.isArray(plan)) Object.assign(errors, plan);
  if (Object.keys(errors).length > 0 || !Array.isArray(plan)) return fieldErrors(errors);

  const now = writeClock(store);
  const items: SandboxChangeItem[] = [];
  if (resolutionId !== issue.resolutionId) {
    const name = (rid: string | null): string | null =>
      rid === null ? null : (store.resolutionsById.get(rid)?.name ?? null);
    items.push(
      item(
        'resolution',
        'resolution',
        issue.resolutionId,
        name(issue.resolutionId),
        resolutionId,
        name(resolutionId),
      ),
    );
  }
  const from = store.statusesById.get(issue.statusId);
  items.push(
    item('status', 'status', issue.statusId, from?.name ?? null, transition.toStatusId, to?.name ?? null),
  );
  issue.statusId = transition.toStatusId;
  if (resolutionId !== issue.resolutionId || !toDone) issue.resolutionDate = toDone ? now : null;
  issue.resolutionId = resolutionId;
  for (const change of plan) change.apply();
  recordHistory(store, issue, user, items, now);
  return noContent();
}

// ---------------------------------------------------------------- assignee

function assignIssue(ctx: RouteContext): RouteResult {
  const target = writableIssue(ctx);
  if (isRouteResult(target)) return target;
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
