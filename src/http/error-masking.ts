// What of an error reaches the caller. A PublicError (errors.ts) is answered
// as it is; so are graphql-js's and Yoga's verdicts on the request and the
// document, as BAD_USER_INPUT where they carry no code of the contract.
// Anything else is masked as INTERNAL_SERVER_ERROR and logged once, with the
// request's id, which the caller also gets to quote.
import { GraphQLError } from 'graphql';
import type { MaskError, Plugin } from 'graphql-yoga';
import type { Logger } from 'pino';
import { isPublicError } from '../errors.ts';

/** graphql-js's own verdicts on the document, which name the mistake: answered as they are. */
const DOCUMENT_CODES = new Set(['GRAPHQL_VALIDATION_FAILED', 'GRAPHQL_PARSE_FAILED']);

/**
 * graphql-js's verdict on a variable's value (wrong type, missing, out of
 * range), made before any resolver runs: the caller's mistake, with a message
 * that says which variable, so it is answered as BAD_USER_INPUT, not masked.
 * Such errors carry no path; every resolver's error does.
 */
function isVariableError(error: unknown): error is GraphQLError {
  return error instanceof GraphQLError && error.path === undefined && error.message.startsWith('Variable "$');
}

/**
 * Yoga's verdicts on the HTTP request itself (a body that is not JSON, no
 * query, a mutation over GET, several operations and no operationName): the
 * caller's mistake, answered as BAD_USER_INPUT with Yoga's message and HTTP
 * status, not masked as an unexpected error.
 */
function isRequestError(error: unknown): error is GraphQLError {
  if (!(error instanceof GraphQLError)) return false;
  // Not every GraphQLError carries extensions (graphql-jit's leave them undefined).
  const { code, http } = (error.extensions ?? {}) as { code?: unknown; http?: { status?: unknown } };
  const status = http?.status;
  return (
    (code === 'BAD_REQUEST' || code === 'OPERATION_RESOLUTION_FAILURE') &&
    typeof status === 'number' &&
    status >= 400 &&
    status < 500
  );
}

function isDocumentError(error: unknown): boolean {
  const code = (error as { extensions?: { code?: unknown } }).extensions?.code;
  return typeof code === 'string' && DOCUMENT_CODES.has(code);
}

export interface ErrorMasking {
  /** Yoga's `maskedErrors.maskError`. */
  maskError: MaskError;
  /** Logs each masked error once its request's answer is made. */
  plugin: Plugin;
}

export function createErrorMasking(logger: Logger, requestIdOf: (request: Request) => string): ErrorMasking {
  // Masked errors not yet logged; onResultProcess logs them with their request id.
  const unlogged = new WeakSet<GraphQLError>();
  return {
    maskError(error, message) {
      if (isPublicError(error) || isDocumentError(error)) return error as Error;
      if (isRequestError(error)) {
        return new GraphQLError(error.message, {
          extensions: { code: 'BAD_USER_INPUT', http: error.extensions.http },
        });
      }
      if (isVariableError(error)) {
        return new GraphQLError(error.message, {
          nodes: error.nodes,
          extensions: { code: 'BAD_USER_INPUT' },
        });
      }
      const located = error instanceof GraphQLError ? error : null;
      const cause = located?.originalError ?? error;
      // A GraphQLError, not a plain Error: that one serialises without `message` and `path`.
      // The cause rides along unserialised, for the log line (which needs the request id).
      const masked = new GraphQLError(message, {
        nodes: located?.nodes ?? null,
        path: located?.path ?? null,
        originalError: cause instanceof Error ? cause : new Error(String(cause)),
        extensions: { code: 'INTERNAL_SERVER_ERROR' },
      });
      unlogged.add(masked);
      return masked;
    },
    plugin: {
      // Here rather than in onExecutionResult: failures before execution (a token
      // look-up that hits a broken store) pass through here too.
      onResultProcess({ request, result }) {
        const requestId = requestIdOf(request);
        for (const one of Array.isArray(result) ? result : [result]) {
          if (Symbol.asyncIterator in one) continue;
          for (const error of one.errors ?? []) {
            if (!(error instanceof GraphQLError) || !unlogged.delete(error)) continue;
            error.extensions.requestId = requestId;
            logger.error({ requestId, err: error.originalError ?? error }, 'unexpected error');
          }
        }
      },
    },
  };
}
