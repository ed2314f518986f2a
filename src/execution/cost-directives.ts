// The Jira-call costs of jira-call-costs.ts published in the schema as the
// cost directives of the IBM GraphQL Cost Directives draft, in the form
// Apollo's router and the Hive gateway read (`weight: Int!`; the IBM draft
// declares it `String!`, which Apollo's composition refuses). Derived from
// JIRA_CALL_COSTS only: the table stays the one source of truth.
//
// The spec can say less than the table, so each published figure is the
// nearest upper bound it can state (README "Query cost"):
// - a field's weight is its worst case over both flavours, a restricted token
//   and any selection below it (the table's figures depend on those);
// - a load batched by 100 (issues by key) is one call per object, a load
//   shared per object or per request is one call per field that names it;
// - a tool multiplies a list field's own weight by its size: where the items
//   cost something below them the list carries its size and the weight is per
//   item (rounded up), where they do not the weight is per list and no size
//   is published (the tool's default list size multiplies it, at least 1);
// - object types weigh 0, so the tools' default of 1 per object is replaced
//   by what the gateway counts: Jira calls, nothing else.
import {
  DirectiveLocation,
  GraphQLBoolean,
  GraphQLDirective,
  type GraphQLField,
  GraphQLInt,
  GraphQLList,
  GraphQLNonNull,
  GraphQLObjectType,
  GraphQLSchema,
  GraphQLString,
  getNamedType,
  getNullableType,
  isListType,
  isObjectType,
  printSchema,
  printType,
} from 'graphql';
import type { JiraFlavor } from '../jira/types.ts';
import {
  ASSUMED_LIST_SIZE,
  type CostSite,
  type FieldCost,
  JIRA_CALL_COSTS,
  type JiraWork,
  type SelectedField,
} from './jira-call-costs.ts';

export const COST_DIRECTIVE = new GraphQLDirective({
  name: 'cost',
  description: 'Jira calls one resolution of the field makes at most (README "Query cost").',
  locations: [
    DirectiveLocation.ARGUMENT_DEFINITION,
    DirectiveLocation.ENUM,
    DirectiveLocation.FIELD_DEFINITION,
    DirectiveLocation.INPUT_FIELD_DEFINITION,
    DirectiveLocation.OBJECT,
    DirectiveLocation.SCALAR,
  ],
  args: { weight: { type: new GraphQLNonNull(GraphQLInt) } },
});

export const LIST_SIZE_DIRECTIVE = new GraphQLDirective({
  name: 'listSize',
  description: 'How many items a list (or the sizedFields of a connection) holds, for cost analysis.',
  locations: [DirectiveLocation.FIELD_DEFINITION],
  args: {
    assumedSize: { type: GraphQLInt },
    slicingArguments: { type: new GraphQLList(new GraphQLNonNull(GraphQLString)) },
    sizedFields: { type: new GraphQLList(new GraphQLNonNull(GraphQLString)) },
    requireOneSlicingArgument: { type: GraphQLBoolean, defaultValue: true },
  },
});

export interface ListSize {
  assumedSize: number;
  slicingArguments?: readonly string[];
  sizedFields?: readonly string[];
  requireOneSlicingArgument?: boolean;
}

/** What one field publishes; absent parts are not printed. */
export interface PublishedCost {
  weight?: number;
  listSize?: ListSize;
}

/** The worst case of one field in the table, for the README's cost table. */
export interface WorstWork {
  /** Calls one resolution makes at most, per flavour, counting shared loads once. */
  calls: Readonly<Record<JiraFlavor, number>>;
  /** How they are counted: each | batched | perObject | perRequest. */
  kinds: readonly (keyof JiraWork)[];
}

const FLAVORS: readonly JiraFlavor[] = ['datacenter', 'cloud'];

/**
 * Arguments at their costliest: the largest page, a cursor past the embedded
 * page, and mutation inputs with a parent and wiki bodies (each costs a read).
 * Custom fields in an issue write are left out: a restricted token's write
 * reads one issue per custom field it sets, which no fixed weight bounds.
 */
const WORST_INPUT = {
  parent: 'X-1',
  body: { wiki: 'x' },
  comment: { wiki: 'x' },
  set: { parent: 'X-1' },
  fields: { parent: 'X-1' },
};
const WORST_ARGS: Readonly<Record<string, unknown>> = { first: 100, after: 'x', input: WORST_INPUT };

/**
 * A site at its costliest: reached with nothing at hand (via null), every
 * field of its type selected below it, and `args` for its arguments.
 */
function probeSite(
  field: GraphQLField<unknown, unknown>,
  flavor: JiraFlavor,
  restrictedProjects: number | null,
  args: Readonly<Record<string, unknown>>,
): CostSite {
  const named = getNamedType(field.type);
  const below = isObjectType(named) ? Object.values(named.getFields()) : [];
  return {
    arg: (name) => args[name],
    flavor,
    via: null,
    restrictedProjects,
    selected: (): SelectedField[] => below.map((f) => ({ field: f, args: () => ({}), selects: () => true })),
    selects: () => true,
  };
}

function callsOf(work: JiraWork): number {
  return (work.each ?? 0) + (work.batched ?? 0) + (work.perObject ? 1 : 0) + (work.perRequest ? 1 : 0);
}

/** The most calls one resolution of the field can make, per flavour, over the probes. */
export function worstWork(field: GraphQLField<unknown, unknown>, cost: FieldCost | undefined): WorstWork {
  const calls: Record<JiraFlavor, number> = { datacenter: 0, cloud: 0 };
  const kinds = new Set<keyof JiraWork>();
  if (!cost?.work) return { calls, kinds: [] };
  for (const flavor of FLAVORS) {
    // A restricted token's costs grow with its projects: one project is the published case.
    for (const restricted of [null, 1]) {
      const work = cost.work(probeSite(field, flavor, restricted, WORST_ARGS));
      calls[flavor] = Math.max(calls[flavor], callsOf(work));
      for (const [kind, value] of Object.entries(work) as [keyof JiraWork, unknown][]) {
        if (value) kinds.add(kind);
      }
    }
  }
  return { calls, kinds: [...kinds].sort() };
}

/** The object types with a field below them (at any depth) that calls Jira. */
function costlyTypes(schema: GraphQLSchema, weights: ReadonlyMap<string, number>): Set<string> {
  const costly = new Set<string>();
  let grew = true;
  while (grew) {
    grew = false;
    for (const type of Object.values(schema.getTypeMap())) {
      if (!isObjectType(type) || costly.has(type.name)) continue;
      const calls = Object.values(type.getFields()).some(
        (f) => (weights.get(`${type.name}.${f.name}`) ?? 0) > 0 || costly.has(getNamedType(f.type).name),
      );
      if (calls) {
        costly.add(type.name);
        grew = true;
      }
    }
  }
  return costly;
}

/** The connection's list size, when `first` slices it: the model's size with `first` given and absent. */
function connectionSize(field: GraphQLField<unknown, unknown>, cost: FieldCost): ListSize | undefined {
  if (!cost.size || !cost.sizedFields) return undefined;
  const size = cost.size;
  const at = (args: Record<string, unknown>) => size(probeSite(field, 'datacenter', null, args));
  const sliced = field.args.some((a) => a.name === 'first') && at({ first: 37 }) === 37;
  return {
    assumedSize: at({}),
    ...(sliced ? { slicingArguments: ['first'] } : {}),
    sizedFields: cost.sizedFields,
    // `first` may be left out: assumedSize (the default page) applies then.
    requireOneSlicingArgument: false,
  };
}

/** The published cost of every object field that has one, by coordinate (Type.field). */
export function publishedCosts(
  schema: GraphQLSchema,
  costs: Readonly<Record<string, FieldCost>> = JIRA_CALL_COSTS,
): Map<string, PublishedCost> {
  const fields: [string, GraphQLField<unknown, unknown>][] = [];
  for (const type of Object.values(schema.getTypeMap())) {
    if (!isObjectType(type) || type.name.startsWith('__')) continue;
    for (const field of Object.values(type.getFields())) fields.push([`${type.name}.${field.name}`, field]);
  }
  const worst = new Map<string, number>();
  for (const [coordinate, field] of fields) {
    const { calls } = worstWork(field, costs[coordinate]);
    worst.set(coordinate, Math.max(calls.datacenter, calls.cloud));
  }
  const costly = costlyTypes(schema, worst);

  const published = new Map<string, PublishedCost>();
  for (const [coordinate, field] of fields) {
    const cost = costs[coordinate];
    const calls = worst.get(coordinate) ?? 0;
    const connection = cost ? connectionSize(field, cost) : undefined;
    let entry: PublishedCost = {};
    if (connection) {
      entry = { listSize: connection, ...(calls > 0 ? { weight: calls } : {}) };
    } else if (isListType(getNullableType(field.type)) && costly.has(getNamedType(field.type).name)) {
      // The items cost calls below them: the list's size must be published, and the weight is per item.
      const probe = probeSite(field, 'datacenter', null, {});
      const assumedSize = Math.max(1, cost?.size?.(probe) ?? ASSUMED_LIST_SIZE);
      entry = { listSize: { assumedSize }, ...(calls > 0 ? { weight: Math.ceil(calls / assumedSize) } : {}) };
    } else if (calls > 0) {
      entry = { weight: calls };
    }
    if (entry.weight !== undefined || entry.listSize) published.set(coordinate, entry);
  }
  return published;
}

function printList(values: readonly string[]): string {
  return `[${values.map((v) => JSON.stringify(v)).join(', ')}]`;
}

export function printCost({ weight, listSize }: PublishedCost): string {
  const parts: string[] = [];
  if (weight !== undefined) parts.push(`@cost(weight: ${weight})`);
  if (listSize) {
    const args = [`assumedSize: ${listSize.assumedSize}`];
    if (listSize.slicingArguments) args.push(`slicingArguments: ${printList(listSize.slicingArguments)}`);
    if (listSize.sizedFields) args.push(`sizedFields: ${printList(listSize.sizedFields)}`);
    if (listSize.requireOneSlicingArgument === false) args.push('requireOneSlicingArgument: false');
    parts.push(`@listSize(${args.join(', ')})`);
  }
  return parts.join(' ');
}

/** One field as graphql-js prints it inside its type (the first field of a block: no blank line before). */
function printedField(name: string, type: GraphQLObjectType): string {
  const lone = new GraphQLObjectType({ name: type.name, fields: { [name]: type.toConfig().fields[name]! } });
  return printType(lone).slice(`type ${type.name} {\n`.length, -'\n}'.length);
}

/** An object type as printSchema prints it, with `@cost(weight: 0)` on it and its fields' directives. */
function printTypeWithCosts(type: GraphQLObjectType, published: ReadonlyMap<string, PublishedCost>): string {
  let text = printType(type);
  const header = text.indexOf(' {\n');
  text = `${text.slice(0, header)} @cost(weight: 0)${text.slice(header)}`;
  let from = 0;
  for (const name of Object.keys(type.getFields())) {
    const chunk = printedField(name, type);
    const at = text.indexOf(`${chunk}\n`, from);
    if (at < 0) throw new Error(`cost-directives: cannot find ${type.name}.${name} in its printed type`);
    const end = at + chunk.length;
    const cost = published.get(`${type.name}.${name}`);
    const add = cost ? ` ${printCost(cost)}` : '';
    text = text.slice(0, end) + add + text.slice(end);
    from = end + add.length;
  }
  return text;
}

/**
 * The schema as graphql-js's printSchema prints it, with the two directives
 * defined and applied (printSchema prints no applied directive, and an
 * introspection answer carries none: this SDL is where the costs are published).
 */
export function printSchemaWithCosts(
  schema: GraphQLSchema,
  costs: Readonly<Record<string, FieldCost>> = JIRA_CALL_COSTS,
): string {
  const published = publishedCosts(schema, costs);
  const withDefinitions = new GraphQLSchema({
    ...schema.toConfig(),
    directives: [...schema.getDirectives(), COST_DIRECTIVE, LIST_SIZE_DIRECTIVE],
  });
  // Every type followed by a newline, the last one too, so each is found by its text and a newline.
  let printed = `${printSchema(withDefinitions)}\n`;
  for (const type of Object.values(schema.getTypeMap())) {
    if (!isObjectType(type) || type.name.startsWith('__')) continue;
    const plain = printType(type);
    const at = printed.indexOf(`${plain}\n`);
    if (at < 0) throw new Error(`cost-directives: cannot find type ${type.name} in the printed schema`);
    printed = printed.slice(0, at) + printTypeWithCosts(type, published) + printed.slice(at + plain.length);
  }
  return printed.slice(0, -1);
}
