import { randomBytes } from 'node:crypto';
import { eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { createSecretBox, encryptionKeyId, parseEncryptionKey } from './crypto';
import * as schema from './schema';
import { createTestDatabase } from './testing';

const box = createSecretBox(randomBytes(32));

describe('secret box (AES-256-GCM)', () => {
  it('round-trips, and the same plaintext never gives the same ciphertext', () => {
    const token = 'EAAG-meta-access-token-éà-🙂';
    const a = box.encrypt(token);
    const b = box.encrypt(token);
    expect(a).not.toBe(b);
    expect(a).not.toContain('EAAG');
    expect(box.decrypt(a)).toBe(token);
  });

  it('refuses a tampered ciphertext and another key’s ciphertext', () => {
    const sealed = box.encrypt('secret');
    const parts = sealed.split(':');
    const body = Buffer.from(parts[3] ?? '', 'base64url');
    body[0] = (body[0] ?? 0) ^ 1;
    parts[3] = body.toString('base64url');
    expect(() => box.decrypt(parts.join(':'))).toThrow();
    expect(() => createSecretBox(randomBytes(32)).decrypt(sealed)).toThrow();
    expect(() => box.decrypt('plaintext')).toThrow(/Not a FluxAsync ciphertext/);
    // A tag cut to 4 bytes is refused, not checked on 4 bytes.
    const cut = sealed.split(':');
    cut[2] = Buffer.from(cut[2] ?? '', 'base64url')
      .subarray(0, 4)
      .toString('base64url');
    expect(() => box.decrypt(cut.join(':'))).toThrow(/Not a FluxAsync ciphertext/);
  });

  it('takes a key as 64 hex characters or base64 of 32 bytes, nothing else', () => {
    const key = randomBytes(32);
    expect(parseEncryptionKey(key.toString('hex'))).toEqual(key);
    expect(parseEncryptionKey(key.toString('base64'))).toEqual(key);
    expect(() => parseEncryptionKey('too-short')).toThrow(/32 bytes/);
  });
});

describe('key rotation (ENCRYPTION_KEY_PREVIOUS)', () => {
  const a = randomBytes(32);
  const b = randomBytes(32);
  const underA = createSecretBox(a);
  const rotating = createSecretBox(b, [a]);

  it('one key writes the v1 format (no key id); with previous keys, v2 naming the current key', () => {
    expect(underA.encrypt('x')).toMatch(/^v1:[^:]+:[^:]+:[^:]+$/);
    expect(rotating.keyId).toBe(encryptionKeyId(b));
    expect(rotating.encrypt('x')).toMatch(new RegExp(`^v2:${encryptionKeyId(b)}:`));
    expect(underA.encryptNamed('x')).toMatch(new RegExp(`^v2:${encryptionKeyId(a)}:`));
    expect(rotating.decrypt(rotating.encrypt('secret'))).toBe('secret');
  });

  it('B with A as previous reads what A wrote, in either format; B alone does not', () => {
    const old = underA.encrypt('old secret');
    const named = underA.encryptNamed('named secret');
    expect(rotating.decrypt(old)).toBe('old secret');
    expect(rotating.decrypt(named)).toBe('named secret');
    const bAlone = createSecretBox(b);
    expect(() => bAlone.decrypt(old)).toThrow();
    expect(() => bAlone.decrypt(named)).toThrow(
      new RegExp(`key id ${encryptionKeyId(a)}.*ENCRYPTION_KEY_PREVIOUS`),
    );
    // What B writes during the rotation, B alone reads once A is gone.
    expect(bAlone.decrypt(rotating.encrypt('new secret'))).toBe('new secret');
  });

  it('a previous key equal to the current one is refused', () => {
    expect(() => createSecretBox(a, [Buffer.from(a)])).toThrow(/repeats ENCRYPTION_KEY/);
  });
});

describe('encrypted columns', () => {
  let database: Awaited<ReturnType<typeof createTestDatabase>>;
  beforeAll(async () => {
    database = await createTestDatabase(inject('pgServerUrl'), inject('pgTemplate'));
  });
  afterAll(() => database.drop());

  it('a WhatsApp access token is ciphertext in the table and plaintext to the code', async () => {
    const [business] = await database.db
      .insert(schema.businesses)
      .values({
        name: 'Shop',
        slug: 'shop-crypto',
        country: 'SN',
        currency: 'XOF',
        settings: schema.defaultBusinessSettings,
      })
      .returning();
    const token = 'EAAGm0PX4ZCpsBAKZB-secret';
    await database.db.insert(schema.whatsappAccounts).values({
      businessId: business?.id ?? '',
      phoneNumberId: '1234567890',
      wabaId: '99',
      displayPhoneNumber: '+221 77 000 00 00',
      accessToken: token,
    });
    const raw = await database.db.execute<{ access_token_encrypted: string }>(
      sql`select access_token_encrypted from whatsapp_accounts`,
    );
    expect(raw.rows[0]?.access_token_encrypted).toMatch(/^v1:/);
    expect(raw.rows[0]?.access_token_encrypted).not.toContain('secret');
    const [account] = await database.db
      .select()
      .from(schema.whatsappAccounts)
      .where(eq(schema.whatsappAccounts.phoneNumberId, '1234567890'));
    expect(account?.accessToken).toBe(token);
  });
});
