// A GraphQL-shaped error answer made before Yoga parses anything (onRequest):
// the same body a thrown GraphQLError gets, without reading the request.
export interface ErrorResponseOptions {
  headers?: Record<string, string>;
  /**
   * The request's body is left unread: close the connection after answering,
   * or Node would drain the rest of it (up to whatever the client claims) to
   * keep the connection alive.
   */
  bodyUnread?: boolean;
  /** More of the error's extensions beside its code (requiredScopes, retryAfterSeconds…). */
  extensions?: Record<string, unknown>;
}

export function errorResponse(
  status: number,
  code: string,
  message: string,
  options: ErrorResponseOptions = {},
): Response {
  const headers: Record<string, string> = {
    'Content-Type': 'application/json; charset=utf-8',
    ...options.headers,
  };
  if (options.bodyUnread) headers.Connection = 'close';
  const extensions = { code, ...options.extensions };
  return new Response(JSON.stringify({ errors: [{ message, extensions }] }), { status, headers });
}

/** True when the request may still have a body on the wire (nothing has read it yet). */
export function mayHaveBody(request: Request): boolean {
  return (
    request.method !== 'GET' && request.method !== 'HEAD' && request.headers.get('content-length') !== '0'
  );
}
