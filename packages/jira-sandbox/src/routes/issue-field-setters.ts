// The setters of an issue's system fields, for edits (PUT /issue), the fields
// POST /issue does not read itself, and a transition's comment: each validates
// the operations asked of one field and answers the change, with its history
// items, without applying it. Custom fields have theirs in
// custom-field-setters.ts; issue-update.ts plans and applies an edit with them.
import { asObject, isRouteResult, type RouteContext } from '../http.ts';
import type { CommentVisibility, SandboxChangeItem, SandboxIssue, SandboxUser } from '../model.ts';
import { hasIssuePermission } from '../permission-scheme.ts';
import type { SandboxStore } from '../store.ts';
import { addCommentRecord } from './issue-comments.ts';
import { changeItem, writeClock } from './issue-history.ts';
import { commentBodyInput, richTextInput } from './rich-text-input.ts';
import { visibilityInput } from './visibility-input.ts';

/** The error for a field an edit may not set: Jira's screens decide, and unknown ids fail alike. */
export function cannotBeSet(field: string): string {
  return `Field '${field}' cannot be set. It is not on the appropriate screen, or unknown.`;
}

// ---------------------------------------------------------------- user references

/** The user a body names: {name} (or key) on Data Center, {accountId} on Cloud.
 *  `undefined` when the reference names nobody in particular (null / absent). */
export function userRefInput(
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
  return user?.active === true && hasIssuePermission(store, user, issue, 'ASSIGNABLE_USER');
}

/** Assignee change for `value` ({name}/{accountId}, null, or "-1" for automatic). */
export function assigneeChange(ctx: RouteContext, issue: SandboxIssue, value: unknown): FieldOutcome {
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
      changeItem(
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
export interface FieldChange {
  apply: () => void;
  items: SandboxChangeItem[];
}

/** A change, a validation error, or null when the value is unchanged. */
export type FieldOutcome = FieldChange | { error: string } | null;

/** One operation of an IssueUpdateBean: `fields` are `set`s; `update` may add,
 *  remove or set (anything else is refused per field). */
export interface FieldOperation {
  op: string;
  value: unknown;
}

export type FieldSetter = (ctx: RouteContext, issue: SandboxIssue, ops: FieldOperation[]) => FieldOutcome;

/** The value of the last `set`, or an error when other operations were asked. */
function singleSet(field: string, ops: FieldOperation[]): { value: unknown } | { error: string } {
  const set = ops.filter((o) => o.op === 'set');
  if (set.length !== ops.length || set.length === 0) return { error: cannotBeSet(field) };
  return { value: set[set.length - 1]?.value };
}

/** A setter for a single-valued field from a function of the new value. */
export function scalar(
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
  return { apply, items: [changeItem(field, field, null, from, null, to, fieldtype)] };
}

export const MAX_SUMMARY = 255;

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
export function catalogRef<T extends { id: string; name: string }>(
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
      changeItem(
        'priority',
        'priority',
        issue.priorityId,
        previous?.name ?? null,
        priority.id,
        priority.name,
      ),
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
    items: [changeItem('duedate', 'duedate', issue.dueDate, issue.dueDate, next, next)],
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
    items: [changeItem('labels', 'labels', null, issue.labels.join(' '), null, sorted.join(' '))],
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
        changeItem(
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
      changeItem(
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

/** `update: {comment: [{add: {body, visibility?}}]}`, allowed on edit and on transitions. */
function commentSetter(ctx: RouteContext, issue: SandboxIssue, ops: FieldOperation[]): FieldOutcome {
  const added: { body: string; visibility: CommentVisibility | null }[] = [];
  for (const { op, value } of ops) {
    if (op !== 'add') return { error: cannotBeSet('comment') };
    const body = commentBodyInput(ctx, asObject(value)?.body);
    if (isRouteResult(body)) return { error: 'Comment body can not be empty!' };
    // A restriction is checked as POST .../comment checks it, never dropped.
    const visibility = visibilityInput(ctx, issue, asObject(value)?.visibility);
    if (visibility && 'error' in visibility) return visibility;
    added.push({ body, visibility });
  }
  const user = ctx.user;
  if (!user) return { error: cannotBeSet('comment') };
  return {
    apply: () => {
      for (const { body, visibility } of added) {
        addCommentRecord(ctx.store, issue, user, body, visibility, writeClock(ctx.store));
      }
    },
    items: [],
  };
}

export const SYSTEM_SETTERS: Record<string, FieldSetter> = {
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
