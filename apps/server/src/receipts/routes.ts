// `GET /r/:token`: an order's receipt, public, and `GET /r/:token/pdf` the same as a PDF. The
// token is signed and expiring (services/orders-receipt.ts), so no session is read or set; like
// the tracking page, every answer says not to be kept, indexed or referred, and a bad, forged or
// expired token gets one 404 page (HTML for the PDF too: a person reads it).
import {
  type AppServices,
  acceptedKeys,
  RECEIPT_PREFIX,
  readReceiptToken,
  receiptView,
} from '@flux/api';
import { type Context, Hono } from 'hono';
import { RECEIPT_CSP, renderReceipt, renderReceiptGone } from './page';
import { renderReceiptPdf } from './pdf';

/** `/r/<token>` as `/r/:token`, for the request log. */
export const redactReceiptPath = (path: string) =>
  path.startsWith(`${RECEIPT_PREFIX}/`) ? path.replace(/^(\/r\/)[^/]+/, '$1:token') : path;

const HEADERS = {
  'content-security-policy': RECEIPT_CSP,
  'referrer-policy': 'no-referrer',
  'x-robots-tag': 'noindex, nofollow',
  'cache-control': 'private, no-store',
  'content-type': 'text/html; charset=utf-8',
};

/** Receipts per IP per minute: a customer opens theirs a few times; a scanner is slowed. */
const RECEIPTS_PER_IP_PER_MINUTE = 60;

export function receiptRoutes(
  services: AppServices,
  options: { clientIp?: (c: Context) => string | null; now?: () => Date } = {},
) {
  const app = new Hono();
  const now = options.now ?? (() => new Date());
  const allowed = async (c: Context) => {
    if (!services.config.rateLimit) return true;
    const ip = options.clientIp?.(c) ?? 'unknown';
    const result = await services.rateLimiter.hit(
      `receipts:${ip}`,
      RECEIPTS_PER_IP_PER_MINUTE,
      60_000,
    );
    return result.allowed;
  };
  const lang = (c: Context) =>
    (c.req.header('accept-language') ?? '').toLowerCase().startsWith('en') ? 'en' : 'fr';
  /** The receipt the request's token names, or the answer to give instead. */
  const open = async (c: Context) => {
    if (!(await allowed(c))) return c.body(renderReceiptGone(lang(c)), 429, HEADERS);
    const ids = readReceiptToken(acceptedKeys(services.config), c.req.param('token') ?? '', now());
    const view = ids ? await receiptView(services.db, ids) : null;
    return view ?? c.body(renderReceiptGone(lang(c)), 404, HEADERS);
  };
  app.get('/:token', async (c) => {
    const view = await open(c);
    if (view instanceof Response) return view;
    return c.body(renderReceipt(view, `${c.req.param('token')}/pdf`), 200, HEADERS);
  });
  app.get('/:token/pdf', async (c) => {
    const view = await open(c);
    if (view instanceof Response) return view;
    const pdf = await renderReceiptPdf(view);
    const name = view.shop.locale === 'en' ? 'receipt' : 'recu';
    return c.body(new Uint8Array(pdf), 200, {
      ...HEADERS,
      'content-type': 'application/pdf',
      'content-disposition': `inline; filename="${name}-${view.reference}.pdf"`,
    });
  });
  return app;
}
