// Issues as Jira serialises them (IssueBean): field selection (*all,
// *navigable, lists, -exclusions), every system field the sandbox models, the
// custom fields, and the expands (renderedFields, names, schema, transitions,
// changelog). Also the beans that live under an issue: comments, worklogs,
// transitions and change histories, shared with the issue sub-resources.
import type {
  Flavor,
  SandboxComment,
  SandboxCustomField,
  SandboxData,
  SandboxHistory,
  SandboxIssue,
  SandboxIssueLink,
  SandboxSprint,
  SandboxTransition,
  SandboxUser,
  SandboxVersion,
  SandboxWorklog,
} from '../model.ts';
import type { SandboxStore } from '../store.ts';
import { type AdfDoc, wikiToAdf, wikiToHtml } from './adf.ts';
import { issueTypeJson, priorityJson, resolutionJson, statusJson, versionJson } from './catalog.ts';
import { jiraDateTime } from './common.ts';
import { projectRefJson } from './projects.ts';
import { userJson } from './users.ts';

type Json = Record<string, unknown>;

/** What a representation depends on; a RouteContext is one. */
export interface IssueView {
  store: SandboxStore;
  flavor: Flavor;
  baseUrl: string;
  apiVersion: '2' | '3';
  user: SandboxUser | null;
}

function api(view: IssueView): string {
  return `${view.baseUrl}/rest/api/${view.apiVersion}`;
}

// ---------------------------------------------------------------- field selection

/** The `fields` default of a resource: GET issue *all, DC /search *navigable, Cloud /search/jql id. */
export type FieldDefault = '*all' | '*navigable' | 'id';

/** Jira's IncludedFields: `*all`, `*navigable`, explicit ids and `-id` exclusions. */
export class FieldSelection {
  constructor(
    private readonly all: boolean,
    private readonly navigable: boolean,
    private readonly included: ReadonlySet<string>,
    private readonly excluded: ReadonlySet<string>,
  ) {}

  has(field: { id: string; navigable: boolean }): boolean {
    if (this.excluded.has(field.id)) return false;
    return this.all || (this.navigable && field.navigable) || this.included.has(field.id);
  }

  /** Only `id` (and nothing else) was asked for: Cloud's /search/jql default. */
  get idOnly(): boolean {
    return !this.all && !this.navigable && [...this.included].every((f) => f === 'id');
  }

  /** Only identifiers were asked for, which lets Cloud serve its biggest pages. */
  get identifiersOnly(): boolean {
    return !this.all && !this.navigable && [...this.included].every((f) => f === 'id' || f === 'key');
  }
}

/** Parses `fields` tokens; with no positive token the resource default applies,
 *  so `-description` alone means "the default minus description". */
export function parseFieldSelection(
  tokens: readonly string[] | null | undefined,
  fallback: FieldDefault,
): FieldSelection {
  let all = false;
  let navigable = false;
  const included = new Set<string>();
  const excluded = new Set<string>();
  for (const raw of tokens ?? []) {
    const token = raw.trim();
    if (token === '*all') all = true;
    else if (token === '*navigable') navigable = true;
    else if (token.startsWith('-')) excluded.add(token.slice(1));
    else if (token !== '') included.add(token);
  }
  if (!all && !navigable && included.size === 0) {
    if (fallback === '*all') all = true;
    else if (fallback === '*navigable') navigable = true;
    else included.add('id');
  }
  return new FieldSelection(all, navigable, included, excluded);
}

/** `expand` as a comma-separated string or a list of such strings. */
export function parseExpand(value: unknown): Set<string> {
  const parts = Array.isArray(value) ? value : [value];
  return new Set(
    parts
      .filter((p): p is string => typeof p === 'string')
      .flatMap((p) => p.split(','))
      .map((p) => p.trim())
      .filter((p) => p !== ''),
  );
}

/** `fields` from a JSON body: a list of strings, or a comma-separated string. */
export function fieldTokens(value: unknown): string[] | null {
  if (typeof value === 'string') return value.split(',');
  if (Array.isArray(value))
    return value.filter((v): v is string => typeof v === 'string').flatMap((v) => v.split(','));
  return null;
}

// ---------------------------------------------------------------- durations

const MINUTE = 60;
const HOUR = 60 * MINUTE;
/** Jira's default time tracking: 8-hour days, 5-day weeks. */
const DAY = 8 * HOUR;
const WEEK = 5 * DAY;
const DURATION_UNITS: ReadonlyArray<[string, number]> = [
  ['w', WEEK],
  ['d', DAY],
  ['h', HOUR],
  ['m', MINUTE],
];

/** Seconds as Jira prints durations: "1w 2d 3h 30m", "0m" for zero. */
export function formatDuration(seconds: number): string {
  let left = Math.max(0, Math.round(seconds / MINUTE) * MINUTE);
  const parts: string[] = [];
  for (const [unit, size] of DURATION_UNITS) {
    const n = Math.floor(left / size);
    if (n > 0) parts.push(`${n}${unit}`);
    left -= n * size;
  }
  return parts.length > 0 ? parts.join(' ') : '0m';
}

/** "1h 30m", "2d", "1.5h" or a bare number of minutes; null when invalid. */
export function parseDuration(text: string): number | null {
  const trimmed = text.trim().toLowerCase();
  if (/^\d+(\.\d+)?$/.test(trimmed)) return Math.round(Number(trimmed) * MINUTE);
  if (!/^(\d+(\.\d+)?\s*[wdhm]\s*)+$/.test(trimmed)) return null;
  let seconds = 0;
  for (const m of trimmed.matchAll(/(\d+(?:\.\d+)?)\s*([wdhm])/g)) {
    const size = DURATION_UNITS.find(([unit]) => unit === m[2])?.[1] ?? 0;
    seconds += Number(m[1]) * size;
  }
  return Math.round(seconds);
}

// ---------------------------------------------------------------- shared pieces

/** Users embedded in issues are UserJsonBean (DC) / UserDetails (Cloud): no locale, no deleted flag. */
export function embeddedUserJson(user: SandboxUser, view: IssueView): Json {
  const { locale: _locale, deleted: _deleted, ...embedded } = userJson(user, view);
  return embedded;
}

function userRef(key: string | null, view: IssueView): Json | null {
  const user = key === null ? undefined : view.store.usersByKey.get(key);
  return user ? embeddedUserJson(user, view) : null;
}

/** Rich text as the API version speaks it: wiki on v2, ADF on Cloud's v3. */
export function richText(wiki: string | null, view: IssueView): string | AdfDoc | null {
  if (wiki === null) return null;
  return view.apiVersion === '3' ? wikiToAdf(wiki) : wiki;
}

function isoDateTime(ms: number | null): string | null {
  return ms === null ? null : new Date(ms).toISOString();
}

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** renderedFields dates, in Jira's default "dd/MMM/yy h:mm a" (UTC here). */
function renderedDateTime(ms: number | null): string | null {
  if (ms === null) return null;
  const d = new Date(ms);
  const hours = d.getUTCHours();
  const minutes = String(d.getUTCMinutes()).padStart(2, '0');
  return `${renderedDay(d)} ${hours % 12 === 0 ? 12 : hours % 12}:${minutes} ${hours < 12 ? 'AM' : 'PM'}`;
}

function renderedDay(d: Date): string {
  return `${String(d.getUTCDate()).padStart(2, '0')}/${MONTHS[d.getUTCMonth()]}/${String(d.getUTCFullYear()).slice(2)}`;
}

const subtaskIndexes = new WeakMap<SandboxData, { size: number; byParent: Map<string, SandboxIssue[]> }>();

/** Sub-tasks by parent id, rebuilt when issues are added (parents never change). */
export function subtasksOf(issue: SandboxIssue, store: SandboxStore): SandboxIssue[] {
  let index = subtaskIndexes.get(store.data);
  if (!index || index.size !== store.data.issues.length) {
    const byParent = new Map<string, SandboxIssue[]>();
    for (const i of store.data.issues) {
      if (i.parentId === null) continue;
      const siblings = byParent.get(i.parentId);
      if (siblings) siblings.push(i);
      else byParent.set(i.parentId, [i]);
    }
    index = { size: store.data.issues.length, byParent };
    subtaskIndexes.set(store.data, index);
  }
  return index.byParent.get(issue.id) ?? [];
}

/** The short issue form inside parent, subtasks and issuelinks. */
function issueRefJson(issue: SandboxIssue, view: IssueView): Json {
  const { store } = view;
  const status = store.statusesById.get(issue.statusId);
  const priority = store.prioritiesById.get(issue.priorityId);
  const type = store.issueTypesById.get(issue.issueTypeId);
  return {
    id: issue.id,
    key: issue.key,
    self: `${api(view)}/issue/${issue.id}`,
    fields: {
      summary: issue.summary,
      status: status ? statusJson(status, store, view) : null,
      priority: priority ? priorityJson(priority, view) : null,
      issuetype: type ? issueTypeJson(type, view) : null,
    },
  };
}

/** Jira's default link types; ids as a fresh Jira assigns them. */
const LINK_TYPES: Record<string, { id: string; inward: string; outward: string }> = {
  Blocks: { id: '10000', inward: 'is blocked by', outward: 'blocks' },
  Cloners: { id: '10001', inward: 'is cloned by', outward: 'clones' },
  Duplicate: { id: '10002', inward: 'is duplicated by', outward: 'duplicates' },
  Relates: { id: '10003', inward: 'relates to', outward: 'relates to' },
};

function issueLinkJson(link: SandboxIssueLink, other: SandboxIssue, view: IssueView): Json {
  const type = LINK_TYPES[link.typeName] ?? { id: '10003', inward: link.typeName, outward: link.typeName };
  return {
    id: link.id,
    self: `${api(view)}/issueLink/${link.id}`,
    type: {
      id: type.id,
      name: link.typeName,
      inward: type.inward,
      outward: type.outward,
      self: `${api(view)}/issueLinkType/${type.id}`,
    },
    [link.outward ? 'outwardIssue' : 'inwardIssue']: issueRefJson(other, view),
  };
}

/** The issues the caller may see; Jira hides sub-tasks and links the caller cannot browse. */
function visibleIssues(issues: SandboxIssue[], view: IssueView): SandboxIssue[] {
  return issues.filter((i) => view.store.canSeeIssue(view.user, i));
}

function versionRefJson(v: SandboxVersion, view: IssueView): Json {
  const full = versionJson(v, view, view.store.data.now);
  const out: Json = {};
  for (const key of ['self', 'id', 'description', 'name', 'archived', 'released', 'releaseDate']) {
    if (full[key] !== undefined) out[key] = full[key];
  }
  return out;
}

function securityLevelJson(id: string | null, view: IssueView): Json | null {
  const level = view.store.data.securityLevels.find((l) => l.id === id);
  if (!level) return null;
  return {
    self: `${api(view)}/securitylevel/${level.id}`,
    id: level.id,
    description: level.description,
    name: level.name,
  };
}

function timetrackingJson(issue: SandboxIssue): Json {
  const out: Json = {};
  const add = (name: string, seconds: number | null): void => {
    if (seconds === null) return;
    out[name] = formatDuration(seconds);
    out[`${name}Seconds`] = seconds;
  };
  add('originalEstimate', issue.timeOriginalEstimate);
  add('remainingEstimate', issue.timeEstimate);
  add('timeSpent', issue.timeSpent);
  return out;
}

/** Sum over the issue and its sub-tasks; null when none has a value. */
function aggregate(
  issue: SandboxIssue,
  view: IssueView,
  pick: (i: SandboxIssue) => number | null,
): number | null {
  let total: number | null = null;
  for (const i of [issue, ...subtasksOf(issue, view.store)]) {
    const v = pick(i);
    if (v !== null) total = (total ?? 0) + v;
  }
  return total;
}

function progressJson(spent: number | null, remaining: number | null): Json {
  const progress = spent ?? 0;
  const total = progress + (remaining ?? 0);
  return total > 0 ? { progress, total, percent: Math.floor((progress * 100) / total) } : { progress, total };
}

/** Jira auto-watches the creator and commenters; the sandbox derives watchers from that. */
function watcherKeys(issue: SandboxIssue): Set<string> {
  return new Set([issue.creatorKey, ...issue.comments.map((c) => c.authorKey)]);
}

// ---------------------------------------------------------------- sub-resource beans

export function commentJson(
  comment: SandboxComment,
  issue: SandboxIssue,
  view: IssueView,
  rendered = false,
): Json {
  const out: Json = {
    self: `${api(view)}/issue/${issue.id}/comment/${comment.id}`,
    id: comment.id,
    author: userRef(comment.authorKey, view),
    body: rendered ? wikiToHtml(comment.body) : richText(comment.body, view),
    updateAuthor: userRef(comment.updateAuthorKey, view),
    created: jiraDateTime(comment.created),
    updated: jiraDateTime(comment.updated),
  };
  if (view.flavor === 'cloud') out.jsdPublic = true;
  return out;
}

export function worklogJson(
  worklog: SandboxWorklog,
  issue: SandboxIssue,
  view: IssueView,
  rendered = false,
): Json {
  const out: Json = {
    self: `${api(view)}/issue/${issue.id}/worklog/${worklog.id}`,
    author: userRef(worklog.authorKey, view),
    updateAuthor: userRef(worklog.updateAuthorKey, view),
  };
  // v3 omits an empty worklog comment; v2 always carries the string.
  if (rendered) out.comment = wikiToHtml(worklog.comment);
  else if (view.apiVersion !== '3' || worklog.comment !== '') out.comment = richText(worklog.comment, view);
  Object.assign(out, {
    created: jiraDateTime(worklog.created),
    updated: jiraDateTime(worklog.updated),
    started: jiraDateTime(worklog.started),
    timeSpent: formatDuration(worklog.timeSpentSeconds),
    timeSpentSeconds: worklog.timeSpentSeconds,
    id: worklog.id,
    issueId: issue.id,
  });
  return out;
}

/** Transitions offered from the issue's current status (global ones from any). */
export function availableTransitions(issue: SandboxIssue, store: SandboxStore): SandboxTransition[] {
  return store.data.transitions.filter(
    (t) => t.fromStatusIds.length === 0 || t.fromStatusIds.includes(issue.statusId),
  );
}

export function transitionJson(transition: SandboxTransition, view: IssueView): Json {
  const to = view.store.statusesById.get(transition.toStatusId);
  return {
    id: transition.id,
    name: transition.name,
    to: to ? statusJson(to, view.store, view) : undefined,
    hasScreen: false,
    isGlobal: transition.fromStatusIds.length === 0,
    isInitial: false,
    isAvailable: true,
    isConditional: false,
    isLooped: false,
  };
}

/** User-valued change items carry user keys; Cloud shows accountIds instead. */
const USER_CHANGE_FIELDS = new Set(['assignee', 'reporter', 'creator']);

function historyJson(history: SandboxHistory, view: IssueView): Json {
  const userId = (key: string | null): string | null => {
    if (key === null || view.flavor !== 'cloud') return key;
    return view.store.usersByKey.get(key)?.accountId ?? key;
  };
  return {
    id: history.id,
    author: userRef(history.authorKey, view),
    created: jiraDateTime(history.created),
    items: history.items.map((item) => {
      const isUser = USER_CHANGE_FIELDS.has(item.fieldId ?? item.field);
      const out: Json = { field: item.field, fieldtype: item.fieldtype };
      // Data Center's ChangeItemBean has no fieldId; Cloud's ChangeDetails does.
      if (view.flavor === 'cloud') out.fieldId = item.fieldId ?? item.field;
      const values: Json = {
        from: isUser ? userId(item.from) : item.from,
        fromString: item.fromString,
        to: isUser ? userId(item.to) : item.to,
        toString: item.toString,
      };
      // Real Jira sends these as null when empty, but both documents type them
      // as non-nullable strings; absent satisfies the documents and clients alike.
      for (const [name, value] of Object.entries(values)) if (value !== null) out[name] = value;
      return out;
    }),
  };
}

export function changelogJson(issue: SandboxIssue, view: IssueView): Json {
  return {
    startAt: 0,
    maxResults: issue.changelog.length,
    total: issue.changelog.length,
    histories: issue.changelog.map((h) => historyJson(h, view)),
  };
}

// ---------------------------------------------------------------- custom fields

/** The legacy toString form Data Center still returns for the Sprint field. */
function legacySprintString(sprint: SandboxSprint): string {
  const date = (ms: number | null): string => (ms === null ? '<null>' : new Date(ms).toISOString());
  const hash = ((sprint.id * 2654435761) >>> 0).toString(16);
  return (
    `com.atlassian.greenhopper.service.sprint.Sprint@${hash}[id=${sprint.id},rapidViewId=${sprint.originBoardId},` +
    `state=${sprint.state.toUpperCase()},name=${sprint.name},startDate=${date(sprint.startDate)},` +
    `endDate=${date(sprint.endDate)},completeDate=${date(sprint.completeDate)},` +
    `activatedDate=${date(sprint.startDate)},sequence=${sprint.id},goal=${sprint.goal},synced=false,` +
    'autoStartStop=false,incompleteIssuesDestinationId=<null>]'
  );
}

function cloudSprintJson(sprint: SandboxSprint): Json {
  const out: Json = { id: sprint.id, name: sprint.name, state: sprint.state, boardId: sprint.originBoardId };
  out.goal = sprint.goal;
  if (sprint.startDate !== null) out.startDate = isoDateTime(sprint.startDate);
  if (sprint.endDate !== null) out.endDate = isoDateTime(sprint.endDate);
  if (sprint.completeDate !== null) out.completeDate = isoDateTime(sprint.completeDate);
  return out;
}

function customFieldValue(field: SandboxCustomField, issue: SandboxIssue, view: IssueView): unknown {
  const raw = issue.customFields[field.id] ?? null;
  if (raw === null) return null;
  switch (field.kind) {
    case 'storyPoints':
      return typeof raw === 'number' ? raw : Number(raw);
    case 'epicLink':
      return String(raw);
    case 'sprint': {
      const sprints = (Array.isArray(raw) ? raw : [raw]).flatMap((id) => {
        const sprint = view.store.sprintsById.get(Number(id));
        return sprint ? [sprint] : [];
      });
      if (sprints.length === 0) return null;
      return sprints.map((s) => (view.flavor === 'cloud' ? cloudSprintJson(s) : legacySprintString(s)));
    }
    case 'select': {
      const option = field.options?.find((o) => o.id === String(raw));
      if (!option) return null;
      const out: Json = {
        self: `${api(view)}/customFieldOption/${option.id}`,
        value: option.value,
        id: option.id,
      };
      if (view.flavor === 'datacenter') out.disabled = false;
      return out;
    }
    case 'multiUser': {
      const users = (Array.isArray(raw) ? raw : [raw]).flatMap((key) => userRef(String(key), view) ?? []);
      return users.length > 0 ? users : null;
    }
  }
}

// ---------------------------------------------------------------- the field catalogue

export interface IssueFieldDef {
  id: string;
  name: string;
  /** Cloud's label where it differs from Data Center's. */
  cloudName?: string;
  /** Navigable fields are the ones *navigable (the /search default) returns. */
  navigable: boolean;
  /** JsonTypeBean without `system`/`customId`, which are derived. */
  schema: { type: string; items?: string; custom?: string };
  custom?: SandboxCustomField;
  cloudOnly?: boolean;
  /** Only on issues where this holds (parent is only on sub-tasks). */
  present?: (issue: SandboxIssue) => boolean;
  value: (issue: SandboxIssue, view: IssueView) => unknown;
  rendered?: (issue: SandboxIssue, view: IssueView) => unknown;
}

function catalogRef<T>(
  id: string | null,
  map: ReadonlyMap<string, T>,
  toJson: (item: T) => Json,
): Json | null {
  const item = id === null ? undefined : map.get(id);
  return item === undefined ? null : toJson(item);
}

const datetime = (pick: (i: SandboxIssue) => number | null) => ({
  value: (i: SandboxIssue) => {
    const ms = pick(i);
    return ms === null ? null : jiraDateTime(ms);
  },
  rendered: (i: SandboxIssue) => renderedDateTime(pick(i)),
});

const seconds = (
  id: string,
  name: string,
  pick: (i: SandboxIssue, v: IssueView) => number | null,
): IssueFieldDef => ({
  id,
  name,
  navigable: true,
  schema: { type: 'number' },
  value: pick,
  rendered: (i, v) => {
    const s = pick(i, v);
    return s === null ? null : formatDuration(s);
  },
});

const SYSTEM_FIELDS: readonly IssueFieldDef[] = [
  { id: 'summary', name: 'Summary', navigable: true, schema: { type: 'string' }, value: (i) => i.summary },
  {
    id: 'issuetype',
    name: 'Issue Type',
    navigable: true,
    schema: { type: 'issuetype' },
    value: (i, v) => catalogRef(i.issueTypeId, v.store.issueTypesById, (t) => issueTypeJson(t, v)),
  },
  {
    id: 'parent',
    name: 'Parent',
    navigable: true,
    schema: { type: 'issuelink' },
    present: (i) => i.parentId !== null,
    value: (i, v) => {
      const parent = i.parentId === null ? undefined : v.store.issuesById.get(i.parentId);
      return parent ? issueRefJson(parent, v) : null;
    },
  },
  {
    id: 'project',
    name: 'Project',
    navigable: true,
    schema: { type: 'project' },
    value: (i, v) => catalogRef(i.projectId, v.store.projectsById, (p) => projectRefJson(p, v)),
  },
  {
    id: 'status',
    name: 'Status',
    navigable: true,
    schema: { type: 'status' },
    value: (i, v) => catalogRef(i.statusId, v.store.statusesById, (s) => statusJson(s, v.store, v)),
  },
  {
    id: 'statuscategorychangedate',
    name: 'Status Category Changed',
    navigable: true,
    cloudOnly: true,
    schema: { type: 'datetime' },
    ...datetime(statusCategoryChangeDate),
  },
  {
    id: 'priority',
    name: 'Priority',
    navigable: true,
    schema: { type: 'priority' },
    value: (i, v) => catalogRef(i.priorityId, v.store.prioritiesById, (p) => priorityJson(p, v)),
  },
  {
    id: 'resolution',
    name: 'Resolution',
    navigable: true,
    schema: { type: 'resolution' },
    value: (i, v) => catalogRef(i.resolutionId, v.store.resolutionsById, (r) => resolutionJson(r, v)),
  },
  {
    id: 'resolutiondate',
    name: 'Resolved',
    navigable: true,
    schema: { type: 'datetime' },
    ...datetime((i) => i.resolutionDate),
  },
  {
    id: 'assignee',
    name: 'Assignee',
    navigable: true,
    schema: { type: 'user' },
    value: (i, v) => userRef(i.assigneeKey, v),
  },
  {
    id: 'reporter',
    name: 'Reporter',
    navigable: true,
    schema: { type: 'user' },
    value: (i, v) => userRef(i.reporterKey, v),
  },
  {
    id: 'creator',
    name: 'Creator',
    navigable: true,
    schema: { type: 'user' },
    value: (i, v) => userRef(i.creatorKey, v),
  },
  {
    id: 'created',
    name: 'Created',
    navigable: true,
    schema: { type: 'datetime' },
    ...datetime((i) => i.created),
  },
  {
    id: 'updated',
    name: 'Updated',
    navigable: true,
    schema: { type: 'datetime' },
    ...datetime((i) => i.updated),
  },
  {
    id: 'duedate',
    name: 'Due Date',
    cloudName: 'Due date',
    navigable: true,
    schema: { type: 'date' },
    value: (i) => i.dueDate,
    rendered: (i) => (i.dueDate === null ? null : renderedDay(new Date(`${i.dueDate}T00:00:00Z`))),
  },
  {
    id: 'labels',
    name: 'Labels',
    navigable: true,
    schema: { type: 'array', items: 'string' },
    value: (i) => i.labels,
  },
  {
    id: 'components',
    name: 'Component/s',
    cloudName: 'Components',
    navigable: true,
    schema: { type: 'array', items: 'component' },
    value: (i, v) => {
      const project = v.store.projectsById.get(i.projectId);
      return i.componentIds.flatMap((id) => {
        const c = project?.components.find((x) => x.id === id);
        if (!c) return [];
        const out: Json = { self: `${api(v)}/component/${c.id}`, id: c.id, name: c.name };
        if (c.description !== '') out.description = c.description;
        return [out];
      });
    },
  },
  {
    id: 'fixVersions',
    name: 'Fix Version/s',
    cloudName: 'Fix versions',
    navigable: true,
    schema: { type: 'array', items: 'version' },
    value: (i, v) => versionsOf(i, i.fixVersionIds, v),
  },
  {
    id: 'versions',
    name: 'Affects Version/s',
    cloudName: 'Affects versions',
    navigable: true,
    schema: { type: 'array', items: 'version' },
    value: () => [],
  },
  {
    id: 'security',
    name: 'Security Level',
    navigable: true,
    schema: { type: 'securitylevel' },
    value: (i, v) => securityLevelJson(i.securityLevelId, v),
  },
  {
    id: 'description',
    name: 'Description',
    navigable: true,
    schema: { type: 'string' },
    value: (i, v) => richText(i.description, v),
    rendered: (i) => (i.description === null ? null : wikiToHtml(i.description)),
  },
  { id: 'environment', name: 'Environment', navigable: true, schema: { type: 'string' }, value: () => null },
  {
    id: 'subtasks',
    name: 'Sub-Tasks',
    cloudName: 'Sub-tasks',
    navigable: true,
    schema: { type: 'array', items: 'issuelinks' },
    value: (i, v) => visibleIssues(subtasksOf(i, v.store), v).map((s) => issueRefJson(s, v)),
  },
  {
    id: 'issuelinks',
    name: 'Linked Issues',
    navigable: true,
    schema: { type: 'array', items: 'issuelinks' },
    value: (i, v) =>
      i.links.flatMap((link) => {
        const other = v.store.issuesById.get(link.otherIssueId);
        return other && v.store.canSeeIssue(v.user, other) ? [issueLinkJson(link, other, v)] : [];
      }),
  },
  seconds('timeoriginalestimate', 'Original Estimate', (i) => i.timeOriginalEstimate),
  seconds('timeestimate', 'Remaining Estimate', (i) => i.timeEstimate),
  seconds('timespent', 'Time Spent', (i) => i.timeSpent),
  seconds('aggregatetimeoriginalestimate', 'Σ Original Estimate', (i, v) =>
    aggregate(i, v, (x) => x.timeOriginalEstimate),
  ),
  seconds('aggregatetimeestimate', 'Σ Remaining Estimate', (i, v) => aggregate(i, v, (x) => x.timeEstimate)),
  seconds('aggregatetimespent', 'Σ Time Spent', (i, v) => aggregate(i, v, (x) => x.timeSpent)),
  {
    id: 'workratio',
    name: 'Work Ratio',
    navigable: true,
    schema: { type: 'number' },
    value: (i) =>
      i.timeOriginalEstimate ? Math.floor(((i.timeSpent ?? 0) * 100) / i.timeOriginalEstimate) : -1,
  },
  {
    id: 'progress',
    name: 'Progress',
    navigable: true,
    schema: { type: 'progress' },
    value: (i) => progressJson(i.timeSpent, i.timeEstimate),
  },
  {
    id: 'aggregateprogress',
    name: 'Σ Progress',
    navigable: true,
    schema: { type: 'progress' },
    value: (i, v) =>
      progressJson(
        aggregate(i, v, (x) => x.timeSpent),
        aggregate(i, v, (x) => x.timeEstimate),
      ),
  },
  { id: 'lastViewed', name: 'Last Viewed', navigable: true, schema: { type: 'datetime' }, value: () => null },
  {
    id: 'watches',
    name: 'Watchers',
    navigable: true,
    schema: { type: 'watches' },
    value: (i, v) => {
      const watchers = watcherKeys(i);
      return {
        self: `${api(v)}/issue/${i.key}/watchers`,
        watchCount: watchers.size,
        isWatching: v.user !== null && watchers.has(v.user.key),
      };
    },
  },
  {
    id: 'votes',
    name: 'Votes',
    navigable: true,
    schema: { type: 'votes' },
    value: (i, v) => ({ self: `${api(v)}/issue/${i.key}/votes`, votes: 0, hasVoted: false }),
  },
  // Not navigable in Jira: *navigable (the /search default) leaves these out.
  {
    id: 'timetracking',
    name: 'Time tracking',
    navigable: false,
    schema: { type: 'timetracking' },
    value: timetrackingJson,
    rendered: timetrackingJson,
  },
  {
    id: 'comment',
    name: 'Comment',
    navigable: false,
    schema: { type: 'comments-page' },
    value: (i, v) => commentsFieldJson(i, v, false),
    rendered: (i, v) => commentsFieldJson(i, v, true),
  },
  {
    id: 'worklog',
    name: 'Log Work',
    navigable: false,
    schema: { type: 'array', items: 'worklog' },
    value: (i, v) => worklogsFieldJson(i, v, false),
    rendered: (i, v) => worklogsFieldJson(i, v, true),
  },
  {
    id: 'attachment',
    name: 'Attachment',
    navigable: false,
    schema: { type: 'array', items: 'attachment' },
    value: () => [],
  },
];

function versionsOf(issue: SandboxIssue, ids: string[], view: IssueView): Json[] {
  const project = view.store.projectsById.get(issue.projectId);
  return ids.flatMap((id) => {
    const version = project?.versions.find((x) => x.id === id);
    return version ? [versionRefJson(version, view)] : [];
  });
}

/** When the status category last changed: the latest status change into a new category. */
function statusCategoryChangeDate(issue: SandboxIssue): number {
  let at = issue.created;
  for (const history of issue.changelog) {
    if (history.items.some((item) => item.field === 'status')) at = history.created;
  }
  return at;
}

function commentsFieldJson(issue: SandboxIssue, view: IssueView, rendered: boolean): Json {
  const out: Json = {
    comments: issue.comments.map((c) => commentJson(c, issue, view, rendered)),
    maxResults: issue.comments.length,
    total: issue.comments.length,
    startAt: 0,
  };
  if (view.flavor === 'cloud') out.self = `${api(view)}/issue/${issue.id}/comment`;
  return out;
}

/** The worklog field carries the first 20 worklogs, as Jira's does. */
const ISSUE_WORKLOG_PAGE = 20;

function worklogsFieldJson(issue: SandboxIssue, view: IssueView, rendered: boolean): Json {
  return {
    startAt: 0,
    maxResults: ISSUE_WORKLOG_PAGE,
    total: issue.worklogs.length,
    worklogs: issue.worklogs.slice(0, ISSUE_WORKLOG_PAGE).map((w) => worklogJson(w, issue, view, rendered)),
  };
}

function customFieldDef(field: SandboxCustomField): IssueFieldDef {
  const schema: IssueFieldDef['schema'] = { type: field.schemaType, custom: field.schemaCustom };
  if (field.schemaItems) schema.items = field.schemaItems;
  return {
    id: field.id,
    name: field.name,
    navigable: true,
    schema,
    custom: field,
    value: (i, v) => customFieldValue(field, i, v),
  };
}

/** Every field an issue of this flavour has, system fields first. */
export function issueFields(view: Pick<IssueView, 'store' | 'flavor'>): IssueFieldDef[] {
  const system = SYSTEM_FIELDS.filter((f) => !f.cloudOnly || view.flavor === 'cloud');
  return [...system, ...view.store.data.customFields.map(customFieldDef)];
}

export function fieldName(field: IssueFieldDef, flavor: Flavor): string {
  return flavor === 'cloud' ? (field.cloudName ?? field.name) : field.name;
}

/** JsonTypeBean of a field. */
export function fieldSchemaJson(field: IssueFieldDef): Json {
  const out: Json = { type: field.schema.type };
  if (field.schema.items) out.items = field.schema.items;
  if (field.custom) {
    out.custom = field.schema.custom;
    out.customId = field.custom.numericId;
  } else out.system = field.id;
  return out;
}

/** The `names` expand: field id -> display name, for the selected fields. */
export function namesJson(selection: FieldSelection, view: IssueView): Record<string, string> {
  const out: Record<string, string> = {};
  for (const f of issueFields(view)) if (selection.has(f)) out[f.id] = fieldName(f, view.flavor);
  return out;
}

/** The `schema` expand: field id -> JsonTypeBean, for the selected fields. */
export function schemaJson(selection: FieldSelection, view: IssueView): Record<string, Json> {
  const out: Record<string, Json> = {};
  for (const f of issueFields(view)) if (selection.has(f)) out[f.id] = fieldSchemaJson(f);
  return out;
}

// ---------------------------------------------------------------- the issue bean

/** The `expand` attribute of an issue from GET issue, and from a search. */
export const ISSUE_EXPANDABLE =
  'renderedFields,names,schema,operations,editmeta,changelog,versionedRepresentations';
export const SEARCH_ISSUE_EXPANDABLE =
  'operations,versionedRepresentations,editmeta,changelog,renderedFields';

export interface IssueJsonOptions {
  fields: FieldSelection;
  expand: ReadonlySet<string>;
  /** The issue's own `expand` attribute (what could still be expanded). */
  expandable: string;
  /** Whether names/schema expands go on the issue (GET issue, bulkfetch) or on
   *  the enclosing search result. */
  namesOnIssue: boolean;
}

export function issueJson(issue: SandboxIssue, view: IssueView, options: IssueJsonOptions): Json {
  const selected = issueFields(view).filter((f) => options.fields.has(f) && (!f.present || f.present(issue)));
  const fields: Json = {};
  for (const f of selected) fields[f.id] = f.value(issue, view);
  const out: Json = {
    expand: options.expandable,
    id: issue.id,
    self: `${api(view)}/issue/${issue.id}`,
    key: issue.key,
    fields,
  };
  const { expand } = options;
  if (expand.has('renderedFields')) {
    const rendered: Json = {};
    for (const f of selected) rendered[f.id] = f.rendered ? f.rendered(issue, view) : null;
    out.renderedFields = rendered;
  }
  if (options.namesOnIssue && expand.has('names')) out.names = namesJson(options.fields, view);
  if (options.namesOnIssue && expand.has('schema')) out.schema = schemaJson(options.fields, view);
  if (expand.has('transitions')) {
    out.transitions = availableTransitions(issue, view.store).map((t) => transitionJson(t, view));
  }
  if (expand.has('changelog')) out.changelog = changelogJson(issue, view);
  return out;
}
