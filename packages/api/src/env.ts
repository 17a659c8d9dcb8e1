// Environment of the API layer (sessions, rate limits, origins).
import { booleanFlag, defineEnv, repoRoot } from '@flux/env';
import { z } from 'zod';

/**
 * The development VAPID key pair, published here: NODE_ENV=production refuses it (apps/server
 * env.ts). Browsers subscribed under one key pair must subscribe again after it changes.
 */
export const DEV_VAPID_KEYS = {
  publicKey:
    'BCjT_4zq195OVxFVw0USu5W2XOZE2sBIKExHmXmxzuMvpFICzm0e0nguLmIbJ3Bgm61U9f8uIuxudtLavhKLPiI',
  privateKey: 'Fl_BjLTXV01WD0R7Id5koF89zfibs1rYpXbPILAvudU',
};
export const DEV_VAPID_SUBJECT = 'mailto:dev@fluxasync.local';

const base64url = (bytes: number) =>
  z
    .string()
    .regex(/^[\w-]+$/, 'expected base64url')
    .refine(
      (value) => Buffer.from(value, 'base64url').length === bytes,
      `expected ${bytes} bytes in base64url`,
    );

export const apiEnv = defineEnv({
  /**
   * Where the dashboard is served; cookie-authenticated writes must come from it. Comma-separated;
   * the first one decides whether cookies are Secure (https) or not (plain-http development).
   */
  APP_ORIGIN: z
    .string()
    .default('http://localhost:3000')
    .transform((value) =>
      value
        .split(',')
        .map((origin) => origin.trim())
        .filter(Boolean),
    )
    .pipe(
      z
        .array(z.url({ protocol: /^https?$/, message: 'expected http(s)://host[:port] origins' }))
        .min(1)
        .transform((origins) => origins.map((origin) => new URL(origin).origin)),
    ),
  REDIS_URL: z
    .url({ message: 'expected a redis:// URL' })
    .refine((value) => /^rediss?:\/\//.test(value), 'expected a redis:// URL')
    .optional(),
  /**
   * How long a Redis command (a rate-limit count) may take before the request is counted
   * in-process instead; a few failures in a row stop asking Redis for 5 s.
   */
  REDIS_TIMEOUT_MS: z.coerce.number().int().min(50).max(10_000).default(500),
  NODE_ENV: z.enum(['development', 'test', 'production']).default('development'),
  /** Graph API base (with its version); tests and the sandbox point it at the fake Graph server. */
  WHATSAPP_API_BASE_URL: z.url().default('https://graph.facebook.com/v21.0'),
  /** Messages per second per WhatsApp number (Meta's default throughput is 80). */
  WHATSAPP_SEND_RATE: z.coerce.number().int().min(1).max(1_000).default(80),
  /**
   * SMS per second per SMS account (every process together): Africa's Talking publishes no rate,
   * Twilio queues what a sender cannot take (a long code sends 1 segment/s, a short code 100).
   */
  SMS_SEND_RATE: z.coerce.number().int().min(1).max(1_000).default(20),
  /** Push messages per second to Expo (its documented limit is 600/s per project). */
  PUSH_SEND_RATE: z.coerce.number().int().min(1).max(10_000).default(600),
  /**
   * Web Push (the dashboard's "Notifications sur ce téléphone"): the VAPID key pair (P-256, raw,
   * base64url; `pnpm --filter @flux/server vapid-keys` makes one) and the contact push services
   * may write to (mailto: or https:). Unset: the development pair, except in production where
   * Web Push is then off (see vapidConfig).
   */
  VAPID_PUBLIC_KEY: base64url(65).optional(),
  VAPID_PRIVATE_KEY: base64url(32).optional(),
  VAPID_SUBJECT: z
    .string()
    .regex(/^(mailto:|https:\/\/)/, 'expected mailto:you@example.com or an https:// URL')
    .default(DEV_VAPID_SUBJECT),
  /**
   * How long one send to Meta may take before it is given up (and the message marked `unknown`):
   * at most 30 s, half the send job's 60 s expiry, so no second handler ever takes the job over.
   */
  WHATSAPP_SEND_TIMEOUT_MS: z.coerce.number().int().min(500).max(30_000).default(10_000),
  /**
   * A notification claimed this long ago and still `sending` was abandoned (its process died
   * mid-call): the sweep settles it (`unknown`, or sent again where the provider dedupes on our
   * key). Kept above WHATSAPP_SEND_TIMEOUT_MS (a call still waiting is never taken for dead).
   */
  NOTIFY_STALE_SECONDS: z.coerce.number().int().min(1).max(3_600).default(45),
  /** A waiting notification untouched this long after it was due lost its send job: sent again. */
  NOTIFY_OVERDUE_SECONDS: z.coerce.number().int().min(1).max(86_400).default(120),
  /**
   * Seconds after a push is accepted before Expo's receipts are read (Expo advises waiting ~15
   * minutes; receipts are kept a day).
   */
  PUSH_RECEIPT_DELAY_SECONDS: z.coerce.number().int().min(0).max(43_200).default(900),
  /** Emails of the platform operators (comma-separated): they see and retry failed jobs. */
  PLATFORM_ADMINS: z
    .string()
    .default('')
    .transform((value) =>
      value
        .split(',')
        .map((email) => email.trim().toLowerCase())
        .filter(Boolean),
    ),
  /** Gemini API key; without one the local analyzer answers (offline, rule-based). */
  GEMINI_API_KEY: z.string().min(1).optional(),
  GEMINI_MODEL: z.string().min(1).default('gemini-2.5-flash'),
  /** Gemini endpoint; tests and benches point it at the fake Gemini server. */
  GEMINI_BASE_URL: z.url().optional(),
  GEMINI_TIMEOUT_MS: z.coerce.number().int().min(100).max(120_000).default(20_000),
  /** Seconds an analysis waits after a new message, so a burst of messages gets one analysis. */
  AI_DEBOUNCE_SECONDS: z.coerce.number().int().min(0).max(300).default(3),
  /** Analyses one worker process runs at once (each mostly waits for Gemini). */
  AI_CONCURRENCY: z.coerce.number().int().min(1).max(256).default(8),
  /** Days a processed webhook event (its raw payload) is kept before the daily purge. */
  WEBHOOK_RETENTION_DAYS: z.coerce.number().int().min(1).max(3_650).default(30),
  /**
   * Networks (CIDRs, comma-separated) that merchants' webhook endpoints may reach although they are
   * private, loopback or reserved (the SSRF guard refuses them otherwise), over plain http too.
   * Empty in production; tests allow 127.0.0.1/32.
   */
  WEBHOOKS_ALLOWED_NETWORKS: z
    .string()
    .default('')
    .transform((value) =>
      value
        .split(',')
        .map((cidr) => cidr.trim())
        .filter(Boolean),
    )
    .refine(
      (cidrs) => cidrs.every((cidr) => /^[0-9a-fA-F:.]+(\/\d{1,3})?$/.test(cidr)),
      'expected CIDRs such as 127.0.0.1/32,::1/128',
    ),
  /** One call to a merchant's webhook endpoint gives up after this long (the job expires at 90 s). */
  WEBHOOK_TIMEOUT_MS: z.coerce.number().int().min(500).max(30_000).default(10_000),
  /**
   * Days a customer's tracking link (`/t/<token>`) keeps working after the order is delivered,
   * cancelled or returned; then it answers the same 404 as an unknown link.
   */
  TRACKING_LINK_DAYS: z.coerce.number().int().min(0).max(365).default(7),
  SESSION_TTL_DAYS: z.coerce.number().int().min(1).max(365).default(30),
  /** Sign-in and sign-up limits; RATE_LIMIT=false turns them off (load tests only). */
  RATE_LIMIT: booleanFlag(true),
  /** Where uploaded files (proof photos) are kept when no S3 bucket is configured. */
  UPLOADS_DIR: z.string().default(`${repoRoot}.data/uploads`),
  /** An S3-compatible bucket for uploaded files; unset: the UPLOADS_DIR folder. */
  S3_BUCKET: z.string().min(3).max(63).optional(),
  S3_REGION: z.string().min(1).default('us-east-1'),
  /** The S3 endpoint of a provider other than AWS (R2, MinIO, Scaleway, ...). */
  S3_ENDPOINT: z.url({ protocol: /^https?$/ }).optional(),
  /** Unset: the AWS SDK's own chain (instance role, ~/.aws, AWS_* variables). */
  S3_ACCESS_KEY_ID: z.string().min(1).optional(),
  S3_SECRET_ACCESS_KEY: z.string().min(1).optional(),
  /** Path-style URLs (endpoint/bucket/key), which MinIO and most self-hosted stores need. */
  S3_FORCE_PATH_STYLE: booleanFlag(false),
  /** How long a signed link to a file (a proof photo shown to the shop) stays valid. */
  FILE_URL_TTL_SECONDS: z.coerce.number().int().min(10).max(3_600).default(300),
  /** Google OAuth client (Gmail). Unset: Gmail cannot be connected (the sandbox uses its fake). */
  GOOGLE_CLIENT_ID: z.string().min(1).optional(),
  GOOGLE_CLIENT_SECRET: z.string().min(1).optional(),
  /** Where Google sends the browser back; default <first APP_ORIGIN>/oauth/google/callback. */
  GOOGLE_REDIRECT_URI: z.url().optional(),
  /** Google's endpoints (its own by default; the fake's in tests and the sandbox). */
  GOOGLE_OAUTH_AUTHORIZE_URL: z.url().optional(),
  GOOGLE_OAUTH_TOKEN_URL: z.url().optional(),
  GOOGLE_OAUTH_REVOKE_URL: z.url().optional(),
  GMAIL_API_BASE_URL: z.url().optional(),
  GOOGLE_JWKS_URL: z.url().optional(),
  /** The Pub/Sub topic users.watch publishes to (projects/<p>/topics/<t>); unset: no push, the scheduled sync only. */
  GMAIL_PUBSUB_TOPIC: z.string().min(1).optional(),
  /** The audience set on the push subscription (our /webhooks/gmail URL); the push's token must name it. */
  GMAIL_PUSH_AUDIENCE: z.string().min(1).optional(),
  /** The service account the push subscription authenticates as; unset: any Google-signed token for the audience. */
  GMAIL_PUSH_SERVICE_ACCOUNT: z.string().min(1).optional(),
  /** Microsoft Entra ID app (Outlook). Unset: Outlook cannot be connected (the sandbox uses its fake). */
  MICROSOFT_CLIENT_ID: z.string().min(1).optional(),
  MICROSOFT_CLIENT_SECRET: z.string().min(1).optional(),
  /** Which accounts may sign in: common (work and personal), organizations, consumers, or a tenant id. */
  MICROSOFT_TENANT: z.string().min(1).default('common'),
  /** Where Microsoft sends the browser back; default <first APP_ORIGIN>/oauth/microsoft/callback. */
  MICROSOFT_REDIRECT_URI: z.url().optional(),
  /** Microsoft's login host and Graph base (its own by default; the fake's in tests and the sandbox). */
  MICROSOFT_LOGIN_BASE_URL: z.url().optional(),
  MICROSOFT_GRAPH_BASE_URL: z.url().optional(),
  /** Our /webhooks/outlook as Graph reaches it (public https); unset: no change notifications, the scheduled sync only. */
  OUTLOOK_NOTIFICATION_URL: z.url().optional(),
  /** Days of mail a new mailbox imports (each connection may choose its own). */
  EMAIL_IMPORT_DAYS: z.coerce.number().int().min(1).max(365).default(30),
  /** One call to Google gives up after this long: well inside the sync job's expiry (300 s). */
  EMAIL_CALL_TIMEOUT_MS: z.coerce.number().int().min(500).max(60_000).default(15_000),
});

/** The VAPID keys and subject Web Push sends with; null (Web Push off) in production without keys. */
export function vapidConfig(
  env: Pick<
    typeof apiEnv,
    'NODE_ENV' | 'VAPID_PUBLIC_KEY' | 'VAPID_PRIVATE_KEY' | 'VAPID_SUBJECT'
  > = apiEnv,
) {
  if (env.VAPID_PUBLIC_KEY && env.VAPID_PRIVATE_KEY) {
    return {
      publicKey: env.VAPID_PUBLIC_KEY,
      privateKey: env.VAPID_PRIVATE_KEY,
      subject: env.VAPID_SUBJECT,
    };
  }
  if (env.NODE_ENV === 'production' || env.VAPID_PUBLIC_KEY || env.VAPID_PRIVATE_KEY) return null;
  return { ...DEV_VAPID_KEYS, subject: env.VAPID_SUBJECT };
}
