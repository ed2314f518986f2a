// Listings print as aligned columns for people, or JSON with --json for scripts.

// Characters that steer a terminal instead of showing: C0/C1 controls (ESC
// starts a sequence that can erase or rewrite rows), format characters (bidi
// overrides such as U+202E reorder what follows) and line/paragraph separators.
const UNPRINTABLE = /[\p{Cc}\p{Cf}\p{Zl}\p{Zp}]/gu;
// The same less U+0000-U+001F, which JSON.stringify escapes inside strings
// already; outside them the only ones are the layout's own newlines.
const UNPRINTABLE_IN_JSON = /[\u007f-\u009f\p{Cf}\p{Zl}\p{Zp}]/gu;

function escapeCodePoint(char: string): string {
  return `\\u${(char.codePointAt(0) ?? 0).toString(16).padStart(4, '0')}`;
}

/**
 * Text from the store made safe for a terminal: unprintable characters as
 * `\u001b` escapes, and `\` doubled so an escape cannot be forged by a name
 * that spells one. Names made before names were checked may still hold them.
 */
export function printable(text: string): string {
  return text.replace(/\\/g, '\\\\').replace(UNPRINTABLE, escapeCodePoint);
}

export function printTable(rows: Record<string, string>[], columns: string[]): void {
  if (rows.length === 0) {
    process.stdout.write('(none)\n');
    return;
  }
  const safe = rows.map((r) => columns.map((c) => printable(r[c] ?? '')));
  const widths = columns.map((c, i) => Math.max(c.length, ...safe.map((cells) => (cells[i] ?? '').length)));
  const line = (cells: string[]) =>
    `${cells
      .map((cell, i) => cell.padEnd(widths[i] ?? 0))
      .join('  ')
      .trimEnd()}\n`;
  process.stdout.write(line(columns.map((c) => c.toUpperCase())));
  for (const cells of safe) process.stdout.write(line(cells));
}

/**
 * JSON.stringify escapes C0 controls but writes DEL, C1 controls (U+009B is a
 * one-byte CSI on some terminals), bidi overrides and U+2028/9 raw. Those only
 * occur inside strings, where a \u escape means the same character: the JSON
 * is unchanged for a parser and harmless on a terminal.
 */
export function printJson(value: unknown): void {
  const json = JSON.stringify(value, null, 2).replace(UNPRINTABLE_IN_JSON, escapeCodePoint);
  process.stdout.write(`${json}\n`);
}
