// Issues, read as the caller's own Jira user. An Issue's parent object is the
// issue bean Jira sent (id, key, fields, renderedFields), and every field says
// which Jira fields it needs (jiraNeeds), so the selection decides what Jira
// sends. `issue(key)` goes through a per-request DataLoader: every issue(key)
// of one GraphQL request (aliases, nested parents and linked issues that need
// more than Jira embedded) becomes one Jira request, a search `key in (...)`
// on Data Center, one bulkfetch on Cloud, asking for the union of the fields
// the selections need.
import { type GraphQLObjectType, type GraphQLResolveInfo, getNamedType } from 'graphql';
import { type FieldsByTypeName, parseResolveInfo, type ResolveTree } from 'graphql-parse-resolve-info';
import { requires } from '../auth/field-scopes.ts';
import type { GatewayContext } from '../context.ts';
import { fetchIssues, type IssueFieldPlan, MAX_BATCH, projectOfKey } from '../jira/issue-reads.ts';
import { type JiraJson, list, numOrNull, obj, objOrNull, str, strOrNull } from '../jira/json.ts';
import { builder } from './builder.ts';
import { gatewayError } from './errors.ts';
import { callJira } from './jira-call.ts';
import { issueNeeds, jiraNeeds } from './jira-needs.ts';
import { loaderFor } from './loaders.ts';
import { outsideRestriction, projectRestriction } from './project-restriction.ts';
import {
  ComponentRef,
  IssueRef,
  IssueTypeRef,
  PriorityRef,
  ProjectRef,
  ResolutionRef,
  StatusRef,
  VersionRef,
} from './refs.ts';
import { plainText, RichTextRef, type RichTextShape } from './rich-text.ts';
import { fromSelection } from './selection-memo.ts';
import { jiraDate } from './timestamps.ts';
import { jiraUser, UserRef } from './user.ts';

const read = requires('issues:read');

// ---------------------------------------------------------------- what to ask Jira for

function descend(trees: ResolveTree[], step: string): ResolveTree[] {
  return trees.flatMap((tree) =>
    Object.values(tree.fieldsByTypeName).flatMap((fields: FieldsByTypeName[string]) =>
      Object.values(fields).filter((child) => child.name === step),
    ),
  );
}

/**
 * renderedFields, when a rich-text field of the issue has `html` selected:
 * Jira renders every selected field then, so it is asked only when wanted.
 * (jiraNeeds declarations see a field's arguments, not its sub-selection.)
 */
function renderedNeeded(info: GraphQLResolveInfo, path: readonly string[]): boolean {
  const root = parseResolveInfo(info) as ResolveTree | null | undefined;
  if (!root) return false;
  let trees = [root];
  for (const step of path) trees = descend(trees, step);
  const defs = (info.schema.getType('Issue') as GraphQLObjectType | undefined)?.getFields() ?? {};
  return trees.some((tree) =>
    Object.values(tree.fieldsByTypeName.Issue ?? {}).some((child) => {
      const def = defs[child.name];
      if (!def || getNamedType(def.type).name !== RichTextRef.name) return false;
      return Object.values(child.fieldsByTypeName[RichTextRef.name] ?? {}).some((f) => f.name === 'html');
    }),
  );
}

function mergePlans(plans: readonly IssueFieldPlan[]): IssueFieldPlan {
  const fields = new Set<string>();
  const expand = new Set<string>();
  for (const p of plans) {
    for (const f of p.fields) fields.add(f);
    for (const e of p.expand) expand.add(e);
  }
  return { fields: [...fields].sort(), expand: [...expand].sort() };
}

/**
 * The Jira fields and expands the Issue selections under `paths` need (each
 * path leads from the current field to Issue objects: [] when the field
 * returns issues, ['edges', 'node'] and ['nodes'] for a connection).
 */
export function issuePlan(
  info: GraphQLResolveInfo,
  paths: readonly (readonly string[])[] = [[]],
): IssueFieldPlan {
  return fromSelection(info, `issuePlan:${paths.map((p) => p.join('.')).join('|')}`, () =>
    mergePlans(
      paths.map((path) => {
        const needs = issueNeeds(info, path);
        return renderedNeeded(info, path)
          ? mergePlans([needs, { fields: [], expand: ['renderedFields'] }])
          : needs;
      }),
    ),
  );
}

// ---------------------------------------------------------------- loading issues by key

interface IssueLoad {
  /** An issue key (upper case) or id. */
  ref: string;
  plan: IssueFieldPlan;
}

function planKey(plan: IssueFieldPlan): string {
  return `${plan.fields.join(',')}|${plan.expand.join(',')}`;
}

/**
 * Loads an issue by key or id through the request's batch: every load of one
 * tick becomes one Jira request with the union of the plans. Null when the
 * issue does not exist, the caller may not see it, or the token's project
 * restriction hides it.
 */
export function loadIssue(ctx: GatewayContext, ref: string, plan: IssueFieldPlan): Promise<JiraJson | null> {
  const loader = loaderFor<IssueLoad, JiraJson | null, string>(
    ctx,
    'issue-by-ref',
    async (loads) => {
      const union = mergePlans(loads.map((l) => l.plan));
      const found = await callJira(ctx, (jira) =>
        fetchIssues(
          jira,
          loads.map((l) => l.ref),
          union,
          { projects: projectRestriction(ctx) },
        ),
      );
      return loads.map((l) => found.get(l.ref) ?? null);
    },
    { maxBatchSize: MAX_BATCH, cacheKeyFn: (l) => `${l.ref}|${planKey(l.plan)}` },
  );
  return loader.load({ ref: ref.trim().toUpperCase(), plan });
}

/** What Jira embeds of an issue inside another (parent, subtasks, issue links). */
const EMBEDDED_FIELDS = new Set(['summary', 'status', 'priority', 'issuetype']);

/**
 * An issue Jira embedded in another: answered from the embedded form when the
 * selection needs nothing more, else loaded (batched with its siblings). Null
 * when the token's project restriction hides it.
 */
async function embeddedIssue(
  ctx: GatewayContext,
  info: GraphQLResolveInfo,
  raw: unknown,
): Promise<JiraJson | null> {
  const embedded = objOrNull(raw);
  if (!embedded) return null;
  const key = str(embedded.key);
  if (outsideRestriction(ctx, projectOfKey(key))) return null;
  const plan = issuePlan(info);
  if (plan.expand.length === 0 && plan.fields.every((f) => EMBEDDED_FIELDS.has(f))) return embedded;
  return (await loadIssue(ctx, key !== '' ? key : str(embedded.id), plan)) ?? null;
}

// ---------------------------------------------------------------- the small shared types

StatusRef.implement({
  description: 'A workflow status.',
  fields: (t) => ({
    id: t.id({ extensions: read, resolve: (s) => str(s.id) }),
    name: t.string({ extensions: read, resolve: (s) => str(s.name) }),
    description: t.string({
      nullable: true,
      extensions: read,
      resolve: (s) => strOrNull(s.description) || null,
    }),
    category: t.string({
      description: "The status category's key: new, indeterminate or done.",
      extensions: read,
      resolve: (s) => str(obj(s.statusCategory).key),
    }),
  }),
});

IssueTypeRef.implement({
  description: 'An issue type (Story, Bug, Task, Sub-task, ...).',
  fields: (t) => ({
    id: t.id({ extensions: read, resolve: (s) => str(s.id) }),
    name: t.string({ extensions: read, resolve: (s) => str(s.name) }),
    description: t.string({
      nullable: true,
      extensions: read,
      resolve: (s) => strOrNull(s.description) || null,
    }),
    subtask: t.boolean({ extensions: read, resolve: (s) => s.subtask === true }),
  }),
});

PriorityRef.implement({
  description: 'An issue priority.',
  fields: (t) => ({
    id: t.id({ extensions: read, resolve: (s) => str(s.id) }),
    name: t.string({ extensions: read, resolve: (s) => str(s.name) }),
  }),
});

ResolutionRef.implement({
  description: 'How an issue was resolved (Done, Fixed, Duplicate, ...).',
  fields: (t) => ({
    id: t.id({ extensions: read, resolve: (s) => str(s.id) }),
    name: t.string({ extensions: read, resolve: (s) => str(s.name) }),
    description: t.string({
      nullable: true,
      extensions: read,
      resolve: (s) => strOrNull(s.description) || null,
    }),
  }),
});

const worklogs = requires('worklogs:read');

const TimeTrackingRef = builder.objectRef<JiraJson>('TimeTracking').implement({
  description: "An issue's estimates and time spent, in seconds and in Jira's words (e.g. 1d 2h).",
  fields: (t) => {
    const seconds = (name: string) =>
      t.int({ nullable: true, extensions: worklogs, resolve: (tt) => numOrNull(tt[`${name}Seconds`]) });
    const words = (name: string) =>
      t.string({ nullable: true, extensions: worklogs, resolve: (tt) => strOrNull(tt[name]) });
    return {
      originalEstimate: words('originalEstimate'),
      originalEstimateSeconds: seconds('originalEstimate'),
      remainingEstimate: words('remainingEstimate'),
      remainingEstimateSeconds: seconds('remainingEstimate'),
      timeSpent: words('timeSpent'),
      timeSpentSeconds: seconds('timeSpent'),
    };
  },
});

const IssueLinkDirection = builder.enumType('IssueLinkDirection', {
  description:
    'Which end of the link this issue is: OUTWARD "blocks" the linked issue, INWARD "is blocked by" it.',
  values: { INWARD: { value: 'inward' }, OUTWARD: { value: 'outward' } } as const,
});

interface IssueLinkShape {
  id: string;
  type: JiraJson;
  direction: 'inward' | 'outward';
  /** The linked issue as Jira embedded it. */
  issue: JiraJson;
}

const IssueLinkRef = builder.objectRef<IssueLinkShape>('IssueLink').implement({
  description: 'A link from this issue to another.',
  fields: (t) => ({
    id: t.exposeID('id', { extensions: read }),
    type: t.string({
      description: "The link type's name, e.g. Blocks, Relates, Duplicate.",
      extensions: read,
      resolve: (l) => str(l.type.name),
    }),
    direction: t.field({ type: IssueLinkDirection, extensions: read, resolve: (l) => l.direction }),
    relationship: t.string({
      description: 'How this issue relates to the linked one, e.g. "blocks" or "is blocked by".',
      extensions: read,
      resolve: (l) => str(l.type[l.direction]),
    }),
    issue: t.field({
      type: IssueRef,
      description:
        'The linked issue: what Jira embeds (key, summary, status, priority, type) costs nothing more.',
      extensions: read,
      resolve: async (l, _args, ctx, info) => (await embeddedIssue(ctx, info, l.issue)) ?? l.issue,
    }),
  }),
});

// ---------------------------------------------------------------- Issue

const fieldsOf = (issue: JiraJson): JiraJson => obj(issue.fields);

/** A timestamp every issue has; its absence is Jira's fault, not the caller's (masked, logged). */
function requiredDate(issue: JiraJson, field: string): Date {
  const date = jiraDate(fieldsOf(issue)[field]);
  if (date === null) throw new Error(`Jira sent issue ${str(issue.key)} without a valid ${field} date`);
  return date;
}

/** Shorthand for a field that reads one Jira field. */
const needs = (...fields: string[]) => ({ ...read, ...jiraNeeds({ fields }) });

IssueRef.implement({
  description: "A Jira issue, as the caller's Jira user sees it.",
  fields: (t) => ({
    id: t.id({ extensions: read, resolve: (i) => str(i.id) }),
    key: t.string({ extensions: read, resolve: (i) => str(i.key) }),
    summary: t.string({ extensions: needs('summary'), resolve: (i) => str(fieldsOf(i).summary) }),
    description: t.string({
      nullable: true,
      description:
        'The description as plain text, on both flavours (descriptionRich has the raw form and HTML).',
      extensions: needs('description'),
      resolve: (i) => {
        const raw = fieldsOf(i).description;
        return raw === null || raw === undefined ? null : plainText(raw);
      },
    }),
    descriptionRich: t.field({
      type: RichTextRef,
      nullable: true,
      description:
        'Wiki markup on Data Center, Atlassian Document Format on Cloud; plain text and rendered HTML on both.',
      extensions: needs('description'),
      resolve: (i): RichTextShape | null => {
        const raw = fieldsOf(i).description;
        if (raw === null || raw === undefined) return null;
        return { raw, html: strOrNull(obj(i.renderedFields).description) };
      },
    }),
    status: t.field({
      type: StatusRef,
      extensions: needs('status'),
      resolve: (i) => obj(fieldsOf(i).status),
    }),
    issueType: t.field({
      type: IssueTypeRef,
      extensions: needs('issuetype'),
      resolve: (i) => obj(fieldsOf(i).issuetype),
    }),
    priority: t.field({
      type: PriorityRef,
      nullable: true,
      extensions: needs('priority'),
      resolve: (i) => objOrNull(fieldsOf(i).priority),
    }),
    resolution: t.field({
      type: ResolutionRef,
      nullable: true,
      description: 'Null while the issue is unresolved.',
      extensions: needs('resolution'),
      resolve: (i) => objOrNull(fieldsOf(i).resolution),
    }),
    assignee: t.field({
      type: UserRef,
      nullable: true,
      extensions: needs('assignee'),
      resolve: (i) => jiraUser(fieldsOf(i).assignee),
    }),
    reporter: t.field({
      type: UserRef,
      nullable: true,
      extensions: needs('reporter'),
      resolve: (i) => jiraUser(fieldsOf(i).reporter),
    }),
    creator: t.field({
      type: UserRef,
      nullable: true,
      extensions: needs('creator'),
      resolve: (i) => jiraUser(fieldsOf(i).creator),
    }),
    project: t.field({
      type: ProjectRef,
      description: 'The project as Jira embeds it in the issue (id, key, name); more needs projects:read.',
      extensions: needs('project'),
      resolve: (i) => obj(fieldsOf(i).project),
    }),
    created: t.field({
      type: 'DateTime',
      extensions: needs('created'),
      resolve: (i) => requiredDate(i, 'created'),
    }),
    updated: t.field({
      type: 'DateTime',
      extensions: needs('updated'),
      resolve: (i) => requiredDate(i, 'updated'),
    }),
    resolutionDate: t.field({
      type: 'DateTime',
      nullable: true,
      extensions: needs('resolutiondate'),
      resolve: (i) => jiraDate(fieldsOf(i).resolutiondate),
    }),
    dueDate: t.field({
      type: 'Date',
      nullable: true,
      extensions: needs('duedate'),
      resolve: (i) => {
        const due = strOrNull(fieldsOf(i).duedate);
        return due === null ? null : due.slice(0, 10);
      },
    }),
    labels: t.stringList({ extensions: needs('labels'), resolve: (i) => list(fieldsOf(i).labels).map(str) }),
    components: t.field({
      type: [ComponentRef],
      extensions: needs('components'),
      resolve: (i) => list(fieldsOf(i).components).map(obj),
    }),
    fixVersions: t.field({
      type: [VersionRef],
      extensions: needs('fixVersions'),
      resolve: (i) => list(fieldsOf(i).fixVersions).map(obj),
    }),
    timeTracking: t.field({
      type: TimeTrackingRef,
      nullable: true,
      description: 'Estimates and time spent (needs worklogs:read); every part is null when not set.',
      extensions: { ...worklogs, ...jiraNeeds({ fields: ['timetracking'] }) },
      resolve: (i) => obj(fieldsOf(i).timetracking),
    }),
    parent: t.field({
      type: IssueRef,
      nullable: true,
      description: "A sub-task's parent; null for other issues.",
      extensions: needs('parent'),
      resolve: (i, _args, ctx, info) => embeddedIssue(ctx, info, fieldsOf(i).parent),
    }),
    subtasks: t.field({
      type: [IssueRef],
      extensions: needs('subtasks'),
      resolve: async (i, _args, ctx, info) => {
        const found = await Promise.all(list(fieldsOf(i).subtasks).map((s) => embeddedIssue(ctx, info, s)));
        return found.filter((s): s is JiraJson => s !== null);
      },
    }),
    issueLinks: t.field({
      type: [IssueLinkRef],
      description: "Links to other issues the caller may see (the token's project restriction applies).",
      extensions: needs('issuelinks'),
      resolve: (i, _args, ctx) =>
        list(fieldsOf(i).issuelinks).flatMap((raw): IssueLinkShape[] => {
          const link = obj(raw);
          const outward = objOrNull(link.outwardIssue);
          const issue = outward ?? objOrNull(link.inwardIssue);
          if (!issue || outsideRestriction(ctx, projectOfKey(str(issue.key)))) return [];
          return [
            { id: str(link.id), type: obj(link.type), direction: outward ? 'outward' : 'inward', issue },
          ];
        }),
    }),
  }),
});

// ---------------------------------------------------------------- Query.issue

/** Issue keys (PROJ-123) and issue ids (10042). */
const ISSUE_REF = /^[A-Za-z][A-Za-z0-9_]*-\d+$|^\d+$/;

builder.queryField('issue', (t) =>
  t.field({
    type: IssueRef,
    nullable: true,
    description: 'An issue by key (or id). NOT_FOUND when it does not exist or the caller may not see it.',
    extensions: read,
    args: { key: t.arg.string({ required: true }) },
    resolve: async (_root, { key }, ctx, info) => {
      const trimmed = key.trim();
      if (!ISSUE_REF.test(trimmed)) {
        throw gatewayError('BAD_USER_INPUT', `'${key}' is not an issue key like PROJ-123.`);
      }
      const hidden = () =>
        gatewayError('NOT_FOUND', `Issue ${trimmed} does not exist or you may not see it.`);
      // Refused from the key alone, without asking Jira.
      if (outsideRestriction(ctx, projectOfKey(trimmed))) throw hidden();
      const issue = await loadIssue(ctx, trimmed, issuePlan(info));
      if (!issue) throw hidden();
      return issue;
    },
  }),
);
