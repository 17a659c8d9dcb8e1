// The tenant key, apart from _columns.ts so that businesses.ts can use the shared columns.
import { uuid } from 'drizzle-orm/pg-core';
import { businesses } from './businesses';

/** The tenant key. Deleting a business deletes everything it owns. */
export const businessId = () =>
  uuid('business_id')
    .notNull()
    .references(() => businesses.id, { onDelete: 'cascade' });
