// Uploaded files' rows (the bytes live in the storage): how many a delivery has, a new one, where
// one is stored, and the purge's sweeps (platform-wide, like the other system jobs' sweeps: they
// run over every business and name none).
import { and, asc, count, eq, inArray, type SQL, sql } from 'drizzle-orm';
import type { Db } from '../client';
import { storageDeletions, uploads } from '../schema';

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

// ——— The purge (jobs/uploads/purge.ts) ———

/** In use: a proof photo its delivery names, or a photo a message of its conversation carries. */
const inUse = sql`(
  (${uploads.purpose} = 'delivery_proof' and exists (
    select 1 from deliveries d
    where d.business_id = ${uploads.businessId} and d.id = ${uploads.deliveryId}
      and d.proof_upload_id = ${uploads.id}))
  or (${uploads.purpose} = 'conversation_photo' and exists (
    select 1 from messages m
    where m.business_id = ${uploads.businessId} and m.conversation_id = ${uploads.conversationId}
      and m.media->>'uploadId' = ${uploads.id}::text))
)`;

/** A proof photo of a delivery still under way: the courier may yet name it. */
const stillWanted = sql`exists (
  select 1 from deliveries d
  where d.business_id = ${uploads.businessId} and d.id = ${uploads.deliveryId}
    and d.status in ('accepted', 'picked_up'))`;

/** Uploads made before `before` the purge has not kept and `matching`: at most `limit`, oldest first. */
const unkeptUploads = (db: Db, params: { before: Date; limit: number }, matching: SQL) =>
  db
    .select({ id: uploads.id })
    .from(uploads)
    .where(
      sql`${uploads.keptAt} is null and ${uploads.createdAt} < ${params.before} and ${matching}`,
    )
    .orderBy(asc(uploads.createdAt))
    .limit(params.limit);

/**
 * Marks uploaded before `before` and found in use as kept (the purge never looks at them again);
 * at most `limit`, oldest first. How many it marked.
 */
export async function keepUploadsInUse(
  db: Db,
  params: { before: Date; limit: number },
): Promise<number> {
  const rows = await db
    .update(uploads)
    .set({ keptAt: sql`now()` })
    .where(inArray(uploads.id, unkeptUploads(db, params, inUse)))
    .returning({ id: uploads.id });
  return rows.length;
}

/**
 * Deletes the rows of uploads made before `before` that nothing uses (never attached: a retaken
 * proof photo, a photo never sent), but a delivery's still under way; at most `limit`, oldest
 * first. Their keys go to storage_deletions by the trigger. How many it deleted.
 */
export async function deleteUnusedUploads(
  db: Db,
  params: { before: Date; limit: number },
): Promise<number> {
  const rows = await db
    .delete(uploads)
    .where(inArray(uploads.id, unkeptUploads(db, params, sql`not ${inUse} and not ${stillWanted}`)))
    .returning({ id: uploads.id });
  return rows.length;
}
/** Files waiting to be deleted from the storage: those that failed least first, then oldest. */
export function storageDeletionsDue(db: Db, params: { limit: number }) {
  return db
    .select({ id: storageDeletions.id, storageKey: storageDeletions.storageKey })
    .from(storageDeletions)
    .orderBy(asc(storageDeletions.attempts), asc(storageDeletions.createdAt))
    .limit(params.limit);
}

/** The files the storage deleted: off the queue. */
export async function forgetStorageDeletions(db: Db, params: { ids: string[] }): Promise<void> {
  if (params.ids.length === 0) return;
  await db.delete(storageDeletions).where(inArray(storageDeletions.id, params.ids));
}

/** A file the storage could not delete now: tried again on a later run, behind the others. */
export async function failStorageDeletion(
  db: Db,
  params: { id: string; error: string },
): Promise<void> {
  await db
    .update(storageDeletions)
    .set({
      attempts: sql`${storageDeletions.attempts} + 1`,
      lastError: params.error.slice(0, 1_000),
    })
    .where(eq(storageDeletions.id, params.id));
}
