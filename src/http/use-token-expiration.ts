// The expiry notice: every authenticated answer carries `Token-Expiration`,
// the calling token's expiresAt in ISO 8601 UTC (as GitHub's
// github-authentication-token-expiration header does), so a script can warn
// before its token stops working. A token that never expires sends none.
import type { Plugin } from 'graphql-yoga';
import type { RequestState } from '../request-context.ts';

export const TOKEN_EXPIRATION_HEADER = 'Token-Expiration';

export function useTokenExpiration(stateOf: (request: Request) => RequestState): Plugin {
  return {
    onResponse({ request, response }) {
      const expiresAt = stateOf(request).session?.token.expiresAt;
      if (expiresAt) response.headers.set(TOKEN_EXPIRATION_HEADER, expiresAt.toISOString());
    },
  };
}
