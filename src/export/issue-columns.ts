// The columns of an issue export: which Jira fields a caller may name, what
// columns each becomes, flattened (options to their values, users to a display
// name plus an id column, lists joined with ';', dates in ISO-8601, durations
// in seconds and in hours), and which scope each column needs. Custom fields
// are named by their Jira names (or ids) and typed from Jira's field
// catalogue. GraphQL-free: the export routes and GET /export read it.
import type { Scope } from '../auth/scopes.ts';
import { type JiraJson, list, obj, objOrNull, str, strOrNull } from '../jira/json.ts';
import { sprintFromFieldValue } from '../jira/sprint-values.ts';
import { plainText } from '../schema/rich-text.ts';
import { isoTimestamp, jiraDate } from '../schema/timestamps.ts';

/** One cell: text, a number, or empty. */
export type Cell = string | number | null;

export interface ExportColumn {
  /** The header: stable, e.g. assignee, assignee.id, Story Points. */
  name: string;
  value(issue: JiraJson): Cell;
}

/** A field a caller may name in `fields=`, and the columns it becomes. */
export interface ExportField {
  /** What `fields=` names it by: a system field's id (key, summary, assignee...) or a custom field's name. */
  name: string;
  /** The Jira field id (customfield_10002, or a system id). */
  id: string;
  custom: boolean;
  /** Scopes a token needs for the field at all. */
  scopes: readonly Scope[];
  /** The Jira fields the search must ask for. */
  jiraFields: readonly string[];
  /** The columns, for a token holding `held`: a user's email only with users:email. */
  columns(held: ReadonlySet<Scope>): ExportColumn[];
  /** Type, for the listing (string, number, user, option, array<...>, date, datetime, duration). */
  type: string;
}

/** The separator of a list's items in one cell. */
export const LIST_SEPARATOR = ';';

const fieldsOf = (issue: JiraJson): JiraJson => obj(issue.fields);

const joined = (items: readonly (string | null)[]): string | null => {
  const present = items.filter((s): s is string => s !== null && s !== '');
  return present.length === 0 ? null : present.join(LIST_SEPARATOR);
};

function isoDateTime(v: unknown): string | null {
  const d = jiraDate(v);
  return d === null ? null : isoTimestamp(d);
}

/** A date (YYYY-MM-DD) as Jira sends it, or a datetime's day. */
function isoDay(v: unknown): string | null {
  const s = strOrNull(v);
  return s === null || !/^\d{4}-\d{2}-\d{2}/.test(s) ? null : s.slice(0, 10);
}

function numberOf(v: unknown): number | null {
  if (typeof v === 'number' && Number.isFinite(v)) return v;
  if (typeof v === 'string' && v.trim() !== '' && Number.isFinite(Number(v))) return Number(v);
  return null;
}

/** Hours of a duration in seconds, to the second (4 decimals would be 0.36 s). */
const hoursOf = (seconds: number | null): number | null =>
  seconds === null ? null : Math.round((seconds / 3600) * 1e4) / 1e4;

function userId(u: JiraJson): string | null {
  return strOrNull(u.accountId) ?? strOrNull(u.key) ?? strOrNull(u.name);
}

function userName(u: JiraJson): string | null {
  return strOrNull(u.displayName) ?? userId(u);
}

/** Users of a value: one user or a list of them. */
function usersOf(v: unknown): JiraJson[] {
  const items = Array.isArray(v) ? v : v === null || v === undefined ? [] : [v];
  return items.map(objOrNull).filter((u): u is JiraJson => u !== null);
}

/** One value item as text: strings, numbers, options (with a cascading child), named objects, ADF. */
export function itemText(item: unknown): string | null {
  if (item === null || item === undefined) return null;
  if (typeof item === 'string') return item;
  if (typeof item === 'number' || typeof item === 'boolean') return String(item);
  const o = obj(item);
  if (o.type === 'doc' && Array.isArray(o.content)) return plainText(o);
  const option = strOrNull(o.value);
  if (option !== null) {
    const child = strOrNull(obj(o.child).value);
    return child === null ? option : `${option} - ${child}`;
  }
  return strOrNull(o.displayName) ?? strOrNull(o.name) ?? strOrNull(o.key) ?? null;
}

/** Columns of a user-valued field: display names, ids, and emails with users:email. */
function userColumns(name: string, read: (issue: JiraJson) => unknown, held: ReadonlySet<Scope>) {
  const cols: ExportColumn[] = [
    { name, value: (i) => joined(usersOf(read(i)).map(userName)) },
    { name: `${name}.id`, value: (i) => joined(usersOf(read(i)).map(userId)) },
  ];
  if (held.has('users:email')) {
    cols.push({
      name: `${name}.email`,
      value: (i) => joined(usersOf(read(i)).map((u) => strOrNull(u.emailAddress))),
    });
  }
  return cols;
}

/** Columns of a duration in seconds. */
function durationColumns(name: string, jiraField: string): ExportColumn[] {
  const seconds = (i: JiraJson) => numberOf(fieldsOf(i)[jiraField]);
  return [
    { name: `${name}.seconds`, value: seconds },
    { name: `${name}.hours`, value: (i) => hoursOf(seconds(i)) },
  ];
}

const READ: readonly Scope[] = ['issues:read'];
const TIME: readonly Scope[] = ['issues:read', 'worklogs:read'];

function single(
  name: string,
  type: string,
  value: (fields: JiraJson, issue: JiraJson) => Cell,
  jiraField = name,
) {
  return system(name, type, [jiraField], () => [{ name, value: (i) => value(fieldsOf(i), i) }]);
}

function system(
  name: string,
  type: string,
  jiraFields: readonly string[],
  columns: (held: ReadonlySet<Scope>) => ExportColumn[],
  scopes: readonly Scope[] = READ,
): ExportField {
  return { name, id: jiraFields[0] ?? name, custom: false, scopes, jiraFields, columns, type };
}

const named = (v: unknown): string | null => strOrNull(obj(v).name);
const namesOf = (v: unknown): string | null => joined(list(v).map(named));

/** The system fields an export may name, in the order their columns come. */
export const SYSTEM_FIELDS: readonly ExportField[] = [
  // The key and id need no Jira field: every issue carries them.
  system('key', 'string', [], () => [{ name: 'key', value: (i) => str(i.key) }]),
  system('id', 'string', [], () => [{ name: 'id', value: (i) => str(i.id) }]),
  single('summary', 'string', (f) => strOrNull(f.summary)),
  single('description', 'string', (f) =>
    f.description === null || f.description === undefined ? null : plainText(f.description),
  ),
  system('status', 'status', ['status'], () => [
    { name: 'status', value: (i) => named(fieldsOf(i).status) },
    { name: 'status.category', value: (i) => named(obj(fieldsOf(i).status).statusCategory) },
  ]),
  single('issuetype', 'string', (f) => named(f.issuetype)),
  single('priority', 'string', (f) => named(f.priority)),
  single('resolution', 'string', (f) => named(f.resolution)),
  system('project', 'project', ['project'], () => [
    { name: 'project', value: (i) => strOrNull(obj(fieldsOf(i).project).key) },
    { name: 'project.name', value: (i) => named(fieldsOf(i).project) },
  ]),
  system('assignee', 'user', ['assignee'], (held) =>
    userColumns('assignee', (i) => fieldsOf(i).assignee, held),
  ),
  system('reporter', 'user', ['reporter'], (held) =>
    userColumns('reporter', (i) => fieldsOf(i).reporter, held),
  ),
  system('creator', 'user', ['creator'], (held) => userColumns('creator', (i) => fieldsOf(i).creator, held)),
  single('created', 'datetime', (f) => isoDateTime(f.created)),
  single('updated', 'datetime', (f) => isoDateTime(f.updated)),
  single('resolutiondate', 'datetime', (f) => isoDateTime(f.resolutiondate)),
  single('duedate', 'date', (f) => isoDay(f.duedate)),
  single('labels', 'array<string>', (f) => joined(list(f.labels).map(strOrNull))),
  single('components', 'array<string>', (f) => namesOf(f.components)),
  single('fixVersions', 'array<string>', (f) => namesOf(f.fixVersions)),
  single('versions', 'array<string>', (f) => namesOf(f.versions)),
  single('parent', 'string', (f) => strOrNull(obj(f.parent).key)),
  system(
    'timeoriginalestimate',
    'duration',
    ['timeoriginalestimate'],
    () => durationColumns('originalEstimate', 'timeoriginalestimate'),
    TIME,
  ),
  system(
    'timeestimate',
    'duration',
    ['timeestimate'],
    () => durationColumns('remainingEstimate', 'timeestimate'),
    TIME,
  ),
  system('timespent', 'duration', ['timespent'], () => durationColumns('timeSpent', 'timespent'), TIME),
];

/** What an export holds when `fields=` is not given: the system fields but the description and estimates. */
export const DEFAULT_FIELDS: readonly string[] = [
  'key',
  'summary',
  'status',
  'issuetype',
  'priority',
  'resolution',
  'project',
  'assignee',
  'reporter',
  'created',
  'updated',
  'resolutiondate',
  'duedate',
  'labels',
  'components',
  'fixVersions',
];

/** A custom field's type as the listing names it, from its catalogue schema. */
function customType(schema: JiraJson): string {
  const type = str(schema.type) || 'any';
  return type === 'array' ? `array<${str(schema.items) || 'any'}>` : type;
}

const SPRINT_TYPE = 'com.pyxis.greenhopper.jira:gh-sprint';

/** A custom field of the catalogue as an export field named by its Jira name. */
export function customField(field: JiraJson): ExportField {
  const id = str(field.id);
  const name = str(field.name) || id;
  const schema = obj(field.schema);
  const type = customType(schema);
  const read = (i: JiraJson) => fieldsOf(i)[id];
  const isUser = schema.type === 'user' || (schema.type === 'array' && schema.items === 'user');
  const columns = (held: ReadonlySet<Scope>): ExportColumn[] => {
    if (isUser) return userColumns(name, read, held);
    if (schema.type === 'number') return [{ name, value: (i) => numberOf(read(i)) }];
    if (schema.type === 'datetime') return [{ name, value: (i) => isoDateTime(read(i)) }];
    if (schema.type === 'date') return [{ name, value: (i) => isoDay(read(i)) }];
    if (schema.custom === SPRINT_TYPE) {
      // Sprint names only: the sprints' other fields are agile:read's.
      return [{ name, value: (i) => joined(list(read(i)).map((v) => named(sprintFromFieldValue(v)))) }];
    }
    return [
      {
        name,
        value: (i) => {
          const v = read(i);
          return Array.isArray(v) ? joined(v.map(itemText)) : itemText(v);
        },
      },
    ];
  };
  return { name, id, custom: true, scopes: READ, jiraFields: [id], columns, type };
}
