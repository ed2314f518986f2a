// The cap on a request body's size, in place of Yoga's own
// (`maxRequestBodySize`, turned off in app.ts), chosen per request: the
// caller is known by then (use-authentication.ts ran in onRequest), and a
// request with no token, which can only be a signIn, gets a small one.
// Yoga's pipes every body through a TransformStream to count its bytes; that
// stream pipeline was a large share of a single-issue query's CPU
// (BENCHMARKS.md, "What changed, and what it saved"). A body with a Content-Length needs no
// counting: Node's HTTP parser reads exactly that many bytes and no more, so
// the header alone is checked, before a byte of the body is read. Only a body
// without one (chunked) is counted as it streams, as Yoga does.
import type { Plugin } from 'graphql-yoga';
import { PublicError } from '../errors.ts';

// BAD_USER_INPUT, a code the contract names (interface.md), where Yoga's own
// REQUEST_ENTITY_TOO_LARGE was masked as an unexpected error; the HTTP status
// still says which mistake it was. The connection is closed after the answer:
// Node would otherwise read the rest of the refused body to keep it alive.
function tooLarge(maxBytes: number): PublicError {
  return new PublicError('BAD_USER_INPUT', `Request body too large: at most ${maxBytes} bytes.`, {
    http: { status: 413, headers: { Connection: 'close' } },
  });
}

/** Only one non-negative integer is a valid Content-Length; a list of them is a smuggling attempt. */
const CONTENT_LENGTH = /^\d+$/;

/** `limitOf(request)`: the most bytes this request's body may hold. */
export function useRequestBodyLimit(limitOf: (request: Request) => number): Plugin {
  return {
    onRequestParse({ request, requestParser, setRequestParser, fetchAPI }) {
      const maxBytes = limitOf(request);
      const declared = request.headers.get('content-length');
      if (declared !== null) {
        if (!CONTENT_LENGTH.test(declared)) {
          throw new PublicError('BAD_USER_INPUT', 'Content-Length header is invalid.', {
            http: { status: 400, headers: { Connection: 'close' } },
          });
        }
        if (Number(declared) > maxBytes) throw tooLarge(maxBytes);
        return;
      }
      if (requestParser === undefined || request.body === null) return;
      const parse = requestParser;
      setRequestParser((req) => {
        let seen = 0;
        const counted = req.body?.pipeThrough(
          new fetchAPI.TransformStream<Uint8Array, Uint8Array>({
            transform(chunk, controller) {
              seen += chunk.byteLength;
              if (seen > maxBytes) controller.error(tooLarge(maxBytes));
              else controller.enqueue(chunk);
            },
          }),
        );
        return parse(
          new fetchAPI.Request(req.url, {
            method: req.method,
            headers: req.headers,
            signal: req.signal,
            body: counted ?? null,
            // @ts-expect-error: Node's fetch needs `duplex` for a stream body; lib.dom's RequestInit lacks it
            duplex: 'half',
          }),
        );
      });
    },
  };
}
