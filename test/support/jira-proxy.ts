// An HTTP proxy on port 0 between the gateway and the sandbox, for what the
// sandbox cannot do on its own: answer one route wrongly while /myself
// answers truly, or echo the request's Authorization header back the way a
// misbehaving proxy in front of Jira might. Everything else passes through.
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll } from 'vitest';

export interface ProxyAnswer {
  status: number;
  headers?: Record<string, string>;
  body: string;
}

/** Answers a request itself (an answer), or lets it through (null). */
export type Interceptor = (req: IncomingMessage) => ProxyAnswer | null;

export interface JiraProxy {
  url(): string;
  /** Requests seen, as "METHOD /path" (query left off). */
  readonly seen: string[];
  /** The current interceptor; null passes everything through. */
  intercept: Interceptor | null;
  /** Delays answers to matching paths (e.g. /myself) by this many ms. */
  delay: { path: RegExp; ms: number } | null;
}

/**
 * Starts a proxy before the gateway starts (register it before useGateway, and
 * give the gateway `env.JGG_JIRA_URL` from it): `target` is asked for the
 * sandbox's URL at each request, so it may be known only later.
 */
export function useJiraProxy(target: () => string, env: Record<string, string>): () => JiraProxy {
  let server: Server | null = null;
  const proxy: JiraProxy = { url: () => '', seen: [], intercept: null, delay: null };
  beforeAll(async () => {
    server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', async () => {
        const path = (req.url ?? '/').split('?')[0] ?? '/';
        proxy.seen.push(`${req.method} ${path}`);
        if (proxy.delay?.path.test(path)) await new Promise((r) => setTimeout(r, proxy.delay?.ms));
        const answer = proxy.intercept?.(req) ?? null;
        if (answer) {
          res.writeHead(answer.status, { 'Content-Type': 'application/json', ...answer.headers });
          res.end(answer.body);
          return;
        }
        const headers = new Headers();
        for (const [name, value] of Object.entries(req.headers)) {
          if (typeof value === 'string' && name !== 'host' && name !== 'connection') headers.set(name, value);
        }
        const upstream = await fetch(`${target()}${req.url ?? '/'}`, {
          method: req.method ?? 'GET',
          headers,
          ...(chunks.length > 0 ? { body: Buffer.concat(chunks) } : {}),
        });
        const out: Record<string, string> = {};
        upstream.headers.forEach((value, name) => {
          if (name !== 'content-length' && name !== 'content-encoding' && name !== 'transfer-encoding')
            out[name] = value;
        });
        res.writeHead(upstream.status, out);
        res.end(Buffer.from(await upstream.arrayBuffer()));
      });
    });
    await new Promise<void>((resolve) => server?.listen(0, '127.0.0.1', resolve));
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    proxy.url = () => url;
    env.JGG_JIRA_URL = url;
  });
  afterAll(async () => {
    server?.closeAllConnections();
    await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
  });
  return () => proxy;
}
