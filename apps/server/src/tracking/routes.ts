// The customer's tracking page, public: `GET /t/:token` (the page) and `GET /t/:token/events` (its
// live stream, SSE). No session: the token is the bearer, so no cookie is read or set here, and
// every answer says not to be kept, indexed or referred. An unknown, malformed or expired token
// gets one and the same 404 page.
import {
  type AppServices,
  TRACKING_PREFIX,
  type TrackingView,
  trackingUpdates,
  trackingView,
} from '@flux/api';
import { type Context, Hono } from 'hono';
import { streamSSE } from 'hono/streaming';
import { type Lang, pickLang } from './i18n';
import {
  CONTENT_SECURITY_POLICY,
  isFinished,
  renderGone,
  renderLive,
  renderMain,
  renderPage,
  versionOf,
} from './page';

/** `/t/<token>/…` as `/t/:token/…`, for the request log. */
export const redactTrackingPath = (path: string) =>
  path.startsWith(`${TRACKING_PREFIX}/`) ? path.replace(/^(\/t\/)[^/]+/, '$1:token') : path;

export interface TrackingOptions {
  clientIp: (c: Context) => string | null;
  /** Open streams one token may hold in this process (a family's phones, a reloaded tab). */
  maxStreamsPerToken?: number;
  /** Open streams in this process, all tokens together. */
  maxStreams?: number;
  /** A stream is closed after this long; the browser reconnects and gets the page as it is. */
  streamLifetimeMs?: number;
  /** A comment line this often keeps proxies from cutting a quiet stream. */
  heartbeatMs?: number;
  now?: () => Date;
}

/**
 * Pages and stream connections per IP per minute: a customer reloads a few times; a token scanner
 * is slowed (a token has 128 random bits: slowing is all the limit needs to do).
 */
const PAGES_PER_IP_PER_MINUTE = 60;

const HEADERS = {
  'content-security-policy': CONTENT_SECURITY_POLICY,
  'referrer-policy': 'no-referrer',
  'x-robots-tag': 'noindex, nofollow',
  // The page carries the door code: no cache anywhere keeps it.
  'cache-control': 'no-store',
};

export function trackingRoutes(services: AppServices, options: TrackingOptions) {
  const app = new Hono();
  const now = options.now ?? (() => new Date());
  const perToken = options.maxStreamsPerToken ?? 4;
  const maxStreams = options.maxStreams ?? 5_000;
  const lifetimeMs = options.streamLifetimeMs ?? 15 * 60_000;
  const heartbeatMs = options.heartbeatMs ?? 25_000;
  const streams = new Map<string, number>();
  let open = 0;

  const load = (token: string) =>
    trackingView(services.db, {
      token,
      now: now(),
      linkDays: services.config.trackingLinkDays,
      keys: services.config,
    });
  const langOf = (c: Context, view?: TrackingView | null): Lang =>
    pickLang(c.req.query('lang'), c.req.header('accept-language'), view?.shop.locale ?? 'fr');
  const html = (c: Context, body: string, status: 200 | 404 | 429) =>
    c.body(body, status, { ...HEADERS, 'content-type': 'text/html; charset=utf-8' });
  const gone = (c: Context) => html(c, renderGone(langOf(c)), 404);

  /** Counted per IP; false when over (without a rate limiter configured, always true). */
  const allowed = async (c: Context) => {
    if (!services.config.rateLimit) return true;
    const ip = options.clientIp(c) ?? 'unknown';
    const result = await services.rateLimiter.hit(
      `tracking:${ip}`,
      PAGES_PER_IP_PER_MINUTE,
      60_000,
    );
    return result.allowed;
  };

  app.get('/:token', async (c) => {
    if (!(await allowed(c))) return html(c, renderGone(langOf(c), 'too-many'), 429);
    const token = c.req.param('token');
    const view = await load(token);
    if (!view) return gone(c);
    const lang = langOf(c, view);
    const base = `${TRACKING_PREFIX}/${encodeURIComponent(token)}`;
    const version = versionOf(renderMain(view, lang));
    return html(
      c,
      renderPage(view, lang, {
        eventsUrl: isFinished(view) ? null : `${base}/events?lang=${lang}&v=${version}`,
        otherLangUrl: `${base}?lang=${lang === 'fr' ? 'en' : 'fr'}`,
      }),
      200,
    );
  });

  app.get('/:token/events', async (c) => {
    // Counted with the pages: guessing tokens through the stream is no way around the limit.
    if (!(await allowed(c))) return c.text('Too many requests', 429, HEADERS);
    const token = c.req.param('token');
    const first = await load(token);
    if (!first) return gone(c);
    // Nothing will change any more: 204 tells EventSource not to reconnect.
    if (isFinished(first)) return c.body(null, 204, HEADERS);
    let view: TrackingView = first;
    const held = streams.get(token) ?? 0;
    if (held >= perToken || open >= maxStreams) {
      return c.text('Too many open streams for this link', 429, HEADERS);
    }
    streams.set(token, held + 1);
    open += 1;
    const release = () => {
      const left = (streams.get(token) ?? 1) - 1;
      if (left > 0) streams.set(token, left);
      else streams.delete(token);
      open -= 1;
    };
    const lang = langOf(c, first);
    // What the browser has: the version it was served, or the last one this stream sent it.
    let sent = c.req.header('last-event-id') ?? c.req.query('v') ?? '';
    for (const [name, value] of Object.entries(HEADERS)) c.header(name, value);
    c.header('x-accel-buffering', 'no');
    return streamSSE(
      c,
      async (stream) => {
        const stop = new AbortController();
        const end = () => stop.abort();
        stream.onAbort(end);
        c.req.raw.signal.addEventListener('abort', end, { once: true });
        const lifetime = setTimeout(end, lifetimeMs);
        const heartbeat = setInterval(() => {
          void stream.write(': ping\n\n').catch(end);
        }, heartbeatMs);
        const sendOrder = async (current: TrackingView) => {
          const main = renderMain(current, lang);
          const version = versionOf(main);
          if (version === sent) return;
          sent = version;
          await stream.writeSSE({
            event: 'order',
            id: version,
            data: JSON.stringify({ html: main }),
          });
        };
        try {
          // A reconnection may have missed changes: the page as it is now, if it is not what the
          // browser shows.
          await stream.writeSSE({ event: 'hello', data: '{}', retry: 5_000 });
          await sendOrder(view);
          for await (const update of trackingUpdates(services.live, () => view, stop.signal)) {
            if (update.kind === 'order') {
              const next = await load(token);
              if (!next) break;
              view = next;
              await sendOrder(next);
              if (isFinished(next)) break;
            } else if (view.delivery) {
              view = { ...view, delivery: { ...view.delivery, position: update.position } };
              await stream.writeSSE({
                event: 'position',
                data: JSON.stringify({ html: renderLive(view, lang) }),
              });
            }
          }
        } finally {
          clearTimeout(lifetime);
          clearInterval(heartbeat);
          release();
        }
      },
      async (error) => {
        services.log.warn({ err: error }, 'tracking stream failed');
      },
    );
  });

  // `/t`, `/t/`, `/t/a/b/c`: the same page as an unknown link.
  app.get('*', gone);
  return app;
}
