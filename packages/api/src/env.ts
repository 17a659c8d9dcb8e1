// Environment of the API layer (sessions, rate limits, origins).
import { booleanFlag, defineEnv } from '@flux/db/env';
import { z } from 'zod';

export const apiEnv = defineEnv({
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
