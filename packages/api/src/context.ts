// What a request's context is built from: the process's long-lived services and the request's own
// facts. Declared apart from trpc.ts so that services and jobs can name them without importing
// the procedures (which import the services back).

import type { Database } from '@flux/db';
import type { GeminiClient } from '@flux/integrations';
import type { Logger } from 'pino';
import type { AuthCache } from './auth/auth-cache';
import type { JobSender } from './jobs/sender';
import type { AuditQueue } from './lib/audit';
import type { JsonTexts } from './lib/json-text';
import type { LiveBus } from './lib/live';
import type { RateLimiter } from './lib/rate-limit';
import type { FileStorage } from './lib/storage';
import type { NotificationProviders } from './services/notifications/channels';

/** Long-lived dependencies, built once per process by the server (or a test). */
/**
 * The sandbox's fake providers, when the server runs one: what each received for a given provider
 * message id (the wire text as the provider got it), for the sandbox's outbox view.
 */
export interface SandboxOutbox {
  received(
    channel: 'whatsapp' | 'sms' | 'email' | 'push',
    providerMessageId: string,
  ): { to: string; text: string } | null;
}

/** Told of every procedure call once it has answered (/metrics counts them; apps/server metrics.ts). */
export type ProcedureObserver = (call: {
  path: string;
  type: 'query' | 'mutation' | 'subscription';
  seconds: number;
  /** The tRPC error code it answered with; null when it succeeded. */
  error: string | null;
}) => void;
/** Google's side of the mail connection (the real one, or the fake's URLs in tests and the sandbox). */
export interface GoogleMailConfig {
  clientId: string;
  clientSecret: string;
  redirectUri: string;
  /** OAuth endpoints; unset: Google's. */
  endpoints?: { authorize: string; token: string; revoke: string };
  /** Gmail API origin; unset: Google's. */
  gmailApiBaseUrl?: string;
  /** The Pub/Sub topic users.watch publishes to; null: no push (the scheduled sync alone). */
  pubsubTopic: string | null;
  /** How /webhooks/gmail checks the push's OIDC token; null: the endpoint refuses every push. */
  push: { audience: string; jwksUrl?: string; serviceAccountEmail?: string } | null;
}

/** Microsoft's side of the mail connection (Outlook through Entra ID and Graph, or the fake). */
export interface MicrosoftMailConfig {
  clientId: string;
  clientSecret: string;
  redirectUri: string;
  /** `common`, `organizations`, `consumers` or a tenant id. */
  tenant: string;
  /** Login host; unset: Microsoft's. */
  loginBaseUrl?: string;
  /** Graph's base (…/v1.0); unset: Microsoft's. */
  graphBaseUrl?: string;
  /** Our /webhooks/outlook URL as Graph reaches it; null: no subscriptions (the scheduled sync only). */
  notificationUrl: string | null;
}

export interface EmailConfig {
  /** Null: no Google client configured, Gmail cannot be connected. */
  google: GoogleMailConfig | null;
  /** Null or absent: no Microsoft client configured, Outlook cannot be connected. */
  microsoft?: MicrosoftMailConfig | null;
  /** Default days of the initial import. */
  importDays: number;
  /** One call to a mail provider gives up after this long. */
  callTimeoutMs: number;
}

export interface AppServices {
  db: Database;
  log: Logger;
  rateLimiter: RateLimiter;
  jobs: JobSender;
  live: LiveBus;
  /** Sessions, memberships and API keys kept for a few seconds, evicted on change (auth/auth-cache.ts); none: every request reads them. */
  authCache?: AuthCache | null;
  /** Audit rows that record no change of their own (the REST API's per call), written in batches; flushed on close. */
  auditQueue: AuditQueue;
  /** The sandbox's fakes, when the server runs in sandbox mode (apps/server providers.ts). */
  sandbox?: SandboxOutbox | null;
  /** Told of every procedure call (its duration and error); none: nothing measured. */
  observeProcedure?: ProcedureObserver | null;
  /** Uploaded files (proof photos): a folder or an S3 bucket. */
  storage: FileStorage;
  /** Gemini when a key is configured; null: the local analyzer does the work. */
  ai: { gemini: GeminiClient | null; debounceSeconds: number };
  /** SMS, email and push clients for notifications; one missing: its rows are `skipped`. */
  notificationProviders?: NotificationProviders;
  /** Mailbox connections (Gmail); absent: none configured. */
  email?: EmailConfig;
  config: {
    sessionTtlDays: number;
    rateLimit: boolean;
    whatsappApiBaseUrl: string;
    whatsappSendRate: number;
    /** SMS per second per SMS account, pushes per second to Expo (SMS_SEND_RATE, PUSH_SEND_RATE). */
    smsSendRate: number;
    pushSendRate: number;
    /** The VAPID public key browsers subscribe with (VAPID_PUBLIC_KEY); null: no Web Push. */
    webPushPublicKey: string | null;
    /**
     * Push endpoints may be plain http:// (a local push service in tests and development); in
     * production only https:// endpoints are taken.
     */
    webPushInsecureEndpoints: boolean;
    /** One call to Meta's send endpoint gives up after this long (well inside the job's expiry). */
    whatsappSendTimeoutMs: number;
    platformAdmins: string[];
    /** Sweep of abandoned sends and lost jobs (NOTIFY_STALE_SECONDS, NOTIFY_OVERDUE_SECONDS). */
    notifyStaleSeconds: number;
    notifyOverdueSeconds: number;
    /** Push receipts are read this long after the push was accepted (PUSH_RECEIPT_DELAY_SECONDS). */
    pushReceiptDelaySeconds: number;
    /** Lifetime of a signed link to a file. */
    fileUrlTtlSeconds: number;
    /** Analyses one worker process runs at once (AI_CONCURRENCY). */
    aiConcurrency: number;
    /** Days a processed webhook event is kept before the daily purge (WEBHOOK_RETENTION_DAYS). */
    webhookRetentionDays: number;
    /** Days a customer's tracking link works after the order ended (TRACKING_LINK_DAYS). */
    trackingLinkDays: number;
    /**
     * The server key (ENCRYPTION_KEY) every token is made under: door codes, tracking, receipt, file
     * and attachment links, password-reset links, API key hashes. Codes already told stay valid.
     */
    deliveryCodeKey: string;
    /**
     * ENCRYPTION_KEY_PREVIOUS: tokens made under one are still accepted during a key rotation
     * (lib/server-keys.ts); nothing new is made under them.
     */
    previousServerKeys: readonly string[];
    /** Where links in messages point (tracking /t/<token>, invitations /join/<token>). */
    publicUrl: string;
    /** Outgoing webhooks: networks allowed past the SSRF guard, one call's deadline. */
    webhooks: { allowedNetworks: string[]; timeoutMs: number };
  };
}

export interface RequestInfo {
  /** Request headers (cookie, authorization, user-agent). */
  headers: Headers;
  /** Response headers: procedures append Set-Cookie here. */
  resHeaders: Headers;
  ip: string | null;
  /** False only for plain-http localhost, where browsers drop Secure cookies. */
  secureCookies: boolean;
  requestId?: string;
  /**
   * Where procedures leave JSON text for the HTTP handler to splice into the answer's body
   * (lib/json-text.ts). Absent where there is no body to splice into: answers are objects.
   */
  jsonTexts?: JsonTexts;
}
