// The JQL fields the sandbox searches and sorts by: for each, the operators
// Jira's clause supports, the issue's values, how a literal resolves to those
// values (honouring what the caller may see), and the ORDER BY key.
import type { SandboxCustomField, SandboxIssue, SandboxUser } from '../model.ts';
import { dueDateMillis, parseDateValue } from './dates.ts';
import { DATE_FORMATS } from './errors.ts';
import type { FunctionKind } from './functions.ts';
import type { FieldRef, Operator, ValueOperand } from './parser.ts';
import type { JqlContext } from './types.ts';

/** A comparable value of a field: an id, a user key, epoch ms, a number or a folded label. */
export type Atom = string | number;

/** ORDER BY key; null (no value) sorts after every value in ascending order. */
export type SortValue = string | number | null;

export type Resolution =
  | { kind: 'atoms'; atoms: Atom[] }
  /** The literal means "no value" (resolution = Unresolved). */
  | { kind: 'empty' }
  /** The value does not exist (or is hidden): a warning when validateQuery=false. */
  | { kind: 'missing'; message: string }
  | { kind: 'error'; message: string };

interface FieldCommon {
  operators: ReadonlySet<Operator>;
  /** null: the field exists but cannot be sorted by. */
  sortKey: ((issue: SandboxIssue) => SortValue) | null;
  /** Direction when ORDER BY names none (Jira's per-field default). */
  defaultDirection: 'asc' | 'desc';
  /** false for sort-only fields such as Rank. */
  searchable: boolean;
}

export interface ValueField extends FieldCommon {
  type: 'value';
  /** The issue's values; empty means the field is EMPTY. */
  values(issue: SandboxIssue): Atom[];
  resolve(operand: ValueOperand): Resolution;
  /** Kind of function whose values this field accepts. */
  functionKind: FunctionKind | null;
  /** Orders an issue value against an operand value for < <= > >=; null means "not comparable". */
  compare: ((issueValue: Atom, operandValue: Atom) => number | null) | null;
}

export interface TextField extends FieldCommon {
  type: 'text';
  /** Separately searched documents (each comment is its own document). */
  documents(issue: SandboxIssue): string[];
  isEmpty(issue: SandboxIssue): boolean;
}

export type FieldDef = ValueField | TextField;

const EQUALITY: Operator[] = ['=', '!=', 'in', 'not in'];
const EMPTINESS: Operator[] = ['is', 'is not'];
const RELATIONAL: Operator[] = ['<', '<=', '>', '>='];
const LIKE: Operator[] = ['~', '!~'];
const ops = (...groups: Operator[][]): ReadonlySet<Operator> => new Set(groups.flat());

const atoms = (values: Atom[]): Resolution => ({ kind: 'atoms', atoms: values });

const missingValue = (value: string, field: string): Resolution => ({
  kind: 'missing',
  message: `The value '${value}' does not exist for the field '${field}'.`,
});

const numeric = (a: Atom, b: Atom): number | null =>
  typeof a === 'number' && typeof b === 'number' ? a - b : null;

/**
 * Jira's lookup order: an unquoted number is an id first and a name second;
 * anything else is a name first and, when it looks like a number, an id.
 */
function pick<T>(operand: ValueOperand, byId: (id: string) => T[], byName: (lower: string) => T[]): T[] {
  const v = operand.value.trim();
  const isNumber = /^\d+$/.test(v);
  if (isNumber && !operand.quoted) {
    const found = byId(v);
    return found.length > 0 ? found : byName(v.toLowerCase());
  }
  const found = byName(v.toLowerCase());
  return found.length > 0 || !isNumber ? found : byId(v);
}

function byIdOrName<T extends { id: string; name: string }>(
  items: readonly T[],
  operand: ValueOperand,
  field: string,
): Resolution {
  const found = pick(
    operand,
    (id) => items.filter((i) => i.id === id),
    (lower) => items.filter((i) => i.name.toLowerCase() === lower),
  );
  return found.length > 0 ? atoms(found.map((f) => f.id)) : missingValue(operand.value, field);
}

const lower = (s: string): string => s.toLowerCase();

function minOf(values: SortValue[]): SortValue {
  let best: SortValue = null;
  for (const v of values) if (v !== null && (best === null || v < best)) best = v;
  return best;
}

const keyNumber = (key: string): number => Number(key.slice(key.lastIndexOf('-') + 1));

/** Issue keys sort by project key, then number. */
const keySortValue = (key: string): string =>
  `${key.slice(0, key.lastIndexOf('-'))}-${String(keyNumber(key)).padStart(15, '0')}`;

const ISSUE_KEY = /^[A-Za-z][A-Za-z0-9_]*-\d+$/;

function customValues(issue: SandboxIssue, cf: SandboxCustomField): string[] {
  const raw = issue.customFields[cf.id];
  if (raw === null || raw === undefined) return [];
  if (Array.isArray(raw)) return raw.map(String);
  return [String(raw)];
}

/** Resolves a field name (as written, or cf[n]) to its definition; null when unknown. */
export function lookupField(ref: FieldRef, ctx: JqlContext): FieldDef | null {
  const { store } = ctx;
  if (ref.cfId !== null) {
    const cf = store.customFieldsById.get(`customfield_${ref.cfId}`);
    return cf ? customField(cf, ref.name, ctx) : null;
  }
  const system = systemField(ref.name.toLowerCase(), ref.name, ctx);
  if (system) return system;
  const cf = store.data.customFields.find((f) => f.name.toLowerCase() === ref.name.toLowerCase());
  if (cf) return customField(cf, ref.name, ctx);
  if (ref.name.toLowerCase() === 'rank') {
    // Rank orders boards; the model has no rank, so creation order stands in.
    return {
      type: 'value',
      operators: ops(),
      values: () => [],
      resolve: (operand) => missingValue(operand.value, ref.name),
      functionKind: null,
      compare: null,
      sortKey: (issue) => Number(issue.id),
      defaultDirection: 'asc',
      searchable: false,
    };
  }
  return null;
}

function systemField(name: string, shown: string, ctx: JqlContext): FieldDef | null {
  const { store } = ctx;
  const data = store.data;
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
      return textField(ops(LIKE), (issue) => issue.comments.map((c) => c.body), null);
    case 'text':
      return textField(
        ops(['~']),
        (issue) => [
          issue.summary,
          ...(issue.description ? [issue.description] : []),
          ...issue.comments.map((c) => c.body),
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

interface ValueFieldSpec {
  operators: ReadonlySet<Operator>;
  values(issue: SandboxIssue): Atom[];
  resolve(operand: ValueOperand): Resolution;
  functionKind?: FunctionKind;
  compare?: (a: Atom, b: Atom) => number | null;
  sortKey: ((issue: SandboxIssue) => SortValue) | null;
  defaultDirection?: 'asc' | 'desc';
}

function valueField(spec: ValueFieldSpec): ValueField {
  return {
    type: 'value',
    operators: spec.operators,
    values: spec.values,
    resolve: spec.resolve,
    functionKind: spec.functionKind ?? null,
    compare: spec.compare ?? null,
    sortKey: spec.sortKey,
    defaultDirection: spec.defaultDirection ?? 'asc',
    searchable: true,
  };
}

function textField(
  operators: ReadonlySet<Operator>,
  documents: (issue: SandboxIssue) => string[],
  sortKey: ((issue: SandboxIssue) => SortValue) | null,
): TextField {
  return {
    type: 'text',
    operators,
    documents,
    isEmpty: (issue) => documents(issue).every((d) => d.trim() === ''),
    sortKey,
    defaultDirection: 'asc',
    searchable: true,
  };
}

function dateField(
  shown: string,
  ctx: JqlContext,
  value: (issue: SandboxIssue) => number | null,
  defaultDirection: 'asc' | 'desc',
): ValueField {
  return valueField({
    operators: ops(EQUALITY, EMPTINESS, RELATIONAL),
    values: (issue) => {
      const v = value(issue);
      return v === null ? [] : [v];
    },
    resolve: (operand) => {
      const ms = parseDateValue(operand.value, ctx.now);
      if (ms === null) {
        return {
          kind: 'error',
          message: `Date value '${operand.value}' for field '${shown}' is invalid. ${DATE_FORMATS}`,
        };
      }
      return atoms([ms]);
    },
    functionKind: 'date',
    compare: numeric,
    sortKey: value,
    defaultDirection,
  });
}

/** Data Center knows users by username or key; Cloud by accountId. Both by email. */
function findUsers(value: string, ctx: JqlContext): SandboxUser[] {
  const l = value.toLowerCase();
  return ctx.store.data.users.filter((u) =>
    ctx.flavor === 'cloud'
      ? u.accountId === value || u.emailAddress.toLowerCase() === l
      : u.name.toLowerCase() === l || u.key === value || u.emailAddress.toLowerCase() === l,
  );
}

function userField(shown: string, ctx: JqlContext, values: (issue: SandboxIssue) => string[]): ValueField {
  const displayName = (key: string): string => lower(ctx.store.usersByKey.get(key)?.displayName ?? key);
  return valueField({
    operators: ops(EQUALITY, EMPTINESS),
    values,
    resolve: (operand) => {
      const users = findUsers(operand.value, ctx);
      return users.length > 0 ? atoms(users.map((u) => u.key)) : missingValue(operand.value, shown);
    },
    functionKind: 'user',
    sortKey: (issue) => {
      const first = values(issue)[0];
      return first === undefined ? null : displayName(first);
    },
  });
}

/** An issue key or id the caller can see, in Jira's key wording. */
function resolveIssue(operand: ValueOperand, shown: string, ctx: JqlContext): Resolution {
  const v = operand.value.trim();
  let issue: SandboxIssue | undefined;
  if (/^\d+$/.test(v)) issue = ctx.store.issuesById.get(v);
  else if (ISSUE_KEY.test(v)) issue = ctx.store.issuesByKey.get(v.toUpperCase());
  else return { kind: 'error', message: `The issue key '${operand.value}' for field '${shown}' is invalid.` };
  if (!issue || !ctx.store.canSeeIssue(ctx.user, issue)) {
    return {
      kind: 'missing',
      message: `An issue with key '${operand.value}' does not exist for field '${shown}'.`,
    };
  }
  return atoms([issue.id]);
}

/** The epic an issue links to, as the epic's issue id (the key when it is gone). */
function epicIds(issue: SandboxIssue, cf: SandboxCustomField, ctx: JqlContext): Atom[] {
  return customValues(issue, cf).map((key) => ctx.store.issuesByKey.get(key.toUpperCase())?.id ?? key);
}

function customField(cf: SandboxCustomField, shown: string, ctx: JqlContext): FieldDef {
  const { data } = ctx.store;
  switch (cf.kind) {
    case 'storyPoints': {
      const value = (issue: SandboxIssue): number | null => {
        const n = Number(customValues(issue, cf)[0]);
        return customValues(issue, cf).length > 0 && Number.isFinite(n) ? n : null;
      };
      return valueField({
        operators: ops(EQUALITY, EMPTINESS, RELATIONAL),
        values: (issue) => {
          const v = value(issue);
          return v === null ? [] : [v];
        },
        resolve: (operand) => {
          const n = Number(operand.value.trim());
          return operand.value.trim() !== '' && Number.isFinite(n)
            ? atoms([n])
            : missingValue(operand.value, shown);
        },
        compare: numeric,
        sortKey: value,
      });
    }
    case 'sprint': {
      const ids = (issue: SandboxIssue): number[] => customValues(issue, cf).map(Number);
      return valueField({
        operators: ops(EQUALITY, EMPTINESS),
        values: ids,
        resolve: (operand) => {
          const found = pick(
            operand,
            (id) => data.sprints.filter((s) => String(s.id) === id),
            (l) => data.sprints.filter((s) => s.name.toLowerCase() === l),
          );
          return found.length > 0 ? atoms(found.map((s) => s.id)) : missingValue(operand.value, shown);
        },
        functionKind: 'sprint',
        // The latest sprint an issue was in decides its place.
        sortKey: (issue) => {
          const list = ids(issue);
          return list.length > 0 ? Math.max(...list) : null;
        },
      });
    }
    case 'epicLink':
      return valueField({
        operators: ops(EQUALITY, EMPTINESS),
        values: (issue) => epicIds(issue, cf, ctx),
        resolve: (operand) => resolveIssue(operand, shown, ctx),
        sortKey: (issue) => {
          const key = customValues(issue, cf)[0];
          return key === undefined ? null : keySortValue(key.toUpperCase());
        },
      });
    case 'select': {
      const options = cf.options ?? [];
      return valueField({
        operators: ops(EQUALITY, EMPTINESS),
        values: (issue) => customValues(issue, cf),
        resolve: (operand) => {
          const found = pick(
            operand,
            (id) => options.filter((o) => o.id === id),
            (l) => options.filter((o) => o.value.toLowerCase() === l),
          );
          return found.length > 0
            ? atoms(found.map((o) => o.id))
            : {
                kind: 'missing',
                message: `The option '${operand.value}' for field '${shown}' does not exist.`,
              };
        },
        sortKey: (issue) => {
          const id = customValues(issue, cf)[0];
          return id === undefined ? null : options.findIndex((o) => o.id === id);
        },
      });
    }
    case 'multiUser':
      return userField(shown, ctx, (issue) => customValues(issue, cf));
  }
}
