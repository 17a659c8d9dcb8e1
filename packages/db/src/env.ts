// Environment of the database layer, and `defineEnv`, the one validator every package's env.ts uses.
import { fileURLToPath } from 'node:url';
import { z } from 'zod';

type Source = Record<string, string | undefined>;

/**
 * Parses environment variables with zod. Empty strings count as unset, so `FOO=` falls back to
 * the default. A wrong value throws one error that names every bad variable and why.
 */
export function defineEnv<T extends z.ZodRawShape>(
  shape: T,
  source: Source = process.env,
): z.infer<z.ZodObject<T>> {
  const cleaned: Source = {};
  for (const key of Object.keys(shape)) {
    const value = source[key];
    if (value !== undefined && value.trim() !== '') cleaned[key] = value;
  }
  const result = z.object(shape).safeParse(cleaned);
  if (!result.success) {
    const lines = result.error.issues.map((issue) => {
      const name = issue.path.join('.') || '(environment)';
      return `  ${name}: ${issue.message} (got ${JSON.stringify(cleaned[name] ?? null)})`;
    });
    throw new Error(`Invalid environment configuration:\n${lines.join('\n')}`);
  }
  return result.data;
}

/** `true/false/1/0/yes/no` as a boolean; anything else is an error naming the variable. */
export const booleanFlag = (fallback: boolean) =>
  z
    .enum(['true', 'false', '1', '0', 'yes', 'no'], { message: 'expected true or false' })
    .default(fallback ? 'true' : 'false')
    .transform((value) => value === 'true' || value === '1' || value === 'yes');

export const postgresUrl = z
  .url({ message: 'expected a postgres:// connection URL' })
  .refine((value) => /^postgres(ql)?:\/\//.test(value), 'expected a postgres:// connection URL');

export const repoRoot = fileURLToPath(new URL('../../../', import.meta.url));

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
