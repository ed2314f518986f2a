// The export routes for BI tools that read CSV or JSON from a URL with Basic
// authentication (Excel and Power BI "From Web", Grafana Infinity, Tableau,
// scripts): every matching issue, streamed page by page with backpressure
// from the socket, under the same token, scopes, project restriction, Jira
// identity and hourly budget as GraphQL.
//
//   GET /export                      the fields this token can export (JSON)
//   GET /export/issues.csv|.jsonl    ?jql=&fields=&updatedSince=&bom=&escapeFormulas=
//   GET /export/status-history.csv   ?jql=          one row per status change
//   GET /export/worklogs.csv         ?jql=&startedAfter=&startedBefore=
//
// Authentication ran before (use-authentication.ts: Bearer, or Basic with the
// token as password; address and expiry checked there). Each Jira request
// costs the token one point, charged before it is made: a budget that cannot
// pay the first answers 429 RATE_LIMITED before anything is streamed. Errors
// before the first byte answer an HTTP error with the usual JSON body; after
// it, the body ends with an error line (table-output.ts), never a silent cut.
// A client that goes away stops the export: no further Jira request is made.
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Plugin } from 'graphql-yoga';
import type { Logger } from 'pino';
import type { Scope } from '../auth/scopes.ts';
import { gatewayError, isPublicError, type PublicErrorCode } from '../errors.ts';
import { andJql, fieldNames, flag, instant, updatedSinceClause } from '../export/export-query.ts';
import {
  customFields,
  type ExportSource,
  exportableFields,
  issuesSource,
  statusHistorySource,
  worklogsSource,
} from '../export/export-sources.ts';
import type { ExportCall } from '../export/issue-pages.ts';
import { csvFormat, jsonlFormat, type TableFormat } from '../export/table-output.ts';
import { tableStream } from '../export/table-stream.ts';
import { createJiraReader } from '../jira/reader.ts';
import type { PointBudget } from '../limits/point-budget.ts';
import { pointsPerHourOf } from '../limits/token-rate-limit.ts';
import type { GatewayContext, RequestState } from '../request-context.ts';
import { callerJql, projectRestriction, restrictedSearch } from '../schema/project-restriction.ts';
import { errorResponse } from './error-response.ts';

export interface ExportOptions {
  stateOf: (request: Request) => RequestState;
  contextOf: (request: Request) => GatewayContext;
  budget: PointBudget;
  /** JGG_RATE_LIMIT_PER_HOUR. */
  defaultPointsPerHour: number;
  /** JGG_JIRA_DEADLINE_MS: the longest one Jira request of an export may take. */
  jiraDeadlineMs: number;
  logger: Logger;
}

const PREFIX = '/export';

/** HTTP statuses of the public codes, for answers made before streaming. */
const STATUS: Record<PublicErrorCode, number> = {
  UNAUTHENTICATED: 401,
  INSUFFICIENT_SCOPE: 403,
  FORBIDDEN: 403,
  NOT_FOUND: 404,
  BAD_USER_INPUT: 400,
  RATE_LIMITED: 429,
  UPSTREAM_RATE_LIMITED: 429,
  UPSTREAM_UNAVAILABLE: 502,
  UPSTREAM_CREDENTIAL_INVALID: 502,
  QUERY_TOO_COMPLEX: 400,
};

interface Failure {
  code: string;
  message: string;
  status: number;
  retryAfterSeconds: number | null;
  /** The error's extensions (requiredScopes, retryAfterSeconds...), code included. */
  extensions: Record<string, unknown>;
}

type Route = 'list' | 'issues.csv' | 'issues.jsonl' | 'status-history.csv' | 'worklogs.csv';
const ROUTES = new Set<string>(['issues.csv', 'issues.jsonl', 'status-history.csv', 'worklogs.csv']);

function routeOf(pathname: string): Route | null {
  if (pathname === PREFIX || pathname === `${PREFIX}/`) return 'list';
  const name = pathname.slice(PREFIX.length + 1);
  return ROUTES.has(name) ? (name as Route) : null;
}

/** What a route needs beyond a token. */
const ROUTE_SCOPES: Record<Route, Scope[]> = {
  list: ['issues:read'],
  'issues.csv': ['issues:read'],
  'issues.jsonl': ['issues:read'],
  'status-history.csv': ['issues:read'],
  'worklogs.csv': ['issues:read', 'worklogs:read'],
};

export function useExport(
  options: ExportOptions,
): Plugin<object, { req?: IncomingMessage; res?: ServerResponse }> {
  const { stateOf, contextOf, budget, logger } = options;

  /** A PublicError (or anything else, logged and masked) as what the caller is told. */
  function failureOf(error: unknown, state: RequestState): Failure {
    if (isPublicError(error)) {
      const e = error as { message: string; extensions: Record<string, unknown> };
      const code = String(e.extensions.code) as PublicErrorCode;
      const retry = e.extensions.retryAfterSeconds;
      return {
        code,
        message: e.message,
        status: STATUS[code] ?? 500,
        retryAfterSeconds: typeof retry === 'number' ? retry : null,
        extensions: { ...e.extensions },
      };
    }
    logger.error({ err: error, requestId: state.requestId }, 'export failed');
    return {
      code: 'INTERNAL_SERVER_ERROR',
      message: `Unexpected error (request id ${state.requestId}).`,
      status: 500,
      retryAfterSeconds: null,
      extensions: { code: 'INTERNAL_SERVER_ERROR' },
    };
  }

  /** The JSON error answer GraphQL would give (message and extensions), with its HTTP status. */
  function failureResponse(failure: Failure, headers: Record<string, string> = {}): Response {
    const all: Record<string, string> = { ...headers };
    if (failure.retryAfterSeconds !== null) all['Retry-After'] = String(failure.retryAfterSeconds);
    return errorResponse(failure.status, failure.code, failure.message, {
      headers: all,
      extensions: failure.extensions,
    });
  }

  return {
    onRequest({ request, url, serverContext, endResponse }) {
      if (url.pathname !== PREFIX && !url.pathname.startsWith(`${PREFIX}/`)) return undefined;
      const state = stateOf(request);
      const route = routeOf(url.pathname);
      if (route === null) {
        endResponse(errorResponse(404, 'NOT_FOUND', `No export at ${url.pathname}; GET /export lists them.`));
        return undefined;
      }
      if (request.method !== 'GET') {
        endResponse(
          errorResponse(405, 'BAD_USER_INPUT', 'Exports are read with GET.', { headers: { Allow: 'GET' } }),
        );
        return undefined;
      }
      if (state.authFailure !== undefined) {
        endResponse(failureResponse(failureOf(state.authFailure, state)));
        return undefined;
      }
      const session = state.session;
      if (session === null) {
        // Basic is offered too: Excel and Power BI ask for credentials only when challenged with it.
        const response = errorResponse(
          401,
          'UNAUTHENTICATED',
          'A gateway token is required: Bearer, or Basic with the token as the password.',
        );
        response.headers.append('WWW-Authenticate', 'Bearer realm="jgg"');
        response.headers.append('WWW-Authenticate', 'Basic realm="jgg", charset="UTF-8"');
        endResponse(response);
        return undefined;
      }
      const missing = ROUTE_SCOPES[route].filter((s) => !session.scopes.has(s));
      if (missing.length > 0) {
        const refusal = gatewayError('INSUFFICIENT_SCOPE', `This export needs ${missing.join(' and ')}.`, {
          requiredScopes: missing,
        });
        endResponse(failureResponse(failureOf(refusal, state)));
        return undefined;
      }

      // The export's own view of Jira: the caller's credential, no answer cache
      // (an export's pages would only crowd it), a deadline per Jira request
      // rather than per HTTP request, and stopped when the client goes away.
      const stop = new AbortController();
      const base = contextOf(request);
      const ctx: GatewayContext = {
        ...base,
        jira: createJiraReader({
          client: base.services.jira,
          credential: () => base.services.identities.credentialOf(session.identity),
          scopeKey: `export|${session.identity.id}`,
          partition: session.identity.id,
          cache: null,
          deadline: () => AbortSignal.any([stop.signal, AbortSignal.timeout(options.jiraDeadlineMs)]),
        }),
      };
      const limit = pointsPerHourOf(session.token, options.defaultPointsPerHour);
      let calls = 0;
      let rateHeaders: Record<string, string> = {};
      const call: ExportCall = async (work) => {
        if (stop.signal.aborted) throw stop.signal.reason;
        const charge = await budget.charge(session.token.budgetId, limit, 1);
        rateHeaders = {
          'RateLimit-Limit': String(charge.limit),
          'RateLimit-Remaining': String(charge.remaining),
          'RateLimit-Reset': String(Math.max(0, Math.ceil((charge.resetAt.getTime() - Date.now()) / 1000))),
          'RateLimit-Used': String(charge.used),
        };
        if (!charge.allowed) {
          throw gatewayError(
            'RATE_LIMITED',
            `This export needs another Jira request (1 point) and this token has ${charge.remaining} of its ${charge.limit} points per hour left; ` +
              `the budget is whole again at ${charge.resetAt.toISOString()}.`,
            {
              limit: charge.limit,
              remaining: charge.remaining,
              resetAt: charge.resetAt.toISOString(),
              retryAfterSeconds: charge.retryAfterSeconds,
            },
          );
        }
        state.points += 1;
        calls++;
        return restrictedSearch(ctx, work);
      };

      const res = serverContext.res;
      /** Ends a body being streamed (tableStream's) when the client goes away mid-way. */
      let abandon: (() => void) | null = null;
      const onClose = () => {
        if (!stop.signal.aborted) stop.abort(new DOMException('The client went away.', 'AbortError'));
        abandon?.();
      };
      res?.once('close', onClose);

      const started = performance.now();
      const run = async (): Promise<Response> => {
        const params = url.searchParams;
        if (route === 'list') {
          const custom = await customFields(call);
          const body = {
            exports: [
              '/export/issues.csv',
              '/export/issues.jsonl',
              '/export/status-history.csv',
              '/export/worklogs.csv',
            ],
            scopes: [...session.scopes],
            projects: projectRestriction(ctx),
            fields: exportableFields(custom, session.scopes),
          };
          finish(null);
          return new Response(JSON.stringify(body), {
            headers: {
              'Content-Type': 'application/json; charset=utf-8',
              'Cache-Control': 'no-store',
              ...rateHeaders,
            },
          });
        }
        let jql = params.get('jql') ?? '';
        const common = () => ({
          call,
          jql: callerJql(ctx, jql),
          projects: projectRestriction(ctx),
          held: session.scopes,
        });
        let source: ExportSource;
        let format: TableFormat;
        const csv = () =>
          csvFormat({
            bom: flag(params, 'bom', false),
            escapeFormulas: flag(params, 'escapeFormulas', true),
          });
        if (route === 'issues.csv' || route === 'issues.jsonl') {
          format = route === 'issues.csv' ? csv() : jsonlFormat();
          const updatedSince = instant(params, 'updatedSince');
          if (updatedSince) jql = andJql(jql, updatedSinceClause(updatedSince));
          source = await issuesSource({ ...common(), names: fieldNames(params), updatedSince });
        } else if (route === 'status-history.csv') {
          format = csv();
          source = statusHistorySource({ ...common(), flavor: base.services.jira.flavor });
        } else {
          format = csv();
          source = worklogsSource({
            ...common(),
            startedAfter: instant(params, 'startedAfter'),
            startedBefore: instant(params, 'startedBefore'),
          });
        }
        // The first page is read before answering, so a refused JQL, an
        // exhausted budget or an unreachable Jira is an HTTP error, not a 200.
        const first = await source.rows.next();
        const table = tableStream(format, source, first, {
          onEnd: (error, count) => {
            rows = count;
            finish(error);
          },
          failureOf: (error) => failureOf(error, state),
          gone: stop.signal,
          onCancel: onClose,
        });
        abandon = table.abandon;
        return new Response(table.body, {
          headers: {
            'Content-Type': format.contentType,
            'Content-Disposition': `inline; filename="${route}"`,
            'Cache-Control': 'no-store',
            ...rateHeaders,
          },
        });
      };

      let rows = 0;
      let settle: (outcome: { error: boolean }) => void = () => {};
      state.streamed = new Promise((resolve) => {
        settle = resolve;
      });
      const finish = (error: string | null) => {
        res?.off('close', onClose);
        settle({ error: error !== null });
        logger.info(
          {
            requestId: state.requestId,
            tokenId: session.token.id,
            route,
            rows,
            jiraCalls: calls,
            ms: Math.round(performance.now() - started),
            error,
            clientGone: stop.signal.aborted,
          },
          'export',
        );
      };

      return run().then(endResponse, (error: unknown) => {
        const failure = failureOf(error, state);
        finish(failure.code);
        endResponse(failureResponse(failure, rateHeaders));
      });
    },
  };
}
