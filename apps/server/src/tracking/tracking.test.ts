// The customer's tracking page over HTTP, on the real database: who gets a page and who the same
// 404, what it shows and never shows, its headers, its language, its live stream fed by the real
// courier procedures, and what the database keeps of a link (its token's hash only). Over 400
// lines: the page's whole contract shares one database copy and one set of shops, which the suite's
// time budget favours over a second file paying its own.
import { jobs } from '@flux/api';
import {
  issueTrackingLink,
  orderTrackingToken,
  trackingPath,
  trackingTokenHash,
  trackingUrl,
} from '@flux/api/services/tracking';
import { connectedShop, deliveryOtp, PREVIOUS_TEST_KEY, useTestApp } from '@flux/api/testing';
import { formatMoney, type OrderStatus } from '@flux/contracts';
import { schema } from '@flux/db';
import { eq, sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { createApp } from '../app';
import { redactTrackingPath } from './routes';

// As during a key rotation: ENCRYPTION_KEY_PREVIOUS holds the key from before it.
const app = useTestApp({ previousServerKeys: [PREVIOUS_TEST_KEY] });
const http = (services = app.services) =>
  createApp(services, {
    whatsapp: { verifyToken: 'verify-token-test', appSecret: 'app-secret-test' },
    allowedOrigins: ['http://localhost:3000'],
    trustProxyHops: 0,
    secureCookies: false,
    bodyLimit: 1_000_000,
  });

/** The customer's door, in Dakar (Mermoz). */
const DROPOFF = { lat: 14.7086, lng: -17.4721 };
let n = 0;

/** A shop with a WhatsApp number, a courier with the app, and one order of 2 products. */
async function shop() {
  const { owner } = await connectedShop(app);
  const rider = await app.signUp();
  await app.join(owner, rider, 'courier');
  n += 1;
  const [courier] = await app.services.db
    .insert(schema.couriers)
    .values({
      businessId: owner.businessId,
      userId: rider.userId,
      name: 'Ibrahima Faye',
      phone: `+2217712${String(n).padStart(5, '0')}`,
      vehicle: 'motorbike',
      status: 'available',
      capacity: 5,
    })
    .returning();
  const products = await Promise.all(
    [
      { sku: `SAC-${n}`, name: 'Sac en raphia <tressé>', price: 4_500 },
      { sku: `SAV-${n}`, name: 'Savon noir', price: 1_000 },
    ].map((product) => owner.caller.products.create({ ...product, stock: 100 })),
  );
  const [prospect] = await app.services.db
    .insert(schema.prospects)
    .values({ businessId: owner.businessId, phone: `+2217713${String(n).padStart(5, '0')}` })
    .returning();
  return { owner, rider, courierId: courier?.id ?? '', products, prospectId: prospect?.id ?? '' };
}

type Shop = Awaited<ReturnType<typeof shop>>;

async function newOrder(s: Shop, status: 'draft' | 'pending' = 'pending') {
  const order = await s.owner.caller.orders.create({
    prospectId: s.prospectId,
    lines: [
      { productId: s.products[0]?.id ?? '', quantity: 2 },
      { productId: s.products[1]?.id ?? '', quantity: 1 },
    ],
    deliveryLat: DROPOFF.lat,
    deliveryLng: DROPOFF.lng,
    ...(status === 'draft' ? { status: 'draft' as const } : {}),
  });
  const [row] = await app.services.db
    .select({ total: schema.orders.total })
    .from(schema.orders)
    .where(eq(schema.orders.id, order.id));
  return {
    id: order.id,
    token: await linkToken(s.owner.businessId, order.id),
    total: row?.total ?? 0,
  };
}

/** The order's link given out (as a notification's send does), and its token. */
async function linkToken(businessId: string, orderId: string) {
  const link = await issueTrackingLink(app.services.db, app.services.config, {
    businessId,
    orderId,
  });
  return decodeURIComponent(new URL(link).pathname.replace(/^\/t\//, ''));
}

/** Runs the order.status-changed job as a worker would after a transition (not running here). */
async function statusChanged(s: Shop, orderId: string, from: OrderStatus, to: OrderStatus) {
  const job = jobs.find((definition) => definition.name === 'order.status-changed');
  if (!job) throw new Error('no order.status-changed job');
  await job.handler(
    {
      businessId: s.owner.businessId,
      orderId,
      number: 1,
      from,
      to,
      reason: null,
      at: new Date().toISOString(),
    },
    app.services,
    { id: 'test', retryCount: 0 },
  );
}

/** The order made ready, its delivery created (the job's work) and accepted by the courier. */
async function readyWithCourier(s: Shop, orderId: string) {
  for (const verb of ['confirm', 'startPreparing', 'markReady'] as const) {
    await s.owner.caller.orders[verb]({ id: orderId });
  }
  await statusChanged(s, orderId, 'preparing', 'ready');
  const [delivery] = await app.services.db
    .update(schema.deliveries)
    .set({ status: 'accepted', courierId: s.courierId, acceptedAt: new Date() })
    .where(eq(schema.deliveries.orderId, orderId))
    .returning();
  return delivery?.id ?? '';
}

/** Out for delivery through the courier app's own pick-up. */
async function outForDelivery(s: Shop) {
  const order = await newOrder(s);
  const deliveryId = await readyWithCourier(s, order.id);
  const rider = await app.as(s.rider.token);
  await rider.courier.pickUp({ deliveryId, clientActionId: `pick-${deliveryId}` });
  return { ...order, deliveryId, rider };
}

const get = (path: string, headers: Record<string, string> = {}) =>
  http().request(path, { headers });

describe('GET /t/:token', () => {
  it('an unknown, a malformed, a draft’s and an expired link all get the same friendly 404 page', async () => {
    const s = await shop();
    const draft = await newOrder(s, 'draft');
    const done = await outForDelivery(s);
    const key = app.services.config.deliveryCodeKey;
    // An order whose link was never given out: its token is not in the database yet.
    const unsent = await s.owner.caller.orders.create({
      prospectId: s.prospectId,
      lines: [{ productId: s.products[0]?.id ?? '', quantity: 1 }],
    });
    await app.services.db
      .update(schema.orders)
      .set({ status: 'delivered', deliveredAt: new Date(Date.now() - 8 * 86_400_000) })
      .where(eq(schema.orders.id, done.id));
    const answers = await Promise.all(
      [
        trackingPath(orderTrackingToken(crypto.randomUUID(), app.services.config.deliveryCodeKey)),
        '/t/abc',
        `/t/${'%27%3Cscript%3E'.repeat(4)}`,
        trackingPath(draft.token),
        trackingPath(done.token),
        // The same order's token under another key (a forged one, or one from before a key change).
        trackingPath(orderTrackingToken(done.id, `${key}-other`)),
        trackingPath(orderTrackingToken(unsent.id, key)),
        '/t/',
        `${trackingPath(done.token)}/events`,
      ].map((path) => get(path, { 'accept-language': 'fr' })),
    );
    const bodies = await Promise.all(answers.map((answer) => answer.text()));
    for (const [index, answer] of answers.entries()) {
      expect(answer.status, `answer ${index}`).toBe(404);
      expect(answer.headers.get('content-type')).toContain('text/html');
      expect(bodies[index]).toBe(bodies[0]);
    }
    expect(bodies[0]).toContain('Lien introuvable');
    expect(bodies[0]).not.toContain('script>');
  });

  it('a link works until TRACKING_LINK_DAYS after the order ended', async () => {
    const s = await shop();
    const order = await newOrder(s);
    await app.services.db
      .update(schema.orders)
      .set({ status: 'cancelled', cancelledAt: new Date(Date.now() - 6 * 86_400_000) })
      .where(eq(schema.orders.id, order.id));
    const page = await get(trackingPath(order.token));
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('Commande annulée');
    // A finished order's page has no live stream: nothing will change.
    const events = await get(`${trackingPath(order.token)}/events`);
    expect(events.status).toBe(204);
  });

  it('an order on its way shows its lines, total, timeline, the courier’s first name, the door code and the shop’s WhatsApp, never the courier’s surname, phone or exact position', async () => {
    const s = await shop();
    const order = await outForDelivery(s);
    // The courier's exact position, 1.2 km north-east of the door.
    await order.rider.courier.updateLocation({ lat: 14.716789, lng: -17.463412 });
    const answer = await get(trackingPath(order.token), { 'accept-language': 'fr-FR,fr;q=0.9' });
    expect(answer.status).toBe(200);
    const html = await answer.text();
    expect(html).toContain('<html lang="fr">');
    expect(html).toContain('En route vers vous');
    expect(html).toContain('Ibrahima arrive avec votre commande');
    // HTML from the catalog is shown as text.
    expect(html).toContain('Sac en raphia &lt;tressé&gt;');
    expect(html).toContain('Savon noir');
    expect(html).toContain(formatMoney(order.total, 'XOF', 'fr'));
    expect(html).toContain('À payer à la livraison');
    expect(html).toMatch(/Reçue.*Confirmée.*En préparation.*Prête.*En route.*Livrée/s);
    expect(html).toContain(`data-testid="delivery-code">${deliveryOtp(order.deliveryId)}<`);
    expect(html).toContain('https://wa.me/221770000001');
    expect(html).toContain('href="tel:+221770000001"');
    expect(html).toMatch(/id="courier" data-x="[\d.-]+" data-y="[\d.-]+"/);
    expect(html).toMatch(/≈ \d+ min/);
    // What must never reach a customer.
    const courier = await app.services.db
      .select()
      .from(schema.couriers)
      .where(eq(schema.couriers.id, s.courierId));
    expect(html).not.toContain('Faye');
    expect(html).not.toContain(courier[0]?.phone.slice(4) ?? 'x');
    expect(html).not.toContain('14.716789');
    expect(html).not.toContain('17.463412');
    expect(html).not.toContain('7167');
    expect(html).not.toContain(s.owner.email);
  });

  it('a position the courier’s phone sent more than 10 minutes ago gets no ETA, and says so', async () => {
    const s = await shop();
    const order = await outForDelivery(s);
    await order.rider.courier.updateLocation({
      lat: DROPOFF.lat + 0.01,
      lng: DROPOFF.lng,
      at: new Date(Date.now() - 30 * 60_000),
    });
    const html = await (await get(trackingPath(order.token))).text();
    expect(html).toContain('id="courier"');
    expect(html).not.toContain('id="eta"');
    expect(html).toContain('Dernière position connue à');
  });

  it('the door code shows while the order is on its way, not before it is ready nor once delivered', async () => {
    const s = await shop();
    const order = await newOrder(s);
    const pending = await (await get(trackingPath(order.token))).text();
    expect(pending).toContain('Commande reçue');
    expect(pending).not.toContain('delivery-code');

    const deliveryId = await readyWithCourier(s, order.id);
    const ready = await (await get(trackingPath(order.token))).text();
    expect(ready).toContain('Prête');
    const code = deliveryOtp(deliveryId);
    expect(ready).toContain(`data-testid="delivery-code">${code}<`);
    // The courier is not on the way yet: neither their name nor a map.
    expect(ready).not.toContain('Ibrahima');
    expect(ready).not.toContain('id="courier"');

    const rider = await app.as(s.rider.token);
    await rider.courier.pickUp({ deliveryId, clientActionId: 'pick-code' });
    const onItsWay = await (await get(trackingPath(order.token))).text();
    expect(onItsWay).toContain(`data-testid="delivery-code">${code}<`);
    await rider.courier.deliver({
      deliveryId,
      clientActionId: 'deliver-code',
      otp: code,
      cashCollected: order.total,
    });
    const delivered = await (await get(trackingPath(order.token))).text();
    expect(delivered).toContain('Livrée');
    expect(delivered).not.toContain('delivery-code');
    expect(delivered).not.toContain(`>${code}<`);
    expect(delivered).not.toContain('Ibrahima');
    // Finished: no live stream, no script.
    expect(delivered).not.toContain('<script');
  });

  it('speaks French first, English from Accept-Language, and either from ?lang=', async () => {
    const s = await shop();
    const order = await newOrder(s);
    const path = trackingPath(order.token);
    const page = async (headers: Record<string, string>, query = '') =>
      (await get(`${path}${query}`, headers)).text();
    expect(await page({})).toContain('Commande reçue');
    expect(await page({ 'accept-language': 'en-GB,en;q=0.9,fr;q=0.5' })).toContain(
      'Order received',
    );
    expect(await page({ 'accept-language': 'wo-SN,fr;q=0.4,en;q=0.3' })).toContain(
      'Commande reçue',
    );
    const english = await page({ 'accept-language': 'fr' }, '?lang=en');
    expect(english).toContain('<html lang="en">');
    expect(english).toContain('Order received');
    expect(english).toContain(formatMoney(order.total, 'XOF', 'en'));
    expect(english).toContain(`href="${path}?lang=fr"`);
    expect(await page({ 'accept-language': 'en' }, '?lang=fr')).toContain('Commande reçue');
    const gone = await (
      await get('/t/unknown-token-unknown-token', { 'accept-language': 'en' })
    ).text();
    expect(gone).toContain('Link not found');
  });

  it('answers with a strict CSP (its one script hashed), no referrer, noindex, no-store and no cookie; its JavaScript is well under 50 KB', async () => {
    const s = await shop();
    const order = await newOrder(s);
    const answer = await get(trackingPath(order.token), { cookie: 'flux_session=whatever' });
    const html = await answer.text();
    const csp = answer.headers.get('content-security-policy') ?? '';
    expect(csp).toContain("default-src 'none'");
    expect(csp).toMatch(/script-src 'sha256-[\w+/=]+'(;|$)/);
    expect(csp).not.toContain('unsafe-inline');
    expect(csp).toContain("connect-src 'self'");
    expect(answer.headers.get('referrer-policy')).toBe('no-referrer');
    expect(answer.headers.get('x-robots-tag')).toContain('noindex');
    expect(answer.headers.get('cache-control')).toBe('no-store');
    expect(answer.headers.get('set-cookie')).toBeNull();
    expect(html).toContain('<meta name="robots" content="noindex,nofollow">');
    // No script from anywhere else; the inline ones are all the JavaScript there is.
    expect(html).not.toMatch(/<script[^>]+src=/);
    const scripts = [...html.matchAll(/<script>([\s\S]*?)<\/script>/g)].map((m) => m[1] ?? '');
    expect(scripts).toHaveLength(1);
    const bytes = scripts.reduce((sum, script) => sum + Buffer.byteLength(script), 0);
    expect(bytes).toBeLessThan(2_000);
    const { createHash } = await import('node:crypto');
    const hash = createHash('sha256')
      .update(scripts[0] ?? '')
      .digest('base64');
    expect(csp).toContain(`'sha256-${hash}'`);
  });
});

/** Server-sent events of a streaming answer, read as they come. */
function eventReader(answer: Response) {
  const reader = answer.body?.getReader();
  if (!reader) throw new Error('no body');
  const decoder = new TextDecoder();
  const events: { event: string; data: string }[] = [];
  let buffer = '';
  let ended = false;
  return {
    events,
    get ended() {
      return ended;
    },
    /** Reads until `stop` holds (or the stream ends); throws after `timeoutMs`. */
    async until(stop: (events: { event: string; data: string }[]) => boolean, timeoutMs = 10_000) {
      const timeout = setTimeout(() => void reader.cancel('timed out'), timeoutMs);
      try {
        while (!stop(events) && !ended) {
          const chunk = await reader.read();
          if (chunk.done) {
            ended = true;
            break;
          }
          buffer += decoder.decode(chunk.value, { stream: true });
          for (let end = buffer.indexOf('\n\n'); end >= 0; end = buffer.indexOf('\n\n')) {
            const block = buffer.slice(0, end);
            buffer = buffer.slice(end + 2);
            const event = /^event: ?(.*)$/m.exec(block)?.[1] ?? 'message';
            const data = [...block.matchAll(/^data: ?(.*)$/gm)].map((m) => m[1]).join('\n');
            if (data) events.push({ event, data });
          }
        }
      } finally {
        clearTimeout(timeout);
      }
      if (!stop(events) && !ended) throw new Error(`timed out with ${JSON.stringify(events)}`);
      return events;
    },
  };
}

describe('GET /t/:token/events', () => {
  it('pushes the courier’s coarse position when they move, and the new page when the order is delivered', async () => {
    const s = await shop();
    const order = await outForDelivery(s);
    const controller = new AbortController();
    const answer = await http().request(`${trackingPath(order.token)}/events?lang=fr&v=old`, {
      signal: controller.signal,
    });
    expect(answer.status).toBe(200);
    expect(answer.headers.get('content-type')).toContain('text/event-stream');
    expect(answer.headers.get('set-cookie')).toBeNull();
    const stream = eventReader(answer);
    const until = (count: number) => (events: { event: string }[]) =>
      events.filter((e) => e.event !== 'hello').length >= count;
    // The browser said it has an older page: it gets the current one first.
    const first = await stream.until(until(1));
    expect(first.at(-1)?.event).toBe('order');

    await order.rider.courier.updateLocation({ lat: 14.712345, lng: -17.468765 });
    const moved = await stream.until(until(2));
    const position = moved.at(-1);
    expect(position?.event).toBe('position');
    const { html } = JSON.parse(position?.data ?? '{}') as { html: string };
    expect(html).toMatch(/id="courier" data-x="[\d.-]+" data-y="-[\d.]+"/);
    expect(html).toMatch(/≈ \d+ min/);
    expect(html).not.toContain('14.712345');
    expect(html).not.toContain('Faye');

    // Another courier's move, or another order's, is not this page's business.
    await app.services.live.publish(s.owner.businessId, {
      type: 'courier.position',
      courierId: s.courierId,
      deliveryIds: ['00000000-0000-4000-8000-000000000000'],
      lat: 14.7,
      lng: -17.4,
      at: new Date().toISOString(),
    });
    await order.rider.courier.deliver({
      deliveryId: order.deliveryId,
      clientActionId: 'deliver-live',
      otp: deliveryOtp(order.deliveryId),
      cashCollected: order.total,
    });
    // The job publishes the change to the live bus.
    await statusChanged(s, order.id, 'out_for_delivery', 'delivered');
    const done = await stream.until(until(3));
    const last = done.at(-1);
    expect(last?.event).toBe('order');
    expect(JSON.parse(last?.data ?? '{}').html).toContain('Livrée');
    expect(done.filter((e) => e.event === 'position')).toHaveLength(1);
    // The order is finished: the stream ends.
    await stream.until(() => false);
    expect(stream.ended).toBe(true);
    controller.abort();
  });

  it('a link holds at most 4 open streams at once, and a closed one gives its place back', async () => {
    const s = await shop();
    const order = await newOrder(s);
    const controllers = Array.from({ length: 5 }, () => new AbortController());
    const app_ = http();
    const open = [];
    for (const controller of controllers.slice(0, 4)) {
      const answer = await app_.request(`${trackingPath(order.token)}/events`, {
        signal: controller.signal,
      });
      expect(answer.status).toBe(200);
      open.push(answer);
      await eventReader(answer).until((events) => events.length >= 1);
    }
    const refused = await app_.request(`${trackingPath(order.token)}/events`);
    expect(refused.status).toBe(429);
    for (const controller of controllers) controller.abort();
    // A closed stream gives its place back.
    await new Promise((resolve) => setTimeout(resolve, 100));
    const again = new AbortController();
    const reopened = await app_.request(`${trackingPath(order.token)}/events`, {
      signal: again.signal,
    });
    expect(reopened.status).toBe(200);
    again.abort();
  });
});

describe('tracking tokens at rest', () => {
  const orderRow = async (id: string) => {
    const rows = await app.services.db.execute<{ row: string }>(
      sql`select to_jsonb(o)::text as row from orders o where o.id = ${id}`,
    );
    return rows.rows[0]?.row ?? '';
  };

  it('the database keeps only the SHA-256 of a link’s token, and the same link is given every time', async () => {
    const s = await shop();
    const order = await newOrder(s);
    expect(await linkToken(s.owner.businessId, order.id)).toBe(order.token);
    const [row] = await app.services.db
      .select({
        hash: schema.orders.trackingTokenHash,
        legacy: schema.orders.legacyTrackingTokenHash,
      })
      .from(schema.orders)
      .where(eq(schema.orders.id, order.id));
    expect(row?.hash).toBe(trackingTokenHash(order.token));
    expect(row?.legacy).toBeNull();
    expect(await orderRow(order.id)).not.toContain(order.token);
    const columns = await app.services.db.execute<{ name: string }>(
      sql`select column_name as name from information_schema.columns where table_name = 'orders' and column_name like '%tracking%'`,
    );
    expect(columns.rows.map((column) => column.name).sort()).toEqual([
      'legacy_tracking_token_hash',
      'tracking_token_hash',
    ]);
    expect((await get(trackingPath(order.token))).status).toBe(200);
  });

  it('a link sent before the tokens were hashed still opens its page, and the order’s new link opens it too', async () => {
    const s = await shop();
    const order = await s.owner.caller.orders.create({
      prospectId: s.prospectId,
      lines: [{ productId: s.products[0]?.id ?? '', quantity: 1 }],
    });
    // What migration 0029 leaves of an older order: its random token's hash, no new one yet.
    const old = 'Zk3x9QeR1tYbW7uVn2LpA0sDfGhJkLmNoPqRsTuVwXy';
    await app.services.db
      .update(schema.orders)
      .set({ trackingTokenHash: null, legacyTrackingTokenHash: trackingTokenHash(old) })
      .where(eq(schema.orders.id, order.id));
    const before = await get(trackingPath(old));
    expect(before.status).toBe(200);
    expect(await before.text()).toContain(order.reference);
    const updatedAt = async () =>
      (
        await app.services.db
          .select({ at: schema.orders.updatedAt })
          .from(schema.orders)
          .where(eq(schema.orders.id, order.id))
      )[0]?.at;
    const changed = await updatedAt();
    const token = await linkToken(s.owner.businessId, order.id);
    expect(token).not.toBe(old);
    // Giving the link out is not a change of the order.
    expect(await updatedAt()).toEqual(changed);
    expect((await get(trackingPath(token))).status).toBe(200);
    expect((await get(trackingPath(old))).status).toBe(200);
    expect(await orderRow(order.id)).not.toContain(old);
  });
});

describe('tracking links across a key rotation', () => {
  it('a link given out under the previous key opens and is given again; once the key is removed it is dead and the order gets a link under the current key', async () => {
    const s = await shop();
    const order = await s.owner.caller.orders.create({
      prospectId: s.prospectId,
      lines: [{ productId: s.products[0]?.id ?? '', quantity: 1 }],
    });
    const scope = { businessId: s.owner.businessId, orderId: order.id };
    // Given out by the server before the rotation, whose key is now the previous one.
    const before = { publicUrl: app.services.config.publicUrl, previousServerKeys: [] };
    const sent = await issueTrackingLink(
      app.services.db,
      { ...before, deliveryCodeKey: PREVIOUS_TEST_KEY },
      scope,
    );
    const old = decodeURIComponent(new URL(sent).pathname.replace(/^\/t\//, ''));
    expect(old).toBe(orderTrackingToken(order.id, PREVIOUS_TEST_KEY));
    expect((await get(trackingPath(old))).status).toBe(200);
    // A notification sent now carries the same link: the customer keeps one.
    expect(await linkToken(s.owner.businessId, order.id)).toBe(old);
    // An order given its first link now gets one under the current key.
    const fresh = await newOrder(s);
    expect(fresh.token).toBe(orderTrackingToken(fresh.id, app.services.config.deliveryCodeKey));

    // ENCRYPTION_KEY_PREVIOUS emptied: the old link no longer opens; the order's next link is new.
    const after = { ...app.services, config: { ...app.services.config, previousServerKeys: [] } };
    expect((await http(after).request(trackingPath(old))).status).toBe(404);
    const next = await issueTrackingLink(after.db, after.config, scope);
    const token = decodeURIComponent(new URL(next).pathname.replace(/^\/t\//, ''));
    expect(token).toBe(orderTrackingToken(order.id, app.services.config.deliveryCodeKey));
    expect((await http(after).request(trackingPath(token))).status).toBe(200);
    expect((await http(after).request(trackingPath(old))).status).toBe(404);
    expect((await http(after).request(trackingPath(fresh.token))).status).toBe(200);
  });
});

describe('tracking links', () => {
  it('a token is 128 bits of HMAC of the order’s id under the server key: the same for the same order, another for another order or key', () => {
    const key = app.services.config.deliveryCodeKey;
    const ids = Array.from({ length: 1_000 }, () => crypto.randomUUID());
    const tokens = new Set(ids.map((id) => orderTrackingToken(id, key)));
    expect(tokens.size).toBe(1_000);
    for (const token of tokens) expect(token).toMatch(/^[A-Za-z0-9_-]{22}$/);
    const [id = ''] = ids;
    expect(orderTrackingToken(id, key)).toBe(orderTrackingToken(id, key));
    expect(orderTrackingToken(id, `${key}x`)).not.toBe(orderTrackingToken(id, key));
    expect(trackingTokenHash('abc')).toBe(
      'ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad',
    );
  });

  it('trackingPath and trackingUrl build the link notifications send', () => {
    expect(trackingPath('AbC_-1')).toBe('/t/AbC_-1');
    expect(trackingUrl('https://shop.example.com', 'AbC_-1')).toBe(
      'https://shop.example.com/t/AbC_-1',
    );
    expect(trackingUrl('https://example.com/flux/', 'tok')).toBe('https://example.com/flux/t/tok');
  });

  it('the request log never holds a token', () => {
    expect(redactTrackingPath('/t/AbCdEf/events')).toBe('/t/:token/events');
    expect(redactTrackingPath('/t/AbCdEf')).toBe('/t/:token');
    expect(redactTrackingPath('/trpc/orders.list')).toBe('/trpc/orders.list');
  });
});
