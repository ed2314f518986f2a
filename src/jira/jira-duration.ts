// Jira's durations as people type them ("1h 30m", "2d", "1.5h", "45m",
// "1w 2d"): checked before a worklog write, so a bad one is the caller's
// error with a clear message and Jira is never asked. Weeks and days are
// working time: Jira's defaults are 1d = 8h and 1w = 5d, which an instance
// may configure otherwise, so the gateway sends Jira the caller's units
// (normalizeJiraDuration) and lets Jira apply its own; the seconds
// computed here (with the defaults unless told) are for checks only.
// Units: w, d, h, m (Jira's time tracking has no seconds). A bare number is
// refused: Jira would read it in the instance's default unit, which the
// caller cannot see, so "90" is ambiguous.

export interface DurationSettings {
  hoursPerDay: number;
  daysPerWeek: number;
}

/** Jira's default time tracking settings. */
export const JIRA_DEFAULT_DURATION: DurationSettings = { hoursPerDay: 8, daysPerWeek: 5 };

/** The longest text looked at: a duration is a few units, never more. */
const MAX_TEXT = 100;
/** The most seconds a duration may come to: GraphQL's Int, which Worklog.timeSpentSeconds is. */
export const MAX_DURATION_SECONDS = 2_147_483_647;

export class JiraDurationError extends Error {
  override readonly name = 'JiraDurationError';
}

const UNIT_ORDER = ['w', 'd', 'h', 'm'] as const;
type Unit = (typeof UNIT_ORDER)[number];

/** One number and its unit, as typed ("1.5" and "h"). */
interface DurationPart {
  amount: string;
  unit: Unit;
}

const EXAMPLES = "e.g. '1h 30m', '2d', '1.5h', '45m' or '1w 2d'";

function unitSeconds(unit: Unit, settings: DurationSettings): number {
  switch (unit) {
    case 'm':
      return 60;
    case 'h':
      return 3600;
    case 'd':
      return settings.hoursPerDay * 3600;
    case 'w':
      return settings.daysPerWeek * settings.hoursPerDay * 3600;
  }
}

/** The parts of a duration, or JiraDurationError saying what is wrong with it. */
function partsOf(text: string): DurationPart[] {
  if (text.length > MAX_TEXT) throw new JiraDurationError(`A duration is at most ${MAX_TEXT} characters.`);
  const trimmed = text.trim().toLowerCase();
  if (trimmed === '') throw new JiraDurationError(`A duration must not be empty (${EXAMPLES}).`);
  if (trimmed.startsWith('-'))
    throw new JiraDurationError(`'${text.trim()}' is negative: a duration must be more than zero.`);
  if (/^\d+(\.\d+)?$/.test(trimmed)) {
    throw new JiraDurationError(`'${text.trim()}' has no unit: write it with w, d, h or m (${EXAMPLES}).`);
  }
  const parts: DurationPart[] = [];
  const seen = new Set<Unit>();
  // Each token is a number with its unit, spaces optional between tokens ("1h30m").
  const token = /\s*(\d+(?:\.\d+)?)\s*([a-z]+)\s*/y;
  let at = 0;
  while (at < trimmed.length) {
    token.lastIndex = at;
    const m = token.exec(trimmed);
    if (!m) {
      throw new JiraDurationError(`'${text.trim()}' is not a Jira duration (${EXAMPLES}).`);
    }
    const unit = m[2] as string;
    if (!(UNIT_ORDER as readonly string[]).includes(unit)) {
      throw new JiraDurationError(
        `'${unit}' is not a unit of a Jira duration: use w, d, h or m (${EXAMPLES}).`,
      );
    }
    if (seen.has(unit as Unit))
      throw new JiraDurationError(`'${text.trim()}' gives the unit '${unit}' twice.`);
    seen.add(unit as Unit);
    parts.push({ amount: m[1] as string, unit: unit as Unit });
    at = token.lastIndex;
  }
  return parts;
}

export interface DurationOptions {
  settings?: DurationSettings;
  /** Whether nothing ("0m") is a valid answer: a new remaining estimate may be zero, time spent may not. */
  allowZero?: boolean;
}

/**
 * The seconds a Jira duration comes to (rounded to the second), or
 * JiraDurationError with a message fit for the caller. Zero is refused
 * unless allowed: a worklog of nothing is a mistake.
 */
export function parseJiraDuration(text: string, options: DurationOptions = {}): number {
  const settings = options.settings ?? JIRA_DEFAULT_DURATION;
  const seconds = Math.round(
    partsOf(text).reduce((sum, p) => sum + Number(p.amount) * unitSeconds(p.unit, settings), 0),
  );
  if (seconds < 0 || (seconds === 0 && !options.allowZero))
    throw new JiraDurationError(`'${text.trim()}' comes to no time: a duration must be more than zero.`);
  if (seconds > MAX_DURATION_SECONDS) throw new JiraDurationError(`'${text.trim()}' is too long a duration.`);
  return seconds;
}

/**
 * The duration as sent to Jira: the caller's own units, lower case, largest
 * first, one space apart ("1h30M" -> "1h 30m"); JiraDurationError when it is
 * not a valid one.
 */
export function normalizeJiraDuration(text: string, options: DurationOptions = {}): string {
  parseJiraDuration(text, options);
  return partsOf(text)
    .sort((a, b) => UNIT_ORDER.indexOf(a.unit) - UNIT_ORDER.indexOf(b.unit))
    .map((p) => `${Number(p.amount)}${p.unit}`)
    .join(' ');
}
