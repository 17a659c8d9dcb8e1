// The folder driver: files under a local directory (`.data/uploads` by default, git-ignored),
// read back through `GET /files/<key>?exp=&sig=`, an HMAC-SHA256 of the key and expiry under a key
// derived from the server key. The HTTP route checks the signature; nothing else serves the folder.
import { createHmac, timingSafeEqual } from 'node:crypto';
import { mkdir, readFile, rename, unlink, writeFile } from 'node:fs/promises';
import { dirname, join, resolve, sep } from 'node:path';
import type { FileStorage } from './types';

export interface FolderStorage extends FileStorage {
  readonly kind: 'folder';
  /** The file's bytes, or null when the key names nothing inside the folder. */
  read(key: string): Promise<Uint8Array | null>;
  /** True when the link's `exp` and `sig` were signed by `signedUrl` for this key and are still valid. */
  verify(key: string, expires: string | undefined, sig: string | undefined): boolean;
}

export const isFolderStorage = (storage: FileStorage): storage is FolderStorage =>
  storage.kind === 'folder' && 'read' in storage && 'verify' in storage;

/** Keys are ours (`<business>/<purpose>/<uuid>.<ext>`); anything else is refused, `..` included. */
const KEY = /^[0-9a-f-]{36}\/[a-z_]+\/[0-9a-f-]{36}\.(jpg|png|webp|heic)$/;
export const isStorageKey = (key: string) => KEY.test(key);

const signature = (secret: Buffer, key: string, expires: number) =>
  createHmac('sha256', secret).update(`files:${key}:${expires}`).digest('base64url');

/**
 * True when `sig` signs this key and expiry under one of `secrets` (the current one first, then
 * those of previous server keys) and the expiry has not passed.
 */
export function verifyFileSignature(
  secrets: readonly Buffer[],
  key: string,
  expires: string | undefined,
  sig: string | undefined,
  now = Date.now(),
): boolean {
  if (!expires || !sig || !/^\d{1,12}$/.test(expires)) return false;
  const at = Number(expires);
  if (at * 1000 < now) return false;
  const given = Buffer.from(sig);
  return secrets.some((secret) => {
    const expected = Buffer.from(signature(secret, key, at));
    return given.length === expected.length && timingSafeEqual(given, expected);
  });
}

export function createFolderStorage(options: {
  dir: string;
  /** Signs read URLs (derived from ENCRYPTION_KEY by the caller). */
  secret: Buffer;
  /**
   * Those of ENCRYPTION_KEY_PREVIOUS: links signed before a key rotation still open until they
   * expire; no new link is signed with them.
   */
  previousSecrets?: readonly Buffer[];
  /** Where the HTTP route serves files, e.g. `/files`. */
  basePath?: string;
}): FolderStorage {
  const root = resolve(options.dir);
  const basePath = options.basePath ?? '/files';
  const secrets = [options.secret, ...(options.previousSecrets ?? [])];
  const pathOf = (key: string) => {
    if (!isStorageKey(key)) throw new Error(`not a storage key: ${key}`);
    const path = resolve(join(root, key));
    if (!path.startsWith(root + sep)) throw new Error(`storage key outside the folder: ${key}`);
    return path;
  };
  return {
    kind: 'folder',
    async put(key, body) {
      const path = pathOf(key);
      await mkdir(dirname(path), { recursive: true });
      // Written aside then renamed: a reader never sees half a file.
      const partial = `${path}.partial`;
      await writeFile(partial, body);
      await rename(partial, path);
    },
    async read(key) {
      if (!isStorageKey(key)) return null;
      try {
        return await readFile(pathOf(key));
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
        throw error;
      }
    },
    async delete(key) {
      try {
        await unlink(pathOf(key));
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
      }
    },
    verify: (key, expires, sig) => verifyFileSignature(secrets, key, expires, sig),
    async signedUrl(key, ttlSeconds) {
      const expires = Math.floor(Date.now() / 1000) + ttlSeconds;
      const sig = signature(options.secret, key, expires);
      return `${basePath}/${key}?exp=${expires}&sig=${sig}`;
    },
  };
}
