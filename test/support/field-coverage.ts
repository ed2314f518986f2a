// Which fields of the schema a set of executed operations resolved, read from
// their answers. Used to show that every field of the schema is resolved by
// some test on each flavour. (Operations here use no fragments.)
import {
  type GraphQLField,
  type GraphQLObjectType,
  type GraphQLSchema,
  getNamedType,
  isEnumType,
  isLeafType,
  isNonNullType,
  isObjectType,
  Kind,
  parse,
  type SelectionNode,
} from 'graphql';
import type { Flavor, RunningSandbox } from 'jira-sandbox';

export interface ExecutedOperation {
  query: string;
  /** The answer's data. */
  data: unknown;
}

/** Every Type.field of the schema's own object types (no introspection types). */
export function allFields(schema: GraphQLSchema): string[] {
  return Object.values(schema.getTypeMap())
    .filter((t) => isObjectType(t) && !t.name.startsWith('__'))
    .flatMap((t) => (isObjectType(t) ? Object.keys(t.getFields()).map((f) => `${t.name}.${f}`) : []));
}

/**
 * Fields whose resolvers ran: walks each answer's data alongside its
 * operation, so a field counts only where its parent object was there to
 * resolve it (a field under a null parent or an empty list does not).
 */
export function resolvedFields(schema: GraphQLSchema, operations: readonly ExecutedOperation[]): Set<string> {
  const covered = new Set<string>();
  const walk = (selections: readonly SelectionNode[], type: GraphQLObjectType, value: unknown): void => {
    if (value === null || typeof value !== 'object') return;
    if (Array.isArray(value)) {
      for (const item of value) walk(selections, type, item);
      return;
    }
    const record = value as Record<string, unknown>;
    for (const selection of selections) {
      if (selection.kind !== Kind.FIELD || selection.name.value.startsWith('__')) continue;
      const key = selection.alias?.value ?? selection.name.value;
      const def = type.getFields()[selection.name.value];
      if (!def || !(key in record)) continue;
      covered.add(`${type.name}.${def.name}`);
      const named = getNamedType(def.type);
      if (selection.selectionSet && isObjectType(named))
        walk(selection.selectionSet.selections, named, record[key]);
    }
  };
  for (const op of operations) {
    const document = parse(op.query);
    for (const definition of document.definitions) {
      if (definition.kind !== Kind.OPERATION_DEFINITION) continue;
      const root = definition.operation === 'mutation' ? schema.getMutationType() : schema.getQueryType();
      if (root) walk(definition.selectionSet.selections, root, op.data);
    }
  }
  return covered;
}

/** Every field of `type`, objects followed to `depth` levels; fields with required arguments only when given. */
export function selectAll(type: GraphQLObjectType, depth: number, args: Record<string, string> = {}): string {
  const parts: string[] = [];
  for (const field of Object.values(type.getFields()) as GraphQLField<unknown, unknown>[]) {
    const coordinate = `${type.name}.${field.name}`;
    const given = args[coordinate];
    if (field.args.some((a) => isNonNullType(a.type)) && given === undefined) continue;
    const call = given ? `${field.name}${given}` : field.name;
    const named = getNamedType(field.type);
    if (isLeafType(named) || isEnumType(named)) parts.push(call);
    else if (isObjectType(named) && depth > 0) {
      const inner = selectAll(named, depth - 1, args);
      if (inner) parts.push(`${call} { ${inner} }`);
    }
  }
  return parts.join(' ');
}

/**
 * For queries that select everything: an issue with everything (a sub-task
 * with links, comments, worklogs, custom fields), one with links, and the
 * arguments each root field needs, by Type.field.
 */
export function everythingArguments(
  store: RunningSandbox['store'],
  flavor: Flavor,
): { rich: { key: string }; linked: { key: string }; args: Record<string, string> } {
  const alice = store.usersByName.get('alice')!;
  const rich =
    store.data.issues.find((i) => i.parentId !== null && i.comments.length > 0 && i.worklogs.length > 0) ??
    store.data.issues.find((i) => i.parentId !== null)!;
  const linked = store.data.issues.find((i) => i.links.length > 0)!;
  const sprint = store.data.sprints.find((s) => s.state === 'active')!;
  const args: Record<string, string> = {
    'Query.issue': `(key: "${rich.key}")`,
    'Query.issues': `(jql: "key in (${rich.key}, ${linked.key}) ORDER BY key", first: 5)`,
    'Query.project': '(key: "PROJ")',
    'Query.user': flavor === 'cloud' ? `(accountId: "${alice.accountId}")` : '(name: "alice")',
    'Query.board': '(id: 1)',
    'Query.sprint': `(id: ${sprint.id})`,
    'Query.sprints': `(boardId: ${sprint.originBoardId})`,
  };
  return { rich, linked, args };
}
