// Environment of the database layer, parsed with the shared defineEnv (@flux/env).
import { defineEnv, repoRoot } from '@flux/env';
import { z } from 'zod';
import { isEncryptionKey, splitKeyList } from './keys';

export const postgresUrl = z
  .url({ message: 'expected a postgres:// connection URL' })
  .refine((value) => /^postgres(ql)?:\/\//.test(value), 'expected a postgres:// connection URL');

// Fine on a laptop, never in production (secretBox() refuses it there).
export const DEV_ENCRYPTION_KEY = 'Zmx1eGFzeW5jLWRldmVsb3BtZW50LWtleS0zMmJ5dGU=';

export { splitKeyList } from './keys';

/** The variables, for tests that parse a configuration of their own. */
export const dbEnvShape = {
  NODE_ENV: z.enum(['development', 'test', 'production']).default('development'),
  /**
   * 32 bytes, base64 or hex: the AES-256-GCM key of every encrypted column, and the key the
   * server's tokens (tracking links, door codes, signed links, API key hashes) are made under.
   */
  ENCRYPTION_KEY: z
    .string()
    .refine(isEncryptionKey, 'expected 32 bytes, as 64 hex characters or base64')
    .default(DEV_ENCRYPTION_KEY),
  /**
   * Old keys, comma-separated, for reading only: values encrypted and tokens made under one of them
   * still open, nothing new is made under them (a key rotation, docs/security.md).
   */
  ENCRYPTION_KEY_PREVIOUS: z
    .string()
    .optional()
    .transform(splitKeyList)
    .refine(
      (keys) => keys.every(isEncryptionKey),
      'expected keys of 32 bytes (64 hex characters or base64), separated by commas',
    ),
  /** The database. Unset: an embedded PostgreSQL is started from EMBEDDED_PG_DIR. */
  DATABASE_URL: postgresUrl.optional(),
  EMBEDDED_PG_DIR: z.string().default(`${repoRoot}.data/postgres`),
  EMBEDDED_PG_PORT: z.coerce.number().int().min(1024).max(65535).default(54329),
  DB_POOL_MAX: z.coerce.number().int().min(1).max(200).default(10),
};

export const dbEnv = defineEnv(dbEnvShape);
