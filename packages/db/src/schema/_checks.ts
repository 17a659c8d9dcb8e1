// Check-constraint builders shared by several tables (phones, coordinates, closed text lists).
// A CHECK passes when its expression is NULL, so these also fit nullable columns.
import { type SQL, sql } from 'drizzle-orm';
import { type AnyPgColumn, check } from 'drizzle-orm/pg-core';

/** E.164: a plus, a non-zero country digit, 7 to 15 digits in all. */
export const isE164 = (column: AnyPgColumn): SQL => sql`${column} ~ '^\\+[1-9][0-9]{6,14}$'`;

/** `column in ('a', 'b')` for a closed list of string literals known at build time. */
export const isOneOf = (column: AnyPgColumn, values: readonly string[]): SQL =>
  sql`${column} in (${sql.raw(values.map((value) => `'${value.replaceAll("'", "''")}'`).join(', '))})`;

export const isNonNegative = (column: AnyPgColumn): SQL => sql`${column} >= 0`;

/**
 * Range checks for a latitude/longitude pair, plus one that they are set together.
 * `name` prefixes the three constraint names, e.g. `orders_delivery` → `orders_delivery_lat_range`.
 */
export const coordinateChecks = (name: string, lat: AnyPgColumn, lng: AnyPgColumn) => [
  check(`${name}_lat_range`, sql`${lat} between -90 and 90`),
  check(`${name}_lng_range`, sql`${lng} between -180 and 180`),
  check(`${name}_latlng_pair`, sql`(${lat} is null) = (${lng} is null)`),
];
