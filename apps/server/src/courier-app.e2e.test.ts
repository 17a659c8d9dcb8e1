/// <reference lib="dom" />
// The courier app's web build (`expo export --platform web`) in headless Chromium at a phone's
// size, beside the whole product in this process: a small server here serves the app's files and
// passes /trpc and /uploads to the real API (one origin, as a deployment behind a proxy would).
// The courier signs in by phone, goes available, gets the offer of an order the shop made ready
// through the live events (before any poll could bring it), accepts, picks up (a map of both
// points), loses the network, delivers with the customer's code and the cash (waiting to send),
// gets the network back: the action is replayed once, and the delivery is in today's summary.
// Then off duty tapped offline waits in line and reaches the server when the network does.
// Screenshots of each screen go to docs/screenshots with UPDATE_SCREENSHOTS=1.
// Over 400 lines on purpose: one courier's session, in order, each test starting where the previous
// one left the app; a second file would pay that setup again, and the suite runs near its CI time
// limit.
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { type AddressInfo, createServer } from 'node:net';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import type { AppRouter } from '@flux/api';
import { schema } from '@flux/db';
import { DEMO_LOGIN } from '@flux/db/seed';
import { serve } from '@hono/node-server';
import { serveStatic } from '@hono/node-server/serve-static';
import { createTRPCClient, httpLink } from '@trpc/client';
import { and, eq, ne } from 'drizzle-orm';
import { type Context, Hono } from 'hono';
import type { BrowserContext, Page } from 'playwright-core';
import superjson from 'superjson';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PHONE, screenshotFailures, screenshotsDir, useFrenchPage } from '../test/browser';
import { useTestServer } from './testing';

const repoRoot = fileURLToPath(new URL('../../..', import.meta.url));
const courierDir = join(repoRoot, 'apps/courier');
const dist = join(courierDir, 'dist');
/** Lamine Badji, the demo's off-duty courier: by email, or by the number the shop knows him by. */
const COURIER = {
  email: 'courier4@fluxasync.test',
  phone: '70 555 01 04',
  password: 'demo-fluxasync',
};
/** The app's backstop poll of offers while its live connection is up (use-courier-queries). */
const OFFERS_BACKSTOP_POLL_MS = 60_000;
/** Near the demo shop's pickup point (Marché Sandaga, Dakar). */
const HERE = { latitude: 14.6735, longitude: -17.4402 };
/**
 * The web build's initial JavaScript, gzipped: what a courier's phone downloads before the first
 * screen (React, React Native Web, expo-router, TanStack Query, the tRPC client and the app).
 */
const INITIAL_JS_BUDGET_GZIP = 450 * 1024;

const shots = screenshotsDir('courier');

const server = useTestServer();
let appServer: ReturnType<typeof serve> | undefined;
let appUrl = '';
let context: BrowserContext;
let page: Page;
/** Answers the API gave to the app's `courier.deliver` calls. */
const deliverAnswers: number[] = [];
/** When the app asked for its offers (epoch ms). */
const offerFetches: number[] = [];
/** The product's database, to check what reached the server. */
const db = () => server.running.database.db;

/** A free port for the app's server. */
async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as AddressInfo;
      probe.close(() => resolve(port));
    });
  });
}

/** Passes a request to the API as a proxy in front of both would (one origin for the browser). */
async function toApi(c: Context) {
  const target = new URL(c.req.path + new URL(c.req.url).search, server.url);
  const headers = new Headers(c.req.raw.headers);
  headers.delete('host');
  headers.delete('content-length');
  // The proxy is the API's own front: the page's origin is the API's.
  if (headers.has('origin')) headers.set('origin', new URL(server.url).origin);
  const method = c.req.method;
  const response = await fetch(target, {
    method,
    headers,
    body: method === 'GET' || method === 'HEAD' ? undefined : await c.req.arrayBuffer(),
  });
  const out = new Headers(response.headers);
  out.delete('content-encoding');
  out.delete('content-length');
  return new Response(response.body, { status: response.status, headers: out });
}

function startAppServer(port: number) {
  const app = new Hono();
  app.all('/trpc/*', toApi);
  app.all('/uploads/*', toApi);
  app.use('/*', serveStatic({ root: dist }));
  // expo-router's single-page output: every route is index.html.
  app.get('*', (c) => c.html(readFileSync(join(dist, 'index.html'), 'utf8')));
  return serve({ fetch: app.fetch, port, hostname: '127.0.0.1' });
}

/** The shop's side, through the API as the dashboard calls it (the owner's bearer session). */
async function shopClient() {
  const anonymous = createTRPCClient<AppRouter>({
    links: [httpLink({ url: `${server.url}/trpc`, transformer: superjson })],
  });
  const grant = await anonymous.auth.signIn.mutate({ ...DEMO_LOGIN, client: 'app' });
  return createTRPCClient<AppRouter>({
    links: [
      httpLink({
        url: `${server.url}/trpc`,
        transformer: superjson,
        headers: () => ({ authorization: `Bearer ${grant.token}` }),
      }),
    ],
  });
}

/** An order of the demo shop, paid cash on delivery, made ready: its delivery is offered. */
async function readyOrder(shop: Awaited<ReturnType<typeof shopClient>>, address: string) {
  const products = await shop.products.list.query({ active: true });
  const prospects = await shop.prospects.list.query({});
  const product = products.items.find((p) => p.stock > 0);
  const prospect = prospects.items[0];
  if (!product || !prospect) throw new Error('the demo shop has products and prospects');
  const order = await shop.orders.create.mutate({
    prospectId: prospect.id,
    lines: [{ productId: product.id, quantity: 1 }],
    deliveryAddress: address,
    deliveryLat: 14.7,
    deliveryLng: -17.47,
    paymentMethod: 'cash_on_delivery',
  });
  for (const verb of ['confirm', 'startPreparing', 'markReady'] as const) {
    await shop.orders[verb].mutate({ id: order.id });
  }
  return order;
}

/** The offer of the test's own order (others, the demo's waiting deliveries, may be listed). */
const offerOf = (address: string) => page.getByTestId('offer-card').filter({ hasText: address });
/** The courier's run for the test's own order, by its number. */
const runOf = (reference: string) =>
  page.getByTestId('delivery-row').filter({ hasText: reference });

const shot = async (name: string) => {
  await page.screenshot({ path: join(shots, `courier-${name}.png`) });
};

beforeAll(async () => {
  if (!existsSync(join(dist, 'index.html')) || process.env.COURIER_REBUILD === '1') {
    // Once per run, and only when `pnpm build` has not built it already.
    execFileSync('pnpm', ['--filter', '@flux/courier', 'build'], {
      cwd: repoRoot,
      stdio: 'inherit',
    });
  }
  appUrl = `http://127.0.0.1:${await freePort()}`;
  appServer = startAppServer(Number(new URL(appUrl).port));
}, 300_000);
afterAll(() => {
  appServer?.close();
});

const app = useFrenchPage({
  context: {
    ...PHONE,
    timezoneId: 'Africa/Dakar',
    geolocation: HERE,
    permissions: ['geolocation'],
  },
  timeoutMs: 20_000,
});
beforeAll(() => {
  context = app.context();
  page = app.page();
  page.on('response', (response) => {
    if (response.url().includes('/trpc/courier.deliver')) deliverAnswers.push(response.status());
  });
  page.on('request', (request) => {
    if (request.url().includes('courier.myOffers')) offerFetches.push(Date.now());
  });
  page.on('pageerror', (error) =>
    process.stderr.write(`courier e2e: page error ${error.message}\n`),
  );
  if (process.env.COURIER_E2E_DEBUG === '1') {
    page.on('console', (m) => process.stderr.write(`courier e2e console: ${m.text()}\n`));
    page.on('requestfailed', (r) => process.stderr.write(`courier e2e failed: ${r.url()}\n`));
  }
});
screenshotFailures(() => page, shots, { label: 'courier e2e' });

describe('the courier app in a phone-sized browser', () => {
  let deliveryId = '';
  let courierId = '';
  /** The test's first order's number (its run is found by it). */
  let reference = '';
  let cashDue = 0;
  /** The courier's cash collected (minor units) before this delivery. */
  let collectedBefore = 0;
  const collected = async () => {
    const shop = await shopClient();
    const [cash] = await shop.couriers.cash.query({ courierId });
    return cash?.collected.minor ?? 0;
  };

  it('the initial JavaScript of the web build stays under its budget', () => {
    const html = readFileSync(join(dist, 'index.html'), 'utf8');
    const scripts = [...html.matchAll(/<script[^>]+src="([^"]+)"/g)].map((m) => m[1] ?? '');
    expect(scripts.length).toBeGreaterThan(0);
    let raw = 0;
    let gzip = 0;
    for (const src of scripts) {
      const bytes = readFileSync(join(dist, src.replace(/^\//, '')));
      raw += bytes.length;
      gzip += gzipSync(bytes, { level: 9 }).length;
    }
    process.stdout.write(
      `courier web build: initial JS ${(raw / 1024).toFixed(0)} KB, ${(gzip / 1024).toFixed(0)} KB gzipped (budget ${INITIAL_JS_BUDGET_GZIP / 1024} KB)\n`,
    );
    expect(gzip).toBeLessThan(INITIAL_JS_BUDGET_GZIP);
  });

  it('a signed-out courier lands on sign-in; the demo courier signs in by phone and stays signed in', async () => {
    await page.goto(appUrl);
    await page.getByRole('heading', { name: 'Connexion' }).waitFor();
    // The number as he dials it (the phone's time zone says Senegal).
    await page.getByLabel('E-mail ou téléphone').fill(COURIER.phone);
    await shot('sign-in');
    await page.getByLabel('Mot de passe').fill('wrong password');
    await page.getByRole('button', { name: 'Se connecter' }).click();
    await page.getByText('Identifiant ou mot de passe incorrect.').waitFor();
    await page.getByLabel('Mot de passe').fill(COURIER.password);
    await page.getByRole('button', { name: 'Se connecter' }).click();
    await page.getByTestId('courier-status').getByText('Hors service').waitFor();
    await page.reload();
    await page.getByTestId('courier-status').getByText('Hors service').waitFor();
  });

  it('goes available and shares the position', async () => {
    await page.getByRole('button', { name: 'Commencer ma journée' }).click();
    await page.getByTestId('courier-status').getByText('Disponible').waitFor();
    await page.getByText('Position partagée avec la boutique').waitFor();
    // The live events are connected: offers come at once.
    await page.getByTestId('offers-live').waitFor();
    // The position reached the server (dispatch ranks couriers by it).
    await expect
      .poll(async () => {
        const [row] = await db()
          .select({ lat: schema.couriers.lastLat })
          .from(schema.couriers)
          .where(eq(schema.couriers.name, 'Lamine Badji'));
        return row?.lat;
      })
      .toBeCloseTo(HERE.latitude, 3);
    await shot('available');
  });

  it('an order the shop makes ready arrives as an offer with its countdown; accepted', async () => {
    // The other couriers are off duty, so the offer comes to this one. The demo shop's waiting
    // deliveries may be offered to him too (the minute sweep retries them): his bag has room for
    // them besides this order, and the test follows its own order's card among the offers.
    await db()
      .update(schema.couriers)
      .set({ status: 'offline' })
      .where(ne(schema.couriers.name, 'Lamine Badji'));
    await db()
      .update(schema.couriers)
      .set({ capacity: 6 })
      .where(eq(schema.couriers.name, 'Lamine Badji'));
    const shop = await shopClient();
    const lastFetch = offerFetches.at(-1) ?? 0;
    const order = await readyOrder(shop, 'Mermoz, villa 12, Dakar');
    const offer = offerOf('Mermoz, villa 12, Dakar');
    await offer.waitFor({ timeout: 40_000 });
    // The live event brought it: the next poll was not due before a minute after the last fetch.
    expect(lastFetch).toBeGreaterThan(0);
    expect(Date.now() - lastFetch).toBeLessThan(OFFERS_BACKSTOP_POLL_MS);
    expect(await offer.getByTestId('offer-countdown').textContent()).toMatch(
      /^Expire dans 0:\d\d$/,
    );
    await shot('offer');
    const [delivery] = await db()
      .select()
      .from(schema.deliveries)
      .where(eq(schema.deliveries.orderId, order.id));
    deliveryId = delivery?.id ?? '';
    courierId = delivery?.courierId ?? '';
    const [orderRow] = await db()
      .select({ cashDue: schema.orders.cashDue })
      .from(schema.orders)
      .where(eq(schema.orders.id, order.id));
    cashDue = orderRow?.cashDue ?? 0;
    expect(cashDue).toBeGreaterThan(0);

    await offer.getByTestId('offer-accept').click();
    await offer.waitFor({ state: 'detached' });
    reference = order.reference;
    await runOf(reference).getByText('À récupérer').waitFor();
    await expect
      .poll(async () => (await shop.deliveries.byId.query({ id: deliveryId })).status)
      .toBe('accepted');
    await expect.poll(() => page.getByTestId('waiting-badge').count()).toBe(0);
    await shot('runs');
  }, 90_000);

  it('picked up, then delivered with the code and the cash while offline: shown as waiting', async () => {
    await runOf(reference).click();
    await page.getByTestId('delivery-screen').waitFor();
    await page.getByText('1. Récupérer le colis').waitFor();
    // The map of both points, drawn on the phone: the courier ~300 m from the pickup.
    await page.getByTestId('mini-map').waitFor();
    expect(await page.getByTestId('mini-map-distance').textContent()).toMatch(
      /^Retrait → livraison : [\d,]+ km à vol d’oiseau · vous êtes à \d+ m du retrait$/,
    );
    await shot('delivery');
    await page.getByTestId('picked-up').click();
    await page.getByTestId('start-deliver').waitFor();
    const shop = await shopClient();
    await expect
      .poll(async () => (await shop.deliveries.byId.query({ id: deliveryId })).status)
      .toBe('picked_up');
    const code = (await shop.deliveries.byId.query({ id: deliveryId })).otp ?? '';
    expect(code).toMatch(/^\d{4}$/);

    collectedBefore = await collected();
    await context.setOffline(true);
    await page.getByTestId('start-deliver').click();
    for (const digit of code) await page.getByTestId(`pad-${digit}`).click();
    // The cash is pre-filled with the amount due.
    expect(await page.getByTestId('cash-input').inputValue()).toBe(String(cashDue));
    await shot('deliver');
    await page.getByTestId('confirm-deliver').click();
    await page.getByTestId('delivery-waiting').waitFor();
    const banner = await page
      .getByTestId('delivery-screen')
      .getByTestId('waiting-banner')
      .textContent();
    expect(banner).toContain('Hors connexion');
    expect(banner).toContain('1 action(s) en attente d’envoi');
    await shot('waiting');
    // Nothing reached the server.
    expect((await shop.deliveries.byId.query({ id: deliveryId })).status).toBe('picked_up');
  });

  it('the network back, the delivery is sent once: one delivered event, one cash record', async () => {
    await context.setOffline(false);
    await expect
      .poll(() => page.getByTestId('waiting-banner').count(), { timeout: 30_000 })
      .toBe(0);
    const events = await db()
      .select()
      .from(schema.deliveryEvents)
      .where(
        and(
          eq(schema.deliveryEvents.deliveryId, deliveryId),
          eq(schema.deliveryEvents.type, 'delivered'),
        ),
      );
    expect(events).toHaveLength(1);
    const [delivery] = await db()
      .select()
      .from(schema.deliveries)
      .where(eq(schema.deliveries.id, deliveryId));
    expect(delivery).toMatchObject({ status: 'delivered', cashCollected: cashDue });
    // One call reached the server (the tries while offline never left the browser).
    expect(deliverAnswers).toEqual([200]);
    // The cash counted once in what the courier holds.
    expect((await collected()) - collectedBefore).toBe(cashDue);
  });

  it('the delivery is in today’s summary, with the cash to hand over', async () => {
    await page.getByTestId('back').click();
    await page.getByRole('tab', { name: 'Aujourd’hui' }).click();
    await page.getByTestId('today-row').first().waitFor();
    expect(await page.getByTestId('today-delivered').textContent()).toBe('1');
    expect(await page.getByTestId('cash-held').textContent()).toMatch(/[1-9]/);
    await shot('today');
  });

  it('reassigned by the shop while offline: the refused step is explained, the app follows the server', async () => {
    await page.getByRole('tab', { name: 'Courses' }).click();
    const shop = await shopClient();
    const order = await readyOrder(shop, 'Point E, rue 3, Dakar');
    const offer = offerOf('Point E, rue 3, Dakar');
    await offer.waitFor({ timeout: 40_000 });
    await offer.getByTestId('offer-accept').click();
    const [delivery] = await db()
      .select()
      .from(schema.deliveries)
      .where(eq(schema.deliveries.orderId, order.id));
    const id = delivery?.id ?? '';
    await expect
      .poll(async () => (await shop.deliveries.byId.query({ id })).status)
      .toBe('accepted');
    // The app lists the run before the network goes (the server saying "accepted" does not mean
    // the app has read its runs again yet).
    await runOf(order.reference).getByText('À récupérer').waitFor();

    await context.setOffline(true);
    await runOf(order.reference).getByText('À récupérer').click();
    await page.getByTestId('picked-up').click();
    await page.getByTestId('delivery-waiting').waitFor();
    // Meanwhile the dispatcher gives it to another courier.
    const [other] = await db()
      .update(schema.couriers)
      .set({ status: 'available' })
      .where(eq(schema.couriers.name, 'Pape Ndiaye'))
      .returning();
    await shop.deliveries.assign.mutate({ deliveryId: id, courierId: other?.id ?? '' });

    await context.setOffline(false);
    const notice = page.getByTestId('delivery-screen').getByTestId('conflict-notice');
    await notice.waitFor({ timeout: 30_000 });
    expect(await notice.textContent()).toContain('la boutique a modifié cette livraison');
    await page.getByText('Cette livraison n’est plus dans vos courses.').waitFor();
    await shot('conflict');
    const pickedUp = await db()
      .select()
      .from(schema.deliveryEvents)
      .where(
        and(eq(schema.deliveryEvents.deliveryId, id), eq(schema.deliveryEvents.type, 'picked_up')),
      );
    expect(pickedUp).toEqual([]);
    expect((await shop.deliveries.byId.query({ id })).courierId).toBe(other?.id);
  }, 90_000);

  it('off duty tapped offline is off duty at once, waits in line, and reaches the server with the network', async () => {
    await page.getByTestId('back').click();
    await page.getByTestId('runs-screen').waitFor();
    await context.setOffline(true);
    await page.getByRole('button', { name: 'Terminer (hors service)' }).click();
    await page.getByTestId('courier-status').getByText('Hors service').waitFor();
    await page.getByTestId('availability-waiting').waitFor();
    const statusOnServer = async () => {
      const [row] = await db()
        .select({ status: schema.couriers.status })
        .from(schema.couriers)
        .where(eq(schema.couriers.id, courierId));
      return row?.status;
    };
    expect(await statusOnServer()).toBe('available');
    await context.setOffline(false);
    await expect.poll(statusOnServer, { timeout: 30_000 }).toBe('offline');
    await expect.poll(() => page.getByTestId('availability-waiting').count()).toBe(0);
  });
});
