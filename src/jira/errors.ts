// Typed failures of a Jira call, each with the stable `code` of the public
// interface (interface.md, "Error codes"), so the GraphQL layer maps them to
// `extensions.code` without looking at HTTP statuses. Every error keeps what
// Jira said (its messages, the status, its request id) and never the
// credential: messages are redacted where they are built, and toJSON lists
// exactly the fields that may be logged.

// A JiraError is not a PublicError: schema/jira-call.ts chooses what of it
// the caller sees and redacts it again; INTERNAL_SERVER_ERROR is masked.
import type { PublicErrorCode } from '../errors.ts';
import type { PauseScope, UpstreamPause } from './upstream-pause.ts';

export type JiraErrorCode = PublicErrorCode | 'INTERNAL_SERVER_ERROR';

export interface JiraErrorDetails {
  method: string;
  /** The request path without its query string. */
  path: string;
  /** Jira's HTTP status; null when no answer came (connection, timeout). */
  status: number | null;
  /** Jira's X-AREQUESTID, for finding the request in Jira's logs. */
  requestId: string | null;
  /** Jira's `errorMessages`. */
  jiraMessages?: readonly string[];
  /** Jira's `errors`: field id to message. */
  fieldErrors?: Readonly<Record<string, string>>;
  cause?: unknown;
}

export abstract class JiraError extends Error {
  abstract readonly code: JiraErrorCode;
  readonly method: string;
  readonly path: string;
  readonly status: number | null;
  readonly requestId: string | null;
  readonly jiraMessages: readonly string[];
  readonly fieldErrors: Readonly<Record<string, string>>;

  constructor(summary: string, details: JiraErrorDetails) {
    const said = [...(details.jiraMessages ?? []), ...Object.values(details.fieldErrors ?? {})];
    const status = details.status === null ? '' : ` ${details.status}`;
    super(
      `Jira ${details.method} ${details.path}${status}: ${summary}${said.length ? ` (${said.join('; ')})` : ''}`,
      details.cause === undefined ? undefined : { cause: details.cause },
    );
    this.name = new.target.name;
    this.method = details.method;
    this.path = details.path;
    this.status = details.status;
    this.requestId = details.requestId;
    this.jiraMessages = details.jiraMessages ?? [];
    this.fieldErrors = details.fieldErrors ?? {};
  }

  /** What a log line may carry: no headers, no cause object, no credential. */
  toJSON(): Record<string, unknown> {
    return {
      name: this.name,
      code: this.code,
      message: this.message,
      method: this.method,
      path: this.path,
      status: this.status,
      requestId: this.requestId,
      jiraMessages: this.jiraMessages,
      fieldErrors: this.fieldErrors,
    };
  }
}

/** Why Jira did not take the credential. */
export type CredentialRejection =
  /** Jira answered 401. */
  | 'unauthorized'
  /** Data Center answered as the anonymous user (X-AUSERNAME: anonymous). */
  | 'anonymous'
  /** Data Center wants a CAPTCHA after failed logins (403, X-Seraph-LoginReason). */
  | 'login-denied';

export class JiraCredentialInvalidError extends JiraError {
  override readonly code = 'UPSTREAM_CREDENTIAL_INVALID' as const;
  constructor(
    readonly reason: CredentialRejection,
    details: JiraErrorDetails,
  ) {
    super(CREDENTIAL_SUMMARY[reason], details);
  }

  override toJSON(): Record<string, unknown> {
    return { ...super.toJSON(), reason: this.reason };
  }
}

const CREDENTIAL_SUMMARY: Record<CredentialRejection, string> = {
  unauthorized: 'Jira did not accept the credential',
  anonymous: 'Jira did not accept the credential and answered as the anonymous user',
  'login-denied': 'Jira refuses this login until a person signs in through the browser (CAPTCHA)',
};

export class JiraForbiddenError extends JiraError {
  override readonly code = 'FORBIDDEN' as const;
  constructor(details: JiraErrorDetails) {
    super('Jira refused the operation for this user', details);
  }
}

export class JiraNotFoundError extends JiraError {
  override readonly code = 'NOT_FOUND' as const;
  constructor(details: JiraErrorDetails) {
    super('not found, or not visible to this user', details);
  }
}

export class JiraBadRequestError extends JiraError {
  override readonly code = 'BAD_USER_INPUT' as const;
  constructor(details: JiraErrorDetails) {
    super('Jira rejected the request', details);
  }
}

/** What the gateway knows of a rate limit beyond Jira's Retry-After. */
export interface RateLimitDetails {
  /** Jira's RateLimit-Reason (Cloud), null when it sent none. */
  reason?: string | null;
  /** What the gateway holds back until resumeAt (upstream-pause.ts); null before it is noted. */
  scope?: PauseScope | null;
  /** The issue of an 'issue' pause. */
  issue?: string | null;
  /** When the gateway will call Jira again for this caller (epoch ms); null when unknown. */
  resumeAt?: number | null;
  /** The gateway refused the call itself, during a pause: it never reached Jira. */
  held?: boolean;
  /** The call was a write: Jira refused it (or it was never sent), so it was not applied. */
  write?: boolean;
}

export class JiraRateLimitedError extends JiraError {
  override readonly code = 'UPSTREAM_RATE_LIMITED' as const;
  readonly reason: string | null;
  readonly scope: PauseScope | null;
  readonly issue: string | null;
  readonly resumeAt: number | null;
  readonly held: boolean;
  readonly write: boolean;

  constructor(
    /** Jira's Retry-After in seconds (or X-RateLimit-Reset's distance); for a held
     *  call, the seconds left of the pause. Null when Jira sent neither. */
    readonly retryAfterSeconds: number | null,
    details: JiraErrorDetails,
    limit: RateLimitDetails = {},
  ) {
    super(
      limit.held
        ? `held back, not sent: Jira is rate limiting ${SCOPE_WORDS[limit.scope ?? 'identity']}` +
            `${retryAfterSeconds === null ? '' : `; retry after ${retryAfterSeconds} s`}`
        : `Jira rate-limited the caller${retryAfterSeconds === null ? '' : `; retry after ${retryAfterSeconds} s`}`,
      details,
    );
    this.reason = limit.reason ?? null;
    this.scope = limit.scope ?? null;
    this.issue = limit.issue ?? null;
    this.resumeAt = limit.resumeAt ?? null;
    this.held = limit.held ?? false;
    this.write = limit.write ?? false;
  }

  /** The same refusal, with what the gateway paused because of it. */
  withPause(pause: UpstreamPause, write: boolean): JiraRateLimitedError {
    return new JiraRateLimitedError(
      this.retryAfterSeconds,
      {
        method: this.method,
        path: this.path,
        status: this.status,
        requestId: this.requestId,
        jiraMessages: this.jiraMessages,
        fieldErrors: this.fieldErrors,
      },
      { reason: this.reason, scope: pause.scope, issue: pause.issue, resumeAt: pause.resumeAt, write },
    );
  }

  override toJSON(): Record<string, unknown> {
    return {
      ...super.toJSON(),
      retryAfterSeconds: this.retryAfterSeconds,
      reason: this.reason,
      scope: this.scope,
      issue: this.issue,
      resumeAt: this.resumeAt === null ? null : new Date(this.resumeAt).toISOString(),
      held: this.held,
      write: this.write,
    };
  }
}

const SCOPE_WORDS: Record<PauseScope, string> = {
  identity: 'this user',
  issue: 'writes to this issue',
  site: 'every user of this Jira',
};

/** How Jira was unavailable. */
export type UnavailableReason =
  /** Jira answered 5xx. */
  | 'status'
  | 'connection-refused'
  /** The connection broke mid-request (reset, closed by the other side). */
  | 'connection-reset'
  | 'timeout'
  /** Any other network failure (DNS, TLS, the client being closed). */
  | 'network';

export class JiraUnavailableError extends JiraError {
  override readonly code = 'UPSTREAM_UNAVAILABLE' as const;
  constructor(
    readonly reason: UnavailableReason,
    /** Retry-After of a 503, in seconds; null when absent. */
    readonly retryAfterSeconds: number | null,
    details: JiraErrorDetails & { detail?: string },
  ) {
    super(`${UNAVAILABLE_SUMMARY[reason]}${details.detail ? ` (${details.detail})` : ''}`, details);
  }

  override toJSON(): Record<string, unknown> {
    return { ...super.toJSON(), reason: this.reason, retryAfterSeconds: this.retryAfterSeconds };
  }
}

const UNAVAILABLE_SUMMARY: Record<UnavailableReason, string> = {
  status: 'Jira is unavailable',
  'connection-refused': 'Jira refused the connection',
  'connection-reset': 'the connection to Jira broke',
  timeout: 'Jira did not answer in time',
  network: 'Jira could not be reached',
};

/** Anything Jira should not have answered: an unmapped status (3xx, 409,
 *  410...) or a body that is not the JSON the call expects. The gateway masks
 *  it as an internal error and logs it. */
export class JiraUnexpectedResponseError extends JiraError {
  override readonly code = 'INTERNAL_SERVER_ERROR' as const;
  constructor(summary: string, details: JiraErrorDetails) {
    super(summary, details);
  }
}
