// Headers every answer carries: nothing here may be cached by a shared cache
// (answers are per token), sniffed into another type, or leak the page's
// address onwards. With CORS configured, answers differ by Origin, so caches
// must key on it, for answers to disallowed origins too.
import type { Plugin } from 'graphql-yoga';

export interface SecurityHeadersOptions {
  /** JGG_CORS_ORIGINS is set: answers vary by the request's Origin. */
  corsConfigured: boolean;
}

export function useSecurityHeaders(options: SecurityHeadersOptions): Plugin {
  return {
    onResponse({ response }) {
      const headers = response.headers;
      headers.set('X-Content-Type-Options', 'nosniff');
      headers.set('Referrer-Policy', 'no-referrer');
      // Versioned static assets set their own; everything else is per caller.
      if (!headers.has('Cache-Control')) headers.set('Cache-Control', 'no-store');
      if (options.corsConfigured) {
        const vary = headers.get('Vary');
        if (vary === null) headers.set('Vary', 'Origin');
        else if (!/(^|,)\s*origin\s*(,|$)/i.test(vary)) headers.set('Vary', `${vary}, Origin`);
      }
    },
  };
}
