// The field catalogue: the system fields (system-fields.ts) and the custom
// fields, each with its id, names, schema, navigability and value;
// and the `names` and `schema` expands drawn from it.
import type { Flavor, SandboxCustomField } from '../model.ts';
import { customFieldValue } from './custom-field-values.ts';
import type { FieldSelection } from './field-selection.ts';
import type { IssueView, Json } from './issue-view.ts';
import { type IssueFieldDef, SYSTEM_FIELDS } from './system-fields.ts';

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
