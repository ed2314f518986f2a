// POST bodies must be JSON (GraphQL over HTTP's application/json); GET stays
// for queries. A form or text/plain POST is a "simple" request a browser sends
// cross-site with no CORS preflight, so accepting one would let any web page
// drive signIn from a visitor's browser. Refused with 415 before the token is
// checked or the body read.
import type { Plugin } from 'graphql-yoga';
import { errorResponse, mayHaveBody } from './error-response.ts';

/** The media type of a Content-Type value, without parameters (charset), lower-cased. */
function mediaType(contentType: string | null): string | null {
  if (contentType === null) return null;
  const semicolon = contentType.indexOf(';');
  return (semicolon === -1 ? contentType : contentType.slice(0, semicolon)).trim().toLowerCase();
}

export function useJsonRequests(): Plugin {
  return {
    onRequest({ request, endResponse }) {
      if (request.method !== 'POST') return;
      if (mediaType(request.headers.get('content-type')) === 'application/json') return;
      endResponse(
        errorResponse(415, 'BAD_USER_INPUT', 'A POST body must be application/json.', {
          headers: { 'Accept-Post': 'application/json' },
          bodyUnread: mayHaveBody(request),
        }),
      );
    },
  };
}
