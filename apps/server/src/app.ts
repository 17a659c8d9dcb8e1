// The HTTP surface: one Hono app with tRPC at /trpc/*, health probes, and the cross-cutting middleware.
import { type AppServices, appRouter, createContext } from '@flux/api';
import { databaseReachable, migrationsApplied } from '@flux/db';
import { getConnInfo } from '@hono/node-server/conninfo';
import { fetchRequestHandler } from '@trpc/server/adapters/fetch';
import { Hono } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { requestId } from 'hono/request-id';
import { secureHeaders } from 'hono/secure-headers';

export interface AppOptions {
  /** Origins allowed to make cookie-authenticated writes, besides the server's own. */
  allowedOrigins: string[];
  trustProxy: boolean;
  bodyLimit: number;
}

type Env = { Variables: { requestId: string } };

const isLocalHttp = (url: URL) =>
  url.protocol === 'http:' && ['localhost', '127.0.0.1', '[::1]'].includes(url.hostname);

function clientIp(forwardedFor: string | undefined, remote: () => string | undefined) {
  const forwarded = forwardedFor?.split(',')[0]?.trim();
  if (forwarded) return forwarded;
  try {
    return remote() ?? null;
  } catch {
    return null;
  }
}

export function createApp(services: AppServices, options: AppOptions) {
  const app = new Hono<Env>();
  const allowed = new Set(options.allowedOrigins.map((origin) => new URL(origin).origin));

  app.use(requestId());
  app.use(async (c, next) => {
    const started = performance.now();
    await next();
    const status = c.res.status;
    const entry = {
      requestId: c.get('requestId'),
      method: c.req.method,
      path: c.req.path,
      status,
      ms: Math.round((performance.now() - started) * 10) / 10,
    };
    if (status >= 500) services.log.error(entry, 'request failed');
    else if (c.req.path !== '/healthz' && c.req.path !== '/readyz')
      services.log.info(entry, 'request');
  });
  app.use(secureHeaders());

  app.get('/healthz', (c) => c.json({ status: 'ok' }));
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
  app.use('/trpc/*', async (c, next) => {
    if (['GET', 'HEAD', 'OPTIONS'].includes(c.req.method)) return next();
    const origin = c.req.header('origin');
    const hasCookie = (c.req.header('cookie') ?? '').includes('flux_session=');
    if (!origin) {
      if (hasCookie) return c.json({ error: 'Cross-site request refused (no Origin)' }, 403);
      return next();
    }
    let host: string;
    try {
      const parsed = new URL(origin);
      host = parsed.host;
      if (allowed.has(parsed.origin) || host === c.req.header('host')) return next();
    } catch {
      host = origin;
    }
    return c.json({ error: `Cross-site request refused from ${host}` }, 403);
  });

  app.use(
    '/trpc/*',
    bodyLimit({
      maxSize: options.bodyLimit,
      onError: (c) => c.json({ error: `Request body larger than ${options.bodyLimit} bytes` }, 413),
    }),
  );

  app.all('/trpc/*', (c) =>
    fetchRequestHandler({
      endpoint: '/trpc',
      req: c.req.raw,
      router: appRouter,
      createContext: ({ resHeaders }) =>
        createContext(services, {
          headers: c.req.raw.headers,
          resHeaders,
          ip: clientIp(
            options.trustProxy ? c.req.header('x-forwarded-for') : undefined,
            () => getConnInfo(c).remote.address,
          ),
          secureCookies: !isLocalHttp(new URL(c.req.url)),
          requestId: c.get('requestId'),
        }),
      onError({ error, path }) {
        if (error.code === 'INTERNAL_SERVER_ERROR') {
          services.log.error(
            { err: error.cause ?? error, path, requestId: c.get('requestId') },
            'procedure failed',
          );
        }
      },
    }),
  );

  app.notFound((c) => c.json({ error: 'Not found' }, 404));
  app.onError((error, c) => {
    services.log.error({ err: error, requestId: c.get('requestId') }, 'unhandled error');
    return c.json({ error: 'Internal error', requestId: c.get('requestId') }, 500);
  });
  return app;
}
