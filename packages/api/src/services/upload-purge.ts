// The purge of uploaded files (DESIGN.md flow 11). A file is kept as long as what it belongs to
// uses it: a delivery's proof photo, a photo a message of its conversation carries. An upload
// nothing uses a day after it was made (a retaken proof photo, a photo never sent) is deleted, its
// row first; every deleted row (this purge's, or a cascade from its delivery, conversation or
// business) leaves its key in storage_deletions by a trigger, and the bytes go through the storage
// interface (folder or S3). Each step is bounded per run and safe to run twice: a file already
// gone deletes without error, and a key that fails stays queued for the next run.
import type { Db } from '@flux/db';
import {
  deleteUnusedUploads,
  failStorageDeletion,
  forgetStorageDeletions,
  keepUploadsInUse,
  storageDeletionsDue,
} from '@flux/db/queries/uploads';
import type { Logger } from 'pino';
import type { FileStorage } from '../lib/storage';

/** An upload nothing uses is deleted this long after it was made. */
export const UNUSED_UPLOAD_HOURS = 24;
/** Rows deleted and files deleted from the storage, each at most this many a run. */
export const UPLOAD_PURGE_LIMIT = 500;
/** Uploads found in use are marked cheaply: more of them a run (a backlog clears fast). */
const KEEP_FACTOR = 10;
/** Storage calls in flight at once. */
const DELETE_CONCURRENCY = 8;

export interface UploadPurgeResult {
  /** Uploads found in use, kept from now on. */
  kept: number;
  /** Rows of uploads nothing used, deleted. */
  unused: number;
  /** Files deleted from the storage. */
  deleted: number;
  /** Files the storage could not delete this time (tried again next run). */
  failed: number;
}

export async function purgeUploads(
  services: { db: Db; storage: FileStorage; log: Logger },
  options: { now?: Date; limit?: number; signal?: AbortSignal } = {},
): Promise<UploadPurgeResult> {
  const { db, storage, log } = services;
  const limit = options.limit ?? UPLOAD_PURGE_LIMIT;
  const before = new Date((options.now ?? new Date()).getTime() - UNUSED_UPLOAD_HOURS * 3_600_000);
  const kept = await keepUploadsInUse(db, { before, limit: limit * KEEP_FACTOR });
  const unused = await deleteUnusedUploads(db, { before, limit });

  const due = await storageDeletionsDue(db, { limit });
  const deleted: string[] = [];
  let failed = 0;
  for (let start = 0; start < due.length; start += DELETE_CONCURRENCY) {
    // Stopping (a deploy): what is done is forgotten below, the rest waits for the next run.
    if (options.signal?.aborted) break;
    await Promise.all(
      due.slice(start, start + DELETE_CONCURRENCY).map(async (item) => {
        try {
          await storage.delete(item.storageKey);
          deleted.push(item.id);
        } catch (error) {
          failed += 1;
          log.warn({ err: error, storageKey: item.storageKey }, 'upload purge: file not deleted');
          await failStorageDeletion(db, { id: item.id, error: String(error) });
        }
      }),
    );
  }
  await forgetStorageDeletions(db, { ids: deleted });
  return { kept, unused, deleted: deleted.length, failed };
}
