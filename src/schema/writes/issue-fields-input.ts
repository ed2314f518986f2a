// The fields an issue write sets (createIssue, updateIssue, transitionIssue)
// as GraphQL inputs, and their translation into Jira's `fields` object:
// system fields by their Jira ids, custom fields by id or name (through the
// field catalogue) with their values shaped by the field's schema. Every
// problem the gateway can see is collected per field and answered at once
// (BAD_USER_INPUT with extensions.fieldErrors) before anything is sent, so bad
// input changes nothing in Jira. Issues a write links to (a parent, an epic)
// are returned so the caller can check them against the token's projects.
import { gatewayError } from '../../errors.ts';
import { type JiraJson, obj, str } from '../../jira/json.ts';
import type { AdfDocument } from '../../jira/markup/rich-text-body.ts';
import type { JiraFlavor } from '../../jira/types.ts';
import { jiraUserReference } from '../../jira/user-reference.ts';
import type { GatewayContext } from '../../request-context.ts';
import { type BuilderTypes, builder } from '../builder.ts';
import { type FieldCatalog, loadFieldCatalog } from '../field-catalog.ts';
import { projectRestriction } from '../project-restriction.ts';
import { convertRichTexts, RichTextInput, type RichTextValue } from './rich-text-input.ts';

export const CustomFieldValueInput = builder.inputType('CustomFieldValueInput', {
  description:
    "A custom field's new value, naming the field by id (customfield_10010) or by name. Values take the field's " +
    'simplest form: a number, a string, an option value ("High") or a list of them, a user (accountId on Cloud, ' +
    "username or user key on Data Center), an issue key (Epic Link), a sprint id, a date (yyyy-mm-dd), or Jira's own " +
    'JSON for other types (refused for a token restricted to projects, as the gateway cannot check where it points). ' +
    'null clears the field.',
  fields: (t) => ({
    id: t.string({ required: false }),
    name: t.string({ required: false }),
    value: t.field({ type: 'JSON', required: false }),
  }),
});

/** The fields create, update and transition share; on update, a field left out is unchanged and null clears it. */
const issueFieldInputs = (t: PothosSchemaTypes.InputFieldBuilder<BuilderTypes, 'InputObject'>) => ({
  description: t.field({ type: RichTextInput, required: false }),
  priority: t.string({ required: false, description: 'A priority name (or id).' }),
  assignee: t.string({
    required: false,
    description: 'accountId on Cloud; username or user key on Data Center. null leaves it unassigned.',
  }),
  labels: t.stringList({ required: false, description: 'Replaces the labels (no spaces in a label).' }),
  components: t.stringList({ required: false, description: 'Component names; replaces the components.' }),
  fixVersions: t.stringList({ required: false, description: 'Version names; replaces the fix versions.' }),
  parent: t.string({ required: false, description: "The parent issue's key (a sub-task's parent)." }),
  dueDate: t.field({ type: 'Date', required: false }),
  customFields: t.field({ type: [CustomFieldValueInput], required: false }),
});

export const IssueFieldsInput = builder.inputType('IssueFieldsInput', {
  description: 'Fields to set. A field left out is unchanged; null clears it (summary cannot be cleared).',
  fields: (t) => ({
    summary: t.string({ required: false }),
    ...issueFieldInputs(t),
  }),
});

export const CreateIssueInput = builder.inputType('CreateIssueInput', {
  fields: (t) => ({
    clientMutationId: t.string({
      required: false,
      description:
        'An idempotency key: a retry within 24 h with the same key and input returns the first result.',
    }),
    projectKey: t.string({ required: true }),
    issueType: t.string({
      required: true,
      description: 'An issue type name (Task, Bug, Sub-task...) or id.',
    }),
    summary: t.string({ required: true }),
    ...issueFieldInputs(t),
  }),
});

/** What the GraphQL inputs hold (Pothos's input shapes, named for the translation below). */
export interface IssueFieldValues {
  summary?: string | null;
  description?: RichTextValue | null;
  priority?: string | null;
  assignee?: string | null;
  labels?: readonly string[] | null;
  components?: readonly string[] | null;
  fixVersions?: readonly string[] | null;
  parent?: string | null;
  dueDate?: string | null;
  customFields?: ReadonlyArray<{ id?: string | null; name?: string | null; value?: unknown }> | null;
}

/** Jira's `fields` for a write, the REST prefix its rich text needs, and the issue keys it links to. */
export interface JiraFieldsPlan {
  fields: Record<string, unknown>;
  apiPrefix: '/rest/api/2' | undefined;
  /** Issues the write makes this one point at (parent, epic): each must be within the token's projects. */
  linkedIssueKeys: string[];
}

/** Jira's limits, checked before anything is sent. */
const MAX_SUMMARY = 255;
const MAX_LABEL = 255;

export class FieldErrors {
  readonly errors: Record<string, string> = {};
  add(field: string, message: string): void {
    this.errors[field] ??= message;
  }
  /** BAD_USER_INPUT listing every problem, when there is one. */
  throwIfAny(): void {
    const entries = Object.entries(this.errors);
    if (entries.length === 0) return;
    throw gatewayError(
      'BAD_USER_INPUT',
      `Nothing was changed: ${entries.map(([field, message]) => `${field}: ${message}`).join('; ')}`,
      { fieldErrors: { ...this.errors } },
    );
  }
}

const named = (value: string): Record<string, string> =>
  /^\d+$/.test(value) ? { id: value } : { name: value };

function checkSummary(summary: string, errors: FieldErrors): string {
  const trimmed = summary.trim();
  if (trimmed === '') errors.add('summary', 'The summary must not be empty.');
  else if (trimmed.length > MAX_SUMMARY)
    errors.add('summary', `The summary is longer than ${MAX_SUMMARY} characters.`);
  else if (/[\r\n]/.test(trimmed)) errors.add('summary', 'The summary must be one line.');
  return trimmed;
}

export function checkLabels(field: string, labels: readonly string[], errors: FieldErrors): string[] {
  for (const label of labels) {
    if (label === '' || /\s/.test(label))
      errors.add(field, `The label '${label}' is empty or contains spaces.`);
    else if (label.length > MAX_LABEL) errors.add(field, `A label is longer than ${MAX_LABEL} characters.`);
  }
  return [...labels];
}

const nonEmptyNames = (field: string, names: readonly string[], errors: FieldErrors): void => {
  if (names.some((n) => n.trim() === '')) errors.add(field, 'Names must not be empty.');
};

/**
 * Translates the inputs into Jira's `fields`. `extraRichText` converts other
 * rich texts of the same write (a transition's comment) in the same dialect;
 * their bodies are returned under their names.
 */
export async function jiraIssueFields(
  ctx: GatewayContext,
  flavor: JiraFlavor,
  values: IssueFieldValues,
  errors: FieldErrors,
  extraRichText: ReadonlyArray<{ field: string; source: RichTextValue }> = [],
): Promise<JiraFieldsPlan & { bodies: Map<string, string | AdfDocument> }> {
  const fields: Record<string, unknown> = {};
  const linkedIssueKeys: string[] = [];
  if (values.summary !== undefined) {
    if (values.summary === null) errors.add('summary', 'The summary cannot be cleared.');
    else fields.summary = checkSummary(values.summary, errors);
  }
  if (values.priority !== undefined)
    fields.priority = values.priority === null ? null : named(values.priority);
  if (values.assignee !== undefined) fields.assignee = jiraUserReference(flavor, values.assignee);
  if (values.labels !== undefined) fields.labels = checkLabels('labels', values.labels ?? [], errors);
  for (const list of ['components', 'fixVersions'] as const) {
    const names = values[list];
    if (names === undefined) continue;
    nonEmptyNames(list, names ?? [], errors);
    fields[list] = (names ?? []).map((name) => ({ name }));
  }
  if (values.parent !== undefined) {
    if (values.parent === null) errors.add('parent', 'A parent cannot be removed here.');
    else {
      fields.parent = { key: values.parent.trim().toUpperCase() };
      linkedIssueKeys.push(values.parent.trim().toUpperCase());
    }
  }
  if (values.dueDate !== undefined) fields.duedate = values.dueDate;

  const rich: Array<{ field: string; source: RichTextValue }> = [...extraRichText];
  if (values.description !== undefined && values.description !== null)
    rich.push({ field: 'description', source: values.description });
  else if (values.description === null) fields.description = null;

  if (values.customFields && values.customFields.length > 0) {
    const catalog = await loadFieldCatalog(ctx);
    const restricted = projectRestriction(ctx) !== null;
    for (const entry of values.customFields) {
      const field = customFieldOf(catalog, entry, errors);
      if (!field) continue;
      const id = str(field.id);
      const shaped = customFieldValue(flavor, field, entry.value ?? null, errors, restricted);
      if (shaped.textSource) rich.push({ field: id, source: shaped.textSource });
      else fields[id] = shaped.value;
      if (shaped.issueKey) linkedIssueKeys.push(shaped.issueKey);
    }
  }
  errors.throwIfAny();
  const converted = convertRichTexts(flavor, rich);
  for (const { field } of rich) {
    if (extraRichText.some((e) => e.field === field)) continue;
    fields[field] = converted.bodies.get(field);
  }
  return { fields, apiPrefix: converted.apiPrefix, linkedIssueKeys, bodies: converted.bodies };
}

function customFieldOf(
  catalog: FieldCatalog,
  entry: { id?: string | null; name?: string | null },
  errors: FieldErrors,
): JiraJson | null {
  const id = entry.id?.trim() ?? '';
  const name = entry.name?.trim() ?? '';
  const label = id || name || '(unnamed)';
  if ((id === '') === (name === '')) {
    errors.add(label, 'Name a custom field by exactly one of id and name.');
    return null;
  }
  if (id !== '') {
    const field = catalog.byId.get(id);
    if (field?.custom !== true) {
      errors.add(id, `No custom field has the id '${id}'.`);
      return null;
    }
    return field;
  }
  const found = (catalog.byName.get(name.toLowerCase()) ?? []).filter((f) => f.custom === true);
  if (found.length === 0) {
    errors.add(name, `No custom field is named '${name}'.`);
    return null;
  }
  if (found.length > 1) {
    errors.add(
      name,
      `Several custom fields are named '${name}' (${found.map((f) => str(f.id)).join(', ')}); name one by id.`,
    );
    return null;
  }
  return found[0] ?? null;
}

interface ShapedValue {
  value?: unknown;
  /** A plain-text paragraph field on Cloud, which stores ADF: converted with the write's rich texts. */
  textSource?: RichTextValue;
  /** An issue the value points at (Epic Link, Parent Link). */
  issueKey?: string;
}

/**
 * A custom field's value in the form Jira takes for its schema, or an error
 * recorded under its id. For a token restricted to projects, a type the
 * gateway does not know is refused: its JSON could point at an issue or a
 * project outside the restriction, and only known shapes can be checked.
 */
export function customFieldValue(
  flavor: JiraFlavor,
  field: JiraJson,
  value: unknown,
  errors: FieldErrors,
  restricted: boolean,
): ShapedValue {
  const id = str(field.id);
  const schema = obj(field.schema);
  const type = str(schema.type);
  const items = str(schema.items);
  const custom = str(schema.custom);
  if (value === null) return { value: null };
  const wrong = (expected: string): ShapedValue => {
    errors.add(id, `${str(field.name)} takes ${expected}.`);
    return {};
  };
  const unknownForRestricted = (): ShapedValue => {
    errors.add(
      id,
      `${str(field.name)} is of a type (${custom || type}) the gateway cannot check against the token's projects; ` +
        'a token restricted to projects cannot set it.',
    );
    return {};
  };
  const isString = (v: unknown): v is string => typeof v === 'string';
  // Epic Link (Jira Software) and Parent Link (Advanced Roadmaps on Data Center) take an issue key.
  if (custom.endsWith(':gh-epic-link') || custom.endsWith(':jpo-custom-field-parent')) {
    if (!isString(value) || value.trim() === '') return wrong('an issue key');
    const key = value.trim().toUpperCase();
    return { value: key, issueKey: key };
  }
  if (custom.endsWith(':gh-sprint')) {
    return typeof value === 'number' && Number.isInteger(value) ? { value } : wrong('a sprint id (a number)');
  }
  if (custom.endsWith(':textarea')) {
    if (!isString(value)) return wrong('text');
    return flavor === 'cloud' ? { textSource: { text: value } } : { value };
  }
  const user = (v: unknown): Record<string, string | null> | null =>
    isString(v) && v.trim() !== '' ? jiraUserReference(flavor, v.trim()) : null;
  const option = (v: unknown): unknown =>
    isString(v) ? { value: v } : v !== null && typeof v === 'object' ? v : null;
  switch (type) {
    case 'number':
      return typeof value === 'number' && Number.isFinite(value) ? { value } : wrong('a number');
    case 'string':
      return isString(value) ? { value } : wrong('text');
    case 'date':
      return isString(value) && /^\d{4}-\d{2}-\d{2}$/.test(value) ? { value } : wrong('a date (yyyy-mm-dd)');
    case 'datetime': {
      const at = isString(value) ? new Date(value) : null;
      return at && !Number.isNaN(at.getTime())
        ? { value: jiraDateTime(at) }
        : wrong('an ISO-8601 date and time');
    }
    case 'option': {
      const shaped = option(value);
      return shaped === null ? wrong('an option value') : { value: shaped };
    }
    case 'user': {
      const shaped = user(value);
      return shaped === null ? wrong('a user') : { value: shaped };
    }
    case 'array': {
      if (!Array.isArray(value)) return wrong('a list');
      if (items === 'option') {
        const shaped = value.map(option);
        return shaped.includes(null) ? wrong('a list of option values') : { value: shaped };
      }
      if (items === 'user') {
        const shaped = value.map(user);
        return shaped.includes(null) ? wrong('a list of users') : { value: shaped };
      }
      if (items === 'string') {
        if (!value.every(isString)) return wrong('a list of strings');
        return { value: custom.endsWith(':labels') ? checkLabels(id, value, errors) : value };
      }
      return restricted ? unknownForRestricted() : { value };
    }
    default:
      // A type the gateway does not shape: the caller sends Jira's own JSON, which Jira checks.
      return restricted ? unknownForRestricted() : { value };
  }
}

/** Jira's date-time format for writes: 2026-01-31T10:00:00.000+0000 (UTC). */
export function jiraDateTime(at: Date): string {
  return at.toISOString().replace('Z', '+0000');
}
