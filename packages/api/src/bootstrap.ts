// Builds the long-lived services from configuration: rate limiter (Redis or in-process), secrets.
import type { Database } from '@flux/db';
import { Redis } from 'ioredis';
import type { Logger } from 'pino';
import { apiEnv, DEV_ENCRYPTION_KEY } from './env';
import { createSecretBox, parseEncryptionKey } from './lib/crypto';
import { createMemoryRateLimiter, createRedisRateLimiter } from './lib/rate-limit';
import type { AppServices } from './trpc';

export interface Bootstrapped {
  services: AppServices;
  redis: Redis | null;
  close(): Promise<void>;
}

export function createAppServices(params: {
  db: Database;
  log: Logger;
  redisUrl?: string | undefined;
  encryptionKey?: string;
  rateLimit?: boolean;
}): Bootstrapped {
  const encryptionKey = params.encryptionKey ?? apiEnv.ENCRYPTION_KEY;
  if (apiEnv.NODE_ENV === 'production' && encryptionKey === DEV_ENCRYPTION_KEY) {
    throw new Error('ENCRYPTION_KEY: set a real key in production (openssl rand -base64 32)');
  }
  const redisUrl = 'redisUrl' in params ? params.redisUrl : apiEnv.REDIS_URL;
  const redis = redisUrl
    ? new Redis(redisUrl, {
        maxRetriesPerRequest: 1,
        enableOfflineQueue: false,
        lazyConnect: false,
      })
    : null;
  redis?.on('error', (error) => params.log.warn({ err: error.message }, 'redis unavailable'));
  const rateLimiter = redis
    ? createRedisRateLimiter(redis, (error) =>
        params.log.warn({ err: String(error) }, 'rate limit fell back to in-process'),
      )
    : createMemoryRateLimiter();
  return {
    services: {
      db: params.db,
      log: params.log,
      rateLimiter,
      secrets: createSecretBox(parseEncryptionKey(encryptionKey)),
      config: {
        sessionTtlDays: apiEnv.SESSION_TTL_DAYS,
        rateLimit: params.rateLimit ?? apiEnv.RATE_LIMIT,
      },
    },
    redis,
    async close() {
      if (redis) await redis.quit().catch(() => redis.disconnect());
    },
  };
}
