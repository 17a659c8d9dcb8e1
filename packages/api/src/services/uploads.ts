// Uploaded files. A proof photo is uploaded by the courier holding the delivery, checked by its
// bytes (JPEG, PNG, WebP or HEIC, 10 MB at most), stored through the storage interface, and
// recorded with its business, delivery and courier; `courier.deliver` then names it by id. A
// conversation's photo is uploaded the same way by the team, then sent by `sendMessage`.
import type { Db } from '@flux/db';
import { conversationExists } from '@flux/db/queries/conversations';
import { activeCourierOfUser } from '@flux/db/queries/couriers';
import { deliveryById } from '@flux/db/queries/deliveries';
import { acceptedMemberRole } from '@flux/db/queries/team';
import {
  conversationUpload,
  insertUpload,
  uploadCountOf,
  uploadStorageKey,
} from '@flux/db/queries/uploads';
import { type Actor, writeAudit } from '../lib/audit';
import { notFound, refuse } from '../lib/errors';
import { type FileStorage, sniffImage } from '../lib/storage';

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
  const { db } = services;
  const role = await acceptedMemberRole(db, {
    businessId: params.businessId,
    userId: actor.userId,
  });
  // Same answer as tRPC: a business you are not in does not exist for you.
  if (!role) throw notFound('Business');
  if (role !== 'courier') {
    throw refuse('upload.courier_only', 'Only the courier of a delivery uploads its proof');
  }
  const courier = await activeCourierOfUser(db, {
    businessId: params.businessId,
    userId: actor.userId,
  });
  if (!courier) throw notFound('Courier', 'No courier profile for you in this business');
  const delivery = await deliveryById(db, {
    businessId: params.businessId,
    deliveryId: params.deliveryId,
    courierId: courier.id,
  });
  // Under way: accepted or picked up, not yet delivered.
  if (!delivery || !['accepted', 'picked_up'].includes(delivery.status)) {
    throw notFound('Delivery', 'No delivery of yours under way with this id');
  }
  if (params.bytes.length === 0) throw refuse('upload.empty', 'The file is empty');
  if (params.bytes.length > PROOF_PHOTO_MAX_BYTES) {
    throw refuse(
      'upload.too_large',
      'The photo is larger than 10 MB',
      { maxMb: 10 },
      { maxBytes: PROOF_PHOTO_MAX_BYTES },
    );
  }
  const image = sniffImage(params.bytes);
  if (!image) {
    throw refuse('upload.bad_type', 'Only JPEG, PNG, WebP or HEIC photos are accepted', {
      types: 'JPEG, PNG, WebP, HEIC',
    });
  }
  const taken = await uploadCountOf(db, {
    businessId: params.businessId,
    deliveryId: delivery.id,
  });
  if (taken >= PROOF_PHOTOS_PER_DELIVERY) {
    throw refuse('upload.too_many', 'Enough photos for this delivery already');
  }
  return recordUpload(services, actor, {
    businessId: params.businessId,
    bytes: params.bytes,
    image,
    purpose: 'delivery_proof',
    of: { deliveryId: delivery.id, courierId: courier.id },
    audit: { action: 'delivery.proof_upload', entityType: 'delivery', entityId: delivery.id },
  });
}

/** A short-lived link to a delivery's proof photo, for the business's staff; null without one. */
export async function proofPhotoLink(
  services: { db: Db; storage: FileStorage; config: { fileUrlTtlSeconds: number } },
  delivery: { businessId: string; proofUploadId: string | null },
): Promise<string | null> {
  if (!delivery.proofUploadId) return null;
  const storageKey = await uploadStorageKey(services.db, {
    businessId: delivery.businessId,
    uploadId: delivery.proofUploadId,
  });
  if (!storageKey) return null;
  return services.storage.signedUrl(storageKey, services.config.fileUrlTtlSeconds);
}

/** WhatsApp takes JPEG and PNG photos up to 5 MB (the dashboard shrinks phone photos first). */
export const CONVERSATION_PHOTO_MAX_BYTES = 5 * 1024 * 1024;

/**
 * A photo a member of the team attaches in the composer: checked by its bytes (JPEG or PNG, what
 * WhatsApp sends as an image), stored through the storage interface, recorded with its business
 * and conversation. `conversations.sendMessage({ photo })` then names it by id.
 */
export async function storeConversationPhoto(
  services: { db: Db; storage: FileStorage },
  actor: Actor & { userId: string },
  params: { businessId: string; conversationId: string; bytes: Uint8Array },
): Promise<StoredUpload> {
  const { db } = services;
  const role = await acceptedMemberRole(db, {
    businessId: params.businessId,
    userId: actor.userId,
  });
  if (!role) throw notFound('Business');
  if (role === 'courier') {
    throw refuse('upload.team_only', 'Only the team in the inbox sends photos to customers');
  }
  if (!(await conversationExists(db, params))) throw notFound('Conversation');
  if (params.bytes.length === 0) throw refuse('upload.empty', 'The file is empty');
  if (params.bytes.length > CONVERSATION_PHOTO_MAX_BYTES) {
    throw refuse(
      'upload.too_large',
      'The photo is larger than 5 MB',
      { maxMb: 5 },
      { maxBytes: CONVERSATION_PHOTO_MAX_BYTES },
    );
  }
  const image = sniffImage(params.bytes);
  if (!image || (image.extension !== 'jpg' && image.extension !== 'png')) {
    throw refuse('upload.bad_type', 'Only JPEG or PNG photos can be sent on WhatsApp', {
      types: 'JPEG, PNG',
    });
  }
  return recordUpload(services, actor, {
    businessId: params.businessId,
    bytes: params.bytes,
    image,
    purpose: 'conversation_photo',
    of: { conversationId: params.conversationId },
    audit: {
      action: 'conversation.photo_upload',
      entityType: 'conversation',
      entityId: params.conversationId,
    },
  });
}

/**
 * A conversation's photo as a link Meta can fetch (absolute, signed for a day: Meta downloads it
 * at once, a retried send within hours); NOT_FOUND for an upload not of this conversation.
 */
export async function conversationPhotoLink(
  services: { db: Db; storage: FileStorage; config: { publicUrl: string } },
  params: { businessId: string; conversationId: string; uploadId: string },
): Promise<{ link: string; contentType: string }> {
  const upload = await conversationUpload(services.db, params);
  if (!upload) throw notFound('Photo');
  const signed = await services.storage.signedUrl(upload.storageKey, 24 * 60 * 60);
  return {
    link: new URL(signed, services.config.publicUrl).toString(),
    contentType: upload.contentType,
  };
}

/**
 * Stores an accepted photo, then its row and audit entry in one transaction; the answer names
 * the upload. The bytes first: a row never names a file that is not there (a failed insert leaves
 * an orphan file, which harms nobody).
 */
async function recordUpload(
  services: { db: Db; storage: FileStorage },
  actor: Actor,
  params: {
    businessId: string;
    bytes: Uint8Array;
    image: { contentType: string; extension: string };
    purpose: 'delivery_proof' | 'conversation_photo';
    /** What the upload belongs to (its delivery and courier, or its conversation). */
    of: { deliveryId?: string; courierId?: string; conversationId?: string };
    audit: { action: string; entityType: string; entityId: string };
  },
) {
  const id = crypto.randomUUID();
  const storageKey = `${params.businessId}/${params.purpose}/${id}.${params.image.extension}`;
  await services.storage.put(storageKey, params.bytes, params.image.contentType);
  return services.db.transaction(async (tx) => {
    const row = await insertUpload(tx, {
      businessId: params.businessId,
      values: {
        id,
        purpose: params.purpose,
        ...params.of,
        uploadedBy: actor.userId,
        storageKey,
        contentType: params.image.contentType,
        sizeBytes: params.bytes.length,
      },
    });
    await writeAudit(tx, actor, {
      businessId: params.businessId,
      ...params.audit,
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
