// Executes each operation on the shielded schema, or, when scope-proof.ts
// proves that the token's scopes allow every field it selects, on the same
// schema without the shield's per-field wrapping: the same answer, without
// the cost of an async middleware on every field of every list item.
import { type DocumentNode, type GraphQLSchema, getOperationAST } from 'graphql';
import type { Plugin } from 'graphql-yoga';
import { operationWithinScopes } from '../auth/scope-proof.ts';
import type { Scope } from '../auth/scopes.ts';
import { scopesOf } from '../auth/shield.ts';
import type { ExecutionPath } from '../observability/metrics.ts';
import type { CompiledQueries } from './compiled-queries.ts';

export interface ScopedExecutionOptions {
  /** The schema without the shield (its resolvers are the ones the shield wraps). */
  unguarded: GraphQLSchema;
  /** Told how each operation runs (for metrics). */
  onExecute?: (path: ExecutionPath) => void;
  /** Proven query operations compiled from `unguarded` (compiled-queries.ts); none when absent. */
  compiled?: CompiledQueries;
}

/** Sorted, comma-joined; one string per token's Set (sessions share the Set across requests). */
const scopeKeys = new WeakMap<ReadonlySet<Scope>, string>();
function scopeKey(scopes: ReadonlySet<Scope> | null): string {
  if (scopes === null) return '-';
  let key = scopeKeys.get(scopes);
  if (key === undefined) {
    key = [...scopes].sort().join(',');
    scopeKeys.set(scopes, key);
  }
  return key;
}

export function useScopedExecution({
  unguarded,
  onExecute: report,
  compiled,
}: ScopedExecutionOptions): Plugin {
  // Yoga hands the same DocumentNode for the same query text (its parse
  // cache), so a proof is made once per document, operation and scope set.
  const proofs = new WeakMap<DocumentNode, Map<string, boolean>>();
  const proven = (
    document: DocumentNode,
    operationName: string | null | undefined,
    scopes: ReadonlySet<Scope> | null,
  ): boolean => {
    let byKey = proofs.get(document);
    if (!byKey) {
      byKey = new Map();
      proofs.set(document, byKey);
    }
    const key = `${operationName ?? ''}|${scopeKey(scopes)}`;
    let holds = byKey.get(key);
    if (holds === undefined) {
      holds = operationWithinScopes(unguarded, document, operationName, scopes);
      byKey.set(key, holds);
    }
    return holds;
  };
  return {
    onExecute({ args, executeFn, setExecuteFn }) {
      if (!proven(args.document, args.operationName, scopesOf(args.contextValue))) {
        report?.('shielded');
        return;
      }
      report?.('unwrapped');
      const operation = compiled ? getOperationAST(args.document, args.operationName) : null;
      setExecuteFn((execArgs) => {
        const answer =
          operation &&
          compiled?.run(
            execArgs.document,
            operation,
            execArgs.operationName,
            execArgs.rootValue,
            execArgs.contextValue,
            execArgs.variableValues as Record<string, unknown> | null | undefined,
          );
        return answer ?? executeFn({ ...execArgs, schema: unguarded });
      });
    },
  };
}
