// A caller's writes to Jira for one GraphQL request: sent once with the
// caller's own credential under the request deadline, never cached and never
// retried (a retried POST could comment twice). Every write, whatever its
// outcome, drops the caller's cached reads, so the next read shows it; the
// state a write depends on (an issue's project, its transitions) is read
// fresh, past the cache.
import type { JiraClient, JiraQueryValue } from './client.ts';
import type { ReadCache } from './read-cache.ts';
import type { JiraCredential } from './types.ts';

export interface JiraWriterDeps {
  client: JiraClient;
  credential: () => JiraCredential;
  /** The caller's identity id: the cache partition a write invalidates. */
  partition: string;
  cache: ReadCache | null;
  deadline?: () => AbortSignal;
}

export interface WriteRequest {
  query?: Record<string, JiraQueryValue>;
  body?: unknown;
  /** The REST prefix to use instead of the flavour's (Cloud's /rest/api/2 takes wiki markup). */
  apiPrefix?: '/rest/api/2' | '/rest/api/3';
}

export interface JiraWriter {
  readonly flavor: JiraClient['flavor'];
  readonly apiPrefix: JiraClient['apiPrefix'];
  /** Sends a write once; `path` is relative to the REST prefix (e.g. /issue/ABC-1). */
  write<T>(method: 'POST' | 'PUT' | 'DELETE', path: string, request?: WriteRequest): Promise<T>;
  /** A GET past the cache, for what a write depends on; `path` is relative to the REST prefix. */
  readFresh<T>(path: string, query?: Record<string, JiraQueryValue>): Promise<T>;
}

export function createJiraWriter(deps: JiraWriterDeps): JiraWriter {
  const { client } = deps;
  const signal = (): { signal?: AbortSignal } => (deps.deadline ? { signal: deps.deadline() } : {});
  return {
    flavor: client.flavor,
    apiPrefix: client.apiPrefix,
    async write<T>(method: 'POST' | 'PUT' | 'DELETE', path: string, request: WriteRequest = {}) {
      try {
        return await client.request<T>(
          deps.credential(),
          method,
          `${request.apiPrefix ?? client.apiPrefix}${path}`,
          {
            ...(request.query ? { query: request.query } : {}),
            ...(request.body !== undefined ? { body: request.body } : {}),
            ...signal(),
          },
        );
      } finally {
        // Also after a failure: a write whose outcome is unknown may have happened.
        deps.cache?.invalidate(deps.partition);
      }
    },
    readFresh<T>(path: string, query?: Record<string, JiraQueryValue>) {
      return client.request<T>(deps.credential(), 'GET', `${client.apiPrefix}${path}`, {
        ...(query ? { query } : {}),
        ...signal(),
      });
    },
  };
}
