// The storage drivers and the checks around them: image types from bytes, signed folder links,
// and the S3 driver against a local fake of the S3 object API (SigV4-signed PUT, presigned GET).
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type FakeS3, startFakeS3 } from '@flux/integrations';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fakeS3Storage } from '../../testing/s3';
import { createFolderStorage, sniffImage, verifyFileSignature } from '.';

const bytes = (...values: (number | string)[]) =>
  new Uint8Array(
    values.flatMap((value) =>
      typeof value === 'string' ? [...value].map((ch) => ch.charCodeAt(0)) : [value],
    ),
  );

const KEY =
  '11111111-1111-4111-8111-111111111111/delivery_proof/22222222-2222-4222-8222-222222222222.jpg';

describe('sniffImage', () => {
  it('knows JPEG, PNG, WebP and HEIC by their first bytes', () => {
    expect(sniffImage(bytes(0xff, 0xd8, 0xff, 0xdb))?.contentType).toBe('image/jpeg');
    expect(sniffImage(bytes(0x89, 'PNG', 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13))?.contentType).toBe(
      'image/png',
    );
    expect(sniffImage(bytes('RIFF', 0, 0, 0, 0, 'WEBPVP8 '))?.contentType).toBe('image/webp');
    expect(sniffImage(bytes(0, 0, 0, 24, 'ftypheic', 0, 0, 0, 0))?.contentType).toBe('image/heic');
  });

  it('refuses anything else: HTML, SVG, GIF, PDF, an MP4 (ftyp but not HEIF), nothing', () => {
    for (const other of [
      bytes('<html><script>alert(1)</script>'),
      bytes('<svg xmlns="http://www.w3.org/2000/svg"/>'),
      bytes('GIF89a'),
      bytes('%PDF-1.7'),
      bytes(0, 0, 0, 24, 'ftypisom', 0, 0, 0, 0),
      bytes(),
    ]) {
      expect(sniffImage(other)).toBeNull();
    }
  });
});

describe('the folder driver', () => {
  let dir = '';
  const secret = Buffer.alloc(32, 7);
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'flux-storage-'));
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  it('stores and reads back; a signed link is valid for its key until it expires, and no longer', async () => {
    const storage = createFolderStorage({ dir, secret });
    const body = bytes(0xff, 0xd8, 0xff, 1, 2, 3);
    await storage.put(KEY, body, 'image/jpeg');
    expect(await storage.read(KEY)).toEqual(Buffer.from(body));
    const link = new URL(await storage.signedUrl(KEY, 60), 'http://x');
    const exp = link.searchParams.get('exp') ?? undefined;
    const sig = link.searchParams.get('sig') ?? undefined;
    expect(storage.verify(KEY, exp, sig)).toBe(true);
    expect(storage.verify(KEY.replace('.jpg', '.png'), exp, sig)).toBe(false);
    expect(storage.verify(KEY, String(Number(exp) + 1), sig)).toBe(false);
    expect(verifyFileSignature([secret], KEY, exp, sig, (Number(exp) + 1) * 1000)).toBe(false);
    expect(verifyFileSignature([Buffer.alloc(32, 8)], KEY, exp, sig)).toBe(false);
  });

  it('after a key rotation, a link signed under the previous key opens until it expires; new links use the new key', async () => {
    const before = createFolderStorage({ dir, secret });
    const old = new URL(await before.signedUrl(KEY, 60), 'http://x');
    const exp = old.searchParams.get('exp') ?? undefined;
    const sig = old.searchParams.get('sig') ?? undefined;
    const newSecret = Buffer.alloc(32, 9);
    const rotating = createFolderStorage({ dir, secret: newSecret, previousSecrets: [secret] });
    expect(rotating.verify(KEY, exp, sig)).toBe(true);
    expect(verifyFileSignature([newSecret, secret], KEY, exp, sig, (Number(exp) + 1) * 1000)).toBe(
      false,
    );
    const fresh = new URL(await rotating.signedUrl(KEY, 60), 'http://x');
    const freshSig = fresh.searchParams.get('sig') ?? undefined;
    const freshExp = fresh.searchParams.get('exp') ?? undefined;
    expect(verifyFileSignature([newSecret], KEY, freshExp, freshSig)).toBe(true);
    expect(verifyFileSignature([secret], KEY, freshExp, freshSig)).toBe(false);
    // The previous key removed: the old link no longer opens.
    expect(createFolderStorage({ dir, secret: newSecret }).verify(KEY, exp, sig)).toBe(false);
  });

  it('deletes a file, and deleting it again (or a file never there) is no error', async () => {
    const storage = createFolderStorage({ dir, secret });
    const key = KEY.replace('2222', '3333');
    await storage.put(key, bytes(0xff, 0xd8, 0xff, 4), 'image/jpeg');
    await storage.delete(key);
    expect(await storage.read(key)).toBeNull();
    await storage.delete(key);
    await expect(storage.delete('../escape.jpg')).rejects.toThrow();
  });

  it('refuses keys that are not ours (no climbing out of the folder)', async () => {
    const storage = createFolderStorage({ dir, secret });
    await expect(storage.put('../escape.jpg', bytes(1), 'image/jpeg')).rejects.toThrow();
    expect(await storage.read('../../etc/passwd')).toBeNull();
  });
});

describe('the S3 driver', () => {
  let s3: FakeS3;
  beforeAll(async () => {
    s3 = await startFakeS3();
  });
  afterAll(() => s3.close());

  const storage = () => fakeS3Storage(s3);

  it('puts the object signed (SigV4) and reads it back through a presigned GET', async () => {
    const body = bytes(0xff, 0xd8, 0xff, 9, 9, 9);
    await storage().put(KEY, body, 'image/jpeg');
    expect(s3.objects.get(KEY)).toMatchObject({ contentType: 'image/jpeg' });
    const link = await storage().signedUrl(KEY, 120);
    expect(link).toContain('X-Amz-Signature=');
    expect(link).toContain('X-Amz-Expires=120');
    const response = await fetch(link);
    expect(response.status).toBe(200);
    expect(new Uint8Array(await response.arrayBuffer())).toEqual(body);
    // The same object without the signature: the bucket is private.
    expect((await fetch(link.split('?')[0] ?? '')).status).toBe(403);
  });

  it('deletes the object (signed), and deleting it again is no error, as with S3', async () => {
    const key = KEY.replace('2222', '4444');
    await storage().put(key, bytes(0xff, 0xd8, 0xff, 5), 'image/jpeg');
    expect(s3.objects.has(key)).toBe(true);
    await storage().delete(key);
    expect(s3.objects.has(key)).toBe(false);
    await storage().delete(key);
  });

  it('a presigned link past its expiry is refused', async () => {
    const link = new URL(await storage().signedUrl(KEY, 1));
    const past = new Date(Date.now() - 3_600_000).toISOString().replace(/[-:]|\.\d{3}/g, '');
    link.searchParams.set('X-Amz-Date', past);
    expect((await fetch(link)).status).toBe(403);
  });
});
