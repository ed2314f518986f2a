// The page's one way to the gateway: POST /graphql with a typed operation from
// codegen (./gql), so the page and the schema cannot drift apart. Errors come
// back as PageError, worded for people.
import type { TypedDocumentString } from './gql/graphql.ts';

/** What the page does about an error: sign the person out, or just say it. */
export type ErrorKind = 'session' | 'other';

export class PageError extends Error {
  constructor(
    message: string,
    readonly kind: ErrorKind,
    readonly code: string | null = null,
  ) {
    super(message);
  }
}

interface GraphQLErrorBody {
  message?: string;
  extensions?: { code?: string; requiredScopes?: string[]; retryAfterSeconds?: number };
}

/** An API error in words. */
function worded(error: GraphQLErrorBody, status: number): PageError {
  const code = error.extensions?.code ?? null;
  const message = error.message ?? 'The gateway answered with an error.';
  switch (code) {
    case 'UNAUTHENTICATED':
      return new PageError(
        'Your session has ended (it expired or was revoked). Please sign in again.',
        'session',
        code,
      );
    case 'INSUFFICIENT_SCOPE': {
      const scopes = error.extensions?.requiredScopes?.join(', ') ?? 'another scope';
      return new PageError(
        `Not allowed: this needs the scope ${scopes}, which your session does not hold.`,
        'other',
        code,
      );
    }
    case 'RATE_LIMITED':
      return new PageError(`Rate limited: ${message}`, 'other', code);
    case 'UPSTREAM_CREDENTIAL_INVALID':
      return new PageError(
        `Jira did not accept that token: check it (and on Cloud, the email). Jira said: ${message}`,
        'other',
        code,
      );
    case 'UPSTREAM_UNAVAILABLE':
    case 'UPSTREAM_RATE_LIMITED':
      return new PageError(`Jira is not answering right now: ${message}`, 'other', code);
    default:
      return new PageError(
        status >= 500 && code === null ? `The gateway failed (HTTP ${status}).` : message,
        'other',
        code,
      );
  }
}

/** Runs one operation; `secret` is the session's token, null for signIn. */
export async function request<TResult, TVariables>(
  operation: TypedDocumentString<TResult, TVariables>,
  variables: TVariables,
  secret: string | null,
): Promise<TResult> {
  const headers: Record<string, string> = {
    'Content-Type': 'application/json',
    Accept: 'application/graphql-response+json, application/json',
  };
  if (secret !== null) headers.Authorization = `Bearer ${secret}`;
  let response: Response;
  try {
    response = await fetch('/graphql', {
      method: 'POST',
      headers,
      body: JSON.stringify({ query: operation.toString(), variables }),
      // The token travels in the header only; no cookie is ever needed.
      credentials: 'omit',
    });
  } catch {
    throw new PageError('The gateway could not be reached. Check the connection and try again.', 'other');
  }
  const body = (await response.json().catch(() => null)) as {
    data?: TResult | null;
    errors?: GraphQLErrorBody[];
  } | null;
  if (response.status === 401) {
    throw worded(body?.errors?.[0] ?? { extensions: { code: 'UNAUTHENTICATED' } }, 401);
  }
  const first = body?.errors?.[0];
  if (first) throw worded(first, response.status);
  if (!response.ok || !body?.data) {
    throw worded(
      response.status === 429 ? { extensions: { code: 'RATE_LIMITED' }, message: 'try again later.' } : {},
      response.status,
    );
  }
  return body.data;
}
