// Jira's field catalogue (GET /field): every system and custom field with its
// id, name, schema and JQL clause names. Read once per request through a
// loader; the caller's reader caches the answer across requests (its TTL).
// custom-fields.ts reads it to turn field names into ids and to type values.
import { authenticated, requires } from '../auth/field-scopes.ts';
import { type JiraJson, list, numOrNull, obj, str, strOrNull } from '../jira/json.ts';
import type { GatewayContext } from '../request-context.ts';
import { builder } from './builder.ts';
import { callJira } from './jira-call.ts';
import { loaderFor } from './loaders.ts';

export interface FieldCatalog {
  fields: JiraJson[];
  byId: Map<string, JiraJson>;
  /** Lower-cased name -> fields of that name (custom fields may share a name). */
  byName: Map<string, JiraJson[]>;
}

function catalogOf(raw: unknown): FieldCatalog {
  const fields = list(raw).map(obj);
  const byId = new Map<string, JiraJson>();
  const byName = new Map<string, JiraJson[]>();
  for (const field of fields) {
    byId.set(str(field.id), field);
    const name = str(field.name).toLowerCase();
    byName.set(name, [...(byName.get(name) ?? []), field]);
  }
  return { fields, byId, byName };
}

/** The caller's field catalogue: one GET /field per request at most (and cached across requests). */
export function loadFieldCatalog(ctx: GatewayContext): Promise<FieldCatalog> {
  const loader = loaderFor<'all', FieldCatalog>(ctx, 'field:catalog', (keys) =>
    callJira(ctx, (jira) => jira.read<unknown>(`${jira.apiPrefix}/field`)).then((raw) => {
      const catalog = catalogOf(raw);
      return keys.map(() => catalog);
    }),
  );
  return loader.load('all');
}

const FieldSchemaRef = builder.objectRef<JiraJson>('FieldSchema').implement({
  description:
    "A field's type as Jira describes it: type (number, string, option, user, array, date, datetime, any, …), " +
    'items (of an array), and for custom fields the custom type key and numeric id.',
  fields: (t) => ({
    type: t.string({ extensions: authenticated(), resolve: (s) => str(s.type) }),
    items: t.string({ nullable: true, extensions: authenticated(), resolve: (s) => strOrNull(s.items) }),
    system: t.string({
      nullable: true,
      description: 'The system field this is (system fields only).',
      extensions: authenticated(),
      resolve: (s) => strOrNull(s.system),
    }),
    custom: t.string({
      nullable: true,
      description: 'The custom field type key, e.g. com.atlassian.jira.plugin.system.customfieldtypes:float.',
      extensions: authenticated(),
      resolve: (s) => strOrNull(s.custom),
    }),
    customId: t.int({
      nullable: true,
      description: 'n of customfield_n (JQL cf[n]).',
      extensions: authenticated(),
      resolve: (s) => numOrNull(s.customId),
    }),
  }),
});

const read = requires('issues:read');

export const FieldRef = builder.objectRef<JiraJson>('Field').implement({
  description: 'A Jira issue field, system or custom.',
  fields: (t) => ({
    id: t.id({
      description: 'e.g. summary or customfield_10002.',
      extensions: read,
      resolve: (f) => str(f.id),
    }),
    name: t.string({ extensions: read, resolve: (f) => str(f.name) }),
    custom: t.boolean({ extensions: read, resolve: (f) => f.custom === true }),
    schema: t.field({
      type: FieldSchemaRef,
      nullable: true,
      description: 'Null for the few fields Jira gives no schema (e.g. issuekey).',
      extensions: read,
      resolve: (f) => (typeof f.schema === 'object' && f.schema !== null ? obj(f.schema) : null),
    }),
    clauseNames: t.stringList({
      description: 'The names JQL knows the field by, e.g. cf[10002] and "Story Points".',
      extensions: read,
      resolve: (f) => list(f.clauseNames).map(str),
    }),
    navigable: t.boolean({ extensions: read, resolve: (f) => f.navigable === true }),
    orderable: t.boolean({ extensions: read, resolve: (f) => f.orderable === true }),
    searchable: t.boolean({ extensions: read, resolve: (f) => f.searchable === true }),
  }),
});

builder.queryField('fields', (t) =>
  t.field({
    type: [FieldRef],
    description:
      "Jira's field catalogue, in Jira's order; only custom fields (or only system ones) when asked.",
    extensions: read,
    args: { custom: t.arg.boolean({ required: false }) },
    resolve: async (_root, args, ctx) => {
      const { fields } = await loadFieldCatalog(ctx);
      if (args.custom === null || args.custom === undefined) return fields;
      return fields.filter((f) => (f.custom === true) === args.custom);
    },
  }),
);
