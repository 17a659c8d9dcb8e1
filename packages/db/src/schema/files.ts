// Files people upload (proof photos, photos sent in conversations). The bytes live in the storage (a folder or an S3
// bucket); this table says whose they are, so a file is only ever served to its business's staff.
import { sql } from 'drizzle-orm';
import { check, index, integer, pgTable, text, unique, uuid } from 'drizzle-orm/pg-core';
import { id, timestamps } from './_columns';
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
    ...timestamps,
  },
  (t) => [
    unique('uploads_storage_key_unique').on(t.storageKey),
    index('uploads_business_delivery_idx').on(t.businessId, t.deliveryId),
    check('uploads_size_positive', sql`${t.sizeBytes} > 0`),
  ],
);

export type Upload = typeof uploads.$inferSelect;
