// The gateway's Jira client: one keep-alive pool to the Jira site, every call
// made with the caller's own credential, answers decoded or turned into typed
// errors, idempotent reads retried, and calls held back while Jira's rate
// limit for them lasts (upstream-pause.ts). Methods are thin: they pick the flavour's
// path and decode; `request` is the generic core later methods build on.
import { authorizationHeader, credentialFingerprint, credentialRedactor } from './credential.ts';
import { decodeServerInfo, decodeUser } from './decode.ts';
import { JiraRateLimitedError } from './errors.ts';
import { interpretResponse } from './response.ts';
import { DEFAULT_RETRY_POLICY, type RetryPolicy, withRetries } from './retry.ts';
import { createJiraTransport, type JiraPoolOptions, type JiraTimeouts } from './transport.ts';
import type { JiraCredential, JiraFlavor, JiraMethod, JiraServerInfo, JiraUser } from './types.ts';
import {
  createUpstreamPauses,
  issueOfPath,
  type PausableCall,
  type UpstreamPauses,
} from './upstream-pause.ts';

/** The pause after a 429 that named no wait (neither Retry-After nor X-RateLimit-Reset). */
const DEFAULT_PAUSE_MS = 1_000;

export interface JiraClientOptions {
  /** The Jira site, e.g. https://jira.example.com or https://host/jira. */
  baseUrl: string;
  flavor: JiraFlavor;
  pool?: JiraPoolOptions;
  timeouts?: JiraTimeouts;
  retry?: Partial<RetryPolicy>;
  /** Sent as User-Agent, so Jira admins can tell the gateway's traffic apart. */
  userAgent?: string;
  /** Where Jira's 429s pause calls; this client's own when absent (tests pass one with a clock). */
  pauses?: UpstreamPauses;
  now?: () => number;
}

export type JiraQueryValue = string | number | boolean | readonly string[] | null | undefined;

export interface JiraRequestOptions {
  /** Query parameters; arrays repeat the parameter, null/undefined leave it out. */
  query?: Record<string, JiraQueryValue>;
  /** Sent as JSON. */
  body?: unknown;
  signal?: AbortSignal;
  /** A POST that only reads (search/jql, bulkfetch, approximate-count) may be retried like a GET. */
  readOnly?: boolean;
  /** Told the length of the answer's text (of the attempt that succeeded), e.g. to size a cache entry. */
  onAnswerLength?: (length: number) => void;
}

export interface JiraClient {
  readonly flavor: JiraFlavor;
  /** The platform REST prefix: /rest/api/2 on Data Center, /rest/api/3 on Cloud. */
  readonly apiPrefix: '/rest/api/2' | '/rest/api/3';
  /** Calls `path` (relative to the base URL, e.g. /rest/api/2/myself) and
   *  returns its JSON as T, unchecked: methods decode what they rely on. A null
   *  credential calls anonymously (serverInfo). */
  request<T>(
    credential: JiraCredential | null,
    method: JiraMethod,
    path: string,
    options?: JiraRequestOptions,
  ): Promise<T>;
  myself(credential: JiraCredential, options?: { signal?: AbortSignal }): Promise<JiraUser>;
  serverInfo(credential: JiraCredential | null, options?: { signal?: AbortSignal }): Promise<JiraServerInfo>;
  /** Closes the pool's sockets; pending calls finish first. */
  close(): Promise<void>;
}

export function createJiraClient(options: JiraClientOptions): JiraClient {
  const transport = createJiraTransport(options);
  const policy: RetryPolicy = { ...DEFAULT_RETRY_POLICY, ...options.retry };
  const userAgent = options.userAgent ?? 'jgg (jira-graphql-gateway)';
  const apiPrefix = options.flavor === 'cloud' ? '/rest/api/3' : '/rest/api/2';
  const now = options.now ?? Date.now;
  const pauses = options.pauses ?? createUpstreamPauses({ now });

  async function request<T>(
    credential: JiraCredential | null,
    method: JiraMethod,
    path: string,
    requestOptions: JiraRequestOptions = {},
  ): Promise<T> {
    const headers: Record<string, string> = { Accept: 'application/json', 'User-Agent': userAgent };
    if (credential) headers.Authorization = authorizationHeader(credential);
    let body: string | undefined;
    if (requestOptions.body !== undefined) {
      body = JSON.stringify(requestOptions.body);
      headers['Content-Type'] = 'application/json';
    }
    // Data Center's XSRF check refuses some non-GET requests without it.
    if (method !== 'GET') headers['X-Atlassian-Token'] = 'no-check';
    const fullPath = `${path}${queryString(requestOptions.query)}`;
    const redact = credentialRedactor(credential);
    const idempotent = method === 'GET' || requestOptions.readOnly === true;
    const call: PausableCall = {
      caller: credentialFingerprint(credential),
      write: !idempotent,
      issue: idempotent ? null : issueOfPath(path),
    };
    const json = await withRetries(
      async () => {
        const res = await transport.send({
          method,
          path: fullPath,
          label: path,
          headers,
          body,
          signal: requestOptions.signal,
        });
        let json: unknown;
        try {
          json = interpretResponse(res, {
            method,
            label: path,
            sentCredential: credential !== null,
            redact,
            now,
          });
        } catch (error) {
          if (!(error instanceof JiraRateLimitedError)) throw error;
          // Jira said 429: hold back what it limits, for as long as it says.
          const wait = error.retryAfterSeconds === null ? DEFAULT_PAUSE_MS : error.retryAfterSeconds * 1000;
          throw error.withPause(pauses.note(call, error.reason, now() + wait), call.write);
        }
        requestOptions.onAnswerLength?.(res.text.length);
        return json;
      },
      {
        idempotent,
        policy,
        now,
        ...(requestOptions.signal ? { signal: requestOptions.signal } : {}),
        held: () => {
          const pause = pauses.holding(call);
          if (pause === null) return null;
          return new JiraRateLimitedError(
            Math.max(1, Math.ceil((pause.resumeAt - now()) / 1000)),
            { method, path, status: null, requestId: null },
            { ...pause, held: true, write: call.write },
          );
        },
      },
    );
    // The caller names T; request does not check it (see the interface).
    return json as T;
  }

  return {
    flavor: options.flavor,
    apiPrefix,
    request,

    async myself(credential, opts = {}) {
      const path = `${apiPrefix}/myself`;
      const json = await request<unknown>(credential, 'GET', path, { signal: opts.signal });
      return decodeUser(json, options.flavor, { method: 'GET', path });
    },

    async serverInfo(credential, opts = {}) {
      const path = `${apiPrefix}/serverInfo`;
      const json = await request<unknown>(credential, 'GET', path, { signal: opts.signal });
      return decodeServerInfo(json, { method: 'GET', path });
    },

    close: () => transport.close(),
  };
}

export interface DetectFlavorOptions {
  /** serverInfo is open to anonymous callers; a site that closes it needs one. */
  credential?: JiraCredential;
  timeouts?: JiraTimeouts;
  retry?: Partial<RetryPolicy>;
  signal?: AbortSignal;
}

/** Asks the site's /rest/api/2/serverInfo (open to anonymous callers on both
 *  flavours): deploymentType 'Cloud' is Cloud, anything else Data Center. */
export async function detectFlavor(baseUrl: string, options: DetectFlavorOptions = {}): Promise<JiraFlavor> {
  // /rest/api/2 exists on both flavours, so the datacenter paths work for asking.
  const client = createJiraClient({
    baseUrl,
    flavor: 'datacenter',
    pool: { connections: 1 },
    ...(options.timeouts ? { timeouts: options.timeouts } : {}),
    ...(options.retry ? { retry: options.retry } : {}),
  });
  try {
    const info = await client.serverInfo(options.credential ?? null, { signal: options.signal });
    return info.deploymentType === 'Cloud' ? 'cloud' : 'datacenter';
  } finally {
    await client.close();
  }
}

function queryString(query: Record<string, JiraQueryValue> | undefined): string {
  if (!query) return '';
  const params = new URLSearchParams();
  for (const [name, value] of Object.entries(query)) {
    if (value === null || value === undefined) continue;
    if (Array.isArray(value)) for (const v of value) params.append(name, v);
    else params.append(name, String(value));
  }
  const text = params.toString();
  return text === '' ? '' : `?${text}`;
}
