// Keyset paging, the one way the store lists rows: newest first by (time,
// id), a page of `first` rows after the cursor's row, read with one row more
// to learn whether a next page exists. Paging by position instead of an
// offset keeps pages stable while rows are inserted (cursor.ts).
import { type SelectQueryBuilder, sql } from 'kysely';
import { checkPageSize, decodeCursor, encodeCursor } from './cursor.ts';
import type { Page, PageRequest } from './store.ts';
import type { Database } from './tables.ts';

/** The column each listed table is ordered by, with `id` breaking ties. */
type TimeColumn = 'created_at' | 'at';

export async function readKeysetPage<
  Table extends keyof Database,
  Column extends TimeColumn,
  Row extends { id: string } & Record<Column, number>,
  T,
>(
  query: SelectQueryBuilder<Database, Table, Row>,
  column: Column,
  page: PageRequest,
  map: (row: Row) => T,
): Promise<Page<T>> {
  const first = checkPageSize(page.first);
  let filtered = query;
  if (page.after) {
    const position = decodeCursor(page.after);
    filtered = filtered.where(
      sql<boolean>`(${sql.ref(column)}, ${sql.ref('id')}) < (${position.at}, ${position.id})`,
    );
  }
  const rows = await filtered
    .orderBy(sql.ref(column), 'desc')
    .orderBy(sql.ref('id'), 'desc')
    .limit(first + 1)
    .execute();
  const kept = rows.slice(0, first);
  const cursors = kept.map((row) => encodeCursor({ at: row[column], id: row.id }));
  return {
    items: kept.map(map),
    cursors,
    endCursor: cursors.at(-1) ?? null,
    hasNextPage: rows.length > first,
  };
}

/** Every item of a listing, page after page (the CLI prints whole lists). */
export async function readAllPages<T>(
  read: (page: PageRequest) => Promise<Page<T>>,
  pageSize = 100,
): Promise<T[]> {
  const all: T[] = [];
  let after: string | null = null;
  do {
    const page = await read({ first: pageSize, after });
    all.push(...page.items);
    after = page.hasNextPage ? page.endCursor : null;
  } while (after);
  return all;
}
