// Keyset pagination over (sort key, id): stable under inserts, no OFFSET scans.
import { type After, afterKey, likeText } from '@flux/db/queries/keyset';
import type { Column, SQL } from 'drizzle-orm';
import { z } from 'zod';
import { refuse } from './errors';

type Key = string | number | Date;

/**
 * What the sort key of a list is. A cursor is decoded against the list it is used on, never
 * trusted to say its own type: a cursor made up, kept from another sort or from an older
 * release must not bind a string to a timestamp column (drizzle calls `toISOString` on it: a
 * 500). Cursors are not signed: one only names a position among the caller's own rows, so a
 * forged one reveals nothing a valid one would not.
 */
export type KeyKind = 'date' | 'string' | 'number';

const keySchemas = {
  date: z.iso
    .datetime({ offset: true })
    .transform((value) => new Date(value))
    // Our rows are all younger than 2000; PostgreSQL's timestamptz stops at year 294276.
    .refine(
      (date) => date.getUTCFullYear() >= 2000 && date.getUTCFullYear() <= 9999,
      'date out of range',
    ),
  // Sort keys are names and SKUs; PostgreSQL text refuses NUL.
  string: z
    .string()
    .max(200)
    .refine((value) => !value.includes('\u0000'), 'NUL in key'),
  // Sort keys are int4 columns (price, stock).
  number: z.number().int().min(-2_147_483_648).max(2_147_483_647),
} satisfies Record<KeyKind, z.ZodType<Key>>;

const cursorSchema = z.object({ k: z.unknown(), id: z.uuid() });

export function encodeCursor(key: Key, id: string): string {
  const payload = key instanceof Date ? { k: key.toISOString(), d: true, id } : { k: key, id };
  return Buffer.from(JSON.stringify(payload)).toString('base64url');
}

const invalidCursor = () =>
  refuse(
    'pagination.bad_cursor',
    'Invalid cursor: use the nextCursor of the previous page, or none',
    {},
    { field: 'cursor' },
  );

export function decodeCursor(value: string, kind: KeyKind): After {
  let json: unknown;
  try {
    json = JSON.parse(Buffer.from(value, 'base64url').toString('utf8'));
  } catch {
    throw invalidCursor();
  }
  const parsed = cursorSchema.safeParse(json);
  if (!parsed.success) throw invalidCursor();
  const key = keySchemas[kind].safeParse(parsed.data.k);
  if (!key.success) throw invalidCursor();
  return { key: key.data, id: parsed.data.id };
}

/**
 * Rows after the cursor in (column, id) order, both in the same direction. `kind` is the type of
 * the sort column (or expression): the cursor's key must be of it.
 */
export function afterCursor(
  column: Column | SQL,
  idColumn: Column,
  direction: 'asc' | 'desc',
  cursor: string,
  kind: KeyKind,
) {
  return afterKey(column, idColumn, direction, decodeCursor(cursor, kind));
}

/** The position a list continues after, for a query: none on the first page. */
export function positionAfter(cursor: string | undefined, kind: KeyKind): After | undefined {
  return cursor ? decodeCursor(cursor, kind) : undefined;
}

/** Takes `limit + 1` rows, returns `limit` and the cursor of the last one when more exist. */
export function page<T extends { id: string }>(rows: T[], limit: number, keyOf: (row: T) => Key) {
  return pageBy(rows, limit, (row) => [keyOf(row), row.id]);
}

/** `page` for rows that are not objects with an id (orders.list's text rows): the position given. */
export function pageBy<T>(rows: T[], limit: number, positionOf: (row: T) => [Key, string]) {
  const items = rows.slice(0, limit);
  const last = items.at(-1);
  return {
    items,
    nextCursor: rows.length > limit && last ? encodeCursor(...positionOf(last)) : null,
  };
}

export { likeText };
