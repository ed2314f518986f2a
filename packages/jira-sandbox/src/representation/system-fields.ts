// Every system field the sandbox models, with its id, names, schema,
// navigability and (rendered) value.
import type { SandboxCustomField, SandboxIssue } from '../model.ts';
import { wikiToHtml } from './adf.ts';
import { issueTypeJson, priorityJson, resolutionJson, statusJson } from './catalog.ts';
import { jiraDateTime } from './common.ts';
import { formatDuration } from './durations.ts';
import { commentsFieldJson, worklogsFieldJson } from './issue-sub-resources.ts';
import { apiUrl, type IssueView, type Json, richText, userRefJson } from './issue-view.ts';
import { projectRefJson } from './projects.ts';
import { issueLinkJson, issueRefJson, subtasksOf, visibleIssues } from './related-issues.ts';
import {
  aggregate,
  progressJson,
  renderedDateTime,
  renderedDay,
  securityLevelJson,
  statusCategoryChangeDate,
  timetrackingJson,
  versionsOf,
  watcherKeys,
} from './system-field-values.ts';

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

export const SYSTEM_FIELDS: readonly IssueFieldDef[] = [
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
    value: (i, v) => userRefJson(i.assigneeKey, v),
  },
  {
    id: 'reporter',
    name: 'Reporter',
    navigable: true,
    schema: { type: 'user' },
    value: (i, v) => userRefJson(i.reporterKey, v),
  },
  {
    id: 'creator',
    name: 'Creator',
    navigable: true,
    schema: { type: 'user' },
    value: (i, v) => userRefJson(i.creatorKey, v),
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
        const out: Json = { self: `${apiUrl(v)}/component/${c.id}`, id: c.id, name: c.name };
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
        self: `${apiUrl(v)}/issue/${i.key}/watchers`,
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
    value: (i, v) => ({ self: `${apiUrl(v)}/issue/${i.key}/votes`, votes: 0, hasVoted: false }),
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
