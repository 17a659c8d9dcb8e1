// Environment of the database layer, parsed with the shared defineEnv (@flux/env).
import { defineEnv, repoRoot } from '@flux/env';
import { z } from 'zod';

export const postgresUrl = z
  .url({ message: 'expected a postgres:// connection URL' })
  .refine((value) => /^postgres(ql)?:\/\//.test(value), 'expected a postgres:// connection URL');

// Fine on a laptop, never in production (secretBox() refuses it there).
export const DEV_ENCRYPTION_KEY = 'Zmx1eGFzeW5jLWRldmVsb3BtZW50LWtleS0zMmJ5dGU=';

export const dbEnv = defineEnv({
  NODE_ENV: z.enum(['development', 'test', 'production']).default('development'),
  /** 32 bytes, base64 or hex: the AES-256-GCM key of every encrypted column. */
  ENCRYPTION_KEY: z.string().default(DEV_ENCRYPTION_KEY),
  /** The database. Unset: an embedded PostgreSQL is started from EMBEDDED_PG_DIR. */
  DATABASE_URL: postgresUrl.optional(),
  EMBEDDED_PG_DIR: z.string().default(`${repoRoot}.data/postgres`),
  EMBEDDED_PG_PORT: z.coerce.number().int().min(1024).max(65535).default(54329),
  DB_POOL_MAX: z.coerce.number().int().min(1).max(200).default(10),
});
