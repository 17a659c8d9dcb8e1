// Builds the long-lived services from configuration: the rate limiter (Redis or in-process), the
// live bus (PostgreSQL or in-process), the AI client.
import { createHmac } from 'node:crypto';
import { type Database, parseEncryptionKey } from '@flux/db';
import { dbEnv } from '@flux/db/env';
import { createGeminiClient, type GeminiOptions } from '@flux/integrations';
import type { Redis } from 'ioredis';
import type { Logger } from 'pino';
import { createAuthCache } from './auth/auth-cache';
import type { AppServices, EmailConfig, SandboxOutbox } from './context';
import { apiEnv } from './env';
import { createJobSender } from './jobs/sender';
import { createAuditQueue } from './lib/audit';
import { createCircuit } from './lib/circuit';
import { createMemoryBus, createPostgresBus } from './lib/live';
import { createMemoryRateLimiter, createRedisRateLimiter } from './lib/rate-limit';
import { createRedisClient, type RedisTimeouts } from './lib/redis';
import { createFolderStorage, createS3Storage, type FileStorage } from './lib/storage';
import type { NotificationProviders } from './services/notifications/channels';

export interface Bootstrapped {
  services: AppServices;
  redis: Redis | null;
  close(): Promise<void>;
}

export function createAppServices(params: {
  db: Database;
  log: Logger;
  /**
   * The database's connection string: live events then reach the other processes (LISTEN/NOTIFY).
   * Without it they stay in this process (benches, tests of one process).
   */
  databaseUrl?: string;
  redisUrl?: string | undefined;
  /** Redis timeouts (default: REDIS_TIMEOUT_MS for commands, 1 s to connect). */
  redisTimeouts?: RedisTimeouts;
  rateLimit?: boolean;
  /** Redis key prefix of the limiter (tests use their own; several environments can share a Redis). */
  rateLimitPrefix?: string;
  whatsappApiBaseUrl?: string;
  platformAdmins?: string[];
  /** Gemini settings (tests point it at the fake server); null: none, the local analyzer. */
  gemini?: GeminiOptions | null;
  aiDebounceSeconds?: number;
  whatsappSendTimeoutMs?: number;
  /** Seconds before push receipts are read (default PUSH_RECEIPT_DELAY_SECONDS). */
  pushReceiptDelaySeconds?: number;
  /** Sends per second per SMS account / to Expo (default SMS_SEND_RATE, PUSH_SEND_RATE). */
  smsSendRate?: number;
  pushSendRate?: number;
  /** Days a tracking link works after the order ended (default TRACKING_LINK_DAYS). */
  trackingLinkDays?: number;
  /** Networks outgoing webhooks may reach past the SSRF guard (default WEBHOOKS_ALLOWED_NETWORKS). */
  webhookAllowedNetworks?: string[];
  webhookTimeoutMs?: number;
  /** Where uploads go (tests give a folder of their own); default: S3_BUCKET or UPLOADS_DIR. */
  storage?: FileStorage;
  /** SMS, email and push clients for notifications (tests give fakes). */
  notificationProviders?: NotificationProviders;
  /** The sandbox's fakes (what they received), when the server runs them. */
  sandbox?: SandboxOutbox | null;
  /** Mail connections (tests and the sandbox point Google at the fake); default: from the env. */
  email?: EmailConfig;
  /** The server key and the previous ones (default ENCRYPTION_KEY, ENCRYPTION_KEY_PREVIOUS). */
  serverKeys?: { current: string; previous: readonly string[] };
}): Bootstrapped {
  const serverKeys = params.serverKeys ?? {
    current: dbEnv.ENCRYPTION_KEY,
    previous: dbEnv.ENCRYPTION_KEY_PREVIOUS,
  };
  const redisUrl = 'redisUrl' in params ? params.redisUrl : apiEnv.REDIS_URL;
  const redis = redisUrl
    ? createRedisClient(redisUrl, params.redisTimeouts ?? { commandMs: apiEnv.REDIS_TIMEOUT_MS })
    : null;
  // ioredis reports every failed reconnection; the circuit's changes say the same once.
  redis?.on('error', (error) => params.log.debug({ err: error.message }, 'redis error'));
  const redisCircuit = createCircuit({
    failures: 3,
    cooldownMs: 5_000,
    onChange: (state, error) => {
      if (state === 'open') {
        params.log.warn(
          { err: String(error) },
          'redis unavailable: rate limits counted in-process',
        );
      } else if (state === 'closed') {
        params.log.info('redis back: rate limits shared again');
      }
    },
  });
  const rateLimiter = redis
    ? createRedisRateLimiter(redis, {
        circuit: redisCircuit,
        onError: (error) =>
          params.log.debug({ err: String(error) }, 'rate limit counted in-process'),
        ...(params.rateLimitPrefix ? { prefix: params.rateLimitPrefix } : {}),
      })
    : createMemoryRateLimiter();
  const live = params.databaseUrl
    ? createPostgresBus({
        db: params.db,
        url: params.databaseUrl,
        onError: (error) => params.log.warn({ err: String(error) }, 'live events: postgres error'),
      })
    : createMemoryBus();
  // Kept only where changes can be heard (LISTEN needs the URL): without it, every request reads.
  const authCache = params.databaseUrl
    ? createAuthCache({
        db: params.db,
        url: params.databaseUrl,
        onError: (error) => params.log.warn({ err: String(error) }, 'auth cache: postgres error'),
      })
    : null;
  const auditQueue = createAuditQueue(params.db, (error, rows) =>
    params.log.error({ err: error, rows }, 'audit rows not written'),
  );
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
      storage: params.storage ?? storageFromEnv(serverKeys),
      db: params.db,
      log: params.log,
      rateLimiter,
      jobs: createJobSender(),
      live,
      authCache,
      auditQueue,
      ...(params.notificationProviders
        ? { notificationProviders: params.notificationProviders }
        : {}),
      sandbox: params.sandbox ?? null,
      email: params.email ?? emailConfigFromEnv(),
      ai: {
        gemini: gemini ? createGeminiClient(gemini) : null,
        debounceSeconds: params.aiDebounceSeconds ?? apiEnv.AI_DEBOUNCE_SECONDS,
      },
      config: {
        sessionTtlDays: apiEnv.SESSION_TTL_DAYS,
        rateLimit: params.rateLimit ?? apiEnv.RATE_LIMIT,
        whatsappApiBaseUrl: params.whatsappApiBaseUrl ?? apiEnv.WHATSAPP_API_BASE_URL,
        whatsappSendRate: apiEnv.WHATSAPP_SEND_RATE,
        smsSendRate: params.smsSendRate ?? apiEnv.SMS_SEND_RATE,
        pushSendRate: params.pushSendRate ?? apiEnv.PUSH_SEND_RATE,
        webPushPublicKey: params.notificationProviders?.webPush?.publicKey ?? null,
        webPushInsecureEndpoints: apiEnv.NODE_ENV !== 'production',
        whatsappSendTimeoutMs: params.whatsappSendTimeoutMs ?? apiEnv.WHATSAPP_SEND_TIMEOUT_MS,
        platformAdmins: params.platformAdmins ?? apiEnv.PLATFORM_ADMINS,
        // Never below the send timeout: a call still waiting for its provider is not abandoned.
        notifyStaleSeconds: Math.max(
          apiEnv.NOTIFY_STALE_SECONDS,
          Math.ceil((params.whatsappSendTimeoutMs ?? apiEnv.WHATSAPP_SEND_TIMEOUT_MS) / 1000) + 1,
        ),
        notifyOverdueSeconds: apiEnv.NOTIFY_OVERDUE_SECONDS,
        pushReceiptDelaySeconds:
          params.pushReceiptDelaySeconds ?? apiEnv.PUSH_RECEIPT_DELAY_SECONDS,
        fileUrlTtlSeconds: apiEnv.FILE_URL_TTL_SECONDS,
        aiConcurrency: apiEnv.AI_CONCURRENCY,
        webhookRetentionDays: apiEnv.WEBHOOK_RETENTION_DAYS,
        trackingLinkDays: params.trackingLinkDays ?? apiEnv.TRACKING_LINK_DAYS,
        deliveryCodeKey: serverKeys.current,
        previousServerKeys: serverKeys.previous,
        // The dashboard's origin serves the tracking and join pages.
        publicUrl: apiEnv.APP_ORIGIN[0] ?? 'http://localhost:3000',
        webhooks: {
          allowedNetworks: params.webhookAllowedNetworks ?? apiEnv.WEBHOOKS_ALLOWED_NETWORKS,
          timeoutMs: params.webhookTimeoutMs ?? apiEnv.WEBHOOK_TIMEOUT_MS,
        },
      },
    },
    redis,
    async close() {
      // First, while the pool is open: the rows the last requests queued.
      await auditQueue.flush();
      await authCache?.close();
      await live.close();
      if (redis) await redis.quit().catch(() => redis.disconnect());
    },
  };
}

/** Mail settings from the environment: Gmail (Outlook) connectable when a Google (Microsoft) client is set. */
export function emailConfigFromEnv(): EmailConfig {
  const origin = apiEnv.APP_ORIGIN[0] ?? 'http://localhost:3000';
  const endpoints =
    apiEnv.GOOGLE_OAUTH_AUTHORIZE_URL &&
    apiEnv.GOOGLE_OAUTH_TOKEN_URL &&
    apiEnv.GOOGLE_OAUTH_REVOKE_URL
      ? {
          authorize: apiEnv.GOOGLE_OAUTH_AUTHORIZE_URL,
          token: apiEnv.GOOGLE_OAUTH_TOKEN_URL,
          revoke: apiEnv.GOOGLE_OAUTH_REVOKE_URL,
        }
      : undefined;
  return {
    importDays: apiEnv.EMAIL_IMPORT_DAYS,
    callTimeoutMs: apiEnv.EMAIL_CALL_TIMEOUT_MS,
    google:
      apiEnv.GOOGLE_CLIENT_ID && apiEnv.GOOGLE_CLIENT_SECRET
        ? {
            clientId: apiEnv.GOOGLE_CLIENT_ID,
            clientSecret: apiEnv.GOOGLE_CLIENT_SECRET,
            redirectUri: apiEnv.GOOGLE_REDIRECT_URI ?? `${origin}/oauth/google/callback`,
            ...(endpoints ? { endpoints } : {}),
            ...(apiEnv.GMAIL_API_BASE_URL ? { gmailApiBaseUrl: apiEnv.GMAIL_API_BASE_URL } : {}),
            pubsubTopic: apiEnv.GMAIL_PUBSUB_TOPIC ?? null,
            push: apiEnv.GMAIL_PUSH_AUDIENCE
              ? {
                  audience: apiEnv.GMAIL_PUSH_AUDIENCE,
                  ...(apiEnv.GOOGLE_JWKS_URL ? { jwksUrl: apiEnv.GOOGLE_JWKS_URL } : {}),
                  ...(apiEnv.GMAIL_PUSH_SERVICE_ACCOUNT
                    ? { serviceAccountEmail: apiEnv.GMAIL_PUSH_SERVICE_ACCOUNT }
                    : {}),
                }
              : null,
          }
        : null,
    microsoft:
      apiEnv.MICROSOFT_CLIENT_ID && apiEnv.MICROSOFT_CLIENT_SECRET
        ? {
            clientId: apiEnv.MICROSOFT_CLIENT_ID,
            clientSecret: apiEnv.MICROSOFT_CLIENT_SECRET,
            tenant: apiEnv.MICROSOFT_TENANT,
            redirectUri: apiEnv.MICROSOFT_REDIRECT_URI ?? `${origin}/oauth/microsoft/callback`,
            ...(apiEnv.MICROSOFT_LOGIN_BASE_URL
              ? { loginBaseUrl: apiEnv.MICROSOFT_LOGIN_BASE_URL }
              : {}),
            ...(apiEnv.MICROSOFT_GRAPH_BASE_URL
              ? { graphBaseUrl: apiEnv.MICROSOFT_GRAPH_BASE_URL }
              : {}),
            notificationUrl: apiEnv.OUTLOOK_NOTIFICATION_URL ?? null,
          }
        : null,
  };
}

/**
 * The key that signs `/files/...` links: derived from the server key (ENCRYPTION_KEY by default),
 * so there is no other secret to manage, and a signed link says nothing about the key itself.
 */
export function fileUrlSecret(serverKey: string = dbEnv.ENCRYPTION_KEY): Buffer {
  return createHmac('sha256', parseEncryptionKey(serverKey)).update('flux:file-urls:v1').digest();
}

function storageFromEnv(keys: { current: string; previous: readonly string[] }): FileStorage {
  if (apiEnv.S3_BUCKET) {
    return createS3Storage({
      bucket: apiEnv.S3_BUCKET,
      region: apiEnv.S3_REGION,
      endpoint: apiEnv.S3_ENDPOINT,
      accessKeyId: apiEnv.S3_ACCESS_KEY_ID,
      secretAccessKey: apiEnv.S3_SECRET_ACCESS_KEY,
      forcePathStyle: apiEnv.S3_FORCE_PATH_STYLE,
    });
  }
  return createFolderStorage({
    dir: apiEnv.UPLOADS_DIR,
    secret: fileUrlSecret(keys.current),
    previousSecrets: keys.previous.map((key) => fileUrlSecret(key)),
  });
}
