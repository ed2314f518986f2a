import { describe, expect, it } from 'vitest';
import { isoTimestamp, jiraDate } from '../../src/schema/timestamps.ts';

// What the hand-written paths must agree with: the general parser and toISOString.
function generalParse(v: string): Date | null {
  const date = new Date(v.replace(/([+-]\d{2})(\d{2})$/, '$1:$2'));
  return Number.isNaN(date.getTime()) ? null : date;
}

function jiraText(ms: number, offsetMinutes: number): string {
  const local = new Date(ms + offsetMinutes * 60_000).toISOString().slice(0, 23);
  const sign = offsetMinutes < 0 ? '-' : '+';
  const abs = Math.abs(offsetMinutes);
  return `${local}${sign}${String(Math.floor(abs / 60)).padStart(2, '0')}${String(abs % 60).padStart(2, '0')}`;
}

describe('jiraDate', () => {
  it('reads Jira timestamps at any offset as the general parser does', () => {
    let seed = 7;
    const next = () => {
      seed = (seed * 1103515245 + 12345) % 2 ** 31;
      return seed / 2 ** 31;
    };
    const offsets = [0, 60, -300, 330, 345, -570, 840, -720];
    for (let i = 0; i < 2000; i++) {
      const ms = Math.floor(Date.UTC(1990, 0, 1) + next() * 60 * 365 * 86_400_000);
      const text = jiraText(ms, offsets[i % offsets.length] ?? 0);
      expect(jiraDate(text)?.getTime(), text).toBe(ms);
      expect(jiraDate(text)?.getTime(), text).toBe(generalParse(text)?.getTime());
    }
    expect(jiraDate('2026-01-31T10:00:00.000-0530')?.toISOString()).toBe('2026-01-31T15:30:00.000Z');
    expect(jiraDate('2024-02-29T23:59:59.999+0000')?.toISOString()).toBe('2024-02-29T23:59:59.999Z');
  });

  it('answers null for what is not a date, and reads other ISO shapes the general way', () => {
    for (const bad of [
      '',
      'soon',
      '2026-13-01T10:00:00.000+0000',

      '2026-01-01T10:00:00.000*0000',
      '2026-01-0xT10:00:00.000+0000',
    ]) {
      expect(jiraDate(bad), bad).toBeNull();
    }
    // V8's parser rolls 31 February over to March and reads 24:00; the hand-written path defers to it.
    for (const odd of ['2026-02-31T10:00:00.000+0000', '2026-01-01T24:00:00.000+0000']) {
      expect(jiraDate(odd)?.getTime(), odd).toBe(generalParse(odd)?.getTime());
    }
    expect(jiraDate(42)).toBeNull();
    expect(jiraDate(null)).toBeNull();
    expect(jiraDate('2026-01-31T10:00:00Z')?.toISOString()).toBe('2026-01-31T10:00:00.000Z');
    expect(jiraDate('2026-01-31T10:00:00.000+01:00')?.toISOString()).toBe('2026-01-31T09:00:00.000Z');
  });
});

describe('isoTimestamp', () => {
  it('writes what toISOString writes', () => {
    for (const ms of [
      0,
      1,
      999,
      86_399_999,
      Date.UTC(2026, 10, 23, 15, 9, 46, 7),
      Date.UTC(1000, 0, 1),
      Date.UTC(9999, 11, 31, 23, 59, 59, 999),
    ]) {
      expect(isoTimestamp(new Date(ms))).toBe(new Date(ms).toISOString());
    }
    for (let ms = -5e12; ms < 5e12; ms += 7_777_777_777) {
      expect(isoTimestamp(new Date(ms))).toBe(new Date(ms).toISOString());
    }
    // Years outside 1000..9999 take toISOString's own form.
    expect(isoTimestamp(new Date(Date.UTC(12000, 0, 1)))).toBe('+012000-01-01T00:00:00.000Z');
    expect(isoTimestamp(new Date(Date.UTC(999, 0, 1)))).toBe('0999-01-01T00:00:00.000Z');
    expect(() => isoTimestamp(new Date(Number.NaN))).toThrow(RangeError);
  });
});
