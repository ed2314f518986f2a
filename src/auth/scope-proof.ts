// A static proof that an operation reads only fields the token's scopes
// allow. graphql-shield wraps each guarded field in an async middleware, so
// a 100-issue page pays for some two thousand promises even when every check
// passes. When the proof holds, executing on the unwrapped schema gives the
// very answer the shield would (each rule would say yes), so the scoped
// execution plugin (use-scoped-execution.ts) skips the wrapping; whenever it
// does not hold, the shield runs and answers the denied fields with their
// errors. The proof is deliberately stricter than the shield: it checks every
// selected field on its own (no credit for checks a parent made), counts
// fields under @skip/@include as selected, and on an interface or union
// checks the field on every possible type. It reads the scopes the request
// starts with, so an operation that selects a field declared with
// changesScopes() (signIn) is never proven.

import {
  type DocumentNode,
  type FragmentDefinitionNode,
  type GraphQLField,
  type GraphQLNamedType,
  type GraphQLObjectType,
  type GraphQLSchema,
  getNamedType,
  isAbstractType,
  isObjectType,
  Kind,
  type OperationDefinitionNode,
  type SelectionSetNode,
} from 'graphql';
import { declaredAccess, type FieldAccess } from './field-scopes.ts';
import type { Scope } from './scopes.ts';
import { accessDecision } from './shield.ts';

// Declarations are fixed once the schema is built; read each field's once.
const accessCache = new WeakMap<GraphQLField<unknown, unknown>, FieldAccess | null>();
function accessOf(field: GraphQLField<unknown, unknown>): FieldAccess | null {
  let access = accessCache.get(field);
  if (access === undefined) {
    access = declaredAccess(field) ?? null;
    accessCache.set(field, access);
  }
  return access;
}

function selectedOperation(document: DocumentNode, operationName: string | null | undefined) {
  const operations = document.definitions.filter(
    (d): d is OperationDefinitionNode => d.kind === Kind.OPERATION_DEFINITION,
  );
  if (operationName) return operations.find((op) => op.name?.value === operationName);
  return operations.length === 1 ? operations[0] : undefined;
}

function rootType(
  schema: GraphQLSchema,
  operation: OperationDefinitionNode,
): GraphQLObjectType | null | undefined {
  if (operation.operation === 'query') return schema.getQueryType();
  if (operation.operation === 'mutation') return schema.getMutationType();
  return schema.getSubscriptionType();
}

/**
 * True only when every field the operation selects (through fragments, on
 * every possible type) is declared and allowed to a token holding `scopes`
 * (null: no token). False for anything it cannot place, such as an unknown
 * operation, type or field: the shield then decides, field by field.
 */
export function operationWithinScopes(
  schema: GraphQLSchema,
  document: DocumentNode,
  operationName: string | null | undefined,
  scopes: ReadonlySet<Scope> | null,
): boolean {
  const operation = selectedOperation(document, operationName);
  if (!operation) return false;
  const root = rootType(schema, operation);
  if (!root) return false;
  const fragments = new Map<string, FragmentDefinitionNode>();
  for (const d of document.definitions) {
    if (d.kind === Kind.FRAGMENT_DEFINITION) fragments.set(d.name.value, d);
  }
  // A fragment spread in many places is walked once: its walk depends only on its own type condition.
  const walked = new Set<string>();

  const within = (parent: GraphQLNamedType, selectionSet: SelectionSetNode): boolean => {
    // Introspection's own types carry no rules (the shield does not wrap them).
    if (parent.name.startsWith('__')) return true;
    const objects: readonly GraphQLObjectType[] = isObjectType(parent)
      ? [parent]
      : isAbstractType(parent)
        ? schema.getPossibleTypes(parent)
        : [];
    for (const selection of selectionSet.selections) {
      if (selection.kind === Kind.FIELD) {
        const name = selection.name.value;
        if (name === '__typename') continue;
        if (name === '__schema' || name === '__type') {
          // Meta fields of the query root, outside the shield like introspection's types.
          if (parent !== schema.getQueryType() || !selection.selectionSet) return false;
          const target = name === '__schema' ? '__Schema' : '__Type';
          if (!within(schema.getType(target) ?? parent, selection.selectionSet)) return false;
          continue;
        }
        for (const object of objects) {
          const field = object.getFields()[name];
          // On an abstract parent, a type without the field never runs it.
          if (!field) {
            if (isObjectType(parent)) return false;
            continue;
          }
          const access = accessOf(field);
          if (access === null || accessDecision(access, scopes) !== true) return false;
          if (field.extensions.changesScopes === true) return false;
          if (selection.selectionSet && !within(getNamedType(field.type), selection.selectionSet))
            return false;
        }
        if (objects.length === 0) return false;
      } else if (selection.kind === Kind.INLINE_FRAGMENT) {
        const condition = selection.typeCondition
          ? schema.getType(selection.typeCondition.name.value)
          : parent;
        if (!condition || !within(condition, selection.selectionSet)) return false;
      } else {
        const fragment = fragments.get(selection.name.value);
        if (!fragment) return false;
        const condition = schema.getType(fragment.typeCondition.name.value);
        if (!condition) return false;
        if (walked.has(fragment.name.value)) continue;
        walked.add(fragment.name.value);
        if (!within(condition, fragment.selectionSet)) return false;
      }
    }
    return true;
  };
  return within(root, operation.selectionSet);
}
