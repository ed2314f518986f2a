// The Yoga plugin that makes every request name its caller, from the
// Authorization header alone, before any body is read: a token that is
// malformed, unknown, expired, revoked or used from a disallowed address, a
// value that is not Bearer or Basic, or two Authorization headers, answer 401
// with `WWW-Authenticate: Bearer realm="jgg", error="invalid_token"` without
// reading the body. A request with no token may only run the signIn mutation
// (checked once its body, capped small for it, is parsed).
import type { IncomingMessage } from 'node:http';
import { type DocumentNode, Kind, type OperationDefinitionNode, parse } from 'graphql';
import type { Plugin } from 'graphql-yoga';
import { PublicError } from '../errors.ts';
import type { RequestState } from '../request-context.ts';
import type { Authenticator, InvalidReason } from '../tokens/authenticator.ts';
import { errorResponse, mayHaveBody } from './error-response.ts';

export interface AuthenticationOptions {
  authenticator: Authenticator;
  /** Per-request state, shared with the context factory and logging. */
  stateOf: (request: Request) => RequestState;
  onRejected?: (reason: InvalidReason | 'missing', state: RequestState) => void;
}

const REALM = 'Bearer realm="jgg"';

/** No token on an operation that needs one: the challenge names no error (RFC 6750). */
function tokenMissing(): PublicError {
  return new PublicError('UNAUTHENTICATED', 'A gateway token is required: Authorization: Bearer <token>.', {
    http: { status: 401, headers: { 'WWW-Authenticate': REALM } },
  });
}

const REASONS: Record<InvalidReason, string> = {
  malformed: 'The token is malformed.',
  'bad-checksum': 'The token is malformed.',
  unknown: 'The token is not valid.',
  expired: 'The token has expired.',
  revoked: 'The token has been revoked.',
  address: 'The token may not be used from this address.',
};

/** True when the document's chosen operation is a mutation asking only for signIn. */
export function isSignInOnly(query: string | undefined, operationName: string | undefined | null): boolean {
  if (!query) return false;
  let document: DocumentNode;
  try {
    document = parse(query);
  } catch {
    return false;
  }
  const operations = document.definitions.filter(
    (d): d is OperationDefinitionNode => d.kind === Kind.OPERATION_DEFINITION,
  );
  const chosen = operationName ? operations.find((o) => o.name?.value === operationName) : operations[0];
  if (!chosen || (operations.length > 1 && !operationName) || chosen.operation !== 'mutation') return false;
  return chosen.selectionSet.selections.every(
    (s) => s.kind === Kind.FIELD && (s.name.value === 'signIn' || s.name.value === '__typename'),
  );
}

/** How many Authorization headers the client sent: Node keeps only the first of several. */
function authorizationHeaderCount(req: IncomingMessage | undefined): number {
  const raw = req?.rawHeaders;
  if (raw === undefined) return 1;
  let count = 0;
  for (let i = 0; i < raw.length; i += 2) {
    const name = raw[i] as string;
    if (name.length === 13 && name.toLowerCase() === 'authorization') count++;
  }
  return count;
}

export function useAuthentication(options: AuthenticationOptions): Plugin<object, { req?: IncomingMessage }> {
  const refuse = (request: Request, reason: InvalidReason, state: RequestState): Response => {
    options.onRejected?.(reason, state);
    return errorResponse(401, 'UNAUTHENTICATED', REASONS[reason], {
      headers: { 'WWW-Authenticate': `${REALM}, error="invalid_token"` },
      bodyUnread: mayHaveBody(request),
    });
  };
  return {
    onRequest({ request, serverContext, endResponse }) {
      const authorization = request.headers.get('authorization');
      // No token: nothing to look up. The body cap for it is small, and onParams lets only signIn through.
      if (authorization === null) return undefined;
      const state = options.stateOf(request);
      if (authorizationHeaderCount(serverContext.req) > 1) {
        endResponse(refuse(request, 'malformed', state));
        return undefined;
      }
      return options.authenticator.authenticate(authorization, state.clientIp).then(
        (outcome) => {
          if (outcome.kind === 'ok') state.session = outcome.session;
          else if (outcome.kind === 'invalid') endResponse(refuse(request, outcome.reason, state));
        },
        (error: unknown) => {
          state.authFailure = error;
        },
      );
    },
    onParams({ params, request }) {
      const state = options.stateOf(request);
      if (state.authFailure !== undefined) throw state.authFailure;
      if (state.session !== null) return;
      if (!isSignInOnly(params.query, params.operationName)) {
        options.onRejected?.('missing', state);
        throw tokenMissing();
      }
    },
    onResponse({ request, response }) {
      const state = options.stateOf(request);
      response.headers.set('X-Request-Id', state.requestId);
      if (state.session) response.headers.set('X-Token-Scopes', state.session.token.scopes.join(', '));
    },
  };
}
