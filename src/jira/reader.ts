// A caller's view of Jira for one GraphQL request: every read goes out with
// the caller's own credential, through the shared cache and the in-flight
// table (keys carry the caller's scope key), and under the request deadline.
import type { JiraClient, JiraQueryValue } from './client.ts';
import type { ReadCache } from './read-cache.ts';
import type { JiraCredential } from './types.ts';

export interface JiraReaderDeps {
  client: JiraClient;
  credential: () => JiraCredential;
  /** Identity id plus the token's project restriction: the cache partition. */
  scopeKey: string;
  /** The identity id whose writes invalidate these reads (read-cache.ts, generation). */
  partition: string;
  cache: ReadCache | null;
  /** The request's deadline, asked for at the first Jira call (none when absent). */
  deadline?: () => AbortSignal;
}

export interface ReadRequest {
  query?: Record<string, JiraQueryValue>;
  /** Reads that Jira takes as POST (search/jql, bulkfetch) send a body. */
  body?: unknown;
}

export interface JiraReader {
  readonly client: JiraClient;
  readonly flavor: JiraClient['flavor'];
  readonly apiPrefix: JiraClient['apiPrefix'];
  /** A read: GET, or POST with `body` for Jira's read-by-POST endpoints. Cached and shared. */
  read<T>(path: string, request?: ReadRequest): Promise<T>;
}

function canonical(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value);
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  const entries = Object.entries(value as Record<string, unknown>)
    .filter(([, v]) => v !== undefined)
    // Code-unit order: any fixed order makes the key canonical, and localeCompare is slow.
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonical(v)}`).join(',')}}`;
}

export function createJiraReader(deps: JiraReaderDeps): JiraReader {
  const { client, cache } = deps;
  return {
    client,
    flavor: client.flavor,
    apiPrefix: client.apiPrefix,
    async read<T>(path: string, request: ReadRequest = {}): Promise<T> {
      const method = request.body === undefined ? 'GET' : 'POST';
      const generation = cache ? cache.generation(deps.partition) : 0;
      const key = `${deps.scopeKey}|${generation}|${method} ${path}|${canonical(request.query ?? {})}|${canonical(request.body ?? null)}`;
      if (cache) {
        const hit = cache.get(key);
        if (hit !== undefined) return hit as T;
        const pending = cache.inflight.get(key);
        if (pending) return (await pending) as T;
      }
      // The answer's own text length sizes the cache entry: no re-serialising.
      let length = 0;
      const call = client.request<T>(deps.credential(), method, path, {
        ...(request.query ? { query: request.query } : {}),
        ...(request.body !== undefined ? { body: request.body, readOnly: true } : {}),
        ...(deps.deadline ? { signal: deps.deadline() } : {}),
        ...(cache?.enabled ? { onAnswerLength: (n: number) => (length = n) } : {}),
      });
      if (!cache) return call;
      cache.inflight.set(key, call);
      try {
        const value = await call;
        if (cache.enabled) cache.set(key, value, length);
        return value;
      } finally {
        cache.inflight.delete(key);
      }
    },
  };
}
