// Failed sign-ins in the audit log: one row per address per window, with the
// count, so a flood of guesses makes a handful of rows and none is lost.
import { describe, expect, it } from 'vitest';
import { createSignInFailureAudit } from '../../src/identities/sign-in-failure-audit.ts';
import type { AuditEvent, NewAuditEvent } from '../../src/store/store.ts';

const WINDOW_MS = 60;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function recordingStore() {
  const rows: NewAuditEvent[] = [];
  return {
    rows,
    store: {
      async appendAudit(event: NewAuditEvent): Promise<AuditEvent> {
        rows.push(event);
        return { ...event, id: String(rows.length) };
      },
    },
  };
}

const counts = (rows: NewAuditEvent[]) => rows.map((r) => [r.targetId, r.details.failures]);

describe('createSignInFailureAudit', () => {
  it('writes the first failure at once and the rest of the window as one counted row', async () => {
    const { rows, store } = recordingStore();
    const audit = createSignInFailureAudit({ store, windowMs: WINDOW_MS });
    await audit.record('192.0.2.1');
    expect(rows).toEqual([
      {
        at: expect.any(Date),
        actorId: null,
        action: 'signin.failure',
        targetType: 'client',
        targetId: '192.0.2.1',
        ip: '192.0.2.1',
        details: { failures: 1, windowSeconds: WINDOW_MS / 1000 },
      },
    ]);
    for (let i = 0; i < 300; i++) await audit.record('192.0.2.1');
    expect(rows).toHaveLength(1);
    await sleep(WINDOW_MS * 1.5);
    expect(counts(rows)).toEqual([
      ['192.0.2.1', 1],
      ['192.0.2.1', 300],
    ]);
    // A quiet window writes nothing and closes; the next failure is written at once.
    await sleep(WINDOW_MS * 2);
    expect(rows).toHaveLength(2);
    await audit.record('192.0.2.1');
    expect(counts(rows).at(-1)).toEqual(['192.0.2.1', 1]);
    await audit.close();
  });

  it('keeps addresses apart, and an IPv6 /64 together', async () => {
    const { rows, store } = recordingStore();
    const audit = createSignInFailureAudit({ store, windowMs: WINDOW_MS });
    await audit.record('192.0.2.1');
    await audit.record('192.0.2.2');
    await audit.record('2001:db8::1');
    await audit.record('2001:db8::2');
    expect(counts(rows)).toEqual([
      ['192.0.2.1', 1],
      ['192.0.2.2', 1],
      ['2001:db8::/64', 1],
    ]);
    expect(rows[2]?.ip).toBe('2001:db8::1');
    await audit.close();
    // close() wrote the /64's second failure, with the address last seen.
    expect(counts(rows).at(-1)).toEqual(['2001:db8::/64', 1]);
    expect(rows.at(-1)?.ip).toBe('2001:db8::2');
  });

  it('close() writes what is still counted, and its timers write nothing after', async () => {
    const { rows, store } = recordingStore();
    const audit = createSignInFailureAudit({ store, windowMs: WINDOW_MS });
    await audit.record('198.51.100.1');
    await audit.record('198.51.100.1');
    await audit.record('198.51.100.1');
    await audit.close();
    expect(counts(rows)).toEqual([
      ['198.51.100.1', 1],
      ['198.51.100.1', 2],
    ]);
    await sleep(WINDOW_MS * 1.5);
    expect(rows).toHaveLength(2);
  });

  it('a failed write goes to onError; record() still resolves', async () => {
    const errors: unknown[] = [];
    const broken = new Error('store down');
    const audit = createSignInFailureAudit({
      store: { appendAudit: () => Promise.reject(broken) },
      windowMs: WINDOW_MS,
      onError: (e) => errors.push(e),
    });
    await expect(audit.record('192.0.2.9')).resolves.toBeUndefined();
    expect(errors).toEqual([broken]);
    await audit.close();
  });
});
