// When a token is flagged as expiring soon: in `jgg token list` and as
// AccessToken.expiresSoon. Live, with an expiry, and within the notice period.
import type { TokenRecord } from '../store/store.ts';

/** How long before its expiry a token is flagged. */
export const EXPIRY_NOTICE_DAYS = 7;
const NOTICE_MS = EXPIRY_NOTICE_DAYS * 24 * 60 * 60 * 1000;

/** True for a live token that expires within EXPIRY_NOTICE_DAYS of `now` (an expired or revoked one is not "soon"). */
export function expiresSoon(token: Pick<TokenRecord, 'expiresAt' | 'revokedAt'>, now: Date): boolean {
  if (token.expiresAt === null || token.revokedAt !== null) return false;
  const left = token.expiresAt.getTime() - now.getTime();
  return left > 0 && left <= NOTICE_MS;
}
