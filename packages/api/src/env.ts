// Environment of the API layer (sessions, secrets at rest, rate limits, origins).
import { booleanFlag, defineEnv } from '@flux/db/env';
import { z } from 'zod';

// Fine on a laptop, never in production (the server refuses to start with it there).
export const DEV_ENCRYPTION_KEY = 'Zmx1eGFzeW5jLWRldmVsb3BtZW50LWtleS0zMmJ5dGU=';

export const apiEnv = defineEnv({
  NODE_ENV: z.enum(['development', 'test', 'production']).default('development'),
  /** 32 bytes, base64 or hex: the AES-256-GCM key of every secret column. */
  ENCRYPTION_KEY: z.string().default(DEV_ENCRYPTION_KEY),
  /** Where the dashboard is served; cookie-authenticated writes must come from it. Comma-separated. */
  APP_ORIGIN: z.string().default('http://localhost:3000'),
  REDIS_URL: z
    .url({ message: 'expected a redis:// URL' })
    .refine((value) => /^rediss?:\/\//.test(value), 'expected a redis:// URL')
    .optional(),
  SESSION_TTL_DAYS: z.coerce.number().int().min(1).max(365).default(30),
  /** Sign-in and sign-up limits; RATE_LIMIT=false turns them off (load tests only). */
  RATE_LIMIT: booleanFlag(true),
});
