// Files people upload (proof photos, photos sent in conversations). The bytes live in the storage (a folder or an S3
// bucket); this table says whose they are, so a file is only ever served to its business's staff.
// When a row goes (its delivery, conversation or business deleted, or the purge's own delete),
// a trigger queues its key in storage_deletions, and the `uploads.purge` job deletes the bytes.
import { sql } from 'drizzle-orm';
import { check, index, integer, pgTable, text, unique, uuid } from 'drizzle-orm/pg-core';
import { id, timestamps, tstz } from './_columns';
import { businessId } from './_tenant';
import { conversations } from './crm';
import { couriers, deliveries } from './delivery';
import { users } from './users';

export const uploads = pgTable(
  'uploads',
  {
    id: id(),
    businessId: businessId(),
    /**
     * What the file is for: a proof photo belongs to one delivery and the courier who took it; a
     * conversation photo to the conversation it was sent in.
     */
    purpose: text('purpose', { enum: ['delivery_proof', 'conversation_photo'] }).notNull(),
    deliveryId: uuid('delivery_id').references(() => deliveries.id, { onDelete: 'cascade' }),
    conversationId: uuid('conversation_id').references(() => conversations.id, {
      onDelete: 'cascade',
    }),
    courierId: uuid('courier_id').references(() => couriers.id, { onDelete: 'set null' }),
    uploadedBy: uuid('uploaded_by').references(() => users.id, { onDelete: 'set null' }),
    /** Where the storage keeps it; never shown to a client (they get a short-lived signed URL). */
    storageKey: text('storage_key').notNull(),
    /** Sniffed from the bytes, not the client's word. */
    contentType: text('content_type').notNull(),
    sizeBytes: integer('size_bytes').notNull(),
    /**
     * When the purge found the file in use (its delivery's proof, or a sent message's photo): kept
     * from then on, as long as what it belongs to. Null: not yet looked at, or not in use (deleted
     * a day after it was uploaded).
     */
    keptAt: tstz('kept_at'),
    ...timestamps,
  },
  (t) => [
    unique('uploads_storage_key_unique').on(t.storageKey),
    index('uploads_business_delivery_idx').on(t.businessId, t.deliveryId),
    // The purge's candidates, oldest first: only the uploads it has not yet found in use.
    index('uploads_unkept_created_idx').on(t.createdAt).where(sql`${t.keptAt} is null`),
    check('uploads_size_positive', sql`${t.sizeBytes} > 0`),
  ],
);

/**
 * Files whose upload row is gone, waiting for the purge to delete their bytes from the storage.
 * Filled by the `uploads_deleted` trigger (migration 0030), whatever deleted the row (a cascade
 * from a delivery, a conversation or a business included); platform-wide, like the webhook inbox:
 * the business may be gone too.
 */
export const storageDeletions = pgTable(
  'storage_deletions',
  {
    id: id(),
    storageKey: text('storage_key').notNull(),
    /** Failed tries so far: a key that keeps failing goes behind the others. */
    attempts: integer('attempts').notNull().default(0),
    lastError: text('last_error'),
    ...timestamps,
  },
  (t) => [
    unique('storage_deletions_storage_key_unique').on(t.storageKey),
    index('storage_deletions_due_idx').on(t.attempts, t.createdAt),
  ],
);

export type Upload = typeof uploads.$inferSelect;
