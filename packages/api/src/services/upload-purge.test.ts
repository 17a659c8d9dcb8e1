// The purge of uploaded files on the real database, with the folder storage and the S3 driver
// against the local S3 fake: what nothing uses goes a day after, what is used stays, the files of
// deleted deliveries, conversations and businesses go, each run is bounded, and a failing storage
// loses nothing.

import { schema } from '@flux/db';
import { type FakeS3, startFakeS3 } from '@flux/integrations';
import { eq, inArray } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { uploadsPurge } from '../jobs/uploads/purge';
import { type FileStorage, isFolderStorage } from '../lib/storage';
import { dispatchWorld, fakeS3Storage, useTestApp } from '../testing';
import { purgeUploads } from './upload-purge';

const app = useTestApp();
const DAY = 86_400_000;
const JPEG = new Uint8Array([0xff, 0xd8, 0xff, 0xe0, 1, 2, 3]);

let s3: FakeS3;
beforeAll(async () => {
  s3 = await startFakeS3();
});
afterAll(() => s3.close());

/** A shop with a delivery on its way and a conversation with its customer. */
async function shop() {
  const owner = await app.signUp();
  const world = await dispatchWorld(app, owner);
  const deliveryId = await world.delivery('picked_up');
  const [prospect] = await app.services.db
    .insert(schema.prospects)
    .values({ businessId: owner.businessId, name: 'Awa' })
    .returning();
  const [conversation] = await app.services.db
    .insert(schema.conversations)
    .values({ businessId: owner.businessId, prospectId: prospect?.id ?? '', channel: 'whatsapp' })
    .returning();
  return {
    businessId: owner.businessId,
    deliveryId,
    courierId: world.courierId,
    conversationId: conversation?.id ?? '',
  };
}
type Shop = Awaited<ReturnType<typeof shop>>;

/** A file in the storage and its row, as the upload routes leave them, made `ageMs` ago. */
async function uploaded(
  s: Shop,
  of: 'proof' | 'photo',
  options: { ageMs?: number; storage?: FileStorage } = {},
) {
  const id = crypto.randomUUID();
  const purpose = of === 'proof' ? 'delivery_proof' : 'conversation_photo';
  const storageKey = `${s.businessId}/${purpose}/${id}.jpg`;
  await (options.storage ?? app.services.storage).put(storageKey, JPEG, 'image/jpeg');
  const at = new Date(Date.now() - (options.ageMs ?? 0));
  await app.services.db.insert(schema.uploads).values({
    id,
    businessId: s.businessId,
    purpose,
    ...(of === 'proof'
      ? { deliveryId: s.deliveryId, courierId: s.courierId }
      : { conversationId: s.conversationId }),
    storageKey,
    contentType: 'image/jpeg',
    sizeBytes: JPEG.length,
    createdAt: at,
    updatedAt: at,
  });
  return { id, storageKey };
}

/** What `courier.deliver` leaves: the delivery done, naming its proof photo. */
const deliveredWith = (s: Shop, uploadId: string) =>
  app.services.db
    .update(schema.deliveries)
    .set({ status: 'delivered', deliveredAt: new Date(), proofUploadId: uploadId })
    .where(eq(schema.deliveries.id, s.deliveryId));

/** What `conversations.sendMessage({ photo })` leaves: a message carrying the upload. */
const sentInMessage = (s: Shop, uploadId: string) =>
  app.services.db.insert(schema.messages).values({
    businessId: s.businessId,
    conversationId: s.conversationId,
    direction: 'out',
    type: 'image',
    status: 'sent',
    authorType: 'user',
    media: { uploadId, mimeType: 'image/jpeg' },
  });

const folderHas = async (key: string) => {
  const storage = app.services.storage;
  if (!isFolderStorage(storage)) throw new Error('the test app stores in a folder');
  return (await storage.read(key)) !== null;
};

const rowsLeft = async (ids: string[]) =>
  (
    await app.services.db
      .select({ id: schema.uploads.id })
      .from(schema.uploads)
      .where(inArray(schema.uploads.id, ids))
  )
    .map((row) => row.id)
    .sort();

const queued = async () =>
  (await app.services.db.select().from(schema.storageDeletions)).map((row) => row.storageKey);

const purge = (storage: FileStorage = app.services.storage, limit?: number) =>
  purgeUploads({ ...app.services, storage }, limit ? { limit } : {});

describe('the upload purge (folder storage)', () => {
  it('a day after, deletes the uploads nothing uses (row and file) and keeps the proof its delivery names, a photo a message carries and fresh ones; a second run finds nothing', async () => {
    const s = await shop();
    const old = { ageMs: 2 * DAY };
    const proof = await uploaded(s, 'proof', old);
    const retake = await uploaded(s, 'proof', old);
    const sent = await uploaded(s, 'photo', old);
    const abandoned = await uploaded(s, 'photo', old);
    const fresh = await uploaded(s, 'photo', { ageMs: 3_600_000 });
    await deliveredWith(s, proof.id);
    await sentInMessage(s, sent.id);

    const first = await purge();
    expect(first).toEqual({ kept: 2, unused: 2, deleted: 2, failed: 0 });
    expect(await rowsLeft([proof, retake, sent, abandoned, fresh].map((u) => u.id))).toEqual(
      [proof.id, sent.id, fresh.id].sort(),
    );
    expect(await folderHas(proof.storageKey)).toBe(true);
    expect(await folderHas(sent.storageKey)).toBe(true);
    expect(await folderHas(fresh.storageKey)).toBe(true);
    expect(await folderHas(retake.storageKey)).toBe(false);
    expect(await folderHas(abandoned.storageKey)).toBe(false);
    expect(await queued()).toEqual([]);

    const [kept] = await app.services.db
      .select({ keptAt: schema.uploads.keptAt })
      .from(schema.uploads)
      .where(eq(schema.uploads.id, proof.id));
    expect(kept?.keptAt).toBeInstanceOf(Date);
    expect(await purge()).toEqual({ kept: 0, unused: 0, deleted: 0, failed: 0 });
  });

  it('keeps an unused proof photo while its delivery is under way (the courier may still name it)', async () => {
    const s = await shop();
    const waiting = await uploaded(s, 'proof', { ageMs: 3 * DAY });
    await purge();
    expect(await rowsLeft([waiting.id])).toEqual([waiting.id]);
    expect(await folderHas(waiting.storageKey)).toBe(true);
  });

  it('the files of a deleted conversation, delivery or business leave the storage with their rows', async () => {
    const s = await shop();
    const photo = await uploaded(s, 'photo');
    await sentInMessage(s, photo.id);
    const proof = await uploaded(s, 'proof');
    const other = await shop();
    const otherProof = await uploaded(other, 'proof');

    await app.services.db
      .delete(schema.conversations)
      .where(eq(schema.conversations.id, s.conversationId));
    await app.services.db.delete(schema.deliveries).where(eq(schema.deliveries.id, s.deliveryId));
    await app.services.db
      .delete(schema.businesses)
      .where(eq(schema.businesses.id, other.businessId));
    expect((await queued()).sort()).toEqual(
      [photo.storageKey, proof.storageKey, otherProof.storageKey].sort(),
    );

    expect(await purge()).toMatchObject({ deleted: 3, failed: 0 });
    for (const { storageKey } of [photo, proof, otherProof]) {
      expect(await folderHas(storageKey)).toBe(false);
    }
    expect(await queued()).toEqual([]);
  });

  it('deletes at most its limit a run, and a file the storage fails on stays queued for a later run', async () => {
    const s = await shop();
    const files = await Promise.all(
      Array.from({ length: 5 }, () => uploaded(s, 'photo', { ageMs: 2 * DAY })),
    );
    expect(await purge(app.services.storage, 2)).toMatchObject({ unused: 2, deleted: 2 });
    expect(await purge(app.services.storage, 2)).toMatchObject({ unused: 2, deleted: 2 });
    expect(await purge(app.services.storage, 2)).toMatchObject({ unused: 1, deleted: 1 });
    for (const { storageKey } of files) expect(await folderHas(storageKey)).toBe(false);

    const stuck = await uploaded(s, 'photo', { ageMs: 2 * DAY });
    const failing: FileStorage = {
      ...app.services.storage,
      async delete() {
        throw new Error('storage unavailable');
      },
    };
    expect(await purge(failing)).toEqual({ kept: 0, unused: 1, deleted: 0, failed: 1 });
    const [row] = await app.services.db
      .select()
      .from(schema.storageDeletions)
      .where(eq(schema.storageDeletions.storageKey, stuck.storageKey));
    expect(row).toMatchObject({ attempts: 1, lastError: 'Error: storage unavailable' });
    expect(await folderHas(stuck.storageKey)).toBe(true);

    expect(await purge()).toMatchObject({ deleted: 1, failed: 0 });
    expect(await folderHas(stuck.storageKey)).toBe(false);
    expect(await queued()).toEqual([]);
  });
});

describe('the upload purge (S3)', () => {
  it('deletes the unused uploads’ objects from the bucket and keeps the used ones', async () => {
    const storage = fakeS3Storage(s3);
    const s = await shop();
    const sent = await uploaded(s, 'photo', { ageMs: 2 * DAY, storage });
    const abandoned = await uploaded(s, 'photo', { ageMs: 2 * DAY, storage });
    await sentInMessage(s, sent.id);
    expect(s3.objects.has(abandoned.storageKey)).toBe(true);

    // Through the job, as the worker runs it every 15 minutes.
    const result = await uploadsPurge.handler(
      {},
      { ...app.services, storage },
      { id: 'test', retryCount: 0 },
    );
    expect(result).toMatchObject({ unused: 1, deleted: 1, failed: 0 });
    expect(s3.objects.has(abandoned.storageKey)).toBe(false);
    expect(s3.objects.has(sent.storageKey)).toBe(true);
    expect(await rowsLeft([sent.id, abandoned.id])).toEqual([sent.id]);
    expect(await queued()).toEqual([]);
  });
});
