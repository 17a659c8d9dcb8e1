// Composition root: database → services → jobs → HTTP. Used by main.ts, the tests and the benches.

import { existsSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import {
  apiEnv,
  createAppServices,
  createLogger,
  type EmailConfig,
  type JobRunner,
  type ProcedureObserver,
  startJobs,
} from '@flux/api';
import { type DatabaseHandle, openDatabase, secretBox } from '@flux/db';
import { type DemoSeedResult, seedDemo } from '@flux/db/seed';
import { startFakeGraph } from '@flux/integrations';
import { serve } from '@hono/node-server';
import type { SpanExporter } from '@opentelemetry/sdk-trace';
import type { Logger } from 'pino';
import { createApp } from './app';
import { productionRefusals, refusalMessage, serverEnv } from './env';
import { createMetrics } from './metrics';
import { providersOf, sandboxOutbox, startSandboxFakes } from './providers';
import { startSandboxMail } from './sandbox-mail';
import type { Tracing } from './tracing';

export interface StartOptions {
  mode?: 'server' | 'worker';
  port?: number;
  host?: string;
  databaseUrl?: string;
  redisUrl?: string | undefined;
  seedDemo?: boolean;
  runWorker?: boolean;
  /** WhatsApp through an in-process fake Graph API (default from WHATSAPP_SANDBOX). */
  whatsappSandbox?: boolean;
  rateLimit?: boolean;
  log?: Logger;
  /** The built dashboard to serve (default WEB_DIST_DIR); null: API only. */
  webDist?: string | null;
  /** The bearer token of /metrics (default METRICS_TOKEN; unset: /metrics is a 404). */
  metricsToken?: string;
  /** Where spans go (tests: an in-memory exporter); default OTLP when OTEL_EXPORTER_OTLP_ENDPOINT is set. */
  traceExporter?: SpanExporter;
  /** Public API calls per key per minute (default API_RATE_LIMIT_PER_MINUTE). */
  apiRateLimitPerMinute?: number;
  /** Query answers compressed for clients that accept it (default COMPRESS_ANSWERS). */
  compressAnswers?: boolean;
  /** Mail connections (tests point Google at a fake); default: from the env. */
  email?: EmailConfig;
}

export interface RunningServer {
  url: string | null;
  jobs: JobRunner;
  database: DatabaseHandle;
  demo: DemoSeedResult | null;
  log: Logger;
  stop(): Promise<void>;
}

/** The dashboard's folder when it has been built; the API runs without it (with a warning). */
async function builtDashboard(dir: string | null, log: Logger): Promise<string | null> {
  if (!dir) return null;
  if (existsSync(join(dir, 'index.html'))) return dir;
  log.warn({ dir }, 'dashboard not built (pnpm --filter @flux/web build): serving the API only');
  return null;
}

export async function startServer(options: StartOptions = {}): Promise<RunningServer> {
  const mode = options.mode ?? 'server';
  const log =
    options.log ??
    createLogger({ level: serverEnv.LOG_LEVEL, base: { service: 'fluxasync', mode } });
  if (productionRefusals.length > 0) throw new Error(refusalMessage(productionRefusals));
  secretBox(); // fails now, not at the first token write, if ENCRYPTION_KEY is unusable
  const database = await openDatabase({
    migrate: true,
    ...(options.databaseUrl ? { url: options.databaseUrl } : {}),
    onLog: (message) => log.debug({ postgres: message.trim() }, 'embedded postgres'),
  });
  const closers: (() => Promise<void>)[] = [() => database.close()];
  const stopAll = async () => {
    for (const close of closers.splice(0).reverse()) {
      await close().catch((error: unknown) => log.error({ err: error }, 'shutdown step failed'));
    }
  };
  try {
    const demo =
      mode === 'server' && (options.seedDemo ?? serverEnv.SEED_DEMO)
        ? await seedDemo(database.db, { onlyIfEmpty: true })
        : null;
    // Sandbox: sends are recorded by a local fake of Meta, which plays receipts back to us.
    const sandboxReplay = { url: '', appSecret: serverEnv.WHATSAPP_APP_SECRET, delayMs: 700 };
    const sandbox =
      mode === 'server' && (options.whatsappSandbox ?? serverEnv.WHATSAPP_SANDBOX)
        ? await startFakeGraph({ acceptAny: true, replayStatusesTo: sandboxReplay })
        : null;
    if (sandbox) closers.push(() => sandbox.close());
    // The sandbox's email, SMS and push go to local fakes too (where no real one is configured).
    const fakes = sandbox ? await startSandboxFakes(sandbox) : null;
    if (fakes) closers.push(() => fakes.close());
    // The sandbox's mail: fake Google and Microsoft with a mailbox of a few emails each (no real
    // Google client configured).
    const sandboxMail =
      sandbox && !options.email && !apiEnv.GOOGLE_CLIENT_ID
        ? await startSandboxMail(apiEnv.APP_ORIGIN[0] ?? 'http://localhost:3000')
        : null;
    if (sandboxMail) closers.push(() => sandboxMail.close());
    const email = options.email ?? sandboxMail?.config;
    const bootstrapped = createAppServices({
      ...(sandbox ? { whatsappApiBaseUrl: sandbox.url } : {}),
      notificationProviders: providersOf(apiEnv.APP_ORIGIN[0] ?? 'http://localhost:3000', fakes),
      sandbox: fakes ? sandboxOutbox(fakes) : null,
      db: database.db,
      databaseUrl: database.url,
      log,
      ...('redisUrl' in options ? { redisUrl: options.redisUrl } : {}),
      ...(options.rateLimit !== undefined ? { rateLimit: options.rateLimit } : {}),
      ...(email ? { email } : {}),
    });
    closers.push(() => bootstrapped.close());
    // Events from the other processes (a worker's new messages) are heard before anyone subscribes;
    // if the LISTEN connection cannot be made (max_connections reached), it keeps retrying and the
    // process serves anyway, its tabs hearing this process's events only until it succeeds.
    const listening = await Promise.race([
      bootstrapped.services.live.ready().then(() => true),
      new Promise<false>((resolve) => setTimeout(resolve, 10_000, false).unref()),
    ]);
    if (!listening) log.warn('live events: not listening to the other processes yet');
    const work = mode === 'worker' || (options.runWorker ?? serverEnv.RUN_WORKER);
    const jobRunner: JobRunner = await startJobs(database.url, bootstrapped.services, {
      work,
      // Jobs get most of the shutdown budget, after the HTTP drain; pools close in what is left.
      stopTimeoutMs: Math.floor(serverEnv.SHUTDOWN_TIMEOUT * 600),
    });
    closers.push(() => jobRunner.stop());
    if (mode === 'worker') {
      log.info('worker started');
      return { url: null, jobs: jobRunner, database, demo, log, stop: stopAll };
    }

    const metrics = createMetrics({ db: database.db, pool: database.pool });
    const serviceName = serverEnv.OTEL_SERVICE_NAME;
    const tracing = await startTracing(options.traceExporter, serviceName);
    // After the HTTP drain (closers run in reverse): the last spans are sent.
    if (tracing) closers.push(() => tracing.shutdown());
    const services = {
      ...bootstrapped.services,
      observeProcedure: tracing
        ? (call: Parameters<ProcedureObserver>[0]) => {
            metrics.observeProcedure(call);
            tracing.observeProcedure(call);
          }
        : metrics.observeProcedure,
    };
    const app = createApp(services, {
      tracing,
      metrics: { metrics, token: options.metricsToken ?? serverEnv.METRICS_TOKEN },
      allowedOrigins: apiEnv.APP_ORIGIN,
      trustProxyHops: serverEnv.TRUST_PROXY_HOPS,
      whatsapp: {
        verifyToken: serverEnv.WHATSAPP_VERIFY_TOKEN,
        appSecret: serverEnv.WHATSAPP_APP_SECRET,
      },
      secureCookies:
        apiEnv.NODE_ENV === 'production' || apiEnv.APP_ORIGIN[0]?.startsWith('https:') === true,
      bodyLimit: serverEnv.BODY_LIMIT,
      compressAnswers: options.compressAnswers ?? serverEnv.COMPRESS_ANSWERS,
      publicApi: {
        rateLimitPerMinute: options.apiRateLimitPerMinute ?? serverEnv.API_RATE_LIMIT_PER_MINUTE,
      },
      webDist: await builtDashboard(
        options.webDist === undefined ? serverEnv.WEB_DIST_DIR : options.webDist,
        log,
      ),
    });
    const port = options.port ?? serverEnv.PORT;
    const hostname = options.host ?? serverEnv.HOST;
    const server = await new Promise<ReturnType<typeof serve>>((resolve, reject) => {
      const created = serve({ fetch: app.fetch, port, hostname }, () => resolve(created));
      created.once('error', reject);
    });
    closers.push(
      () =>
        new Promise<void>((resolve) => {
          // Stop accepting, let in-flight requests finish, then drop idle keep-alive sockets.
          // Live event streams (SSE) never finish by themselves: after 5 s they are cut, and
          // the clients reconnect to another instance.
          const cut = setTimeout(() => {
            if ('closeAllConnections' in server) server.closeAllConnections();
          }, 5_000);
          server.close(() => {
            clearTimeout(cut);
            resolve();
          });
          if ('closeIdleConnections' in server) server.closeIdleConnections();
        }),
    );
    const address = server.address() as AddressInfo;
    const shownHost = hostname === '0.0.0.0' || hostname === '::' ? 'localhost' : hostname;
    const url = `http://${shownHost}:${address.port}`;
    sandboxReplay.url = `http://127.0.0.1:${address.port}/webhooks/whatsapp`;
    if (sandbox) log.info('WhatsApp sandbox: messages are recorded, not sent to Meta');
    log.info({ url, embeddedDatabase: database.embedded }, 'server listening');
    return { url, jobs: jobRunner, database, demo, log, stop: stopAll };
  } catch (error) {
    await stopAll();
    throw error;
  }
}

/**
 * Spans to the test's exporter, or over OTLP when an endpoint is configured; none otherwise. The
 * OpenTelemetry SDK is imported only then: it is a large import most processes never use.
 */
async function startTracing(
  exporter: StartOptions['traceExporter'],
  serviceName: string,
): Promise<Tracing | null> {
  const endpoint = serverEnv.OTEL_EXPORTER_OTLP_ENDPOINT;
  if (!exporter && !endpoint) return null;
  const { createTracing, parseOtlpHeaders } = await import('./tracing');
  if (exporter) return createTracing({ exporter, serviceName });
  return createTracing({
    endpoint: endpoint ?? '',
    headers: parseOtlpHeaders(serverEnv.OTEL_EXPORTER_OTLP_HEADERS),
    serviceName,
  });
}
