// The tracking page's HTML, rendered on the server: the whole document, and the two parts the
// live stream replaces (`#page`, the order; `#live`, the courier's map). Every text that comes
// from the database goes through `esc`. The map is an SVG drawn here: no tile server, no network.
import { createHash } from 'node:crypto';
import type { CoarsePosition, TrackingView } from '@flux/api';
import { POSITION_GRID_M } from '@flux/api';
import { formatMoney, type OrderStatus } from '@flux/contracts';
import { type Lang, words } from './i18n';

const ENTITIES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};
/** Text or an attribute's value, made inert. */
export const esc = (text: string) => text.replace(/[&<>"']/g, (c) => ENTITIES[c] ?? c);

/** The CSP source of an inline script or style: its SHA-256. */
export const cspHash = (text: string) =>
  `'sha256-${createHash('sha256').update(text).digest('base64')}'`;

/** The happy path, shown as steps; a cancelled, failed or returned order shows what happened. */
const STEPS: OrderStatus[] = [
  'pending',
  'confirmed',
  'preparing',
  'ready',
  'out_for_delivery',
  'delivered',
];
const FINISHED: OrderStatus[] = ['delivered', 'cancelled', 'returned'];

export const isFinished = (view: TrackingView) => FINISHED.includes(view.order.status);

function timeFormat(lang: Lang, timeZone: string, withDay: boolean): Intl.DateTimeFormat {
  const options: Intl.DateTimeFormatOptions = {
    hour: '2-digit',
    minute: '2-digit',
    ...(withDay ? { weekday: 'short', day: 'numeric', month: 'short' } : {}),
  };
  try {
    return new Intl.DateTimeFormat(words[lang].locale, { ...options, timeZone });
  } catch {
    return new Intl.DateTimeFormat(words[lang].locale, { ...options, timeZone: 'UTC' });
  }
}

export function formatDistance(metres: number, lang: Lang): string {
  if (metres < 1000) return `${Math.max(100, metres)} m`;
  const km = new Intl.NumberFormat(words[lang].locale, { maximumFractionDigits: 1 }).format(
    metres / 1000,
  );
  return `${km} km`;
}

// ---- the map ----------------------------------------------------------------------------------

/** Ring radii the map picks from (metres): the smallest that holds the courier with a margin. */
const SCALES = [500, 1_000, 2_000, 5_000, 10_000, 20_000, 50_000];
const OUTER = 80;
const METRES_PER_DEGREE = (Math.PI * 6_371_000) / 180;

/** Where the courier sits on the map (SVG units, drop-off at 0,0, north up) and the scale. */
export function mapPlacement(dropoff: { lat: number; lng: number }, position: CoarsePosition) {
  const east =
    (position.lng - dropoff.lng) * METRES_PER_DEGREE * Math.cos((dropoff.lat * Math.PI) / 180);
  const north = (position.lat - dropoff.lat) * METRES_PER_DEGREE;
  const distance = Math.hypot(east, north);
  const radius = SCALES.find((scale) => distance <= scale * 0.9) ?? 50_000;
  const perMetre = OUTER / radius;
  let x = east * perMetre;
  let y = -north * perMetre;
  const out = Math.hypot(x, y);
  // Farther than the largest ring: on its edge, in the right direction.
  if (out > 92) {
    x = (x / out) * 92;
    y = (y / out) * 92;
  }
  const round = (value: number) => Math.round(value * 10) / 10;
  return { x: round(x), y: round(y), radius, blur: Math.max(6, POSITION_GRID_M * perMetre) };
}

function mapSvg(view: TrackingView, position: CoarsePosition, lang: Lang): string {
  const delivery = view.delivery;
  if (!delivery?.dropoff) return '';
  const w = words[lang];
  const at = mapPlacement(delivery.dropoff, position);
  const ringLabel = (metres: number) => formatDistance(metres, lang);
  return `<svg class="map" viewBox="-100 -100 200 200" role="img" aria-label="${esc(w.mapLabel(formatDistance(position.distanceM, lang)))}">
<defs><pattern id="grid" width="20" height="20" patternUnits="userSpaceOnUse"><path d="M20 0H0V20" fill="none" stroke="#dfe7e1" stroke-width="1"/></pattern></defs>
<rect x="-100" y="-100" width="200" height="200" fill="#f3f7f4"/>
<rect x="-100" y="-100" width="200" height="200" fill="url(#grid)"/>
<circle r="${OUTER}" fill="none" stroke="#9fb8aa" stroke-dasharray="3 4"/>
<circle r="${OUTER / 2}" fill="none" stroke="#9fb8aa" stroke-dasharray="3 4"/>
<text x="3" y="${-OUTER - 3}" class="ring">${esc(ringLabel(at.radius))}</text>
<text x="3" y="${-OUTER / 2 - 3}" class="ring">${esc(ringLabel(at.radius / 2))}</text>
<path d="M88 -96 l-4 7 h8z" fill="#47635a"/><text x="88" y="-80" class="north">N</text>
<line x1="${at.x}" y1="${at.y}" x2="0" y2="0" stroke="#0f766e" stroke-width="1.5" stroke-dasharray="2 3"/>
<g class="home"><circle r="9" fill="#1f2937"/><path d="M-4.5 1.5v4h3v-3h3v3h3v-4l-4.5-5z" fill="#fff"/></g>
<text y="21" class="you">${esc(w.you)}</text>
<g id="courier" data-x="${at.x}" data-y="${at.y}" transform="translate(${at.x} ${at.y})"><circle class="pulse" r="${Math.round(at.blur * 10) / 10}" fill="#0f766e" fill-opacity="0.18"/><circle r="6.5" fill="#0f766e" stroke="#fff" stroke-width="2.5"/></g>
</svg>`;
}

// ---- the parts --------------------------------------------------------------------------------

/** A courier's position older than this gets no ETA: their phone stopped sending it. */
export const STALE_POSITION_MS = 10 * 60_000;

/** The courier's part while the parcel is on its way: who, how far, when, and the map. */
export function renderLive(view: TrackingView, lang: Lang, now = new Date()): string {
  const delivery = view.delivery;
  if (!delivery?.onTheWay) return '<section id="live" hidden></section>';
  const w = words[lang];
  const who = delivery.courierFirstName
    ? w.courierComing(esc(delivery.courierFirstName))
    : w.courierComingNoName;
  const position = delivery.position;
  if (!position || !delivery.dropoff) {
    return `<section id="live" class="card"><p class="who">${who}</p><p class="muted">${esc(w.positionSoon)}</p></section>`;
  }
  const time = timeFormat(lang, view.shop.timezone, false).format(position.at);
  const away = `<span id="distance">${esc(w.away(formatDistance(position.distanceM, lang)))}</span>`;
  // An old position says where the courier was, not when they will arrive.
  const stale = now.getTime() - position.at.getTime() > STALE_POSITION_MS;
  const eta = stale ? '' : `<strong id="eta">${esc(w.eta(position.etaMinutes))}</strong> `;
  const note = stale ? w.positionStale(time) : w.positionNote(POSITION_GRID_M, time);
  return `<section id="live" class="card"><p class="who">${who}</p>
<p class="eta">${eta}${away}</p>
${mapSvg(view, position, lang)}
<p class="muted small" id="position-note">${esc(note)}</p></section>`;
}

function renderCode(view: TrackingView, lang: Lang): string {
  const code = view.delivery?.code;
  if (!code) return '';
  const w = words[lang];
  return `<section class="card code" id="code"><h2>${esc(w.code)}</h2><p class="digits" data-testid="delivery-code">${esc(code)}</p><p class="muted">${esc(w.codeHint)}</p></section>`;
}

function renderTimeline(view: TrackingView, lang: Lang): string {
  const w = words[lang];
  const format = timeFormat(lang, view.shop.timezone, true);
  const reached = new Map<OrderStatus, Date>();
  for (const entry of view.timeline) reached.set(entry.status, entry.at);
  const status = view.order.status;
  const offPath = !STEPS.includes(status);
  // Off the happy path: what happened, in order. On it: every step, the next ones still grey.
  const steps: OrderStatus[] = offPath
    ? view.timeline.map((entry) => entry.status)
    : STEPS.filter((step) => step !== 'pending' || reached.has('pending'));
  const current = offPath ? steps.length - 1 : steps.indexOf(status);
  const items = steps.map((step, index) => {
    if (step === 'draft') return '';
    const at = reached.get(step);
    const state = index < current ? 'done' : index === current ? 'now' : 'next';
    const when = at && index <= current ? `<time>${esc(format.format(at))}</time>` : '';
    return `<li class="${state}"><span class="dot"></span><span class="step">${esc(w.status[step].step)}</span>${when}</li>`;
  });
  return `<section class="card"><h2>${esc(w.progress)}</h2><ol class="timeline">${items.join('')}</ol></section>`;
}

function renderLines(view: TrackingView, lang: Lang): string {
  const w = words[lang];
  const { order } = view;
  const money = (minor: number) => esc(formatMoney(minor, order.currency, lang));
  const lines = order.lines
    .map(
      (line) =>
        `<li><span class="qty">${line.quantity} ×</span><span class="name">${esc(line.name)}</span><span class="amount">${money(line.lineTotal)}</span></li>`,
    )
    .join('');
  const fee = order.deliveryFee === 0 ? esc(w.free) : money(order.deliveryFee);
  const due =
    order.cashDue > 0
      ? `<p class="due">${esc(w.toPay)} <strong>${money(order.cashDue)}</strong></p>`
      : '';
  return `<section class="card"><h2>${esc(w.yourOrder)}</h2><ul class="lines">${lines}</ul>
<dl class="sums"><dt>${esc(w.subtotal)}</dt><dd>${money(order.subtotal)}</dd><dt>${esc(w.deliveryFee)}</dt><dd>${fee}</dd><dt class="total">${esc(w.total)}</dt><dd class="total" data-testid="order-total">${money(order.total)}</dd></dl>${due}</section>`;
}

function renderContact(view: TrackingView, lang: Lang): string {
  const number = view.shop.whatsapp;
  if (!number) return '';
  const w = words[lang];
  return `<section class="card contact"><h2>${esc(w.question)} <span class="shop">${esc(view.shop.name)}</span></h2>
<p class="buttons"><a class="button wa" href="https://wa.me/${esc(number)}" rel="noopener noreferrer">${esc(w.whatsapp)}</a><a class="button call" href="tel:+${esc(number)}">${esc(w.call)}</a></p>
<p class="muted small">${esc(view.shop.whatsappDisplay ?? `+${number}`)}</p></section>`;
}

/** The order's part: everything the live stream may replace when the order moves on. */
export function renderMain(view: TrackingView, lang: Lang): string {
  const w = words[lang];
  const status = view.order.status === 'draft' ? 'pending' : view.order.status;
  const live = isFinished(view) ? '0' : '1';
  return `<main id="page" data-live="${live}" data-status="${esc(view.order.status)}">
<header class="top"><p class="shop-name">${esc(view.shop.name)}</p><p class="number">${esc(w.order(view.order.number))}</p></header>
<section class="card status status-${esc(status)}"><h1 data-testid="status">${esc(w.status[status].title)}</h1><p>${esc(w.status[status].hint)}</p></section>
${renderCode(view, lang)}
${renderLive(view, lang)}
${renderTimeline(view, lang)}
${renderLines(view, lang)}
${renderContact(view, lang)}
</main>`;
}

/** A version of the order's part: the live stream sends it again only when it changed. */
export const versionOf = (html: string) =>
  createHash('sha256').update(html).digest('base64url').slice(0, 16);

// ---- the documents ----------------------------------------------------------------------------

export const STYLE = `
*{box-sizing:border-box}
html{-webkit-text-size-adjust:100%}
body{margin:0;background:#eef2ef;color:#14211c;font:18px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,"Noto Sans",sans-serif}
main,.foot{max-width:480px;margin:0 auto;padding:12px}
.top{padding:8px 4px 4px}
.shop-name{margin:0;font-size:22px;font-weight:700}
.number{margin:2px 0 0;color:#4b5f57;font-size:16px}
.card{background:#fff;border-radius:16px;padding:16px 18px;margin:12px 0;box-shadow:0 1px 2px rgba(20,33,28,.08)}
h1{font-size:30px;line-height:1.15;margin:0 0 6px}
h2{font-size:17px;margin:0 0 10px;color:#3d5249;text-transform:uppercase;letter-spacing:.04em}
.status p{margin:0;color:#3d5249}
.status-out_for_delivery,.status-delivered{background:#0f766e;color:#fff}
.status-out_for_delivery p,.status-delivered p{color:#d7f0eb}
.status-cancelled,.status-failed,.status-returned{background:#fff4e5}
.code{text-align:center;border:3px solid #0f766e}
.digits{font-size:56px;font-weight:800;letter-spacing:.28em;margin:0 0 4px .28em;font-variant-numeric:tabular-nums}
.muted{color:#4b5f57;margin:6px 0 0}
.small{font-size:15px}
.who{font-size:20px;font-weight:600;margin:0}
.eta{margin:4px 0 10px;font-size:20px}
.eta strong{font-size:34px;color:#0f766e}
.map{display:block;width:100%;height:auto;border-radius:12px;background:#f3f7f4}
.map .ring{font-size:8px;fill:#47635a}
.map .north{font-size:8px;fill:#47635a;font-weight:700;text-anchor:middle}
.map .you{font-size:9px;font-weight:700;text-anchor:middle;fill:#1f2937}
.pulse{animation:pulse 2s ease-out infinite;transform-box:fill-box;transform-origin:center}
@keyframes pulse{0%{transform:scale(.7);opacity:1}100%{transform:scale(1.4);opacity:.2}}
@media (prefers-reduced-motion:reduce){.pulse{animation:none}}
.timeline{list-style:none;margin:0;padding:0}
.timeline li{display:flex;align-items:center;gap:12px;padding:7px 0;color:#8a9b94}
.timeline .dot{width:14px;height:14px;border-radius:50%;border:2px solid #b5c4bd;flex:none}
.timeline .done,.timeline .now{color:#14211c}
.timeline .done .dot{background:#0f766e;border-color:#0f766e}
.timeline .now .dot{background:#fff;border:4px solid #0f766e;width:18px;height:18px;margin-left:-2px}
.timeline .now .step{font-weight:700}
.timeline time{margin-left:auto;font-size:15px;color:#4b5f57;white-space:nowrap}
.lines{list-style:none;margin:0;padding:0}
.lines li{display:flex;gap:8px;padding:6px 0;border-bottom:1px solid #edf1ee}
.qty{color:#4b5f57;flex:none}
.name{flex:1}
.amount{white-space:nowrap}
.sums{display:grid;grid-template-columns:1fr auto;margin:10px 0 0;gap:4px}
.sums dd{margin:0;text-align:right}
.sums .total{font-weight:800;font-size:21px}
.due{margin:12px 0 0;padding:10px 12px;background:#fff4e5;border-radius:10px}
.buttons{display:flex;gap:10px;margin:0}
.button{flex:1;display:block;text-align:center;padding:14px 10px;border-radius:12px;font-weight:700;text-decoration:none;font-size:19px}
.wa{background:#128c7e;color:#fff}
.call{background:#e7efeb;color:#14211c}
.shop{text-transform:none;letter-spacing:0}
.foot{text-align:center;padding-bottom:28px;font-size:16px}
.foot a{color:#0f766e}
.pill{display:none;font-size:13px;font-weight:700;color:#0f766e;background:#e0f2ef;border-radius:99px;padding:2px 10px;margin-left:8px;vertical-align:middle}
.connected .pill{display:inline-block}
.gone{text-align:center;padding-top:40px}
`;

/**
 * The browser's whole script: listen to the page's event stream and swap in the parts it sends.
 * Without EventSource (or once the stream is refused) a live page reloads itself every minute.
 */
export const SCRIPT = `(function(){var b=document.body,u=b.getAttribute('data-events');if(!u)return;
function fallback(){var p=document.getElementById('page');if(p&&p.getAttribute('data-live')==='1')setTimeout(function(){location.reload()},60000)}
if(!window.EventSource)return fallback();var s=new EventSource(u);
function swap(id,e){var old=document.getElementById(id),box=document.createElement('div');box.innerHTML=JSON.parse(e.data).html;var next=box.firstElementChild;if(old&&next)old.replaceWith(next)}
s.addEventListener('open',function(){b.classList.add('connected')});
s.addEventListener('order',function(e){swap('page',e)});
s.addEventListener('position',function(e){swap('live',e)});
s.addEventListener('error',function(){b.classList.remove('connected');if(s.readyState===2)fallback()})})();`;

export const SCRIPT_HASH = cspHash(SCRIPT);
export const STYLE_HASH = cspHash(STYLE);

/** No script or style but ours (hashed), no request anywhere but this origin. */
export const CONTENT_SECURITY_POLICY = [
  "default-src 'none'",
  `script-src ${SCRIPT_HASH}`,
  `style-src ${STYLE_HASH}`,
  "img-src 'self' data:",
  "connect-src 'self'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');

function document_(lang: Lang, title: string, body: string, bodyAttributes = ''): string {
  return `<!doctype html>
<html lang="${words[lang].htmlLang}"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width,initial-scale=1">
<meta name="robots" content="noindex,nofollow">
<meta name="referrer" content="no-referrer">
<meta name="theme-color" content="#0f766e">
<title>${esc(title)}</title>
<style>${STYLE}</style></head>
<body${bodyAttributes}>${body}</body></html>`;
}

/** The whole page of an order; `eventsUrl`: its live stream (none once the order is finished). */
export function renderPage(
  view: TrackingView,
  lang: Lang,
  links: { eventsUrl: string | null; otherLangUrl: string },
): string {
  const w = words[lang];
  const main = renderMain(view, lang);
  const foot = `<footer class="foot"><a href="${esc(links.otherLangUrl)}" hreflang="${lang === 'fr' ? 'en' : 'fr'}">${esc(w.otherLang)}</a><span class="pill">${esc(w.live)}</span></footer>`;
  const script = links.eventsUrl ? `<script>${SCRIPT}</script>` : '';
  const events = links.eventsUrl ? ` data-events="${esc(links.eventsUrl)}"` : '';
  return document_(
    lang,
    `${w.order(view.order.number)} · ${view.shop.name}`,
    `${main}${foot}${script}`,
    events,
  );
}

/** Unknown, malformed or expired link: one page for all, so none can be told from another. */
export function renderGone(lang: Lang, kind: 'not-found' | 'too-many' = 'not-found'): string {
  const w = words[lang];
  const [title, text] =
    kind === 'not-found' ? [w.notFoundTitle, w.notFoundText] : [w.tooManyTitle, w.tooManyText];
  return document_(
    lang,
    title,
    `<main class="gone"><section class="card"><h1>${esc(title)}</h1><p class="muted">${esc(text)}</p></section></main>`,
  );
}
