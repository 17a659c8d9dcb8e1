// Environment of the server process. Every variable has a default that works on a laptop.
import { fileURLToPath } from 'node:url';
import { DEV_VAPID_KEYS, DEV_VAPID_SUBJECT } from '@flux/api';
import { DEV_ENCRYPTION_KEY, splitKeyList } from '@flux/db/env';
import { booleanFlag, defineEnv } from '@flux/env';
import { z } from 'zod';

// Development values, published here: NODE_ENV=production refuses them (productionProblems).
const DEV_VERIFY_TOKEN = 'flux-dev-verify-token';
const DEV_APP_SECRET = 'flux-dev-app-secret';
const DEV_MAIL_FROM = 'FluxAsync <no-reply@fluxasync.local>';

const parsed = defineEnv({
  NODE_ENV: z.enum(['development', 'test', 'production']).default('development'),
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  /** Default: 127.0.0.1 in development (the demo logins stay on this machine), 0.0.0.0 in production. */
  HOST: z.string().optional(),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  /** Largest request body accepted on /trpc, in bytes (3 MiB: a CSV import of 5,000 prospects fits). */
  BODY_LIMIT: z.coerce.number().int().min(1024).default(3_145_728),
  /**
   * How many proxies of yours stand in front (0: none). The client IP is then the entry that many
   * places from the right of X-Forwarded-For: entries further left are whatever the client sent.
   */
  TRUST_PROXY_HOPS: z.coerce.number().int().min(0).max(10).default(0),
  /**
   * Compress API answers for clients that accept it (zstd, brotli, gzip). Off when a proxy in
   * front compresses already: it would spend the server's CPU for nothing.
   */
  COMPRESS_ANSWERS: booleanFlag(true),
  /** Public API (/v1) calls per API key per minute, shared by every process through Redis (0: none). */
  API_RATE_LIMIT_PER_MINUTE: z.coerce.number().int().min(0).default(600),
  /** Load the demo merchant when the database has no business (default: not in production). */
  SEED_DEMO: z
    .enum(['true', 'false', '1', '0', 'yes', 'no'], { message: 'expected true or false' })
    .transform((value) => value === 'true' || value === '1' || value === 'yes')
    .optional(),
  /** Run job handlers in the server process (turn off when dedicated `worker` processes run them). */
  RUN_WORKER: booleanFlag(true),
  /** The token Meta echoes in the webhook verification handshake (set the same in Meta's app). */
  WHATSAPP_VERIFY_TOKEN: z.string().min(8).default(DEV_VERIFY_TOKEN),
  /** The Meta app secret: webhook payloads are signed with it (X-Hub-Signature-256). */
  WHATSAPP_APP_SECRET: z.string().min(8).default(DEV_APP_SECRET),
  /**
   * Sandbox: WhatsApp messages go to an in-process fake Graph API that records them and plays
   * Meta's receipts back to our webhook. Default: on, except in production.
   */
  WHATSAPP_SANDBOX: z
    .enum(['true', 'false', '1', '0', 'yes', 'no'], { message: 'expected true or false' })
    .transform((value) => value === 'true' || value === '1' || value === 'yes')
    .optional(),
  /**
   * The team's email (invitations, password resets, alerts): smtp://user:password@host:587
   * (STARTTLS when offered) or smtps://…:465. Unset: in the sandbox a local SMTP server records
   * them; otherwise no email is sent (those notifications are marked skipped).
   */
  SMTP_URL: z.string().url().optional(),
  /** The sender of those emails. */
  MAIL_FROM: z.string().min(3).default(DEV_MAIL_FROM),
  /** Expo's push service (couriers' offers); its access token if "enhanced push security" is on. */
  EXPO_PUSH_URL: z.string().url().optional(),
  EXPO_ACCESS_TOKEN: z.string().min(10).optional(),
  /** Where the SMS providers are reached (their public APIs by default; a fake in the sandbox). */
  AFRICASTALKING_BASE_URL: z.string().url().optional(),
  TWILIO_BASE_URL: z.string().url().optional(),
  /** The built dashboard to serve on this origin (`pnpm --filter @flux/web build`); default apps/web/dist. */
  WEB_DIST_DIR: z.string().optional(),
  /**
   * Server processes sharing the port (node:cluster), one per core you give the API; each has its
   * own database pool (DB_POOL_MAX connections) and its own LISTEN for live events. 1: no cluster.
   */
  WEB_CONCURRENCY: z.coerce.number().int().min(1).max(64).default(1),
  /**
   * The bearer token Prometheus presents on /metrics (`Authorization: Bearer <token>`); unset:
   * /metrics answers 404.
   */
  METRICS_TOKEN: z.string().min(1).optional(),
  /**
   * OpenTelemetry traces (HTTP requests and tRPC procedures) to this OTLP/HTTP collector
   * (`https://otlp.example.com`: spans go to /v1/traces); unset: no traces. Its headers
   * (`authorization=Bearer%20…,x-tenant=…`) and the service's name in them.
   */
  OTEL_EXPORTER_OTLP_ENDPOINT: z.url().optional(),
  OTEL_EXPORTER_OTLP_HEADERS: z.string().optional(),
  OTEL_SERVICE_NAME: z.string().min(1).default('fluxasync'),
  /** Seconds to finish in-flight requests and jobs after SIGTERM before exiting anyway. */
  SHUTDOWN_TIMEOUT: z.coerce.number().int().min(2).max(600).default(25),
});

const production = parsed.NODE_ENV === 'production';

type Source = Record<string, string | undefined>;
const given = (source: Source, name: string) => {
  const value = source[name]?.trim();
  return value ? value : undefined;
};
const truthy = (value: string | undefined) => value === 'true' || value === '1' || value === 'yes';

/**
 * What NODE_ENV=production refuses: every development secret, default and convenience that would
 * be a hole on a public host (a key published in this repository, the demo logins, the fakes).
 * One line per variable, naming it and what to do; empty when the configuration may serve.
 */
export function productionProblems(source: Source): string[] {
  const problems: string[] = [];
  const refuse = (name: string, why: string) => problems.push(`${name}: ${why}`);
  if (!given(source, 'DATABASE_URL'))
    refuse('DATABASE_URL', 'set a PostgreSQL 15+ URL (the embedded PostgreSQL is for development)');
  const key = given(source, 'ENCRYPTION_KEY');
  if (!key || key === DEV_ENCRYPTION_KEY)
    refuse('ENCRYPTION_KEY', 'set a real key, not the development one (openssl rand -base64 32)');
  // Tokens made under a previous key are still accepted: the published one would let anyone make them.
  if (splitKeyList(given(source, 'ENCRYPTION_KEY_PREVIOUS')).includes(DEV_ENCRYPTION_KEY))
    refuse('ENCRYPTION_KEY_PREVIOUS', 'remove the development key: it is published');
  const appSecret = given(source, 'WHATSAPP_APP_SECRET');
  if (!appSecret || appSecret === DEV_APP_SECRET)
    refuse('WHATSAPP_APP_SECRET', "set your Meta app's secret (App settings → Basic)");
  const verifyToken = given(source, 'WHATSAPP_VERIFY_TOKEN');
  if (!verifyToken || verifyToken === DEV_VERIFY_TOKEN)
    refuse('WHATSAPP_VERIFY_TOKEN', 'set a random token of yours (openssl rand -hex 16)');
  const origins = given(source, 'APP_ORIGIN');
  if (!origins || /\/\/(localhost|127\.0\.0\.1|\[::1\])(:|\/|,|$)/.test(origins))
    refuse('APP_ORIGIN', "set the dashboard's public origin (https://app.example.com)");
  if (truthy(given(source, 'WHATSAPP_SANDBOX')))
    refuse('WHATSAPP_SANDBOX', 'the sandbox fakes WhatsApp, SMS, email and push: unset it');
  if (truthy(given(source, 'SEED_DEMO')))
    refuse('SEED_DEMO', 'the demo logins share a published password: unset it');
  if (given(source, 'RATE_LIMIT') && !truthy(given(source, 'RATE_LIMIT')))
    refuse('RATE_LIMIT', 'sign-in limits are off (for load tests only): unset it');
  // Web Push is off without a key pair; with one, it must be yours and name a real contact.
  const vapidPublic = given(source, 'VAPID_PUBLIC_KEY');
  const vapidPrivate = given(source, 'VAPID_PRIVATE_KEY');
  if (vapidPrivate === DEV_VAPID_KEYS.privateKey || vapidPublic === DEV_VAPID_KEYS.publicKey)
    refuse(
      'VAPID_PRIVATE_KEY',
      'the development pair: make yours (pnpm --filter @flux/server vapid-keys)',
    );
  else if (Boolean(vapidPublic) !== Boolean(vapidPrivate))
    refuse('VAPID_PRIVATE_KEY', 'set both VAPID_PUBLIC_KEY and VAPID_PRIVATE_KEY, or neither');
  const vapidSubject = given(source, 'VAPID_SUBJECT');
  if ((vapidPublic || vapidPrivate) && (!vapidSubject || vapidSubject === DEV_VAPID_SUBJECT))
    refuse('VAPID_SUBJECT', 'set a contact push services can reach (mailto:ops@example.com)');
  const mailFrom = given(source, 'MAIL_FROM');
  if (given(source, 'SMTP_URL') && (!mailFrom || mailFrom === DEV_MAIL_FROM))
    refuse('MAIL_FROM', 'set a sender of your own domain (FluxAsync <no-reply@example.com>)');
  const metricsToken = given(source, 'METRICS_TOKEN');
  if (metricsToken && metricsToken.length < 16)
    refuse('METRICS_TOKEN', 'at least 16 characters (openssl rand -hex 16)');
  return problems;
}

/** What this process's configuration breaks of the rules above (always empty outside production). */
export const productionRefusals: string[] = production ? productionProblems(process.env) : [];

/** The message a refused configuration stops the process with. */
export const refusalMessage = (problems: string[]) =>
  `NODE_ENV=production refuses this configuration (docs/configuration.md):\n  ${problems.join('\n  ')}`;

export const serverEnv = {
  ...parsed,
  WEB_DIST_DIR: parsed.WEB_DIST_DIR ?? fileURLToPath(new URL('../../web/dist', import.meta.url)),
  HOST: parsed.HOST ?? (production ? '0.0.0.0' : '127.0.0.1'),
  SEED_DEMO: parsed.SEED_DEMO ?? !production,
  WHATSAPP_SANDBOX: parsed.WHATSAPP_SANDBOX ?? !production,
};
