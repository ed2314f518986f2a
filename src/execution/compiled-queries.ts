// Query operations compiled with graphql-jit, for those the scope proof lets
// run without the shield. graphql-js builds every result object with
// Object.create(null) (dictionary-mode objects that V8 serialises on its slow
// path) and a resolve-info object per field per item; the compiled query does
// neither, which saves CPU on every page (BENCHMARKS.md, "What changed, and what it saved").
//
// Where the answers could differ, graphql-js runs instead:
// - a document is compiled the second time it runs, so a query text sent once
//   never pays for compiling (code generation costs a few milliseconds);
// - variables are checked by graphql-js first, so a wrong one is refused in
//   graphql-js's words;
// - mutations and subscriptions are never compiled;
// - graphql-jit's errors carry no field nodes, and Yoga rebuilds every error
//   from its nodes (their locations would be lost): they get the nodes from
//   the document, found by the error's path.
// test/gateway/compiled-queries.test.ts sends the same queries both ways.
import {
  type DocumentNode,
  type ExecutionResult,
  type FieldNode,
  type FragmentDefinitionNode,
  GraphQLError,
  type GraphQLSchema,
  getVariableValues,
  Kind,
  type OperationDefinitionNode,
  type SelectionSetNode,
} from 'graphql';
import { type CompiledQuery, compileQuery, isCompiledQuery } from 'graphql-jit';

/** How many runs of a document before it is compiled. */
const COMPILE_ON_RUN = 2;

interface Entry {
  runs: number;
  /** null: graphql-jit could not compile it (graphql-js runs it). */
  compiled: CompiledQuery | null | undefined;
}

export interface CompiledQueries {
  /** The compiled operation's answer, or null when graphql-js must run it. */
  run(
    document: DocumentNode,
    operation: OperationDefinitionNode,
    operationName: string | null | undefined,
    root: unknown,
    context: unknown,
    variables: Record<string, unknown> | null | undefined,
  ): Promise<ExecutionResult> | ExecutionResult | null;
}

/** The field nodes an error's path names, as graphql-js would locate it (fragments followed). */
function nodesAt(
  document: DocumentNode,
  operation: OperationDefinitionNode,
  path: readonly (string | number)[],
) {
  const fragments = new Map<string, FragmentDefinitionNode>();
  for (const d of document.definitions)
    if (d.kind === Kind.FRAGMENT_DEFINITION) fragments.set(d.name.value, d);
  const fieldsIn = (set: SelectionSetNode, key: string, into: FieldNode[], seen: Set<string>): void => {
    for (const selection of set.selections) {
      if (selection.kind === Kind.FIELD) {
        if ((selection.alias ?? selection.name).value === key) into.push(selection);
      } else if (selection.kind === Kind.INLINE_FRAGMENT) {
        fieldsIn(selection.selectionSet, key, into, seen);
      } else if (!seen.has(selection.name.value)) {
        seen.add(selection.name.value);
        const fragment = fragments.get(selection.name.value);
        if (fragment) fieldsIn(fragment.selectionSet, key, into, seen);
      }
    }
  };
  let sets: SelectionSetNode[] = [operation.selectionSet];
  let nodes: FieldNode[] = [];
  for (const step of path) {
    if (typeof step === 'number') continue;
    nodes = [];
    for (const set of sets) fieldsIn(set, step, nodes, new Set());
    sets = nodes.flatMap((n) => (n.selectionSet ? [n.selectionSet] : []));
  }
  return nodes;
}

function withLocations(
  result: ExecutionResult,
  document: DocumentNode,
  operation: OperationDefinitionNode,
): ExecutionResult {
  const unlocated = (e: GraphQLError): boolean => !e.nodes?.length && e.path !== undefined;
  if (!result.errors?.some(unlocated)) return result;
  const errors = result.errors.map((error) => {
    if (!unlocated(error) || error.path === undefined) return error;
    const nodes = nodesAt(document, operation, error.path);
    return new GraphQLError(error.message, {
      nodes: nodes.length > 0 ? nodes : null,
      path: error.path,
      originalError: error.originalError ?? undefined,
      extensions:
        error.extensions ??
        (error.originalError as { extensions?: Record<string, unknown> } | undefined)?.extensions,
    });
  });
  return { ...result, errors };
}

export function createCompiledQueries(schema: GraphQLSchema): CompiledQueries {
  // Yoga hands the same DocumentNode for the same query text (its parse cache).
  const byDocument = new WeakMap<DocumentNode, Map<string, Entry>>();
  return {
    run(document, operation, operationName, root, context, variables) {
      if (operation.operation !== 'query') return null;
      let entries = byDocument.get(document);
      if (!entries) {
        entries = new Map();
        byDocument.set(document, entries);
      }
      const key = operationName ?? '';
      let entry = entries.get(key);
      if (!entry) {
        entry = { runs: 0, compiled: undefined };
        entries.set(key, entry);
      }
      entry.runs += 1;
      if (entry.compiled === undefined) {
        if (entry.runs < COMPILE_ON_RUN) return null;
        const made = compileQuery(schema, document, operationName ?? undefined);
        entry.compiled = isCompiledQuery(made) ? made : null;
      }
      if (entry.compiled === null) return null;
      const inputs = variables ?? {};
      if (getVariableValues(schema, operation.variableDefinitions ?? [], inputs).errors) return null;
      const answer = entry.compiled.query(root, context, inputs);
      return answer instanceof Promise
        ? answer.then((result) => withLocations(result, document, operation))
        : withLocations(answer, document, operation);
    },
  };
}
