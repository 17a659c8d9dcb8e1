// Uploaded files' rows (the bytes live in the storage): how many a delivery has, a new one, and
// where one is stored.
import { and, count, eq } from 'drizzle-orm';
import type { Db } from '../client';
import { uploads } from '../schema';

export type UploadRow = typeof uploads.$inferSelect;

export async function uploadCountOf(
  db: Db,
  params: { businessId: string; deliveryId: string },
): Promise<number> {
  const [row] = await db
    .select({ n: count() })
    .from(uploads)
    .where(
      and(eq(uploads.businessId, params.businessId), eq(uploads.deliveryId, params.deliveryId)),
    );
  return row?.n ?? 0;
}

export async function insertUpload(
  db: Db,
  params: { businessId: string; values: Omit<typeof uploads.$inferInsert, 'businessId'> },
): Promise<UploadRow> {
  const [row] = await db
    .insert(uploads)
    .values({ ...params.values, businessId: params.businessId })
    .returning();
  if (!row) throw new Error('upload insert returned nothing');
  return row;
}

/** Where an upload's bytes are stored; undefined for an upload not of this business. */
export async function uploadStorageKey(
  db: Db,
  params: { businessId: string; uploadId: string },
): Promise<string | undefined> {
  const [row] = await db
    .select({ storageKey: uploads.storageKey })
    .from(uploads)
    .where(and(eq(uploads.businessId, params.businessId), eq(uploads.id, params.uploadId)));
  return row?.storageKey;
}

/** A photo uploaded for this conversation (its storage key and type); undefined otherwise. */
export async function conversationUpload(
  db: Db,
  params: { businessId: string; conversationId: string; uploadId: string },
) {
  const [row] = await db
    .select({ storageKey: uploads.storageKey, contentType: uploads.contentType })
    .from(uploads)
    .where(
      and(
        eq(uploads.businessId, params.businessId),
        eq(uploads.id, params.uploadId),
        eq(uploads.conversationId, params.conversationId),
        eq(uploads.purpose, 'conversation_photo'),
      ),
    );
  return row;
}
