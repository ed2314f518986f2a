// The HTTP status of an operation Jira's rate limit stopped entirely.
//
// GraphQL over HTTP answers a field error with 200 and the partial data, and
// so does the gateway when anything was answered. But when nothing was
// (`data` is null) and every error is UPSTREAM_RATE_LIMITED, the operation
// is nothing but "come back later": the answer is HTTP 429 with Retry-After
// (the longest wait among the errors), which HTTP clients, proxies and retry
// middleware understand without reading the body. The spec recommends 2xx
// for a null `data` too; the gateway departs from it here on purpose, the
// body being the same GraphQL answer either way. A partial answer stays 200,
// as the spec requires: its errors carry the same wait in extensions
// (retryAfterSeconds, retryAt).
import type { ExecutionResult, GraphQLError } from 'graphql';
import type { Plugin } from 'graphql-yoga';

/** The Retry-After seconds for an answer that only says "Jira is rate limiting", or null. */
export function upstreamRetryAfter(result: ExecutionResult): number | null {
  if (result.data !== null || !result.errors || result.errors.length === 0) return null;
  let wait = 0;
  for (const error of result.errors as readonly GraphQLError[]) {
    if (error.extensions?.code !== 'UPSTREAM_RATE_LIMITED') return null;
    const seconds = error.extensions.retryAfterSeconds;
    if (typeof seconds === 'number' && seconds > wait) wait = seconds;
  }
  return wait;
}

export function useUpstreamRateLimitStatus(): Plugin {
  return {
    onResultProcess({ result, setResult }) {
      if (Array.isArray(result) || Symbol.asyncIterator in result) return;
      const wait = upstreamRetryAfter(result);
      if (wait === null) return;
      const http = result.extensions?.http;
      // Yoga sets the status and headers from extensions.http and leaves it out of the body.
      setResult({
        ...result,
        extensions: {
          ...result.extensions,
          http: { ...http, status: 429, headers: { ...http?.headers, 'Retry-After': String(wait) } },
        },
      });
    },
  };
}
