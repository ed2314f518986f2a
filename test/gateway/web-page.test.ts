// The token page as the gateway serves it (headers, no inline script, hashed
// files cached for good, GraphiQL beside it) and the API fields it relies on:
// TokenPolicy.projects, AccessToken.identityId, an admin's signIn session.
// The page itself, in a browser, is test/web/token-page.test.ts.
import { describe, expect, it } from 'vitest';
import { createApp } from '../../src/app.ts';
import { WEB_PAGE_CSP } from '../../src/http/use-web-page.ts';
import { loadWebPage } from '../../src/http/web-page.ts';
import { createPointBudget } from '../../src/limits/point-budget.ts';
import { createLogger } from '../../src/observability/logger.ts';
import { createMetrics } from '../../src/observability/metrics.ts';
import { useGateway } from '../support/gateway.ts';

const SIGN_IN =
  'mutation($t: String!) { signIn(input: { jiraToken: $t }) { secret token { id scopes identityId } } }';
const POLICY_PROJECTS = '{ tokenPolicy { projects(first: 100) { totalCount edges { node { key name } } } } }';

describe('the token page over HTTP', () => {
  const gw = useGateway();

  it('serves the page on / and /tokens under a strict CSP, and its hashed files for good', async () => {
    const base = gw().gateway.url;
    for (const path of ['/', '/tokens']) {
      const res = await fetch(`${base}${path}`);
      expect(res.status, path).toBe(200);
      expect(res.headers.get('content-type')).toBe('text/html; charset=utf-8');
      expect(res.headers.get('content-security-policy')).toBe(WEB_PAGE_CSP);
      expect(res.headers.get('x-frame-options')).toBe('DENY');
      expect(res.headers.get('x-content-type-options')).toBe('nosniff');
      expect(res.headers.get('cache-control')).toBe('no-cache');
      const html = await res.text();
      // No inline script: every <script> names a file of this origin.
      const scripts = [...html.matchAll(/<script\b([^>]*)>([\s\S]*?)<\/script>/g)];
      expect(scripts.length).toBe(1);
      for (const [, attrs, body] of scripts) {
        expect(attrs).toMatch(/src="\/assets\/main-[A-Z0-9]+\.js"/);
        expect(body).toBe('');
      }
      expect(html).not.toMatch(/\sstyle=|<style|https?:\/\//);
    }
    const csp = WEB_PAGE_CSP;
    expect(csp).toContain("default-src 'self'");
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).not.toContain('unsafe');

    const html = await (await fetch(`${base}/`)).text();
    for (const [, file] of html.matchAll(/(?:src|href)="(\/assets\/[^"]+)"/g)) {
      const res = await fetch(`${base}${file}`);
      expect(res.status, file).toBe(200);
      expect(res.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
      expect(res.headers.get('content-type')).toMatch(
        file?.endsWith('.js') ? /^text\/javascript/ : /^text\/css/,
      );
      expect((await res.arrayBuffer()).byteLength).toBeGreaterThan(1000);
    }
    // Only built files: anything else under /assets/ is not found, and answers are not cacheable.
    const missing = await fetch(`${base}/assets/../../package.json`);
    expect(missing.status).toBe(404);
    const other = await fetch(`${base}/assets/main-NOPE.js`);
    expect(other.status).toBe(404);
    expect(other.headers.get('cache-control')).toBe('no-store');
  });

  it('keeps GraphiQL on /graphql for a browser', async () => {
    const res = await fetch(`${gw().gateway.url}/graphql`, { headers: { Accept: 'text/html' } });
    expect(res.status).toBe(200);
    expect(await res.text()).toContain('yoga-graphiql');
  });

  it('says how to build the page when it was never built', async () => {
    expect(loadWebPage('/nonexistent/jgg-web')).toBeNull();
    const { config, services } = gw().gateway.runtime;
    const app = createApp({
      config,
      services,
      logger: createLogger('silent'),
      metrics: createMetrics(),
      pointBudget: createPointBudget({ redis: null }),
      webPage: null,
    });
    const res = await app.fetch('http://jgg/');
    expect(res.status).toBe(503);
    expect(await res.text()).toContain('npm install');
  });

  it("lists a signIn session's projects for a new token, and refuses a personal token without projects:read", async () => {
    const bob = gw().sandboxUser('bob');
    const session = (await gw().gql(null, SIGN_IN, { t: bob.token })).body.data.signIn;
    const listed = await gw().gql(session.secret, POLICY_PROJECTS);
    expect(listed.body.errors).toBeUndefined();
    const keys = listed.body.data.tokenPolicy.projects.edges.map(
      (e: { node: { key: string } }) => e.node.key,
    );
    // Jira's own view: bob may not browse OPS.
    expect(keys).toContain('PROJ');
    expect(keys).not.toContain('OPS');

    // A personal token that may make tokens but not read projects learns nothing new here.
    const writer = await gw().token('bob', { scopes: ['tokens:write'] });
    const refused = await gw().gql(writer.secret, POLICY_PROJECTS);
    expect(refused.body.errors[0].extensions.code).toBe('INSUFFICIENT_SCOPE');
    expect(refused.body.errors[0].extensions.requiredScopes).toEqual(['projects:read']);
    expect(refused.body.data).toBeNull();

    // With projects:read, a token restricted to PROJ lists PROJ only.
    const restricted = await gw().token('alice', {
      scopes: ['tokens:write', 'projects:read'],
      projects: ['PROJ'],
    });
    const narrow = await gw().gql(restricted.secret, POLICY_PROJECTS);
    expect(narrow.body.errors).toBeUndefined();
    expect(
      narrow.body.data.tokenPolicy.projects.edges.map((e: { node: { key: string } }) => e.node.key),
    ).toEqual(['PROJ']);
  });

  it("gives a gateway admin's session the admin scope, and no one else's", async () => {
    const admin = (await gw().gql(null, SIGN_IN, { t: gw().sandboxUser('admin').token })).body.data.signIn;
    expect(admin.token.scopes).toEqual(['tokens:read', 'tokens:write', 'admin']);
    const view = await gw().gql(
      admin.secret,
      '{ admin { accessTokens(first: 100) { edges { node { id identityId } } } } }',
    );
    expect(view.body.errors).toBeUndefined();
    const own = view.body.data.admin.accessTokens.edges.find(
      (e: { node: { id: string } }) => e.node.id === admin.token.id,
    );
    expect(own.node.identityId).toBe(admin.token.identityId);

    const alice = (await gw().gql(null, SIGN_IN, { t: gw().sandboxUser('alice').token })).body.data.signIn;
    expect(alice.token.scopes).toEqual(['tokens:read', 'tokens:write']);
    const denied = await gw().gql(
      alice.secret,
      '{ admin { accessTokens(first: 1) { edges { node { id } } } } }',
    );
    expect(denied.body.errors[0].extensions.code).toBe('INSUFFICIENT_SCOPE');
  });
});
