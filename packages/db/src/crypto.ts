// AES-256-GCM for secrets at rest (access and refresh tokens). Every encrypted column goes through here.
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { DEV_ENCRYPTION_KEY, dbEnv } from './env';

const VERSION = 'v1';

export function parseEncryptionKey(raw: string): Buffer {
  const key = /^[0-9a-fA-F]{64}$/.test(raw) ? Buffer.from(raw, 'hex') : Buffer.from(raw, 'base64');
  if (key.length !== 32) {
    throw new Error('ENCRYPTION_KEY must be 32 bytes, given as 64 hex characters or base64');
  }
  return key;
}

export interface SecretBox {
  encrypt(plaintext: string): string;
  decrypt(ciphertext: string): string;
}

/** `v1:<iv>:<tag>:<ciphertext>` in base64url; the version leaves room for key rotation. */
export function createSecretBox(key: Buffer): SecretBox {
  return {
    encrypt(plaintext) {
      const iv = randomBytes(12);
      const cipher = createCipheriv('aes-256-gcm', key, iv);
      const body = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
      const parts = [iv, cipher.getAuthTag(), body].map((part) => part.toString('base64url'));
      return [VERSION, ...parts].join(':');
    },
    decrypt(ciphertext) {
      const [version, ivText, tagText, body] = ciphertext.split(':');
      const iv = Buffer.from(ivText ?? '', 'base64url');
      const tag = Buffer.from(tagText ?? '', 'base64url');
      // Exact lengths: a truncated tag would weaken the authentication.
      if (version !== VERSION || iv.length !== 12 || tag.length !== 16 || body === undefined) {
        throw new Error('Not a FluxAsync ciphertext');
      }
      const decipher = createDecipheriv('aes-256-gcm', key, iv, { authTagLength: 16 });
      decipher.setAuthTag(tag);
      return Buffer.concat([
        decipher.update(Buffer.from(body, 'base64url')),
        decipher.final(),
      ]).toString('utf8');
    },
  };
}

let processBox: SecretBox | undefined;

/** The box of ENCRYPTION_KEY, used by every `encrypted()` column. */
export function secretBox(): SecretBox {
  if (!processBox) {
    if (dbEnv.NODE_ENV === 'production' && dbEnv.ENCRYPTION_KEY === DEV_ENCRYPTION_KEY) {
      throw new Error('ENCRYPTION_KEY: set a real key in production (openssl rand -base64 32)');
    }
    processBox = createSecretBox(parseEncryptionKey(dbEnv.ENCRYPTION_KEY));
  }
  return processBox;
}
