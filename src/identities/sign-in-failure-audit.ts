// Failed signIn attempts (Jira refused the credential) in the audit log, at
// most one row per client address per window: the first failure is written
// at once, later ones in the window are counted and written as one row when
// it ends. A guesser cannot flood the audit table, and no failure goes
// uncounted. The credential tried is never written.
import type { TokenStore } from '../store/store.ts';
import { addressKey } from './sign-in-throttle.ts';

export interface SignInFailureAudit {
  /** Jira refused a credential tried from `ip`. Never rejects: a failed write goes to onError. */
  record(ip: string): Promise<void>;
  /** Writes what is still counted and stops the timers. */
  close(): Promise<void>;
}

export interface SignInFailureAuditDeps {
  store: Pick<TokenStore, 'appendAudit'>;
  windowMs?: number;
  now?: () => Date;
  onError?: (error: unknown) => void;
}

interface Window {
  /** Failures since the last row. */
  pending: number;
  /** The address last seen under this key (an IPv6 /64 holds many). */
  ip: string;
  timer: NodeJS.Timeout;
}

export function createSignInFailureAudit(deps: SignInFailureAuditDeps): SignInFailureAudit {
  const windowMs = deps.windowMs ?? 60_000;
  const now = deps.now ?? (() => new Date());
  const windows = new Map<string, Window>();
  const writes = new Set<Promise<void>>();

  function write(key: string, ip: string, failures: number): Promise<void> {
    const written = deps.store
      .appendAudit({
        at: now(),
        actorId: null,
        action: 'signin.failure',
        targetType: 'client',
        targetId: key,
        ip: ip === '' ? null : ip,
        details: { failures, windowSeconds: windowMs / 1000 },
      })
      .then(
        () => undefined,
        (error: unknown) => deps.onError?.(error),
      );
    writes.add(written);
    void written.finally(() => writes.delete(written));
    return written;
  }

  function arm(key: string): NodeJS.Timeout {
    const timer = setTimeout(() => endWindow(key), windowMs);
    timer.unref();
    return timer;
  }

  function endWindow(key: string): void {
    const window = windows.get(key);
    if (!window) return;
    if (window.pending === 0) {
      windows.delete(key);
      return;
    }
    // The failures counted in this window make its row, and open the next.
    void write(key, window.ip, window.pending);
    window.pending = 0;
    window.timer = arm(key);
  }

  return {
    async record(ip) {
      const key = addressKey(ip);
      const open = windows.get(key);
      if (open) {
        open.pending++;
        open.ip = ip;
        return;
      }
      windows.set(key, { pending: 0, ip, timer: arm(key) });
      await write(key, ip, 1);
    },

    async close() {
      for (const [key, window] of windows) {
        clearTimeout(window.timer);
        if (window.pending > 0) void write(key, window.ip, window.pending);
      }
      windows.clear();
      await Promise.all(writes);
    },
  };
}
