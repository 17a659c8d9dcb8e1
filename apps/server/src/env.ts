// Environment of the server process. Every variable has a default that works on a laptop.
import { booleanFlag, defineEnv } from '@flux/db/env';
import { z } from 'zod';

export const serverEnv = defineEnv({
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  HOST: z.string().default('0.0.0.0'),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  /** Largest request body accepted on /trpc, in bytes. */
  BODY_LIMIT: z.coerce.number().int().min(1024).default(1_048_576),
  /** Take the client IP from X-Forwarded-For (only behind a proxy you control). */
  TRUST_PROXY: booleanFlag(false),
  /** Load the demo merchant when the database has no business yet. */
  SEED_DEMO: booleanFlag(true),
  /** Run job handlers in the server process (turn off when dedicated `worker` processes run them). */
  RUN_WORKER: booleanFlag(true),
  /** Seconds to finish in-flight requests and jobs after SIGTERM before exiting anyway. */
  SHUTDOWN_TIMEOUT: z.coerce.number().int().min(1).max(600).default(25),
});
