// Dates and token states as the tables show them.

export function when(iso: string | null | undefined): string {
  if (!iso) return '—';
  const d = new Date(iso);
  return Number.isNaN(d.getTime())
    ? iso
    : d.toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'short' });
}

export interface TokenTimes {
  expiresAt?: string | null;
  revokedAt?: string | null;
  expiresSoon?: boolean;
}

export type TokenState = 'live' | 'expires soon' | 'expired' | 'revoked';

export function stateOf(token: TokenTimes, now: Date = new Date()): TokenState {
  if (token.revokedAt) return 'revoked';
  if (token.expiresAt && new Date(token.expiresAt).getTime() <= now.getTime()) return 'expired';
  if (token.expiresSoon) return 'expires soon';
  return 'live';
}
