// An HTTP proxy on port 0 between the gateway and the sandbox, for what the
// sandbox cannot do on its own: answer one route wrongly while /myself
// answers truly, echo the request's Authorization header back the way a
// misbehaving proxy in front of Jira might, let a write through and hold
// Jira's answer (a write whose outcome the gateway cannot know), or go away
// (a Jira that refuses connections). Everything else passes through.
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
  /**
   * Forwards matching requests to the sandbox at once (so Jira applies a
   * write), then holds the sandbox's answer this many ms before passing it on.
   */
  hold: { method: string; path: RegExp; ms: number } | null;
  /** Requests seen with their bodies, in order ("METHOD /path" and the body as text, '' for none). */
  readonly requests: Array<{ request: string; body: string }>;
  /** Stops listening: later connections are refused, as by a Jira that is down. */
  close(): Promise<void>;
}

/**
 * Starts a proxy before the gateway starts (register it before useGateway, and
 * give the gateway `env.JGG_JIRA_URL` from it): `target` is asked for the
 * sandbox's URL at each request, so it may be known only later.
 */
export function useJiraProxy(target: () => string, env: Record<string, string>): () => JiraProxy {
  let server: Server | null = null;
  const close = async (): Promise<void> => {
    const running = server;
    server = null;
    if (!running) return;
    running.closeAllConnections();
    await new Promise<void>((resolve) => running.close(() => resolve()));
  };
  const proxy: JiraProxy = {
    url: () => '',
    seen: [],
    intercept: null,
    delay: null,
    hold: null,
    requests: [],
    close,
  };
  beforeAll(async () => {
    server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', async () => {
        const path = (req.url ?? '/').split('?')[0] ?? '/';
        proxy.seen.push(`${req.method} ${path}`);
        proxy.requests.push({
          request: `${req.method} ${path}`,
          body: Buffer.concat(chunks).toString('utf8'),
        });
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
        const sandboxAnswer = Buffer.from(await upstream.arrayBuffer());
        const hold = proxy.hold;
        if (hold && hold.method === req.method && hold.path.test(path)) {
          await new Promise((r) => setTimeout(r, hold.ms));
        }
        // The gateway may have given up meanwhile (its deadline): nobody is left to answer.
        if (res.destroyed) return;
        res.writeHead(upstream.status, out);
        res.end(sandboxAnswer);
      });
    });
    await new Promise<void>((resolve) => server?.listen(0, '127.0.0.1', resolve));
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    proxy.url = () => url;
    env.JGG_JIRA_URL = url;
  });
  afterAll(close);
  return () => proxy;
}
