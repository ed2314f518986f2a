// How rows go out: CSV (RFC 4180: CRLF line ends, fields quoted when they
// hold a comma, a quote or a line break, quotes doubled; written by
// csv-stringify) or JSON Lines (one object per row, the columns as keys).
//
// A failure after the first byte cannot change the HTTP status any more, so
// it is written as the last line instead, never a silent cut:
//   CSV   #ERROR,<code>,<message>       (the first cell of a data row is never '#ERROR')
//   JSONL {"#error":{"code":"<code>","message":"<message>"}}
// A row's first cell is an issue key, which never starts with '#'.
import { stringify } from 'csv-stringify/sync';
import type { Cell } from './issue-columns.ts';

export interface TableFormat {
  readonly contentType: string;
  /** What starts the body: the header row (and a BOM when asked). */
  start(columns: readonly string[]): string;
  rows(rows: readonly Cell[][]): string;
  /** The last line of a body cut short by a failure. */
  error(code: string, message: string): string;
}

export interface CsvOptions {
  /** A UTF-8 byte order mark first, so Excel reads the file as UTF-8. */
  bom: boolean;
  /**
   * Text cells starting with = + - @ tab or CR get a leading apostrophe, so a
   * spreadsheet shows them as text instead of running them as formulas
   * (OWASP "CSV injection"); numbers are never changed.
   */
  escapeFormulas: boolean;
}

export const ERROR_MARK = '#ERROR';

export function csvFormat(options: CsvOptions): TableFormat {
  // csv-stringify quotes a field holding the record delimiter (CRLF) but not a
  // lone LF or CR, which RFC 4180 parsers would read as a row break: quoted_match does.
  const settings = {
    record_delimiter: 'windows',
    quoted_match: /[\r\n]/,
    escape_formulas: options.escapeFormulas,
  } as const;
  return {
    contentType: 'text/csv; charset=utf-8; header=present',
    start: (columns) => `${options.bom ? '\ufeff' : ''}${stringify([columns as string[]], settings)}`,
    rows: (rows) => stringify(rows as Cell[][], settings),
    error: (code, message) =>
      stringify([[ERROR_MARK, code, message]], { ...settings, escape_formulas: false }),
  };
}

export function jsonlFormat(): TableFormat {
  let names: readonly string[] = [];
  return {
    contentType: 'application/x-ndjson; charset=utf-8',
    start(columns) {
      names = columns;
      return '';
    },
    rows(rows) {
      let out = '';
      for (const row of rows) {
        const record: Record<string, Cell> = {};
        for (let i = 0; i < names.length; i++) record[names[i] as string] = row[i] ?? null;
        out += `${JSON.stringify(record)}\n`;
      }
      return out;
    },
    error: (code, message) => `${JSON.stringify({ '#error': { code, message } })}\n`,
  };
}
