// The HTTP surface: one Hono app with tRPC at /trpc/*, health probes, and the cross-cutting middleware.

import { hash } from 'node:crypto';
import {
  type AppServices,
  appRouter,
  createContext,
  type JsonTexts,
  MAX_BATCH_SIZE,
  RECEIPT_PREFIX,
  spliceJsonTexts,
  TRACKING_PREFIX,
} from '@flux/api';
import { databaseReachable, migrationsApplied } from '@flux/db';
import { getConnInfo } from '@hono/node-server/conninfo';
import { fetchRequestHandler } from '@trpc/server/adapters/fetch';
import { Hono, type MiddlewareHandler } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { requestId } from 'hono/request-id';
import { secureHeaders } from 'hono/secure-headers';
import { COMPRESS_MIN_BYTES, compress, negotiateEncoding } from './compression';
import { ATTACHMENT_PREFIX, emailAttachmentRoutes } from './email-attachments';
import { exportRoutes } from './exports';
import { type Metrics, metricsRoute } from './metrics';
import { mailOAuthRoutes } from './oauth/mail';
import { receiptRoutes, redactReceiptPath } from './receipts/routes';
import { createRestApi } from './rest/api';
import { docsRoutes } from './rest/docs';
import { problem } from './rest/problem';
import type { Tracing } from './tracing';
import { redactTrackingPath, trackingRoutes } from './tracking/routes';
import { fileRoutes, uploadRoutes } from './uploads';
import { webApp } from './web/static';
import { gmailWebhook } from './webhooks/gmail';
import { outlookWebhook } from './webhooks/outlook';
import { smsWebhooks } from './webhooks/sms';
import { type WhatsappWebhookOptions, whatsappWebhook } from './webhooks/whatsapp';

export interface AppOptions {
  whatsapp: WhatsappWebhookOptions;
  /** Origins allowed to make cookie-authenticated writes, besides the server's own host. */
  allowedOrigins: string[];
  /** Proxies of ours in front: the client IP is that many entries from the right of X-Forwarded-For. */
  trustProxyHops: number;
  /** Session cookies carry Secure: decided by configuration, never by the request's Host. */
  secureCookies: boolean;
  bodyLimit: number;
  /** Query answers compressed for clients that accept it (compression.ts); default true. */
  compressAnswers?: boolean;
  /** The built dashboard (apps/web/dist) served on this origin; null: API only. */
  webDist?: string | null;
  /** Requests timed and /metrics served (behind `token`; without one /metrics is a 404). */
  metrics?: { metrics: Metrics; token: string | undefined } | null;
  /** OpenTelemetry spans of requests (OTEL_EXPORTER_OTLP_ENDPOINT); null: none. */
  tracing?: Tracing | null;
  /** The public REST API (/v1): calls per key per minute (0: no limit). Default 600. */
  publicApi?: { rateLimitPerMinute: number };
}

type Env = { Variables: { requestId: string } };

/**
 * The client's IP. Behind `hops` proxies of ours, each appends the address it received from, so
 * the trustworthy entry is `hops` from the right; anything left of it the client may have forged.
 */
export function clientIp(
  forwardedFor: string | undefined,
  hops: number,
  remote: () => string | undefined,
): string | null {
  if (hops > 0 && forwardedFor) {
    const entries = forwardedFor
      .split(',')
      .map((entry) => entry.trim())
      .filter(Boolean);
    const entry = entries[Math.max(0, entries.length - hops)];
    if (entry) return entry;
  }
  try {
    return remote() ?? null;
  } catch {
    return null;
  }
}

/**
 * The text of an answer tRPC built from a string, read where @hono/node-server's Response keeps it
 * (a symbol named `cache`: [status, body, headers]) instead of through a web stream, which took
 * half a millisecond for a page of orders. Undefined when that is not how it was built.
 */
function bodyText(response: Response): string | undefined {
  for (const symbol of Object.getOwnPropertySymbols(response)) {
    if (symbol.description !== 'cache') continue;
    const cached: unknown = Reflect.get(response, symbol);
    if (Array.isArray(cached) && typeof cached[1] === 'string') return cached[1];
  }
  return undefined;
}

/** If-None-Match names this ETag (a list of them, weak or strong, or `*`). */
export function matchesEtag(header: string | undefined, etag: string): boolean {
  if (!header) return false;
  return header
    .split(',')
    .map((tag) => tag.trim().replace(/^W\//, ''))
    .some((tag) => tag === etag || tag === '*');
}

export function createApp(services: AppServices, options: AppOptions) {
  const app = new Hono<Env>();
  const allowed = new Set(options.allowedOrigins.map((origin) => new URL(origin).origin));
  const sameHostSchemes = options.secureCookies ? ['https:'] : ['https:', 'http:'];
  const compressAnswers = options.compressAnswers ?? true;

  if (options.tracing) app.use(options.tracing.middleware);
  if (options.metrics) app.use(options.metrics.metrics.middleware);
  app.use(requestId());
  app.use(async (c, next) => {
    const started = performance.now();
    await next();
    const status = c.res.status;
    const entry = {
      requestId: c.get('requestId'),
      method: c.req.method,
      // A tracking link's token is its customer's key: never written to the logs.
      path: redactReceiptPath(redactTrackingPath(c.req.path)),
      status,
      ms: Math.round((performance.now() - started) * 10) / 10,
    };
    if (status >= 500) services.log.error(entry, 'request failed');
    // An accepted webhook is already recorded in webhook_events, and Meta sends thousands a
    // second at peak: a line each would cost the hot path (a write per request; measured at
    // roughly a tenth fewer acknowledged per second).
    else if (c.req.method === 'POST' && c.req.path.startsWith('/webhooks/') && status < 400)
      services.log.debug(entry, 'request');
    else if (c.req.path !== '/healthz' && c.req.path !== '/readyz' && c.req.path !== '/metrics')
      services.log.info(entry, 'request');
  });
  app.use(
    secureHeaders({
      // HSTS told over plain http is ignored by browsers, and pins a development host (localhost)
      // to https: sent only when the configuration says we are served over https.
      strictTransportSecurity: options.secureCookies
        ? 'max-age=15552000; includeSubDomains'
        : false,
      // The dashboard uses none of these; a script injected into it gets none either.
      permissionsPolicy: {
        camera: [],
        microphone: [],
        geolocation: [],
        payment: [],
        usb: [],
        serial: [],
        bluetooth: [],
        hid: [],
        midi: [],
        displayCapture: [],
        browsingTopics: [],
      },
    }),
  );

  app.get('/healthz', (c) => c.json({ status: 'ok' }));
  if (options.metrics) {
    app.get('/metrics', metricsRoute(options.metrics.token, options.metrics.metrics));
  }
  app.get('/readyz', async (c) => {
    if (!(await databaseReachable(services.db))) {
      return c.json({ status: 'unavailable', database: 'unreachable' }, 503);
    }
    if (!(await migrationsApplied(services.db))) {
      return c.json({ status: 'unavailable', database: 'migrations pending' }, 503);
    }
    return c.json({ status: 'ready' });
  });

  // CSRF: a browser write carrying our cookie must come from our own page. Browsers always send
  // Origin on POST; a request with a cookie and no Origin is refused too.
  const sameOriginWrites: MiddlewareHandler<Env> = async (c, next) => {
    if (['GET', 'HEAD', 'OPTIONS'].includes(c.req.method)) return next();
    const origin = c.req.header('origin');
    const hasCookie = (c.req.header('cookie') ?? '').includes('flux_session=');
    if (!origin) {
      if (hasCookie) return c.json({ error: 'Cross-site request refused (no Origin)' }, 403);
      return next();
    }
    let shown = origin;
    try {
      const parsed = new URL(origin);
      shown = parsed.host;
      if (allowed.has(parsed.origin)) return next();
      // Our own page served on this host (same scheme rules as the cookie: https only in production).
      if (parsed.host === c.req.header('host') && sameHostSchemes.includes(parsed.protocol)) {
        return next();
      }
    } catch {
      // `null` or garbage: refused below.
    }
    return c.json({ error: `Cross-site request refused from ${shown}` }, 403);
  };
  app.use('/trpc/*', sameOriginWrites);
  // The dashboard's photo uploads carry the cookie too; the courier app's bearer uploads (from
  // any origin, its web build included) cannot be ridden by another site, so only a cookie is checked.
  app.use('/uploads/*', (c, next) =>
    (c.req.header('cookie') ?? '').includes('flux_session=') ? sameOriginWrites(c, next) : next(),
  );

  // API answers carry personal data: no proxy keeps them, and no browser keeps an error or a
  // write's answer. A query's answer (GET) carries an ETag and may be kept by the browser that
  // asked, to be revalidated every time: a list that did not change costs a 304, not the page.
  app.use('/trpc/*', async (c, next) => {
    await next();
    if (
      c.req.method === 'GET' &&
      c.res.status === 200 &&
      // Not an event stream (live.events), which never ends; not a renewed session's cookie.
      c.res.headers.get('content-type')?.startsWith('application/json') &&
      !c.res.headers.has('set-cookie')
    ) {
      // Encoded to UTF-8 once, for the hash and for the socket alike.
      let body = Buffer.from(bodyText(c.res) ?? (await c.res.text()));
      // Compressed for a client that reads it (compression.ts); each encoding its own ETag, as
      // the bytes differ, so a revalidation names the one its client holds.
      const encoding =
        compressAnswers && body.length >= COMPRESS_MIN_BYTES
          ? negotiateEncoding(c.req.header('accept-encoding'))
          : undefined;
      const digest = hash('sha1', body, 'base64url');
      const etag = encoding ? `"${digest}-${encoding}"` : `"${digest}"`;
      // The answer's own headers, not a copy: it is replaced below and never read again.
      const headers = c.res.headers;
      headers.set('etag', etag);
      headers.set('cache-control', 'private, no-cache');
      headers.set('vary', 'accept-encoding');
      const notModified = matchesEtag(c.req.header('if-none-match'), etag);
      if (notModified) {
        headers.delete('content-type');
        headers.delete('content-length');
      } else if (encoding) {
        body = compress(body, encoding);
        headers.set('content-encoding', encoding);
        headers.set('content-length', String(body.length));
      }
      // Unset first: Hono's setter would rebuild the new answer around the old one's body stream
      // and copy its headers back (content-length on a 304); these headers are all of them.
      c.res = undefined;
      // A Buffer body: @hono/node-server writes it in one go, where a stream went through undici.
      c.res = notModified
        ? new Response(null, { status: 304, headers })
        : new Response(body, { status: 200, headers });
      return;
    }
    c.header('cache-control', 'no-store');
  });
  app.use('/webhooks/*', async (c, next) => {
    await next();
    c.header('cache-control', 'no-store');
  });
  app.use('/v1/*', async (c, next) => {
    await next();
    c.header('cache-control', 'no-store');
  });

  const trpcBodyLimit = bodyLimit({
    maxSize: options.bodyLimit,
    onError: (c) => c.json({ error: `Request body larger than ${options.bodyLimit} bytes` }, 413),
  });
  // A query (GET) has no body for tRPC to read; asking for one builds the whole fetch Request
  // that @hono/node-server otherwise never makes (~3 % of a list's server CPU).
  app.use('/trpc/*', (c, next) =>
    c.req.method === 'GET' || c.req.method === 'HEAD' ? next() : trpcBodyLimit(c, next),
  );

  app.all('/trpc/*', async (c) => {
    // Answers PostgreSQL wrote as JSON text (orders.list) wait here for their body (json-text.ts).
    const jsonTexts: JsonTexts = [];
    const response = await fetchRequestHandler({
      endpoint: '/trpc',
      req: c.req.raw,
      router: appRouter,
      // 600 mutations in one POST were run one after the other by one request; the dashboard's
      // batch link sends at most this many (apps/web/src/lib/trpc.ts).
      maxBatchSize: MAX_BATCH_SIZE,
      createContext: ({ resHeaders }) =>
        createContext(services, {
          headers: c.req.raw.headers,
          resHeaders,
          ip: clientIp(
            c.req.header('x-forwarded-for'),
            options.trustProxyHops,
            () => getConnInfo(c).remote.address,
          ),
          secureCookies: options.secureCookies,
          requestId: c.get('requestId'),
          jsonTexts,
        }),
      onError({ error, path }) {
        if (error.code === 'INTERNAL_SERVER_ERROR') {
          services.log.error(
            { err: error.cause ?? error, path, requestId: c.get('requestId') },
            'procedure failed',
          );
        }
      },
    });
    if (jsonTexts.length === 0) return response;
    const body = spliceJsonTexts(bodyText(response) ?? (await response.text()), jsonTexts);
    const headers = response.headers;
    headers.delete('content-length');
    return new Response(body, { status: response.status, headers });
  });

  app.route('/webhooks/whatsapp', whatsappWebhook(services, options.whatsapp));
  app.route('/webhooks/sms', smsWebhooks(services));
  app.route('/webhooks/gmail', gmailWebhook(services));
  app.route('/webhooks/outlook', outlookWebhook(services));
  app.route(
    '/oauth/google',
    mailOAuthRoutes(services, { secureCookies: options.secureCookies, provider: 'gmail' }),
  );
  app.route(
    '/oauth/microsoft',
    mailOAuthRoutes(services, { secureCookies: options.secureCookies, provider: 'outlook' }),
  );
  app.route(
    '/uploads',
    uploadRoutes(services, {
      clientIp: (c) =>
        clientIp(
          c.req.header('x-forwarded-for'),
          options.trustProxyHops,
          () => getConnInfo(c).remote.address,
        ),
    }),
  );
  app.route('/files', fileRoutes(services));
  // The customers' tracking pages: public, cookie-less, before the dashboard's catch-all.
  app.route(
    TRACKING_PREFIX,
    trackingRoutes(services, {
      clientIp: (c) =>
        clientIp(
          c.req.header('x-forwarded-for'),
          options.trustProxyHops,
          () => getConnInfo(c).remote.address,
        ),
    }),
  );
  // Email attachments, downloaded through the signed links the inbox gives its members.
  app.route(ATTACHMENT_PREFIX, emailAttachmentRoutes(services));
  // Receipts shared with customers: public, signed and expiring links.
  app.route(
    RECEIPT_PREFIX,
    receiptRoutes(services, {
      clientIp: (c) =>
        clientIp(
          c.req.header('x-forwarded-for'),
          options.trustProxyHops,
          () => getConnInfo(c).remote.address,
        ),
    }),
  );
  app.route(
    '/exports',
    exportRoutes(services, {
      secureCookies: options.secureCookies,
      clientIp: (c) =>
        clientIp(
          c.req.header('x-forwarded-for'),
          options.trustProxyHops,
          () => getConnInfo(c).remote.address,
        ),
    }),
  );
  // The public REST API: API keys, no cookie (so no CSRF check), its own errors (problem+json).
  app.use(
    '/v1/*',
    bodyLimit({
      maxSize: options.bodyLimit,
      onError: (c) => problem(c, 'payload_too_large'),
    }),
  );
  const restApi = createRestApi(services, {
    rateLimitPerMinute: options.publicApi?.rateLimitPerMinute ?? 600,
    clientIp: (c) =>
      clientIp(
        c.req.header('x-forwarded-for'),
        options.trustProxyHops,
        () => getConnInfo(c).remote.address,
      ),
  });
  app.route('/', restApi);
  app.all('/v1/*', (c) =>
    problem(c, 'not_found', { detail: `No route ${c.req.method} ${c.req.path}` }),
  );
  app.route('/', docsRoutes(restApi, {}));
  if (options.webDist) app.get('*', webApp(options.webDist));

  app.notFound((c) => c.json({ error: 'Not found' }, 404));
  app.onError((error, c) => {
    services.log.error({ err: error, requestId: c.get('requestId') }, 'unhandled error');
    return c.json({ error: 'Internal error', requestId: c.get('requestId') }, 500);
  });
  return app;
}
