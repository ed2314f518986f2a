// The sandbox's request/response vocabulary: route handlers are plain
// functions from a RouteContext to a RouteResult, so they can be unit-tested
// without a socket and the server owns all the HTTP plumbing.
import type { IncomingHttpHeaders } from 'node:http';
import type { Flavor, SandboxUser } from './model.ts';
import type { CloudRateLimitReason } from './rate-limit.ts';
import type { SandboxStore } from './store.ts';

export interface SandboxSettings {
  flavor: Flavor;
  /** Data Center caps /search maxResults at this admin setting. */
  maxResultsCap: number;
  /** Added to every Jira REST answer. */
  latencyMs: number;
  /** Share of REST requests answered with an injected error (0..1). */
  errorRate: number;
  /** The status of an injected error: 503 by default, or any of INJECTABLE_STATUSES. */
  errorStatus: InjectableStatus;
  /** Share of REST requests delayed by slowMs (0..1). */
  slowRate: number;
  slowMs: number;
  /** Requests per interval (rateLimitIntervalSeconds) per limited scope; 0 turns rate limiting off. */
  rateLimit: number;
  /** The interval over which a bucket refills rateLimit requests (default 1 s): a longer one
   *  makes Jira ask for a longer wait (Retry-After), as a Data Center admin's setting or a quota does. */
  rateLimitIntervalSeconds: number;
  /**
   * Cloud's RateLimit-Reason for a 429, and with it what is limited: the caller
   * (jira-burst-based, the default), the whole site (jira-quota-tenant-based,
   * jira-quota-global-based) or writes to one issue (jira-per-issue-on-write;
   * reads are then not limited). Data Center limits each user and sends no reason.
   */
  rateLimitReason: CloudRateLimitReason;
}

export interface RouteContext {
  store: SandboxStore;
  settings: SandboxSettings;
  flavor: Flavor;
  /** The authenticated caller; null is Jira's anonymous user. */
  user: SandboxUser | null;
  method: string;
  /** Path params from the route template. */
  params: Record<string, string>;
  query: URLSearchParams;
  /** Parsed JSON body (undefined when there was none). */
  body: unknown;
  headers: IncomingHttpHeaders;
  /** e.g. http://127.0.0.1:8080, used for `self` links. */
  baseUrl: string;
  /** /rest/api/2 or /rest/api/3, as the request came in. */
  apiVersion: '2' | '3';
}

export interface RouteResult {
  status: number;
  body?: unknown;
  headers?: Record<string, string>;
}

export type RouteHandler = (ctx: RouteContext) => RouteResult | Promise<RouteResult>;

export interface RouteDefinition {
  method: 'GET' | 'POST' | 'PUT' | 'DELETE';
  /** find-my-way template, e.g. /rest/api/2/issue/:issueIdOrKey */
  path: string;
  handler: RouteHandler;
}

/** The statuses errorRate may inject: what a read can meet in front of a real Jira. */
export const INJECTABLE_STATUSES = [400, 401, 403, 404, 429, 500, 502, 503, 504] as const;
export type InjectableStatus = (typeof INJECTABLE_STATUSES)[number];

export function isInjectableStatus(value: unknown): value is InjectableStatus {
  return INJECTABLE_STATUSES.some((s) => s === value);
}

/** Seconds a caller is told to wait by an injected 429. */
export const INJECTED_RETRY_AFTER_SECONDS = 1;

/** An injected failure, worded as Jira words it where Jira has a canonical
 *  answer (401, 403, 404, 429), marked as injected where it has none. */
export function injectedError(status: InjectableStatus, flavor: Flavor): RouteResult {
  switch (status) {
    case 400:
      return jiraError(400, ['The request is not valid (injected by the sandbox).']);
    case 401: {
      // As a refused login: Seraph says why in a header, and Data Center
      // names the anonymous user.
      const headers: Record<string, string> = { 'X-Seraph-LoginReason': 'AUTHENTICATED_FAILED' };
      if (flavor === 'datacenter') headers['X-AUSERNAME'] = 'anonymous';
      return { ...mustAuthenticate(), headers };
    }
    case 403:
      return jiraError(403, ['You do not have the permission to see the specified issue.']);
    case 404:
      return jiraError(404, ['Issue does not exist or you do not have permission to see it.']);
    case 429:
      return {
        ...jiraError(429, ['Rate limit exceeded.']),
        headers: { 'Retry-After': String(INJECTED_RETRY_AFTER_SECONDS) },
      };
    case 500:
      return jiraError(500, ['Internal server error (injected by the sandbox).']);
    case 502:
      return jiraError(502, ['Bad Gateway (injected by the sandbox).']);
    case 503:
      return jiraError(503, ['Service Unavailable (injected by the sandbox).']);
    case 504:
      return jiraError(504, ['Gateway Timeout (injected by the sandbox).']);
  }
}

/** Jira's error body: {"errorMessages": [...], "errors": {field: message}}. */
export function jiraError(
  status: number,
  messages: string[],
  errors: Record<string, string> = {},
): RouteResult {
  return { status, body: { errorMessages: messages, errors } };
}

export function ok(body: unknown, status = 200): RouteResult {
  return { status, body };
}

export function noContent(): RouteResult {
  return { status: 204 };
}

/** Jira's 400 for invalid input: no messages, one error per field. */
export function fieldErrors(errors: Record<string, string>): RouteResult {
  return jiraError(400, [], errors);
}

/** The REST framework's answer on a resource that is not open to anonymous
 *  callers (/myself, the token API) and to a refused login. */
export function mustAuthenticate(): RouteResult {
  return jiraError(401, ['Client must be authenticated to access this resource.']);
}

/** Jira's own answer to an anonymous caller on an operation that needs a user. */
export function notAuthenticated(): RouteResult {
  return jiraError(401, ['You are not authenticated. Authentication required to perform this operation.']);
}

/** Reads an integer query parameter; Jira answers 400 for non-numbers. */
export function intParam(query: URLSearchParams, name: string, fallback: number): number | RouteResult {
  const raw = query.get(name);
  if (raw === null || raw === '') return fallback;
  const n = Number(raw);
  if (!Number.isInteger(n)) {
    return jiraError(400, [`The value '${raw}' is not a valid number for the parameter '${name}'.`]);
  }
  return n;
}

/** The window of a paged list a request asks for. */
export interface Page {
  startAt: number;
  maxResults: number;
}

/** startAt/maxResults of a paged list: 400 for non-numbers, like intParam; out-of-range
 *  values are clamped rather than refused (negatives to 0, maxResults to `cap`). */
export function pageParams(
  query: URLSearchParams,
  defaultMax: number,
  cap = Number.POSITIVE_INFINITY,
): Page | RouteResult {
  const startAt = intParam(query, 'startAt', 0);
  if (isRouteResult(startAt)) return startAt;
  const maxResults = intParam(query, 'maxResults', defaultMax);
  if (isRouteResult(maxResults)) return maxResults;
  return { startAt: Math.max(0, startAt), maxResults: Math.min(Math.max(0, maxResults), cap) };
}

export function isRouteResult(v: unknown): v is RouteResult {
  return (
    typeof v === 'object' && v !== null && 'status' in v && typeof (v as RouteResult).status === 'number'
  );
}

/** Comma-separated list parameter that may also repeat (fields=a,b&fields=c). */
export function listParam(query: URLSearchParams, name: string): string[] | null {
  const all = query.getAll(name);
  if (all.length === 0) return null;
  return all
    .flatMap((v) => v.split(','))
    .map((s) => s.trim())
    .filter((s) => s !== '');
}

/** Records an object as a plain JSON object or answers null. */
export function asObject(v: unknown): Record<string, unknown> | null {
  return typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Record<string, unknown>) : null;
}

/** The platform REST prefixes a flavour serves: Data Center /rest/api/2;
 *  Cloud /rest/api/3 and the older /rest/api/2 (wiki-string bodies), which
 *  clients still use for writes. */
export function platformPrefixes(flavor: Flavor): string[] {
  return flavor === 'cloud' ? ['/rest/api/3', '/rest/api/2'] : ['/rest/api/2'];
}

/** One route definition per platform prefix. */
export function platformRoutes(
  flavor: Flavor,
  method: RouteDefinition['method'],
  path: string,
  handler: RouteHandler,
): RouteDefinition[] {
  return platformPrefixes(flavor).map((prefix) => ({ method, path: `${prefix}${path}`, handler }));
}
