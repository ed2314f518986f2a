// The signed-in session: the short-lived token signIn returned, kept in this
// tab's sessionStorage (never localStorage: it ends with the tab, and other
// tabs and later visits do not see it), and dropped on sign-out.
const KEY = 'jgg.session';

export interface StoredSession {
  secret: string;
  tokenId: string;
}

export function loadSession(): StoredSession | null {
  try {
    const raw = sessionStorage.getItem(KEY);
    if (raw === null) return null;
    const parsed = JSON.parse(raw) as Partial<StoredSession>;
    return typeof parsed.secret === 'string' && typeof parsed.tokenId === 'string'
      ? { secret: parsed.secret, tokenId: parsed.tokenId }
      : null;
  } catch {
    // Storage off (a private window's setting): the session lives in memory only.
    return null;
  }
}

export function saveSession(session: StoredSession): void {
  try {
    sessionStorage.setItem(KEY, JSON.stringify(session));
  } catch {
    // Memory only, as above.
  }
}

export function dropSession(): void {
  try {
    sessionStorage.removeItem(KEY);
  } catch {
    // Nothing was stored.
  }
}
