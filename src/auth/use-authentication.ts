// The Yoga plugin that makes every request name its caller. A request with no
// token may only run the signIn mutation; a token that is malformed, unknown,
// expired, revoked or used from a disallowed address answers 401 with
// `WWW-Authenticate: Bearer realm="jgg", error="invalid_token"`.
import { type DocumentNode, GraphQLError, Kind, type OperationDefinitionNode, parse } from 'graphql';
import type { Plugin } from 'graphql-yoga';
import type { Authenticator, InvalidReason, Session } from './authenticator.ts';

export interface RequestState {
  requestId: string;
  clientIp: string;
  session: Session | null;
  startedAt: number;
  /** The URL's path, for the request log and metrics ('' until the request is seen). */
  path: string;
  /** Ends what the request left running (its Jira deadline timer); called once it is answered. */
  release?: () => void;
}

export interface AuthenticationOptions {
  authenticator: Authenticator;
  /** Per-request state, shared with the context factory and logging. */
  stateOf: (request: Request) => RequestState;
  onRejected?: (reason: InvalidReason | 'missing', state: RequestState) => void;
}

const REALM = 'Bearer realm="jgg"';

function unauthorized(message: string, invalid: boolean): GraphQLError {
  return new GraphQLError(message, {
    extensions: {
      code: 'UNAUTHENTICATED',
      http: {
        status: 401,
        headers: { 'WWW-Authenticate': invalid ? `${REALM}, error="invalid_token"` : REALM },
      },
    },
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

export function useAuthentication(options: AuthenticationOptions): Plugin {
  return {
    async onParams({ params, request }) {
      const state = options.stateOf(request);
      const outcome = await options.authenticator.authenticate(
        request.headers.get('authorization'),
        state.clientIp,
      );
      if (outcome.kind === 'ok') {
        state.session = outcome.session;
        return;
      }
      if (outcome.kind === 'invalid') {
        options.onRejected?.(outcome.reason, state);
        throw unauthorized(REASONS[outcome.reason], true);
      }
      if (!isSignInOnly(params.query, params.operationName)) {
        options.onRejected?.('missing', state);
        throw unauthorized('A gateway token is required: Authorization: Bearer <token>.', false);
      }
    },
    onResponse({ request, response }) {
      const state = options.stateOf(request);
      response.headers.set('X-Request-Id', state.requestId);
      if (state.session) response.headers.set('X-Token-Scopes', state.session.token.scopes.join(', '));
    },
  };
}
