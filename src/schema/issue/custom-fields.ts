// Issue.customFields: custom field values typed from Jira's field catalogue,
// so a BI tool reads story points or an epic link by name without knowing
// ids or each field's JSON shape (`json` keeps the raw value as an escape hatch).
//
// Field pushdown: fields asked for by id are named to Jira by the search
// itself (the jiraNeeds declaration sees the ids). Names need the catalogue,
// which the declaration cannot read (it sees only the arguments, and runs
// before any Jira call); so for names, and for "every custom field", the
// values Jira did not send are read afterwards in one batched request per
// page of issues (issue.ts's loadIssue: a `id in (...)` search on Data
// Center, /issue/bulkfetch on Cloud), after one GET /field per request
// (cached across requests by the caller's reader). Only custom fields are
// answered: system fields such as comment and worklog have their own scopes.

import { authenticated, requires } from '../../auth/field-scopes.ts';
import { gatewayError } from '../../errors.ts';
import { type JiraJson, obj, objOrNull, str, strOrNull } from '../../jira/json.ts';
import { sprintFromFieldValue } from '../../jira/sprint-values.ts';
import type { GatewayContext } from '../../request-context.ts';
import { builder } from '../builder.ts';
import { type FieldCatalog, loadFieldCatalog } from '../field-catalog.ts';
import { scopeRawJson } from '../raw-json-scopes.ts';
import { IssueRef, SprintRef } from '../refs.ts';
import { plainText } from '../rich-text.ts';
import { jiraDate } from '../timestamps.ts';
import { jiraUser, UserRef, type UserShape } from '../user.ts';
import { loadIssue } from './loader.ts';
import { jiraNeeds } from './selection-plan.ts';

const anyToken = authenticated();

const CUSTOM_ID = /^customfield_\d+$/;
const SPRINT_TYPE = 'com.pyxis.greenhopper.jira:gh-sprint';
/** More missing fields than this are read as *navigable rather than one by one. */
const MAX_NAMED_FIELDS = 40;

export interface CustomFieldValueShape {
  field: JiraJson;
  /** The value as Jira sent it; null when the issue has none. */
  value: unknown;
}

const schemaOf = (v: CustomFieldValueShape): JiraJson => obj(v.field.schema);
const isSprintField = (v: CustomFieldValueShape): boolean => schemaOf(v).custom === SPRINT_TYPE;

/** An ADF document (Cloud text fields), as opposed to any other object. */
function isAdf(v: unknown): boolean {
  const o = objOrNull(v);
  return o !== null && o.type === 'doc' && Array.isArray(o.content);
}

/** Text of one value item: strings, numbers, options, users, named objects, ADF. */
function itemText(item: unknown): string | null {
  if (item === null || item === undefined) return null;
  if (typeof item === 'string') return item;
  if (typeof item === 'number' || typeof item === 'boolean') return String(item);
  if (isAdf(item)) return plainText(item);
  const o = obj(item);
  const option = strOrNull(o.value);
  if (option !== null) {
    const child = objOrNull(o.child);
    const childText = child ? strOrNull(child.value) : null;
    return childText === null ? option : `${option} - ${childText}`;
  }
  return strOrNull(o.displayName) ?? strOrNull(o.name) ?? strOrNull(o.key) ?? null;
}

function isOption(item: unknown): boolean {
  const o = objOrNull(item);
  return o !== null && typeof o.value === 'string' && o.id !== undefined;
}

function isUser(item: unknown): boolean {
  const o = objOrNull(item);
  return o !== null && (typeof o.accountId === 'string' || (typeof o.key === 'string' && 'displayName' in o));
}

interface OptionShape {
  id: string;
  value: string;
  child: OptionShape | null;
}

function optionOf(item: unknown): OptionShape {
  const o = obj(item);
  const child = objOrNull(o.child);
  return { id: str(o.id), value: str(o.value), child: child ? optionOf(child) : null };
}

const CustomFieldOptionRef = builder.objectRef<OptionShape>('CustomFieldOption');
CustomFieldOptionRef.implement({
  description: 'An option of a select list (child: the second level of a cascading select).',
  fields: (t) => ({
    id: t.exposeID('id', { extensions: anyToken }),
    value: t.exposeString('value', { extensions: anyToken }),
    child: t.field({
      type: CustomFieldOptionRef,
      nullable: true,
      extensions: anyToken,
      resolve: (o) => o.child,
    }),
  }),
});

/** The value as a list: arrays as they are, a single value as one item, nothing as none. */
function items(v: CustomFieldValueShape): unknown[] {
  if (v.value === null || v.value === undefined) return [];
  return Array.isArray(v.value) ? v.value : [v.value];
}

const CustomFieldValueRef = builder.objectRef<CustomFieldValueShape>('CustomFieldValue').implement({
  description:
    "One custom field of an issue, typed from the field catalogue's schema. Read the accessor of the " +
    "field's type (number, string, option, user, strings, date, datetime, ...); `text` renders any value, " +
    '`json` is the raw value as Jira sent it. Accessors of other types answer null.',
  fields: (t) => ({
    id: t.id({
      description: 'e.g. customfield_10002.',
      extensions: anyToken,
      resolve: (v) => str(v.field.id),
    }),
    name: t.string({ extensions: anyToken, resolve: (v) => str(v.field.name) }),
    type: t.string({
      description: "Jira's schema type: number, string, option, user, array, date, datetime, any, ...",
      extensions: anyToken,
      resolve: (v) => str(schemaOf(v).type) || 'any',
    }),
    items: t.string({
      nullable: true,
      description: 'What an array holds: string, option, user, version, ...',
      extensions: anyToken,
      resolve: (v) => strOrNull(schemaOf(v).items),
    }),
    customType: t.string({
      nullable: true,
      description:
        'The custom field type key, e.g. com.atlassian.jira.plugin.system.customfieldtypes:select.',
      extensions: anyToken,
      resolve: (v) => strOrNull(schemaOf(v).custom),
    }),
    isSet: t.boolean({
      description: 'Whether the issue has a value.',
      extensions: anyToken,
      resolve: (v) => v.value !== null && v.value !== undefined,
    }),
    number: t.float({
      nullable: true,
      extensions: anyToken,
      resolve: (v) => (typeof v.value === 'number' && Number.isFinite(v.value) ? v.value : null),
    }),
    string: t.string({
      nullable: true,
      description: 'A text value (plain text of rich text); an option its value.',
      extensions: anyToken,
      resolve: (v) =>
        typeof v.value === 'string' || isAdf(v.value) || isOption(v.value) ? itemText(v.value) : null,
    }),
    text: t.string({
      nullable: true,
      description:
        'Any value as text: numbers, options, user display names, sprint names; list items joined with ", ".',
      extensions: anyToken,
      resolve: (v) => {
        const parts = isSprintField(v)
          ? sprintsOf(v).map((s) => str(s.name))
          : items(v).flatMap((item) => itemText(item) ?? []);
        return parts.length === 0 ? null : parts.join(', ');
      },
    }),
    option: t.field({
      type: CustomFieldOptionRef,
      nullable: true,
      extensions: anyToken,
      resolve: (v) => (isOption(v.value) ? optionOf(v.value) : null),
    }),
    options: t.field({
      type: [CustomFieldOptionRef],
      nullable: true,
      description: 'The options of a multi-select or checkboxes field.',
      extensions: anyToken,
      resolve: (v) => (Array.isArray(v.value) && v.value.every(isOption) ? v.value.map(optionOf) : null),
    }),
    user: t.field({
      type: UserRef,
      nullable: true,
      extensions: anyToken,
      resolve: (v) => (isUser(v.value) ? jiraUser(v.value) : null),
    }),
    users: t.field({
      type: [UserRef],
      nullable: true,
      description: 'The users of a multi-user picker.',
      extensions: anyToken,
      resolve: (v) =>
        Array.isArray(v.value) && v.value.every(isUser)
          ? v.value.map(jiraUser).filter((u): u is UserShape => u !== null)
          : null,
    }),
    strings: t.stringList({
      nullable: true,
      description: "An array's items as text (labels, option values, sprint names, ...).",
      extensions: anyToken,
      resolve: (v) => {
        if (!Array.isArray(v.value)) return null;
        if (isSprintField(v)) return sprintsOf(v).map((s) => str(s.name));
        return v.value.flatMap((item) => itemText(item) ?? []);
      },
    }),
    date: t.field({
      type: 'Date',
      nullable: true,
      description: 'A date field, yyyy-mm-dd.',
      extensions: anyToken,
      resolve: (v) =>
        schemaOf(v).type === 'date' && typeof v.value === 'string' && /^\d{4}-\d{2}-\d{2}/.test(v.value)
          ? v.value.slice(0, 10)
          : null,
    }),
    datetime: t.field({
      type: 'DateTime',
      nullable: true,
      extensions: anyToken,
      resolve: (v) => (schemaOf(v).type === 'datetime' ? jiraDate(v.value) : null),
    }),
    sprints: t.field({
      type: [SprintRef],
      nullable: true,
      description:
        "The Sprint field's sprints on both flavours (Data Center's legacy strings parsed); their fields need agile:read.",
      extensions: anyToken,
      resolve: (v) => (isSprintField(v) ? sprintsOf(v) : null),
    }),
    json: t.string({
      nullable: true,
      description:
        'The raw value as JSON text, as Jira sent it; null when the issue has none. It obeys the scopes of ' +
        'the typed fields: users in it keep accountId (or key) and displayName without users:read, and ' +
        "emailAddress only with users:email; the Sprint field's raw sprints need agile:read.",
      extensions: anyToken,
      resolve: (v, _args, ctx) => {
        if (v.value === null || v.value === undefined) return null;
        // Raw sprints carry what Sprint guards (goal, dates, board); their names stay in strings/text.
        if (isSprintField(v) && ctx.scopes?.has('agile:read') !== true) {
          throw gatewayError('INSUFFICIENT_SCOPE', "The Sprint field's raw value needs agile:read.", {
            requiredScopes: ['agile:read'],
          });
        }
        return JSON.stringify(scopeRawJson(v.value, ctx.scopes));
      },
    }),
  }),
});

function sprintsOf(v: CustomFieldValueShape): JiraJson[] {
  return items(v)
    .map(sprintFromFieldValue)
    .filter((s): s is JiraJson => s !== null);
}

/** The custom field ids the arguments ask for, in order, each once; null for "every custom field". */
function wantedIds(
  catalog: FieldCatalog,
  ids: readonly string[] | null | undefined,
  names: readonly string[] | null | undefined,
): string[] | null {
  if ((ids === null || ids === undefined) && (names === null || names === undefined)) return null;
  const out: string[] = [];
  const add = (field: JiraJson | undefined) => {
    const id = str(field?.id);
    if (field?.custom === true && !out.includes(id)) out.push(id);
  };
  for (const id of ids ?? []) add(catalog.byId.get(id.trim()));
  for (const name of names ?? [])
    for (const field of catalog.byName.get(name.trim().toLowerCase()) ?? []) add(field);
  return out;
}

async function customFieldValues(
  ctx: GatewayContext,
  issue: JiraJson,
  ids: readonly string[] | null | undefined,
  names: readonly string[] | null | undefined,
): Promise<CustomFieldValueShape[]> {
  const catalog = await loadFieldCatalog(ctx);
  const wanted = wantedIds(catalog, ids, names);
  const every = wanted === null;
  const fieldIds = wanted ?? catalog.fields.filter((f) => f.custom === true).map((f) => str(f.id));
  if (fieldIds.length === 0) return [];
  let fields = obj(issue.fields);
  const missing = fieldIds.filter((id) => !(id in fields));
  if (missing.length > 0 && str(issue.id) !== '') {
    // One request for every issue of the page that lacks them (loadIssue batches a tick's loads).
    // Past a few dozen ids the request line grows long; every navigable field (custom fields are) is shorter.
    const plan = {
      fields: missing.length > MAX_NAMED_FIELDS ? ['*navigable'] : [...missing].sort(),
      expand: [],
    };
    const more = await loadIssue(ctx, str(issue.id), plan);
    fields = { ...obj(more?.fields), ...fields };
  }
  const out: CustomFieldValueShape[] = [];
  for (const id of fieldIds) {
    const field = catalog.byId.get(id);
    if (!field) continue;
    const value = fields[id] ?? null;
    // Without a list of fields, only the ones the issue has a value for.
    if (every && (value === null || (Array.isArray(value) && value.length === 0))) continue;
    out.push({ field, value });
  }
  return out;
}

builder.objectFields(IssueRef, (t) => ({
  customFields: t.field({
    type: [CustomFieldValueRef],
    description:
      'Custom field values, typed: the fields named by id (customfield_10002) and by name ("Story Points", ' +
      'case-insensitive), in that order, each with its value or none; without arguments, every custom field the ' +
      'issue has a value for. Unknown ids and names, and system fields, are left out. Fields asked for by id ' +
      'come with the issue; by name (or all of them), they cost one Jira request per page of issues and one ' +
      'field catalogue read per request.',
    args: {
      ids: t.arg.stringList({ required: false }),
      names: t.arg.stringList({ required: false }),
    },
    extensions: {
      ...requires('issues:read'),
      ...jiraNeeds((args) => ({
        fields: (Array.isArray(args.ids) ? args.ids : []).flatMap((id) =>
          typeof id === 'string' && CUSTOM_ID.test(id.trim()) ? [id.trim()] : [],
        ),
      })),
    },
    resolve: (issue, args, ctx) => customFieldValues(ctx, issue, args.ids, args.names),
  }),
}));
