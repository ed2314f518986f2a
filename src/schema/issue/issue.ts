// Issues, read as the caller's own Jira user. An Issue's parent object is the
// issue bean Jira sent (id, key, fields, renderedFields), and every field says
// which Jira fields it needs (jiraNeeds), so the selection decides what Jira
// sends (selection-plan.ts). `issue(key)` goes through the request's issue
// batch (loader.ts).
import { requires } from '../../auth/field-scopes.ts';
import { gatewayError } from '../../errors.ts';
import { projectOfKey } from '../../jira/issue-reads.ts';
import { type JiraJson, list, obj, objOrNull, str, strOrNull } from '../../jira/json.ts';
import { builder } from '../builder.ts';
import { outsideRestriction } from '../project-restriction.ts';
import {
  ComponentRef,
  IssueRef,
  IssueTypeRef,
  PriorityRef,
  ProjectRef,
  ResolutionRef,
  StatusRef,
  VersionRef,
} from '../refs.ts';
import { plainText, RichTextRef, type RichTextShape } from '../rich-text.ts';
import { jiraDate } from '../timestamps.ts';
import { jiraUser, UserRef } from '../user.ts';
import { IssueLinkRef, TimeTrackingRef, visibleLinks, worklogsRead } from './field-types.ts';
import { embeddedIssue, loadIssue } from './loader.ts';
import { issuePlan, jiraNeeds } from './selection-plan.ts';

const read = requires('issues:read');

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
  fields: (t) => {
    /** A user field Jira embeds (assignee, reporter, creator). */
    const user = (field: string) =>
      t.field({
        type: UserRef,
        nullable: true,
        extensions: needs(field),
        resolve: (i) => jiraUser(fieldsOf(i)[field]),
      });
    return {
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
      assignee: user('assignee'),
      reporter: user('reporter'),
      creator: user('creator'),
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
      labels: t.stringList({
        extensions: needs('labels'),
        resolve: (i) => list(fieldsOf(i).labels).map(str),
      }),
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
        extensions: { ...worklogsRead, ...jiraNeeds({ fields: ['timetracking'] }) },
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
        resolve: (i, _args, ctx) => visibleLinks(ctx, list(fieldsOf(i).issuelinks)),
      }),
    };
  },
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
