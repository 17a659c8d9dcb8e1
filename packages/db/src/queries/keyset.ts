// What list queries share: keyset pagination's condition (the rows after a (sort key, id)
// position, both in one direction) and user text made safe for LIKE.
import { and, type Column, eq, gt, lt, or, type SQL } from 'drizzle-orm';

/** A decoded cursor: the sort key of the last row shown, and its id. */
export interface After {
  key: string | number | Date;
  id: string;
}

export function afterKey(
  column: Column | SQL,
  idColumn: Column,
  direction: 'asc' | 'desc',
  after: After,
): SQL {
  const beyond = direction === 'asc' ? gt : lt;
  // A Column or an SQL expression: the key is bound as a parameter either way.
  const sortKey = column as Column;
  return or(
    beyond(sortKey, after.key),
    and(eq(sortKey, after.key), beyond(idColumn, after.id)),
  ) as SQL;
}

/** Escapes LIKE wildcards in user text, for a "contains" match. */
export const likeText = (text: string) => `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
