// Uploaded files. A proof photo is uploaded by the courier holding the delivery, checked by its
// bytes (JPEG, PNG, WebP or HEIC, 10 MB at most), stored through the storage interface, and
// recorded with its business, delivery and courier; `courier.deliver` then names it by id.
import { type Db, schema } from '@flux/db';
import { and, count, eq, inArray, isNotNull } from 'drizzle-orm';
import { type Actor, writeAudit } from '../lib/audit';
import { AppError, notFound } from '../lib/errors';
import { type FileStorage, sniffImage } from '../lib/storage';

const { couriers, deliveries, memberships, uploads } = schema;

export const PROOF_PHOTO_MAX_BYTES = 10 * 1024 * 1024;
/** Retakes allowed per delivery: enough for a blurred shot, not a way to fill the disk. */
export const PROOF_PHOTOS_PER_DELIVERY = 5;

export interface StoredUpload {
  id: string;
  contentType: string;
  sizeBytes: number;
  createdAt: Date;
}

export async function storeProofPhoto(
  services: { db: Db; storage: FileStorage },
  actor: Actor & { userId: string },
  params: { businessId: string; deliveryId: string; bytes: Uint8Array },
): Promise<StoredUpload> {
  const { db, storage } = services;
  const [member] = await db
    .select({ role: memberships.role })
    .from(memberships)
    .where(
      and(
        eq(memberships.businessId, params.businessId),
        eq(memberships.userId, actor.userId),
        isNotNull(memberships.acceptedAt),
      ),
    );
  // Same answer as tRPC: a business you are not in does not exist for you.
  if (!member) throw notFound('Business');
  if (member.role !== 'courier') {
    throw new AppError('FORBIDDEN', 'Only the courier of a delivery uploads its proof');
  }
  const [courier] = await db
    .select({ id: couriers.id })
    .from(couriers)
    .where(
      and(
        eq(couriers.businessId, params.businessId),
        eq(couriers.userId, actor.userId),
        eq(couriers.active, true),
      ),
    );
  if (!courier) throw notFound('Courier', 'No courier profile for you in this business');
  const [delivery] = await db
    .select({ id: deliveries.id })
    .from(deliveries)
    .where(
      and(
        eq(deliveries.businessId, params.businessId),
        eq(deliveries.id, params.deliveryId),
        eq(deliveries.courierId, courier.id),
        inArray(deliveries.status, ['accepted', 'picked_up']),
      ),
    );
  if (!delivery) throw notFound('Delivery', 'No delivery of yours under way with this id');
  if (params.bytes.length === 0) throw new AppError('BAD_REQUEST', 'The file is empty');
  if (params.bytes.length > PROOF_PHOTO_MAX_BYTES) {
    throw new AppError('BAD_REQUEST', 'The photo is larger than 10 MB', {
      maxBytes: PROOF_PHOTO_MAX_BYTES,
    });
  }
  const image = sniffImage(params.bytes);
  if (!image) {
    throw new AppError('BAD_REQUEST', 'Only JPEG, PNG, WebP or HEIC photos are accepted');
  }
  const [taken] = await db
    .select({ n: count() })
    .from(uploads)
    .where(and(eq(uploads.businessId, params.businessId), eq(uploads.deliveryId, delivery.id)));
  if ((taken?.n ?? 0) >= PROOF_PHOTOS_PER_DELIVERY) {
    throw new AppError('TOO_MANY_REQUESTS', 'Enough photos for this delivery already');
  }
  const id = crypto.randomUUID();
  const storageKey = `${params.businessId}/delivery_proof/${id}.${image.extension}`;
  // The bytes first: a row never names a file that is not there (a failed insert leaves an
  // orphan file, which harms nobody).
  await storage.put(storageKey, params.bytes, image.contentType);
  return db.transaction(async (tx) => {
    const [row] = await tx
      .insert(uploads)
      .values({
        id,
        businessId: params.businessId,
        purpose: 'delivery_proof',
        deliveryId: delivery.id,
        courierId: courier.id,
        uploadedBy: actor.userId,
        storageKey,
        contentType: image.contentType,
        sizeBytes: params.bytes.length,
      })
      .returning();
    if (!row) throw new Error('upload insert returned nothing');
    await writeAudit(tx, actor, {
      businessId: params.businessId,
      action: 'delivery.proof_upload',
      entityType: 'delivery',
      entityId: delivery.id,
      changes: { uploadId: row.id, contentType: row.contentType, sizeBytes: row.sizeBytes },
    });
    return {
      id: row.id,
      contentType: row.contentType,
      sizeBytes: row.sizeBytes,
      createdAt: row.createdAt,
    };
  });
}

/** A short-lived link to a delivery's proof photo, for the business's staff; null without one. */
export async function proofPhotoLink(
  services: { db: Db; storage: FileStorage; config: { fileUrlTtlSeconds: number } },
  delivery: { businessId: string; proofUploadId: string | null },
): Promise<string | null> {
  if (!delivery.proofUploadId) return null;
  const [upload] = await services.db
    .select({ storageKey: uploads.storageKey })
    .from(uploads)
    .where(
      and(eq(uploads.businessId, delivery.businessId), eq(uploads.id, delivery.proofUploadId)),
    );
  if (!upload) return null;
  return services.storage.signedUrl(upload.storageKey, services.config.fileUrlTtlSeconds);
}
