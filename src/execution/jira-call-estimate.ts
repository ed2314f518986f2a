// The Jira calls an operation can make, worked out from the document before it
// runs: every selected field's own cost (jira-call-costs.ts) times the number
// of objects it resolves for, which parent lists multiply (`first`, or an
// assumed size). Fields are collected as graphql-js executes them: fragments
// followed, equal response keys merged, @skip/@include decided by the
// request's variables (a skipped field costs nothing, as it runs nothing).
// Batched loads (issues by key) count one call per BATCH objects of the same
// parent list; loads shared per object or per request count once there.
import {
  type DirectiveNode,
  type DocumentNode,
  type FieldNode,
  type FragmentDefinitionNode,
  type GraphQLField,
  GraphQLIncludeDirective,
  type GraphQLObjectType,
  type GraphQLSchema,
  GraphQLSkipDirective,
  getArgumentValues,
  getDirectiveValues,
  getNamedType,
  getNullableType,
  getOperationAST,
  getVariableValues,
  isAbstractType,
  isListType,
  isObjectType,
  Kind,
  type OperationDefinitionNode,
  type SelectionSetNode,
  valueFromAST,
} from 'graphql';
import type { JiraFlavor } from '../jira/types.ts';
import {
  ASSUMED_LIST_SIZE,
  BATCH,
  type CostSite,
  type FieldCost,
  JIRA_CALL_COSTS,
  type SelectedField,
} from './jira-call-costs.ts';

/** What the estimate depends on besides the document and its variables. */
export interface EstimateFacts {
  flavor: JiraFlavor;
  /** How many projects the token is restricted to; null when it is not. */
  restrictedProjects: number | null;
}

export interface JiraCallEstimator {
  /**
   * The most Jira calls the operation can make; null when the operation or its
   * variables are invalid (execution refuses those without calling Jira).
   */
  estimate(
    document: DocumentNode,
    operationName: string | null | undefined,
    variables: Record<string, unknown> | null | undefined,
    facts: EstimateFacts,
  ): number | null;
}

type Variables = Record<string, unknown>;
type Fragments = Record<string, FragmentDefinitionNode>;

interface Walk {
  schema: GraphQLSchema;
  fragments: Fragments;
  variables: Variables;
  facts: EstimateFacts;
  costs: Readonly<Record<string, FieldCost>>;
  total: number;
  /** Objects per batched load group: field and parent path. */
  batches: Map<string, number>;
  perRequest: Set<string>;
}

function included(node: { readonly directives?: readonly DirectiveNode[] }, variables: Variables): boolean {
  if (!node.directives || node.directives.length === 0) return true;
  const skip = getDirectiveValues(GraphQLSkipDirective, node, variables);
  if (skip?.if === true) return false;
  const include = getDirectiveValues(GraphQLIncludeDirective, node, variables);
  return include?.if !== false;
}

function applies(schema: GraphQLSchema, type: GraphQLObjectType, condition: string | undefined): boolean {
  if (condition === undefined || condition === type.name) return true;
  const named = schema.getType(condition);
  return named !== undefined && isAbstractType(named) && schema.isSubType(named, type);
}

/** The fields of `sets` by response key, as graphql-js's collectFields groups them. */
function collect(
  walk: Walk,
  type: GraphQLObjectType,
  sets: readonly SelectionSetNode[],
  into = new Map<string, FieldNode[]>(),
  visited = new Set<string>(),
): Map<string, FieldNode[]> {
  for (const set of sets) {
    for (const selection of set.selections) {
      if (!included(selection, walk.variables)) continue;
      if (selection.kind === Kind.FIELD) {
        const key = (selection.alias ?? selection.name).value;
        const nodes = into.get(key);
        if (nodes) nodes.push(selection);
        else into.set(key, [selection]);
      } else if (selection.kind === Kind.INLINE_FRAGMENT) {
        if (applies(walk.schema, type, selection.typeCondition?.name.value)) {
          collect(walk, type, [selection.selectionSet], into, visited);
        }
      } else if (!visited.has(selection.name.value)) {
        visited.add(selection.name.value);
        const fragment = walk.fragments[selection.name.value];
        if (fragment && applies(walk.schema, type, fragment.typeCondition.name.value)) {
          collect(walk, type, [fragment.selectionSet], into, visited);
        }
      }
    }
  }
  return into;
}

function subSets(nodes: readonly FieldNode[]): SelectionSetNode[] {
  return nodes.flatMap((n) => (n.selectionSet ? [n.selectionSet] : []));
}

function argumentsOf(field: GraphQLField<unknown, unknown>, node: FieldNode, variables: Variables) {
  try {
    return getArgumentValues(field, node, variables);
  } catch {
    // Invalid arguments fail the field before it calls Jira; the sizes fall back to their worst case.
    return {};
  }
}

/** Whether the fields below `nodes` (of `type`) reach `path`. */
function reaches(walk: Walk, type: GraphQLObjectType, nodes: readonly FieldNode[], path: readonly string[]) {
  const [step, ...rest] = path;
  if (step === undefined) return true;
  for (const children of collect(walk, type, subSets(nodes)).values()) {
    const first = children[0] as FieldNode;
    if (first.name.value !== step) continue;
    if (rest.length === 0) return true;
    const def = type.getFields()[step];
    const named = def ? getNamedType(def.type) : undefined;
    if (isObjectType(named) && reaches(walk, named, children, rest)) return true;
  }
  return false;
}

/** Connection and edge types only carry a list: the object a field belongs to was reached before them. */
const plumbing = (type: GraphQLObjectType): boolean => /(Connection|Edge)$/.test(type.name);

/** One argument's value: its literal, its variable's value, or its default. */
function argumentValue(
  field: GraphQLField<unknown, unknown>,
  node: FieldNode,
  name: string,
  variables: Variables,
): unknown {
  const def = field.args.find((a) => a.name === name);
  if (!def) return undefined;
  const given = node.arguments?.find((a) => a.name.value === name);
  if (!given) return def.defaultValue;
  if (given.value.kind === Kind.VARIABLE) {
    const value = variables[given.value.name.value];
    return value === undefined ? def.defaultValue : value;
  }
  return valueFromAST(given.value, def.type, variables);
}

function siteOf(
  walk: Walk,
  def: GraphQLField<unknown, unknown>,
  nodes: readonly FieldNode[],
  via: string | null,
): CostSite {
  const named = getNamedType(def.type);
  const below = isObjectType(named) ? named : null;
  const first = nodes[0] as FieldNode;
  return {
    arg: (name) => argumentValue(def, first, name, walk.variables),
    flavor: walk.facts.flavor,
    via,
    restrictedProjects: walk.facts.restrictedProjects,
    selects: (path) => below !== null && reaches(walk, below, nodes, path),
    selected: (): SelectedField[] => {
      if (below === null) return [];
      return [...collect(walk, below, subSets(nodes)).values()].flatMap((children) => {
        const node = children[0] as FieldNode;
        const field = below.getFields()[node.name.value];
        if (!field) return [];
        const type = getNamedType(field.type);
        return [
          {
            field,
            args: () => argumentsOf(field, node, walk.variables),
            selects: (path: readonly string[]) => isObjectType(type) && reaches(walk, type, children, path),
          },
        ];
      });
    },
  };
}

/**
 * Adds the cost of the fields selected on `count` objects of `type`.
 * `sized`: the list size the object's connection fields carry.
 */
function walkObject(
  walk: Walk,
  type: GraphQLObjectType,
  sets: readonly SelectionSetNode[],
  count: number,
  via: string | null,
  path: string,
  sized: { fields: readonly string[]; size: number } | null,
): void {
  const perObject = new Set<string>();
  for (const [key, nodes] of collect(walk, type, sets)) {
    const first = nodes[0] as FieldNode;
    const name = first.name.value;
    if (name.startsWith('__')) continue;
    const def = type.getFields()[name];
    if (!def) continue;
    const coordinate = `${type.name}.${name}`;
    const cost = walk.costs[coordinate];
    const site = siteOf(walk, def, nodes, via);
    const work = cost?.work?.(site) ?? {};
    walk.total += count * (work.each ?? 0);
    if (work.batched) {
      const group = `${coordinate}@${path}`;
      walk.batches.set(group, (walk.batches.get(group) ?? 0) + count * work.batched);
    }
    if (work.perObject && !perObject.has(work.perObject)) {
      perObject.add(work.perObject);
      walk.total += count;
    }
    if (work.perRequest) walk.perRequest.add(work.perRequest);

    const named = getNamedType(def.type);
    const children = subSets(nodes);
    if (!isObjectType(named) || children.length === 0) continue;
    const items =
      sized?.fields.includes(name) === true
        ? sized.size
        : isListType(getNullableType(def.type))
          ? (cost?.size?.(site) ?? ASSUMED_LIST_SIZE)
          : 1;
    const below = cost?.sizedFields && cost.size ? { fields: cost.sizedFields, size: cost.size(site) } : null;
    walkObject(
      walk,
      named,
      children,
      count * items,
      plumbing(type) ? via : coordinate,
      path === '' ? key : `${path}.${key}`,
      below,
    );
  }
}

function estimateOperation(
  schema: GraphQLSchema,
  costs: Readonly<Record<string, FieldCost>>,
  document: DocumentNode,
  operation: OperationDefinitionNode,
  variables: Variables,
  facts: EstimateFacts,
): number | null {
  const root = schema.getRootType(operation.operation);
  if (!root) return null;
  const fragments: Fragments = {};
  for (const d of document.definitions) {
    if (d.kind === Kind.FRAGMENT_DEFINITION) fragments[d.name.value] = d;
  }
  const walk: Walk = {
    schema,
    fragments,
    variables,
    facts,
    costs,
    total: 0,
    batches: new Map(),
    perRequest: new Set(),
  };
  walkObject(walk, root, [operation.selectionSet], 1, null, '', null);
  let total = walk.total + walk.perRequest.size;
  for (const objects of walk.batches.values()) total += Math.ceil(objects / BATCH);
  return total;
}

/** Every coordinate the table names must exist: a renamed field must not fall out of the budget. */
function checkTable(schema: GraphQLSchema, costs: Readonly<Record<string, FieldCost>>): void {
  for (const coordinate of Object.keys(costs)) {
    const [typeName, fieldName] = coordinate.split('.') as [string, string];
    const type = schema.getType(typeName);
    if (!isObjectType(type) || !type.getFields()[fieldName]) {
      throw new Error(`jira-call-costs.ts names ${coordinate}, which the schema does not have`);
    }
  }
}

/** Figures remembered per document at most: `first: $n` takes few values, a list of ids many. */
const REMEMBERED_PER_DOCUMENT = 64;

interface Remembered {
  /** The variable names each remembered figure was worked out from, per operation and facts. */
  reads: Map<string, string[][]>;
  figures: Map<string, number>;
}

/** The key of a figure: the operation and facts, and the raw values of the variables it read. */
function figureKey(base: string, names: readonly string[], raw: Variables): string {
  return `${base}|${names.join(',')}|${names.map((n) => JSON.stringify(raw[n]) ?? '-').join(',')}`;
}

/** The variables, recording which of them the estimate reads. */
function recording(variables: Variables, reads: Set<string>): Variables {
  return new Proxy(variables, {
    get(target, name) {
      if (typeof name === 'string') reads.add(name);
      return Reflect.get(target, name);
    },
    getOwnPropertyDescriptor(target, name) {
      if (typeof name === 'string') reads.add(name);
      return Reflect.getOwnPropertyDescriptor(target, name);
    },
    has(target, name) {
      if (typeof name === 'string') reads.add(name);
      return Reflect.has(target, name);
    },
  });
}

export function createJiraCallEstimator(
  schema: GraphQLSchema,
  costs: Readonly<Record<string, FieldCost>> = JIRA_CALL_COSTS,
): JiraCallEstimator {
  checkTable(schema, costs);
  // Yoga hands the same DocumentNode for the same query text. A figure
  // depends on the variables it read (first: $n, @include(if: $x)), not on
  // the others (jql: $jql): it is remembered per document and the values of
  // those, so a client sending one query text with other JQL pays once.
  const remembered = new WeakMap<DocumentNode, Remembered>();
  return {
    estimate(document, operationName, rawVariables, facts) {
      const raw = rawVariables ?? {};
      const base = `${operationName ?? ''}|${facts.flavor}|${facts.restrictedProjects ?? '*'}`;
      let memo = remembered.get(document);
      if (!memo) {
        memo = { reads: new Map(), figures: new Map() };
        remembered.set(document, memo);
      }
      const readSets = memo.reads.get(base) ?? [];
      for (const names of readSets) {
        const known = memo.figures.get(figureKey(base, names, raw));
        if (known !== undefined) return known;
      }
      const operation = getOperationAST(document, operationName);
      if (!operation) return null;
      const definitions = operation.variableDefinitions ?? [];
      let variables: Variables = {};
      if (definitions.length > 0) {
        const coerced = getVariableValues(schema, definitions, raw, { maxErrors: 1 });
        if (coerced.errors) return null;
        variables = coerced.coerced;
      }
      const reads = new Set<string>();
      const figure = estimateOperation(
        schema,
        costs,
        document,
        operation,
        recording(variables, reads),
        facts,
      );
      if (figure !== null && memo.figures.size < REMEMBERED_PER_DOCUMENT) {
        const names = [...reads].sort();
        if (!readSets.some((r) => r.join(',') === names.join(','))) {
          memo.reads.set(base, [...readSets, names]);
        }
        memo.figures.set(figureKey(base, names, raw), figure);
      }
      return figure;
    },
  };
}
