// The gateway's one error vocabulary: the codes the public interface names
// ("Error codes" in the README) and PublicError, the error that carries one.
// Masking (http/use-error-masking.ts) answers a PublicError as it is and hides
// every other error as INTERNAL_SERVER_ERROR, so a failure becomes visible to
// callers only by being made a PublicError on purpose.
import { GraphQLError } from 'graphql';

export const PUBLIC_ERROR_CODES = [
  'UNAUTHENTICATED',
  'INSUFFICIENT_SCOPE',
  'FORBIDDEN',
  'NOT_FOUND',
  'BAD_USER_INPUT',
  'RATE_LIMITED',
  'UPSTREAM_RATE_LIMITED',
  'UPSTREAM_UNAVAILABLE',
  'UPSTREAM_CREDENTIAL_INVALID',
  'QUERY_TOO_COMPLEX',
] as const;

export type PublicErrorCode = (typeof PUBLIC_ERROR_CODES)[number];

/**
 * An error meant for the caller: its message and extensions (with `code`)
 * are answered as they are. A GraphQLError, so that Yoga takes its
 * `extensions.http` (status, headers) wherever it is thrown, before or
 * during execution; its name stays 'GraphQLError', which Yoga checks.
 */
export class PublicError<Code extends PublicErrorCode = PublicErrorCode> extends GraphQLError {
  readonly code: Code;

  constructor(code: Code, message: string, extensions: Record<string, unknown> = {}) {
    super(message, { extensions: { ...extensions, code } });
    this.code = code;
  }
}

/** A PublicError, or graphql-js's located copy of one thrown by a resolver. */
export function isPublicError(error: unknown): boolean {
  return (
    error instanceof PublicError ||
    (error instanceof GraphQLError && error.originalError instanceof PublicError)
  );
}

/** The error a resolver or plugin throws for the caller. */
export function gatewayError(
  code: PublicErrorCode,
  message: string,
  extensions: Record<string, unknown> = {},
): PublicError {
  return new PublicError(code, message, extensions);
}
