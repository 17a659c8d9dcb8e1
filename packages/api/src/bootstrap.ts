// Builds the long-lived services from configuration: the rate limiter (Redis or in-process).
import type { Database } from '@flux/db';
import { createGeminiClient, type GeminiOptions } from '@flux/integrations';
import { Redis } from 'ioredis';
import type { Logger } from 'pino';
import { apiEnv } from './env';
import { createJobSender } from './jobs/sender';
import { createMemoryBus, createRedisBus } from './lib/live';
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
  rateLimit?: boolean;
  /** Redis key prefix of the limiter (tests use their own; several environments can share a Redis). */
  rateLimitPrefix?: string;
  whatsappApiBaseUrl?: string;
  platformAdmins?: string[];
  /** Gemini settings (tests point it at the fake server); null: none, the local analyzer. */
  gemini?: GeminiOptions | null;
  aiDebounceSeconds?: number;
  whatsappSendTimeoutMs?: number;
}): Bootstrapped {
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
    ? createRedisRateLimiter(
        redis,
        (error) => params.log.warn({ err: String(error) }, 'rate limit fell back to in-process'),
        params.rateLimitPrefix,
      )
    : createMemoryRateLimiter();
  const live = redisUrl
    ? createRedisBus(redisUrl, (error) =>
        params.log.warn({ err: String(error) }, 'live events: redis error'),
      )
    : createMemoryBus();
  const gemini =
    params.gemini !== undefined
      ? params.gemini
      : apiEnv.GEMINI_API_KEY
        ? {
            apiKey: apiEnv.GEMINI_API_KEY,
            model: apiEnv.GEMINI_MODEL,
            baseUrl: apiEnv.GEMINI_BASE_URL,
            timeoutMs: apiEnv.GEMINI_TIMEOUT_MS,
          }
        : null;
  return {
    services: {
      db: params.db,
      log: params.log,
      rateLimiter,
      jobs: createJobSender(),
      live,
      ai: {
        gemini: gemini ? createGeminiClient(gemini) : null,
        debounceSeconds: params.aiDebounceSeconds ?? apiEnv.AI_DEBOUNCE_SECONDS,
      },
      config: {
        sessionTtlDays: apiEnv.SESSION_TTL_DAYS,
        rateLimit: params.rateLimit ?? apiEnv.RATE_LIMIT,
        whatsappApiBaseUrl: params.whatsappApiBaseUrl ?? apiEnv.WHATSAPP_API_BASE_URL,
        whatsappSendRate: apiEnv.WHATSAPP_SEND_RATE,
        whatsappSendTimeoutMs: params.whatsappSendTimeoutMs ?? apiEnv.WHATSAPP_SEND_TIMEOUT_MS,
        platformAdmins: params.platformAdmins ?? apiEnv.PLATFORM_ADMINS,
      },
    },
    redis,
    async close() {
      await live.close();
      if (redis) await redis.quit().catch(() => redis.disconnect());
    },
  };
}
