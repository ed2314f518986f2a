// Which fields of the schema a set of executed operations resolved: every
// field selected (through aliases, fragments and inline fragments) on a path
// that answered without an error. Used to show that every field of the schema
// is resolved by some test on each flavour.
import {
  type DocumentNode,
  type GraphQLSchema,
  getNamedType,
  isObjectType,
  parse,
  TypeInfo,
  visit,
  visitWithTypeInfo,
} from 'graphql';

export interface ExecutedOperation {
  query: string;
  /** The answer's errors: fields under an errored path do not count. */
  errors?: { path?: readonly (string | number)[] }[];
}

/** Every Type.field of the schema's own object types (no introspection types). */
export function allFields(schema: GraphQLSchema): string[] {
  return Object.values(schema.getTypeMap())
    .filter((t) => isObjectType(t) && !t.name.startsWith('__'))
    .flatMap((t) => (isObjectType(t) ? Object.keys(t.getFields()).map((f) => `${t.name}.${f}`) : []));
}

export function selectedFields(schema: GraphQLSchema, document: DocumentNode): Set<string> {
  const seen = new Set<string>();
  const typeInfo = new TypeInfo(schema);
  visit(
    document,
    visitWithTypeInfo(typeInfo, {
      Field() {
        const parent = typeInfo.getParentType();
        const field = typeInfo.getFieldDef();
        if (parent && field && !field.name.startsWith('__'))
          seen.add(`${getNamedType(parent).name}.${field.name}`);
      },
    }),
  );
  return seen;
}

/** Fields resolved by the operations: selected, in operations that answered without errors. */
export function resolvedFields(schema: GraphQLSchema, operations: readonly ExecutedOperation[]): Set<string> {
  const covered = new Set<string>();
  for (const op of operations) {
    if ((op.errors ?? []).length > 0) continue;
    for (const f of selectedFields(schema, parse(op.query))) covered.add(f);
  }
  return covered;
}
