// Starts a real sandbox on port 0 and calls it over real HTTP as one of its
// seeded users, the way a Jira client would.
import { afterAll, beforeAll } from 'vitest';
import { authorizationFor } from '../../src/auth-header.ts';
import type { Flavor, SandboxUser } from '../../src/model.ts';
import { type RunningSandbox, type SandboxOptions, startSandbox } from '../../src/server.ts';
import type { JiraDocument } from './openapi-document.ts';
import { loadOpenApiValidator } from './openapi-validator.ts';

export { authorizationFor };

export interface JiraAnswer {
  status: number;
  headers: Headers;
  body: unknown;
  /** The request path, for the OpenAPI validator. */
  path: string;
  method: string;
}

export interface CallOptions {
  /** Check the answer against Atlassian's OpenAPI document (default: every /rest/ answer). */
  validate?: boolean;
}

/** Which document describes a path: agile and PAT routes exist only in the DC document,
 *  and Cloud's agile API has the same shapes. */
function documentFor(flavor: Flavor, path: string): JiraDocument {
  return path.startsWith('/rest/api/') ? flavor : 'datacenter';
}

export interface SandboxClient {
  sandbox: RunningSandbox;
  /** Calls as `as` (a seeded username), anonymously (null), or with raw Authorization. */
  call(
    as: string | null | { authorization: string },
    method: string,
    path: string,
    body?: unknown,
    options?: CallOptions,
  ): Promise<JiraAnswer>;
  user(name: string): SandboxUser;
}

export async function connectSandbox(sandbox: RunningSandbox): Promise<SandboxClient> {
  const flavor = sandbox.settings.flavor;
  const user = (name: string): SandboxUser => {
    const u = sandbox.store.usersByName.get(name);
    if (!u) throw new Error(`no sandbox user ${name}`);
    return u;
  };
  return {
    sandbox,
    user,
    async call(as, method, path, body, options = {}) {
      const headers: Record<string, string> = { Accept: 'application/json' };
      if (typeof as === 'string') headers.Authorization = authorizationFor(flavor, user(as));
      else if (as !== null) headers.Authorization = as.authorization;
      if (body !== undefined) headers['Content-Type'] = 'application/json';
      const res = await fetch(`${sandbox.url}${path}`, {
        method,
        headers,
        body: body === undefined ? undefined : JSON.stringify(body),
      });
      const text = await res.text();
      let parsed: unknown = text;
      if (text !== '' && (res.headers.get('content-type') ?? '').includes('json')) parsed = JSON.parse(text);
      if (text === '') parsed = undefined;
      const answer = { status: res.status, headers: res.headers, body: parsed, path, method };
      if ((options.validate ?? true) && path.startsWith('/rest/')) {
        loadOpenApiValidator(documentFor(flavor, path)).assertResponse({
          method,
          path,
          status: res.status,
          body: parsed,
          contentType: res.headers.get('content-type') ?? undefined,
        });
      }
      return answer;
    },
  };
}

/** Registers beforeAll/afterAll hooks that run one sandbox for a describe block. */
export function useSandbox(options: SandboxOptions): () => SandboxClient {
  let client: SandboxClient | undefined;
  beforeAll(async () => {
    client = await connectSandbox(await startSandbox(options));
  });
  afterAll(async () => {
    await client?.sandbox.close();
  });
  return () => {
    if (!client) throw new Error('sandbox not started yet');
    return client;
  };
}
