// Keyset pagination over (sort key, id): stable under inserts, no OFFSET scans.
import { and, type Column, eq, gt, lt, or, type SQL } from 'drizzle-orm';
import { z } from 'zod';
import { AppError } from './errors';

type Key = string | number | Date;

const cursorSchema = z.object({
  k: z.union([z.string(), z.number()]),
  d: z.boolean().optional(),
  id: z.uuid(),
});

export function encodeCursor(key: Key, id: string): string {
  const payload = key instanceof Date ? { k: key.toISOString(), d: true, id } : { k: key, id };
  return Buffer.from(JSON.stringify(payload)).toString('base64url');
}

export function decodeCursor(value: string): { key: Key; id: string } {
  try {
    const parsed = cursorSchema.parse(JSON.parse(Buffer.from(value, 'base64url').toString('utf8')));
    const key = parsed.d ? new Date(String(parsed.k)) : parsed.k;
    if (key instanceof Date && (Number.isNaN(key.getTime()) || key.getUTCFullYear() < 2000)) {
      throw new Error('bad date');
    }
    return { key, id: parsed.id };
  } catch {
    throw new AppError('BAD_REQUEST', 'Invalid cursor');
  }
}

/** Rows after the cursor in (column, id) order, both in the same direction. */
export function afterCursor(
  column: Column | SQL,
  idColumn: Column,
  direction: 'asc' | 'desc',
  cursor: string,
) {
  const { key, id } = decodeCursor(cursor);
  const beyond = direction === 'asc' ? gt : lt;
  // A Column or an SQL expression: the key is bound as a parameter either way.
  const sortKey = column as Column;
  return or(beyond(sortKey, key), and(eq(sortKey, key), beyond(idColumn, id))) as SQL;
}

/** Takes `limit + 1` rows, returns `limit` and the cursor of the last one when more exist. */
export function page<T extends { id: string }>(rows: T[], limit: number, keyOf: (row: T) => Key) {
  const items = rows.slice(0, limit);
  const last = items.at(-1);
  return {
    items,
    nextCursor: rows.length > limit && last ? encodeCursor(keyOf(last), last.id) : null,
  };
}

/** Escapes LIKE wildcards in user text. */
export const likeText = (text: string) => `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
