import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { createSecretBox, parseEncryptionKey } from './crypto';

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
  });

  it('takes a key as 64 hex characters or base64 of 32 bytes, nothing else', () => {
    const key = randomBytes(32);
    expect(parseEncryptionKey(key.toString('hex'))).toEqual(key);
    expect(parseEncryptionKey(key.toString('base64'))).toEqual(key);
    expect(() => parseEncryptionKey('too-short')).toThrow(/32 bytes/);
  });
});
