// What Jira's answer means: the decoded JSON of a success, or the typed error
// for a refusal. Statuses map to the interface's codes; Jira's error body
// ({"errorMessages": [...], "errors": {...}}) of a 4xx is kept, redacted;
// any other body, and every 5xx body, is not relayed.
import {
  JiraBadRequestError,
  JiraCredentialInvalidError,
  type JiraError,
  type JiraErrorDetails,
  JiraForbiddenError,
  JiraNotFoundError,
  JiraRateLimitedError,
  JiraUnavailableError,
  JiraUnexpectedResponseError,
} from './errors.ts';
import type { TransportResponse } from './transport.ts';

export interface ResponseContext {
  method: string;
  /** The request path without its query string. */
  label: string;
  /** Whether the request carried a credential (anonymous calls exist: serverInfo). */
  sentCredential: boolean;
  redact: (text: string) => string;
  now?: () => number;
}

/** The JSON of a successful answer (undefined for an empty body), or throws. */
export function interpretResponse(res: TransportResponse, ctx: ResponseContext): unknown {
  const failure = responseError(res, ctx);
  if (failure) throw failure;
  if (res.text === '') return undefined;
  try {
    return JSON.parse(res.text) as unknown;
  } catch {
    throw new JiraUnexpectedResponseError('the answer is not JSON', details(res, ctx, {}));
  }
}

function responseError(res: TransportResponse, ctx: ResponseContext): JiraError | null {
  const { status } = res;
  if (status === 401)
    return new JiraCredentialInvalidError('unauthorized', details(res, ctx, jiraBody(res, ctx)));
  if (status >= 500) {
    // A 5xx body is a proxy's page, a stack trace or a gateway's echo of the
    // request far more often than a message for the caller: never relayed,
    // the status says enough (and the request id finds it in Jira's logs).
    return new JiraUnavailableError('status', retryAfter(res, ctx), details(res, ctx, {}));
  }
  // Data Center does not refuse an unknown or revoked bearer token: it serves
  // the request as the anonymous user (200 with what anonymous may see, 404 for
  // a hidden issue; only resources closed to anonymous, like /myself, say 401).
  // X-AUSERNAME: anonymous on a request that carried a credential is the one
  // sign that Jira did not accept it, so it outranks the status: answering
  // "not found" or an empty list would be a lie.
  if (ctx.sentCredential && res.header('x-ausername')?.toLowerCase() === 'anonymous') {
    // Only a refusal's body is Jira's message; a 200's is what anonymous may see.
    const body = status >= 400 ? jiraBody(res, ctx) : {};
    return new JiraCredentialInvalidError('anonymous', details(res, ctx, body));
  }
  if (status >= 200 && status < 300) return null;

  const d = details(res, ctx, jiraBody(res, ctx));
  if (status === 403) {
    // After too many failed logins Data Center demands a CAPTCHA and refuses
    // API logins with 403 until a person signs in: the credential is unusable.
    if (res.header('x-seraph-loginreason')?.includes('AUTHENTICATION_DENIED')) {
      return new JiraCredentialInvalidError('login-denied', d);
    }
    return new JiraForbiddenError(d);
  }
  if (status === 404) return new JiraNotFoundError(d);
  // 409 (a conflicting update), 413 (a per-issue limit) and 422 (a configuration
  // problem) are what Jira's write endpoints document next to 400: refusals
  // of this request, in Jira's words.
  if (status === 400 || status === 409 || status === 413 || status === 422) return new JiraBadRequestError(d);
  if (status === 429) {
    return new JiraRateLimitedError(rateLimitWait(res, ctx), d, {
      reason: res.header('ratelimit-reason')?.trim() || null,
    });
  }
  return new JiraUnexpectedResponseError(`unexpected status ${status}`, d);
}

interface JiraBody {
  jiraMessages?: string[];
  fieldErrors?: Record<string, string>;
}

/** The keys of Jira's error collection (its REST docs: additionalProperties false; warningMessages on Cloud). */
const ERROR_COLLECTION_KEYS: ReadonlySet<string> = new Set([
  'errorMessages',
  'errors',
  'status',
  'warningMessages',
]);

/** Jira's error collection: {errorMessages: string[], errors: {field: string}}, nothing else. */
function isErrorCollection(v: unknown): v is { errorMessages?: unknown[]; errors?: Record<string, unknown> } {
  if (typeof v !== 'object' || v === null || Array.isArray(v)) return false;
  const o = v as Record<string, unknown>;
  if (!Object.keys(o).every((k) => ERROR_COLLECTION_KEYS.has(k))) return false;
  const messages = o.errorMessages;
  const errors = o.errors;
  if (messages === undefined && errors === undefined) return false;
  if (messages !== undefined && !(Array.isArray(messages) && messages.every((m) => typeof m === 'string')))
    return false;
  if (errors === undefined) return true;
  return (
    typeof errors === 'object' &&
    errors !== null &&
    !Array.isArray(errors) &&
    Object.values(errors).every((m) => typeof m === 'string')
  );
}

/**
 * Jira's messages from a refusal, redacted, when the body is Jira's error
 * collection. Anything else (a proxy's HTML or text page, JSON of another
 * shape) is not Jira speaking to the caller and is never relayed.
 */
function jiraBody(res: TransportResponse, ctx: ResponseContext): JiraBody {
  if (res.text === '') return {};
  let parsed: unknown;
  try {
    parsed = JSON.parse(res.text);
  } catch {
    return {};
  }
  if (!isErrorCollection(parsed)) return {};
  const out: JiraBody = {};
  if (parsed.errorMessages !== undefined)
    out.jiraMessages = parsed.errorMessages.map((m) => ctx.redact(String(m)));
  if (parsed.errors !== undefined) {
    out.fieldErrors = Object.fromEntries(
      Object.entries(parsed.errors).map(([field, message]) => [
        ctx.redact(field),
        ctx.redact(String(message)),
      ]),
    );
  }
  return out;
}

function details(res: TransportResponse, ctx: ResponseContext, body: JiraBody): JiraErrorDetails {
  return {
    method: ctx.method,
    path: ctx.label,
    status: res.status,
    requestId: res.header('x-arequestid'),
    ...body,
  };
}

function retryAfter(res: TransportResponse, ctx: ResponseContext): number | null {
  return parseRetryAfter(res.header('retry-after'), ctx.now?.() ?? Date.now());
}

/**
 * How long a 429 asks the caller to wait: Retry-After, else Cloud's
 * X-RateLimit-Reset (an ISO 8601 time, "yyyy-MM-ddTHH:mmZ" in Atlassian's
 * words: the request's time plus the wait), in whole seconds.
 */
function rateLimitWait(res: TransportResponse, ctx: ResponseContext): number | null {
  const now = ctx.now?.() ?? Date.now();
  const after = parseRetryAfter(res.header('retry-after'), now);
  if (after !== null) return after;
  const reset = res.header('x-ratelimit-reset')?.trim();
  if (!reset) return null;
  const at = Date.parse(reset);
  return Number.isNaN(at) ? null : Math.max(0, Math.ceil((at - now) / 1000));
}

/** Retry-After in whole seconds: delta-seconds or an HTTP date (RFC 9110). */
export function parseRetryAfter(value: string | null, now: number): number | null {
  if (value === null || value.trim() === '') return null;
  const trimmed = value.trim();
  if (/^\d+$/.test(trimmed)) return Number(trimmed);
  const at = Date.parse(trimmed);
  if (Number.isNaN(at)) return null;
  return Math.max(0, Math.ceil((at - now) / 1000));
}
