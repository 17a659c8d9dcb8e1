// AES-256-GCM for secrets at rest (access and refresh tokens). Every encrypted column goes through here.
//
// Key rotation (docs/security.md): ENCRYPTION_KEY encrypts, ENCRYPTION_KEY_PREVIOUS keys only
// decrypt. Two formats are read:
// - `v1:<iv>:<tag>:<body>`: no key named; tried under the current key, then each previous one. It
//   is still what is written while ENCRYPTION_KEY is the only key, so a server from before key
//   rotation (rolled back to) reads everything written by this one.
// - `v2:<keyId>:<iv>:<tag>:<body>`: the key named by its id (a fingerprint, not the key). Written
//   while previous keys are configured, and always by `rekey`, which can then tell in SQL which
//   values are under the current key (`v2:<current id>:`) and which still need it.
import { createCipheriv, createDecipheriv, createHash, randomBytes } from 'node:crypto';
import { DEV_ENCRYPTION_KEY, dbEnv } from './env';
import { parseEncryptionKey } from './keys';

export { parseEncryptionKey } from './keys';

/**
 * A key's public name in `v2:` values: 8 hex characters of a SHA-256 of it (it says nothing about
 * the key, and two keys of one configuration clashing is refused, not guessed around).
 */
export function encryptionKeyId(key: Buffer): string {
  return createHash('sha256')
    .update('flux:encryption-key-id:v1')
    .update(key)
    .digest('hex')
    .slice(0, 8);
}

export interface SecretBox {
  /** Under the current key: `v1:` with one key, `v2:<id>:` during a rotation. */
  encrypt(plaintext: string): string;
  /** Under the current key, naming it (`v2:<id>:`): what `rekey` writes. */
  encryptNamed(plaintext: string): string;
  /** With the key a value names, else the current key, then each previous one. */
  decrypt(ciphertext: string): string;
  /** The current key's id: a value starting `v2:<keyId>:` is under it. */
  readonly keyId: string;
  /** How many previous keys it reads with. */
  readonly previousKeys: number;
}

const IV_BYTES = 12;
const TAG_BYTES = 16;

function seal(key: Buffer, header: string, plaintext: string): string {
  const iv = randomBytes(IV_BYTES);
  const cipher = createCipheriv('aes-256-gcm', key, iv);
  // A v2 header is authenticated: a value cannot be passed off as another key's. (v1 values never
  // had associated data: written the same way, a server from before key rotation reads them.)
  if (header !== 'v1') cipher.setAAD(Buffer.from(header));
  const body = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
  const parts = [iv, cipher.getAuthTag(), body].map((part) => part.toString('base64url'));
  return [header, ...parts].join(':');
}

function open(key: Buffer, header: string, parts: string[]): string {
  const [ivText, tagText, body] = parts;
  const iv = Buffer.from(ivText ?? '', 'base64url');
  const tag = Buffer.from(tagText ?? '', 'base64url');
  // Exact lengths: a truncated tag would weaken the authentication.
  if (
    iv.length !== IV_BYTES ||
    tag.length !== TAG_BYTES ||
    body === undefined ||
    parts.length > 3
  ) {
    throw new Error('Not a FluxAsync ciphertext');
  }
  const decipher = createDecipheriv('aes-256-gcm', key, iv, { authTagLength: TAG_BYTES });
  if (header !== 'v1') decipher.setAAD(Buffer.from(header));
  decipher.setAuthTag(tag);
  return Buffer.concat([
    decipher.update(Buffer.from(body, 'base64url')),
    decipher.final(),
  ]).toString('utf8');
}

/**
 * The box of a current key and the previous keys it still reads with (oldest last or not: each is
 * tried in turn for a `v1:` value, and named for a `v2:` one).
 */
export function createSecretBox(current: Buffer, previous: readonly Buffer[] = []): SecretBox {
  const keyId = encryptionKeyId(current);
  const byId = new Map<string, Buffer>([[keyId, current]]);
  for (const key of previous) {
    const id = encryptionKeyId(key);
    if (key.equals(current)) throw new Error('ENCRYPTION_KEY_PREVIOUS repeats ENCRYPTION_KEY');
    const known = byId.get(id);
    if (known?.equals(key)) continue;
    if (known) throw new Error('Two encryption keys share an id: generate another new key');
    byId.set(id, key);
  }
  const readers = [...byId.values()];
  const encryptNamed = (plaintext: string) => seal(current, `v2:${keyId}`, plaintext);
  return {
    keyId,
    previousKeys: readers.length - 1,
    encryptNamed,
    encrypt: (plaintext) =>
      readers.length > 1 ? encryptNamed(plaintext) : seal(current, 'v1', plaintext),
    decrypt(ciphertext) {
      const [version, ...rest] = ciphertext.split(':');
      if (version === 'v2') {
        const [id, ...parts] = rest;
        const key = byId.get(id ?? '');
        if (!key) {
          throw new Error(
            `Encrypted under a key that is not configured (key id ${id}): add it to ENCRYPTION_KEY_PREVIOUS`,
          );
        }
        return open(key, `v2:${id}`, parts);
      }
      if (version !== 'v1') throw new Error('Not a FluxAsync ciphertext');
      // The current key first: after `rekey` (or without a rotation) it is the only one tried.
      let failure: unknown;
      for (const key of readers) {
        try {
          return open(key, 'v1', rest);
        } catch (error) {
          if (error instanceof Error && error.message === 'Not a FluxAsync ciphertext') throw error;
          failure = error;
        }
      }
      throw failure;
    },
  };
}

let processBox: SecretBox | undefined;

/** The box of ENCRYPTION_KEY (and ENCRYPTION_KEY_PREVIOUS), used by every `encrypted()` column. */
export function secretBox(): SecretBox {
  if (!processBox) {
    const previous = dbEnv.ENCRYPTION_KEY_PREVIOUS;
    if (
      dbEnv.NODE_ENV === 'production' &&
      [dbEnv.ENCRYPTION_KEY, ...previous].includes(DEV_ENCRYPTION_KEY)
    ) {
      throw new Error('ENCRYPTION_KEY: set a real key in production (openssl rand -base64 32)');
    }
    processBox = createSecretBox(
      parseEncryptionKey(dbEnv.ENCRYPTION_KEY),
      previous.map((key) => parseEncryptionKey(key, 'ENCRYPTION_KEY_PREVIOUS')),
    );
  }
  return processBox;
}

/**
 * Tests only: every `encrypted()` column of this process uses `box` from now on (undefined: the
 * environment's again). A test that swaps it puts it back before it ends.
 */
export function replaceSecretBox(box: SecretBox | undefined): void {
  processBox = box;
}
