// Test harness: a fresh migrated database per test file, the real services, and callers per user.

import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { schema } from '@flux/db';
import { dbEnv } from '@flux/db/env';
import { createTestDatabase } from '@flux/db/testing';
import { type GeminiOptions, startFakeGraph } from '@flux/integrations';
import pino from 'pino';
import { afterAll, beforeAll, inject } from 'vitest';
import { createAppServices, fileUrlSecret } from '../bootstrap';
import type { AppServices, EmailConfig } from '../context';
import { startJobs } from '../jobs/registry';
import { createFolderStorage, type FileStorage } from '../lib/storage';
import { createCaller } from '../root';
import { deliveryOtp as doorCode } from '../services/dispatch';
import type { NotificationProviders } from '../services/notifications/channels';
import { createContext } from '../trpc';

/** A delivery's door code under the key the test services are built with (bootstrap.ts). */
export const deliveryOtp = (deliveryId: string) => doorCode(deliveryId, dbEnv.ENCRYPTION_KEY);

/**
 * A server key from before a rotation, for `useTestApp({ previousServerKeys: [PREVIOUS_TEST_KEY] })`:
 * tokens made under it stand for what customers and couriers hold from before the rotation.
 */
export const PREVIOUS_TEST_KEY = 'cHJldmlvdXMta2V5LWJlZm9yZS1hLXJvdGF0aW9uISE=';

export interface TestUser {
  token: string;
  userId: string;
  businessId: string;
  email: string;
  caller: ReturnType<typeof createCaller>;
}

export interface TestApp {
  services: AppServices;
  /** Every answer a procedure gave a caller of this app, in order (tenant-isolation walks them). */
  answers: { path: string; answer: unknown }[];
  url: string;
  /** A caller as a request with these headers would get it, plus the response headers it set. */
  callerWith(
    headers?: Record<string, string>,
    ip?: string,
  ): Promise<{ caller: ReturnType<typeof createCaller>; resHeaders: Headers }>;
  anonymous(): Promise<ReturnType<typeof createCaller>>;
  as(token: string): Promise<ReturnType<typeof createCaller>>;
  /** `owner` invites `member` into their business with `role` (a link), and `member` accepts it. */
  join(
    owner: TestUser,
    member: TestUser,
    role: 'admin' | 'agent' | 'dispatcher' | 'courier' | 'owner',
  ): Promise<void>;
  /** Signs up a new user with their own business. */
  signUp(
    overrides?: Partial<{ email: string; name: string; businessName: string; password: string }>,
  ): Promise<TestUser>;
}

type Caller = ReturnType<typeof createCaller>;

/** The caller, with each resolved answer pushed to `answers` under its procedure's path. */
function recording(caller: Caller, answers: TestApp['answers']): Caller {
  const at = (path: string[]): unknown =>
    new Proxy(() => {}, {
      // Not a thenable: `await app.as(token)` must give the caller itself.
      get: (_target, key) =>
        typeof key === 'string' && key !== 'then' ? at([...path, key]) : undefined,
      apply: async (_target, _this, args: unknown[]) => {
        let procedure: unknown = caller;
        for (const key of path) procedure = (procedure as Record<string, unknown>)[key];
        const answer = await (procedure as (...a: unknown[]) => Promise<unknown>)(...args);
        answers.push({ path: path.join('.'), answer });
        return answer;
      },
    });
  return at([]) as Caller;
}

/**
 * Without a fake of its own, a file's Google is configured but unreachable: a connection can be
 * started (its URL is only built), any call to Google fails at once.
 */
const UNREACHABLE_GOOGLE: EmailConfig = {
  importDays: 30,
  callTimeoutMs: 1_000,
  google: {
    clientId: 'test-client.apps.googleusercontent.com',
    clientSecret: 'test-client-secret',
    redirectUri: 'http://localhost:3000/oauth/google/callback',
    endpoints: {
      authorize: 'http://127.0.0.1:9/o/oauth2/v2/auth',
      token: 'http://127.0.0.1:9/token',
      revoke: 'http://127.0.0.1:9/revoke',
    },
    gmailApiBaseUrl: 'http://127.0.0.1:9',
    pubsubTopic: null,
    push: null,
  },
  microsoft: {
    clientId: '00000000-0000-0000-0000-000000000001',
    clientSecret: 'test-client-secret',
    tenant: 'common',
    redirectUri: 'http://localhost:3000/oauth/microsoft/callback',
    loginBaseUrl: 'http://127.0.0.1:9',
    graphBaseUrl: 'http://127.0.0.1:9/v1.0',
    notificationUrl: null,
  },
};

let counter = 0;
export const TEST_PASSWORD = 'correct horse battery';

export function useTestApp(
  options: {
    rateLimit?: boolean;
    redisUrl?: string;
    whatsappApiBaseUrl?: () => string;
    platformAdmins?: string[];
    /** Gemini pointed at a fake server (read once the suite starts); none: the local analyzer. */
    gemini?: () => GeminiOptions;
    aiDebounceSeconds?: number;
    whatsappSendTimeoutMs?: number;
    /** Where uploads go; default: a folder of this test file's own, removed afterwards. */
    storage?: () => FileStorage;
    /** SMS, email and push clients of notifications (fakes), read once the suite starts. */
    notificationProviders?: () => NotificationProviders;
    /** Mail connections (Google pointed at a fake), read once the suite starts. */
    email?: () => EmailConfig;
    /** ENCRYPTION_KEY_PREVIOUS of the services (a key rotation); the current key stays the env's. */
    previousServerKeys?: string[];
  } = {},
): TestApp {
  let services: AppServices | undefined;
  let cleanup: (() => Promise<void>)[] = [];
  let url = '';

  beforeAll(async () => {
    const database = await createTestDatabase(inject('pgServerUrl'), inject('pgTemplate'));
    url = database.url;
    // No test reaches Meta: without a fake of its own, a file gets the sandbox's (any number and
    // token answer, as with WHATSAPP_SANDBOX).
    const sandboxGraph = options.whatsappApiBaseUrl
      ? null
      : await startFakeGraph({ acceptAny: true });
    const uploadsDir = await mkdtemp(join(tmpdir(), 'flux-uploads-'));
    const previous = options.previousServerKeys ?? [];
    const bootstrapped = createAppServices({
      serverKeys: { current: dbEnv.ENCRYPTION_KEY, previous },
      storage:
        options.storage?.() ??
        createFolderStorage({
          dir: uploadsDir,
          secret: fileUrlSecret(),
          previousSecrets: previous.map((key) => fileUrlSecret(key)),
        }),
      db: database.db,
      databaseUrl: database.url,
      log: pino({ level: 'silent' }),
      redisUrl: options.redisUrl,
      rateLimit: options.rateLimit ?? false,
      rateLimitPrefix: `flux:test:${database.url.split('/').pop()}:`,
      ...(options.whatsappApiBaseUrl
        ? { whatsappApiBaseUrl: options.whatsappApiBaseUrl() }
        : sandboxGraph
          ? { whatsappApiBaseUrl: sandboxGraph.url }
          : {}),
      platformAdmins: options.platformAdmins ?? [],
      gemini: options.gemini?.() ?? null,
      aiDebounceSeconds: options.aiDebounceSeconds ?? 0,
      ...(options.whatsappSendTimeoutMs
        ? { whatsappSendTimeoutMs: options.whatsappSendTimeoutMs }
        : {}),
      ...(options.notificationProviders
        ? { notificationProviders: options.notificationProviders() }
        : {}),
      email: options.email?.() ?? UNREACHABLE_GOOGLE,
    });
    services = bootstrapped.services;
    // Jobs can be enqueued (inside transactions too); no handlers run unless a test runs them.
    const jobRunner = await startJobs(database.url, services, { work: false, migrate: false });
    cleanup = [
      () => jobRunner.stop(),
      () => bootstrapped.close(),
      () => database.drop(),
      async () => sandboxGraph?.close(),
      () => rm(uploadsDir, { recursive: true, force: true }),
    ];
  });
  afterAll(async () => {
    for (const step of cleanup) await step();
  });

  const answers: TestApp['answers'] = [];
  const app: TestApp = {
    answers,
    get services() {
      if (!services) throw new Error('useTestApp: used before beforeAll ran');
      return services;
    },
    get url() {
      return url;
    },
    async callerWith(headers = {}, ip = '203.0.113.7') {
      const resHeaders = new Headers();
      const ctx = await createContext(app.services, {
        headers: new Headers(headers),
        resHeaders,
        ip,
        secureCookies: true,
      });
      return { caller: recording(createCaller(ctx), answers), resHeaders };
    },
    async anonymous() {
      return (await app.callerWith()).caller;
    },
    async as(token) {
      return (await app.callerWith({ authorization: `Bearer ${token}` })).caller;
    },
    async join(owner, member, role) {
      const invited = await owner.caller.business.addMember({
        businessId: owner.businessId,
        email: member.email,
        role,
      });
      await (await app.as(member.token)).auth.acceptInvite({
        token: invited.joinPath.replace('/join/', ''),
      });
    },
    async signUp(overrides = {}) {
      counter += 1;
      const email = overrides.email ?? `user${counter}-${Date.now()}@example.test`;
      const anon = await app.anonymous();
      const result = await anon.auth.signUp({
        email,
        password: overrides.password ?? TEST_PASSWORD,
        name: overrides.name ?? `User ${counter}`,
        businessName: overrides.businessName ?? `Boutique ${counter}`,
        client: 'app',
      });
      if (!result.token || !result.businessId) throw new Error('signUp returned no token');
      return {
        token: result.token,
        userId: result.userId,
        businessId: result.businessId,
        email,
        caller: await app.as(result.token),
      };
    },
  };
  return app;
}

/**
 * An invitation of the kind made before links (a membership row not yet accepted), as databases
 * still hold them: auth.acceptInvitation and declineInvitation answer them.
 */
export async function pendingMembership(
  app: TestApp,
  owner: TestUser,
  member: TestUser,
  role: 'admin' | 'agent' | 'dispatcher' | 'courier' | 'owner',
) {
  await app.services.db.insert(schema.memberships).values({
    businessId: owner.businessId,
    userId: member.userId,
    role,
    acceptedAt: null,
    invitedBy: owner.userId,
  });
}

let connectedNumbers = 0;
/** A new shop (its owner signed up) with a WhatsApp number connected; the number's id. */
export async function connectedShop(app: TestApp) {
  const owner = await app.signUp();
  connectedNumbers += 1;
  const phoneNumberId = `10000${Date.now()}${connectedNumbers}`;
  await app.services.db.insert(schema.whatsappAccounts).values({
    businessId: owner.businessId,
    phoneNumberId,
    wabaId: '102290129340398',
    displayPhoneNumber: '+221 77 000 00 01',
    accessToken: 'EAAG-test',
  });
  return { owner, phoneNumberId };
}

export { freePort } from '@flux/db/testing';
export { dispatchWorld } from '../routers/dispatch.cases';
export { type PrivateRedis, startPrivateRedis } from './redis-server';
export { fakeS3Storage } from './s3';

/** A customer of the business with an open WhatsApp conversation (its 24 h window open). */
export async function openConversation(
  app: TestApp,
  businessId: string,
  customer: { phone: string; waId?: string },
) {
  const [prospect] = await app.services.db
    .insert(schema.prospects)
    .values({ businessId, phone: customer.phone, waId: customer.waId ?? customer.phone.slice(1) })
    .returning();
  const [conversation] = await app.services.db
    .insert(schema.conversations)
    .values({
      businessId,
      prospectId: prospect?.id ?? '',
      channel: 'whatsapp',
      serviceWindowEndsAt: new Date(Date.now() + 3_600_000),
    })
    .returning();
  return { prospectId: prospect?.id ?? '', conversationId: conversation?.id ?? '' };
}
