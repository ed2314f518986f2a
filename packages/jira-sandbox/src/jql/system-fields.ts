// Jira's system fields in JQL: project, key, status, people, dates, text,
// components, versions and parent; projects, components and versions the
// caller cannot browse do not resolve, as in Jira.

import { visibleComments } from '../comment-visibility.ts';
import type { SandboxIssue } from '../model.ts';
import {
  byIdOrName,
  dateField,
  epicIds,
  keyNumber,
  keySortValue,
  pick,
  resolveIssue,
  userField,
} from './common-fields.ts';
import { dueDateMillis } from './dates.ts';
import {
  type Atom,
  atoms,
  EMPTINESS,
  EQUALITY,
  type FieldDef,
  LIKE,
  lower,
  minOf,
  missingValue,
  ops,
  RELATIONAL,
  textField,
  valueField,
} from './field-def.ts';
import type { JqlContext } from './types.ts';

/** The system field of a lower-cased name; null when there is none. */
export function systemField(name: string, shown: string, ctx: JqlContext): FieldDef | null {
  const { store } = ctx;
  const data = store.data;
  // A comment restricted to a role or group the caller is not in is not searched, as in Jira.
  const commentBodies = (issue: SandboxIssue): string[] =>
    visibleComments(store, ctx.user, issue).map((c) => c.body);
  switch (name) {
    case 'project': {
      // A project the caller cannot browse does not exist as far as JQL says.
      const visible = store.visibleProjects(ctx.user);
      return valueField({
        operators: ops(EQUALITY, EMPTINESS),
        values: (issue) => [issue.projectId],
        resolve: (operand) => {
          const found = pick(
            operand,
            (id) => visible.filter((p) => p.id === id),
            (l) => visible.filter((p) => p.key.toLowerCase() === l || p.name.toLowerCase() === l),
          );
          return found.length > 0 ? atoms(found.map((p) => p.id)) : missingValue(operand.value, shown);
        },
        sortKey: (issue) => lower(store.projectsById.get(issue.projectId)?.name ?? ''),
      });
    }
    case 'key':
    case 'issuekey':
    case 'issue':
    case 'id':
      return valueField({
        operators: ops(EQUALITY, RELATIONAL),
        values: (issue) => [issue.id],
        resolve: (operand) => resolveIssue(operand, shown, ctx),
        // Key ranges stay within the operand's project, as in Jira.
        compare: (a, b) => {
          const x = store.issuesById.get(String(a));
          const y = store.issuesById.get(String(b));
          if (!x || !y || x.projectId !== y.projectId) return null;
          return keyNumber(x.key) - keyNumber(y.key);
        },
        sortKey: name === 'id' ? (issue) => Number(issue.id) : (issue) => keySortValue(issue.key),
      });
    case 'status':
      return valueField({
        operators: ops(EQUALITY, EMPTINESS),
        values: (issue) => [issue.statusId],
        resolve: (operand) => byIdOrName(data.statuses, operand, shown),
        sortKey: (issue) => data.statuses.findIndex((s) => s.id === issue.statusId),
      });
    case 'statuscategory': {
      const order = ['new', 'indeterminate', 'done'];
      return valueField({
        operators: ops(EQUALITY, EMPTINESS),
        values: (issue) => {
          const status = store.statusesById.get(issue.statusId);
          return status ? [status.categoryKey] : [];
        },
        resolve: (operand) => {
          const found = pick(
            operand,
            (id) => data.statusCategories.filter((c) => String(c.id) === id),
            (l) => data.statusCategories.filter((c) => c.name.toLowerCase() === l || c.key === l),
          );
          return found.length > 0 ? atoms(found.map((c) => c.key)) : missingValue(operand.value, shown);
        },
        sortKey: (issue) => order.indexOf(store.statusesById.get(issue.statusId)?.categoryKey ?? ''),
      });
    }
    case 'assignee':
      return userField(shown, ctx, (issue) => (issue.assigneeKey ? [issue.assigneeKey] : []));
    case 'reporter':
      return userField(shown, ctx, (issue) => [issue.reporterKey]);
    case 'creator':
      return userField(shown, ctx, (issue) => [issue.creatorKey]);
    case 'issuetype':
    case 'type':
      return valueField({
        operators: ops(EQUALITY, EMPTINESS),
        values: (issue) => [issue.issueTypeId],
        resolve: (operand) => byIdOrName(data.issueTypes, operand, shown),
        functionKind: 'issuetype',
        sortKey: (issue) => data.issueTypes.findIndex((t) => t.id === issue.issueTypeId),
      });
    case 'priority': {
      // Priorities are listed highest first; a higher priority compares greater.
      const rank = (id: Atom): number =>
        data.priorities.length - data.priorities.findIndex((p) => p.id === id);
      return valueField({
        operators: ops(EQUALITY, EMPTINESS, RELATIONAL),
        values: (issue) => [issue.priorityId],
        resolve: (operand) => byIdOrName(data.priorities, operand, shown),
        compare: (a, b) => rank(a) - rank(b),
        sortKey: (issue) => rank(issue.priorityId),
        defaultDirection: 'desc',
      });
    }
    case 'labels':
      return valueField({
        operators: ops(EQUALITY, EMPTINESS),
        values: (issue) => issue.labels.map(lower),
        // Any label may be searched for; labels match case-insensitively.
        resolve: (operand) => atoms([lower(operand.value)]),
        sortKey: (issue) => minOf(issue.labels.map(lower)),
      });
    case 'resolution':
      return valueField({
        operators: ops(EQUALITY, EMPTINESS),
        values: (issue) => (issue.resolutionId ? [issue.resolutionId] : []),
        resolve: (operand) => {
          const found = byIdOrName(data.resolutions, operand, shown);
          if (found.kind === 'missing' && operand.value.toLowerCase() === 'unresolved')
            return { kind: 'empty' };
          return found;
        },
        sortKey: (issue) =>
          issue.resolutionId ? data.resolutions.findIndex((r) => r.id === issue.resolutionId) : null,
      });
    case 'created':
    case 'createddate':
      return dateField(shown, ctx, (issue) => issue.created, 'desc');
    case 'updated':
    case 'updateddate':
      return dateField(shown, ctx, (issue) => issue.updated, 'desc');
    case 'resolved':
    case 'resolutiondate':
      return dateField(shown, ctx, (issue) => issue.resolutionDate, 'desc');
    case 'due':
    case 'duedate':
      return dateField(shown, ctx, (issue) => dueDateMillis(issue.dueDate), 'asc');
    case 'summary':
      return textField(
        ops(LIKE),
        (issue) => [issue.summary],
        (issue) => lower(issue.summary),
      );
    case 'description':
      return textField(ops(LIKE, EMPTINESS), (issue) => (issue.description ? [issue.description] : []), null);
    case 'comment':
      return textField(ops(LIKE), (issue) => commentBodies(issue), null);
    case 'text':
      return textField(
        ops(['~']),
        (issue) => [
          issue.summary,
          ...(issue.description ? [issue.description] : []),
          ...commentBodies(issue),
        ],
        null,
      );
    case 'component': {
      const components = store.visibleProjects(ctx.user).flatMap((p) => p.components);
      return valueField({
        operators: ops(EQUALITY, EMPTINESS),
        values: (issue) => issue.componentIds,
        resolve: (operand) => byIdOrName(components, operand, shown),
        sortKey: (issue) =>
          minOf(issue.componentIds.map((id) => lower(components.find((c) => c.id === id)?.name ?? id))),
      });
    }
    case 'fixversion': {
      const projects = store.visibleProjects(ctx.user);
      const versions = projects.flatMap((p) => p.versions);
      // Versions sort by their sequence within the project.
      const sequence = (id: string): number | null => {
        for (const p of data.projects) {
          const i = p.versions.findIndex((v) => v.id === id);
          if (i >= 0) return i;
        }
        return null;
      };
      return valueField({
        operators: ops(EQUALITY, EMPTINESS),
        values: (issue) => issue.fixVersionIds,
        resolve: (operand) => byIdOrName(versions, operand, shown),
        sortKey: (issue) => minOf(issue.fixVersionIds.map(sequence)),
      });
    }
    case 'parent': {
      const epicLink = data.customFields.find((f) => f.kind === 'epicLink');
      return valueField({
        operators: ops(EQUALITY),
        values: (issue) => {
          if (issue.parentId) return [issue.parentId];
          // Cloud models an epic's children as its child issues (parent = EPIC-1).
          if (ctx.flavor === 'cloud' && epicLink) return epicIds(issue, epicLink, ctx);
          return [];
        },
        resolve: (operand) => resolveIssue(operand, shown, ctx),
        sortKey: null,
      });
    }
    default:
      return null;
  }
}
