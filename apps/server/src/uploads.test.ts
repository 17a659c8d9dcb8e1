// Proof photos over HTTP: the courier app's upload, what the bytes must be, and the signed links
// the shop reads them through; then `courier.deliver` with the upload, where the shop allows it.

import { createFolderStorage, fileUrlSecret } from '@flux/api';
import { dispatchWorld, PREVIOUS_TEST_KEY, useTestApp } from '@flux/api/testing';
import { schema } from '@flux/db';
import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { createApp } from './app';

// As during a key rotation: ENCRYPTION_KEY_PREVIOUS holds the key from before it.
const app = useTestApp({ previousServerKeys: [PREVIOUS_TEST_KEY] });
const http = () =>
  createApp(app.services, {
    whatsapp: { verifyToken: 'verify-token-test', appSecret: 'app-secret-test' },
    allowedOrigins: ['http://localhost:3000'],
    trustProxyHops: 0,
    secureCookies: false,
    bodyLimit: 1_000_000,
  });

/** The first bytes of a real JPEG, then filler. */
const jpeg = (size = 2_000) => {
  const bytes = new Uint8Array(size);
  bytes.set([0xff, 0xd8, 0xff, 0xe0, 0x00, 0x10, 0x4a, 0x46, 0x49, 0x46]);
  return bytes;
};

function upload(
  token: string | null,
  fields: { businessId: string; deliveryId: string },
  file: { bytes: Uint8Array<ArrayBuffer>; type: string; name?: string },
) {
  const form = new FormData();
  form.set('businessId', fields.businessId);
  form.set('deliveryId', fields.deliveryId);
  form.set('file', new Blob([file.bytes], { type: file.type }), file.name ?? 'proof.jpg');
  return http().request('/uploads/proof', {
    method: 'POST',
    body: form,
    headers: token ? { authorization: `Bearer ${token}` } : {},
  });
}

async function shop(photoProofAllowed: boolean) {
  const owner = await app.signUp();
  if (photoProofAllowed) {
    await owner.caller.business.update({ settings: { dispatch: { photoProofAllowed } } });
  }
  const world = await dispatchWorld(app, owner);
  const deliveryId = await world.delivery('picked_up');
  return { owner, world, deliveryId, businessId: owner.businessId };
}

describe('POST /uploads/proof', () => {
  it('stores a photo of the courier’s delivery, typed by its bytes', async () => {
    const { world, deliveryId, businessId } = await shop(false);
    const response = await upload(
      world.rider.token,
      { businessId, deliveryId },
      { bytes: jpeg(), type: 'application/octet-stream' },
    );
    expect(response.status).toBe(201);
    expect(response.headers.get('cache-control')).toBe('no-store');
    const body = (await response.json()) as Record<string, unknown>;
    expect(body).toMatchObject({ contentType: 'image/jpeg', sizeBytes: 2_000 });
    // The storage key stays ours.
    expect(Object.keys(body).sort()).toEqual(['contentType', 'createdAt', 'id', 'sizeBytes']);
  });

  it('refuses what is not an image whatever it claims, more than 10 MB, no session, others’ deliveries', async () => {
    const { world, deliveryId, businessId, owner } = await shop(false);
    const html = new TextEncoder().encode('<html><script>alert(1)</script></html>');
    const fake = await upload(
      world.rider.token,
      { businessId, deliveryId },
      { bytes: html, type: 'image/jpeg' },
    );
    expect(fake.status).toBe(400);
    const big = await upload(
      world.rider.token,
      { businessId, deliveryId },
      { bytes: jpeg(10 * 1024 * 1024 + 1), type: 'image/jpeg' },
    );
    expect(big.status).toBe(413);
    expect(
      (await upload(null, { businessId, deliveryId }, { bytes: jpeg(), type: 'image/jpeg' }))
        .status,
    ).toBe(401);
    // Another courier of the same shop, and the shop's owner: not their delivery to prove.
    const other = await dispatchWorld(app, owner);
    expect(
      (
        await upload(
          other.rider.token,
          { businessId, deliveryId },
          { bytes: jpeg(), type: 'image/jpeg' },
        )
      ).status,
    ).toBe(404);
    expect(
      (await upload(owner.token, { businessId, deliveryId }, { bytes: jpeg(), type: 'image/jpeg' }))
        .status,
    ).toBe(403);
    const stored = await app.services.db
      .select()
      .from(schema.uploads)
      .where(eq(schema.uploads.deliveryId, deliveryId));
    expect(stored).toEqual([]);
  });
});

describe('a delivery proven by photo', () => {
  it('is refused where the shop asks for the code', async () => {
    const { world, deliveryId, businessId } = await shop(false);
    const response = await upload(
      world.rider.token,
      { businessId, deliveryId },
      { bytes: jpeg(), type: 'image/jpeg' },
    );
    const { id } = (await response.json()) as { id: string };
    await expect(
      world.rider.caller.courier.deliver({
        businessId,
        deliveryId,
        clientActionId: 'photo-refused-1',
        photoUploadId: id,
      }),
    ).rejects.toMatchObject({ code: 'BAD_REQUEST' });
  });

  it('is delivered where the shop allows photos, and the shop sees the photo through a short-lived signed link', async () => {
    const { owner, world, deliveryId, businessId } = await shop(true);
    const bytes = jpeg(3_000);
    const { id } = (await (
      await upload(world.rider.token, { businessId, deliveryId }, { bytes, type: 'image/jpeg' })
    ).json()) as { id: string };
    // Another delivery's photo does not prove this one.
    const otherDelivery = await world.delivery('picked_up');
    await expect(
      world.rider.caller.courier.deliver({
        businessId,
        deliveryId: otherDelivery,
        clientActionId: 'photo-other-1',
        photoUploadId: id,
      }),
    ).rejects.toMatchObject({ code: 'NOT_FOUND' });
    const done = await world.rider.caller.courier.deliver({
      businessId,
      deliveryId,
      clientActionId: 'photo-ok-1',
      photoUploadId: id,
    });
    expect(done.delivery.status).toBe('delivered');
    const detail = await owner.caller.deliveries.byId({ id: deliveryId });
    expect(detail.proof).toBe('photo');
    const link = detail.proofPhotoUrl ?? '';
    expect(link).toMatch(/^\/files\/.+\?exp=\d+&sig=[\w-]+$/);
    const image = await http().request(link);
    expect(image.status).toBe(200);
    expect(image.headers.get('content-type')).toBe('image/jpeg');
    expect(image.headers.get('content-security-policy')).toContain('sandbox');
    expect(new Uint8Array(await image.arrayBuffer())).toEqual(bytes);
    // Tampered or unsigned: nothing.
    const [path] = link.split('?');
    expect((await http().request(`${path}`)).status).toBe(403);
    // One character of the signature changed (to another: a signature may start with "A").
    const tampered = link.replace(/sig=(.)/, (_all, first) => `sig=${first === 'A' ? 'B' : 'A'}`);
    expect((await http().request(tampered)).status).toBe(403);
    expect((await http().request(`/files/../../etc/passwd?exp=9999999999&sig=x`)).status).toBe(404);

    // A link signed before a key rotation (under the previous key) still opens until it expires;
    // one signed under a key not configured does not.
    const key = path?.replace(/^\/files\//, '') ?? '';
    const signedUnder = (serverKey: string) =>
      createFolderStorage({ dir: '/nonexistent', secret: fileUrlSecret(serverKey) }).signedUrl(
        key,
        60,
      );
    const before = await http().request(await signedUnder(PREVIOUS_TEST_KEY));
    expect(before.status).toBe(200);
    expect(new Uint8Array(await before.arrayBuffer())).toEqual(bytes);
    const stranger = 'bm90LWEta2V5LW9mLW91cnMtYXQtYWxsLTMyLWJ5dGU=';
    expect((await http().request(await signedUnder(stranger))).status).toBe(403);
  });
});

describe('POST /uploads/photo (a photo for a conversation, from the dashboard)', () => {
  function photo(
    headers: Record<string, string>,
    fields: { businessId: string; conversationId: string },
    bytes: Uint8Array<ArrayBuffer>,
  ) {
    const form = new FormData();
    form.set('businessId', fields.businessId);
    form.set('conversationId', fields.conversationId);
    form.set('file', new Blob([bytes], { type: 'image/jpeg' }), 'photo.jpg');
    return http().request('/uploads/photo', { method: 'POST', body: form, headers });
  }

  async function conversationOf(owner: { businessId: string }) {
    const [prospect] = await app.services.db
      .insert(schema.prospects)
      .values({ businessId: owner.businessId, phone: `+22177${Date.now() % 1e7}` })
      .returning();
    const [conversation] = await app.services.db
      .insert(schema.conversations)
      .values({ businessId: owner.businessId, prospectId: prospect?.id ?? '', channel: 'whatsapp' })
      .returning();
    return conversation?.id ?? '';
  }

  it('the session cookie from our own page stores it; another site, no session or a stranger’s conversation do not', async () => {
    const owner = await app.signUp();
    const conversationId = await conversationOf(owner);
    const fields = { businessId: owner.businessId, conversationId };
    const cookie = `flux_session=${owner.token}`;
    const ours = await photo({ cookie, origin: 'http://localhost:3000' }, fields, jpeg());
    expect(ours.status).toBe(201);
    const body = (await ours.json()) as { id: string };
    const [row] = await app.services.db
      .select()
      .from(schema.uploads)
      .where(eq(schema.uploads.id, body.id));
    expect(row).toMatchObject({ purpose: 'conversation_photo', conversationId });

    const forged = await photo({ cookie, origin: 'https://evil.example' }, fields, jpeg());
    expect(forged.status).toBe(403);
    expect((await photo({}, fields, jpeg())).status).toBe(401);
    const stranger = await app.signUp();
    const theirs = await photo(
      { authorization: `Bearer ${stranger.token}` },
      { businessId: stranger.businessId, conversationId },
      jpeg(),
    );
    expect(theirs.status).toBe(404);
  });
});
