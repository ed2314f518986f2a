// One HTTP exchange with Jira over a keep-alive undici Pool: send, read the
// whole body, hand back status, headers and text. Network failures become
// JiraUnavailableError here; what the status means is response.ts's concern.
import type { IncomingHttpHeaders } from 'node:http';
import { type Dispatcher, Pool } from 'undici';
import { JiraUnavailableError, type UnavailableReason } from './errors.ts';

export interface JiraPoolOptions {
  /** Sockets per origin (default 32). */
  connections?: number;
  /** Idle keep-alive time before the client closes a socket (default 4 s, under
   *  common server and proxy idle limits, so a reused socket is rarely dead). */
  keepAliveTimeoutMs?: number;
  /** Upper bound for a server's Keep-Alive hint (default 60 s). */
  keepAliveMaxTimeoutMs?: number;
}

export interface JiraTimeouts {
  /** TCP + TLS connect (default 5 s). */
  connectMs?: number;
  /** From sending the request to Jira's response headers (default 30 s). */
  headersMs?: number;
  /** Longest gap between body chunks (default 30 s). */
  bodyMs?: number;
}

export const DEFAULT_TIMEOUTS: Required<JiraTimeouts> = {
  connectMs: 5_000,
  headersMs: 30_000,
  bodyMs: 30_000,
};

export interface TransportRequest {
  method: string;
  /** Path relative to the base URL, starting with '/', query included. */
  path: string;
  /** The path without its query, for error messages. */
  label: string;
  headers: Record<string, string>;
  body?: string;
  signal?: AbortSignal;
}

export interface TransportResponse {
  status: number;
  header(name: string): string | null;
  text: string;
}

export interface JiraTransport {
  send(request: TransportRequest): Promise<TransportResponse>;
  close(): Promise<void>;
}

export interface JiraTransportOptions {
  baseUrl: string;
  pool?: JiraPoolOptions;
  timeouts?: JiraTimeouts;
}

export function createJiraTransport(options: JiraTransportOptions): JiraTransport {
  const base = parseBaseUrl(options.baseUrl);
  const timeouts = { ...DEFAULT_TIMEOUTS, ...options.timeouts };
  // The client only ever talks to the base URL's origin, so one Pool is the
  // whole per-origin pool set.
  const pool = new Pool(base.origin, {
    connections: options.pool?.connections ?? 32,
    keepAliveTimeout: options.pool?.keepAliveTimeoutMs ?? 4_000,
    keepAliveMaxTimeout: options.pool?.keepAliveMaxTimeoutMs ?? 60_000,
    connect: { timeout: timeouts.connectMs },
    headersTimeout: timeouts.headersMs,
    bodyTimeout: timeouts.bodyMs,
  });

  return {
    send: (request) =>
      new Promise<TransportResponse>((resolve, reject) => {
        // pool.dispatch with a handler of our own, not pool.request: no Readable
        // body stream per call and no text() consumer on top of it, just the
        // chunks collected and decoded once (request()'s machinery was a
        // measurable share of a single-issue query's CPU: BENCHMARKS.md, "What
        // changed, and what it saved").
        const { signal } = request;
        let controller: Dispatcher.DispatchController | null = null;
        let settled = false;
        const chunks: Buffer[] = [];
        let length = 0;
        let status = 0;
        let headers: IncomingHttpHeaders = {};
        const onAbort = (): void => {
          controller?.abort(signal?.reason);
          // The caller's own cancellation is not Jira's failure: it rejects with the reason as is.
          finish(() => reject(signal?.reason));
        };
        const finish = (settle: () => void): void => {
          if (settled) return;
          settled = true;
          signal?.removeEventListener('abort', onAbort);
          settle();
        };
        const handler: Dispatcher.DispatchHandler = {
          onRequestStart(started) {
            controller = started;
            if (settled) started.abort(signal?.reason);
          },
          onResponseStart(_controller, statusCode, responseHeaders) {
            status = statusCode;
            headers = responseHeaders;
          },
          onResponseData(_controller, chunk) {
            chunks.push(chunk);
            length += chunk.length;
          },
          onResponseEnd() {
            finish(() =>
              resolve({
                status,
                header(name) {
                  const value = headers[name.toLowerCase()];
                  return Array.isArray(value) ? (value[0] ?? null) : (value ?? null);
                },
                text: decodeBody(chunks, length),
              }),
            );
          },
          onResponseError(_controller, error) {
            finish(() => reject(signal?.aborted ? signal.reason : unavailable(error, request)));
          },
        };
        if (signal?.aborted) {
          onAbort();
          return;
        }
        signal?.addEventListener('abort', onAbort, { once: true });
        try {
          pool.dispatch(
            {
              path: `${base.pathPrefix}${request.path}`,
              method: request.method as Dispatcher.HttpMethod,
              headers: request.headers,
              body: request.body,
            },
            handler,
          );
        } catch (error) {
          finish(() => reject(unavailable(error, request)));
        }
      }),
    close: () => pool.close(),
  };
}

/** The body as text: UTF-8, without a byte-order mark (as undici's text() reads it). */
function decodeBody(chunks: readonly Buffer[], length: number): string {
  if (length === 0) return '';
  const body = chunks.length === 1 ? (chunks[0] as Buffer) : Buffer.concat(chunks, length);
  const start = body.length >= 3 && body[0] === 0xef && body[1] === 0xbb && body[2] === 0xbf ? 3 : 0;
  return body.toString('utf8', start);
}

function parseBaseUrl(raw: string): { origin: string; pathPrefix: string } {
  const url = new URL(raw);
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new TypeError(`Jira base URL must be http or https, not ${url.protocol}`);
  }
  // A Data Center site may live under a context path (https://host/jira).
  return { origin: url.origin, pathPrefix: url.pathname.replace(/\/+$/, '') };
}

function unavailable(error: unknown, request: TransportRequest): JiraUnavailableError {
  const code = errorCode(error);
  const reason = REASONS[code] ?? 'network';
  const detail = error instanceof Error ? error.message : String(error);
  return new JiraUnavailableError(reason, null, {
    method: request.method,
    path: request.label,
    status: null,
    requestId: null,
    detail: code ? `${code}: ${detail}` : detail,
    cause: error,
  });
}

/** undici's and Node's error codes, by what they mean for the caller. */
const REASONS: Record<string, UnavailableReason> = {
  ECONNREFUSED: 'connection-refused',
  ECONNRESET: 'connection-reset',
  EPIPE: 'connection-reset',
  UND_ERR_SOCKET: 'connection-reset',
  UND_ERR_CONNECT_TIMEOUT: 'timeout',
  UND_ERR_HEADERS_TIMEOUT: 'timeout',
  UND_ERR_BODY_TIMEOUT: 'timeout',
  ETIMEDOUT: 'timeout',
};

function errorCode(error: unknown): string {
  if (typeof error === 'object' && error !== null && 'code' in error && typeof error.code === 'string') {
    return error.code;
  }
  return '';
}
