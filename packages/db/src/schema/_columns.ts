// Column groups every table shares: uuid ids, lifecycle timestamps and the tenant key.
// Timestamps keep milliseconds, like a JS Date, so keyset cursors over (created_at, id) round-trip.
import { bigint, timestamp, uuid } from 'drizzle-orm/pg-core';
import { businesses } from './businesses';

export const id = () => uuid('id').primaryKey().defaultRandom();

export const timestamps = {
  createdAt: timestamp('created_at', { withTimezone: true, mode: 'date', precision: 3 })
    .notNull()
    .defaultNow(),
  updatedAt: timestamp('updated_at', { withTimezone: true, mode: 'date', precision: 3 })
    .notNull()
    .defaultNow()
    .$onUpdate(() => new Date()),
};

export const createdAt = () =>
  timestamp('created_at', { withTimezone: true, mode: 'date', precision: 3 })
    .notNull()
    .defaultNow();

export const tstz = (name: string) =>
  timestamp(name, { withTimezone: true, mode: 'date', precision: 3 });

/** The tenant key. Deleting a business deletes everything it owns. */
export const businessId = () =>
  uuid('business_id')
    .notNull()
    .references(() => businesses.id, { onDelete: 'cascade' });

/** Money in integer minor units (XOF: francs, EUR: cents). Never a float. */
export const money = (name: string) => bigint(name, { mode: 'number' });
