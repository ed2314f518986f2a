// GraphiQL on GET /graphql from a browser (Accept: text/html), with its files
// from this gateway (graphiql-assets.ts) and a strict Content-Security-Policy,
// in place of Yoga's CDN-loading page (turned off in app.ts).
import type { Plugin } from 'graphql-yoga';
import { GRAPHIQL_ASSETS_PATH, graphiqlAsset } from './graphiql-assets.ts';
import { GRAPHIQL_BOOT_PATH, GRAPHIQL_BOOT_SCRIPT, GRAPHIQL_CSP, graphiqlPage } from './graphiql-page.ts';

export interface GraphiQLOptions {
  title: string;
  endpoint: string;
}

const PAGE_HEADERS = {
  'Content-Type': 'text/html; charset=utf-8',
  'Content-Security-Policy': GRAPHIQL_CSP,
  // For browsers that predate frame-ancestors.
  'X-Frame-Options': 'DENY',
};

export function useGraphiQL(options: GraphiQLOptions): Plugin {
  const page = graphiqlPage(options.title);
  return {
    onRequest({ request, url, endResponse }) {
      if (request.method !== 'GET' && request.method !== 'HEAD') return undefined;
      const path = url.pathname;
      if (path === options.endpoint || path === `${options.endpoint}/`) {
        if (request.headers.get('accept')?.includes('text/html')) {
          endResponse(new Response(page, { headers: PAGE_HEADERS }));
        }
        return undefined;
      }
      if (path === GRAPHIQL_BOOT_PATH) {
        endResponse(
          new Response(GRAPHIQL_BOOT_SCRIPT, {
            headers: { 'Content-Type': 'text/javascript; charset=utf-8', 'Cache-Control': 'no-cache' },
          }),
        );
        return undefined;
      }
      if (!path.startsWith(GRAPHIQL_ASSETS_PATH)) return undefined;
      const asset = graphiqlAsset(path.slice(GRAPHIQL_ASSETS_PATH.length));
      if (asset === null) return undefined;
      return asset.then((found) =>
        endResponse(
          new Response(found.body, {
            headers: {
              'Content-Type': found.contentType,
              'Cache-Control': 'public, max-age=31536000, immutable',
            },
          }),
        ),
      );
    },
  };
}
