// Jira durations as a worklog write takes them: what is accepted and the
// seconds it comes to (Jira's defaults, 1d = 8h and 1w = 5d, or other
// settings), what is refused and with which message, and the form sent to
// Jira (the caller's own units, normalised).
import { describe, expect, it } from 'vitest';
import {
  JiraDurationError,
  MAX_DURATION_SECONDS,
  normalizeJiraDuration,
  parseJiraDuration,
} from '../../src/jira/jira-duration.ts';

const H = 3600;

describe('parseJiraDuration', () => {
  it.each([
    ['1h 30m', 1.5 * H],
    ['2d', 16 * H],
    ['1.5h', 1.5 * H],
    ['45m', 45 * 60],
    ['1w 2d', 56 * H],
    ['1w 2d 3h 4m', (40 + 16 + 3) * H + 4 * 60],
    ['1h30m', 1.5 * H],
    ['  2H  15M ', 2.25 * H],
    ['30m 1h', 1.5 * H],
    ['0.5d', 4 * H],
    ['1 h', H],
  ])('reads %j as %i seconds', (text, seconds) => {
    expect(parseJiraDuration(text)).toBe(seconds);
  });

  it('reads days and weeks by the settings it is given', () => {
    const settings = { hoursPerDay: 6, daysPerWeek: 4 };
    expect(parseJiraDuration('1d', { settings })).toBe(6 * H);
    expect(parseJiraDuration('1w', { settings })).toBe(24 * H);
  });

  it.each([
    ['', /must not be empty/],
    ['   ', /must not be empty/],
    ['90', /has no unit/],
    ['1.5', /has no unit/],
    ['0m', /more than zero/],
    ['0h 0m', /more than zero/],
    ['-1h', /negative/],
    ['1x', /'x' is not a unit/],
    ['2 hours', /'hours' is not a unit/],
    ['1h 1h', /unit 'h' twice/],
    ['h', /not a Jira duration/],
    ['1h,30m', /not a Jira duration/],
    ['1..5h', /not a Jira duration/],
    ['1e3h', /not a Jira duration|is not a unit/],
    ['99999999999w', /too long/],
    [`${'1'.repeat(101)}m`, /at most 100 characters/],
  ])('refuses %j with a clear message', (text, message) => {
    expect(() => parseJiraDuration(text)).toThrow(JiraDurationError);
    expect(() => parseJiraDuration(text)).toThrow(message);
  });

  it('takes zero only when allowed (a new remaining estimate)', () => {
    expect(parseJiraDuration('0m', { allowZero: true })).toBe(0);
    expect(() => parseJiraDuration('-0m', { allowZero: true })).toThrow(/negative/);
  });

  it('takes the longest duration GraphQL can count, and no longer', () => {
    const minutes = Math.floor(MAX_DURATION_SECONDS / 60);
    expect(parseJiraDuration(`${minutes}m`)).toBe(minutes * 60);
    expect(() => parseJiraDuration(`${minutes + 1}m`)).toThrow(/too long/);
  });
});

describe('normalizeJiraDuration', () => {
  it.each([
    ['1h30M', '1h 30m'],
    ['30m 1h', '1h 30m'],
    ['  1.50h ', '1.5h'],
    ['2d 1w', '1w 2d'],
    ['01h', '1h'],
  ])('sends %j to Jira as %j', (text, sent) => {
    expect(normalizeJiraDuration(text)).toBe(sent);
  });

  it('refuses what parseJiraDuration refuses', () => {
    expect(() => normalizeJiraDuration('0m')).toThrow(JiraDurationError);
    expect(normalizeJiraDuration('0m', { allowZero: true })).toBe('0m');
  });
});
