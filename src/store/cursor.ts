// Opaque keyset cursors: base64url of [createdAtMillis, id], the last row of
// a page. Paging by (time, id) instead of an offset keeps pages stable when
// rows are inserted between requests.

export interface CursorPosition {
  at: number;
  id: string;
}

/** A cursor that this store did not hand out (or that was tampered with). */
export class InvalidCursorError extends Error {
  readonly code = 'INVALID_CURSOR';
  constructor() {
    super('invalid page cursor');
  }
}

export function encodeCursor(position: CursorPosition): string {
  return Buffer.from(JSON.stringify([position.at, position.id]), 'utf8').toString('base64url');
}

export function decodeCursor(cursor: string): CursorPosition {
  let value: unknown;
  try {
    value = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    throw new InvalidCursorError();
  }
  if (!Array.isArray(value) || value.length !== 2) throw new InvalidCursorError();
  const [at, id]: unknown[] = value;
  if (typeof at !== 'number' || !Number.isSafeInteger(at) || typeof id !== 'string' || id === '') {
    throw new InvalidCursorError();
  }
  return { at, id };
}

/** Page sizes are whole numbers from 0; the API layer applies its own maximum. */
export function checkPageSize(first: number): number {
  if (!Number.isSafeInteger(first) || first < 0) {
    throw new RangeError(`page size must be a whole number from 0 (got ${first})`);
  }
  return first;
}
