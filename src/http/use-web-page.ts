// The token page (web/) on GET / and GET /tokens, its hashed files under
// /assets/, with a Content-Security-Policy that allows this origin's script,
// styles and fetches and nothing else: no inline script or style, no frames.
// The page speaks only the public GraphQL API at /graphql.
import type { Plugin } from 'graphql-yoga';
import { WEB_ASSETS_PATH, type WebPage } from './web-page.ts';

/** Where the page answers. */
export const WEB_PAGE_PATHS: readonly string[] = ['/', '/tokens'];

export const WEB_PAGE_CSP = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self'",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');

const PAGE_HEADERS = {
  'Content-Type': 'text/html; charset=utf-8',
  'Content-Security-Policy': WEB_PAGE_CSP,
  // For browsers that predate frame-ancestors.
  'X-Frame-Options': 'DENY',
  // The page names the current hashed files: always ask whether it changed.
  'Cache-Control': 'no-cache',
};

const NOT_BUILT =
  'The token page is not built: run `npm install` (or `npx tsx scripts/build-web.ts`) in the checkout.\n';

export interface WebPageOptions {
  /** The built page; null when web/dist is missing. */
  page: WebPage | null;
}

export function useWebPage(options: WebPageOptions): Plugin {
  const { page } = options;
  return {
    onRequest({ request, url, endResponse }) {
      if (request.method !== 'GET' && request.method !== 'HEAD') return;
      const path = url.pathname;
      if (WEB_PAGE_PATHS.includes(path)) {
        endResponse(
          page
            ? new Response(page.html, { headers: PAGE_HEADERS })
            : new Response(NOT_BUILT, {
                status: 503,
                headers: { 'Content-Type': 'text/plain; charset=utf-8' },
              }),
        );
        return;
      }
      if (!path.startsWith(WEB_ASSETS_PATH) || !page) return;
      const asset = page.assets.get(path.slice(WEB_ASSETS_PATH.length));
      if (!asset) return;
      endResponse(
        new Response(asset.body, {
          headers: {
            'Content-Type': asset.contentType,
            // Named by their content hash: a new build has new names.
            'Cache-Control': 'public, max-age=31536000, immutable',
          },
        }),
      );
    },
  };
}
