/// <reference lib="dom" />
// The customer's tracking page on a phone-sized Chromium (390×844) against the whole product in
// this process: the demo shop, its courier signed in to the courier API, the in-process worker
// (the order.status-changed job publishes the order's changes), live events over SSE. The courier
// moves through the real `courier.updateLocation`; the page follows without a reload.
// UPDATE_SCREENSHOTS=1 writes docs/screenshots/tracking.png.
import { join } from 'node:path';
import { issueTrackingLink } from '@flux/api/services/tracking';
import { schema } from '@flux/db';
import { dbEnv } from '@flux/db/env';
import { DEMO_LOGIN } from '@flux/db/seed';
import { and, eq } from 'drizzle-orm';
import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { PHONE, screenshotsDir, useFrenchPage } from '../../test/browser';
import { useTestServer } from '../testing';

const shots = screenshotsDir('tracking');

const server = useTestServer();
const tracking = useFrenchPage({ context: { ...PHONE, timezoneId: 'Africa/Dakar' } });
let page: Page;
/** Every request the page made, and the JavaScript it was given. */
const requested: string[] = [];
beforeAll(() => {
  page = tracking.page();
  page.on('request', (request) => requested.push(request.url()));
});

/** A tRPC mutation over HTTP, as the courier app sends it. */
async function mutate<T>(path: string, input: unknown, token?: string): Promise<T> {
  const response = await fetch(`${server.url}/trpc/${path}`, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      ...(token ? { authorization: `Bearer ${token}` } : {}),
    },
    body: JSON.stringify({ json: input }),
  });
  const body = (await response.json()) as { result?: { data: { json: T } }; error?: unknown };
  if (!body.result) throw new Error(`${path}: ${JSON.stringify(body.error)}`);
  return body.result.data.json;
}

/** The demo order Ibrahima (courier1) is carrying, its link and where it goes. */
async function carriedOrder() {
  const db = server.running.database.db;
  const [row] = await db
    .select({
      businessId: schema.orders.businessId,
      orderId: schema.orders.id,
      total: schema.orders.total,
      deliveryId: schema.deliveries.id,
      lat: schema.deliveries.dropoffLat,
      lng: schema.deliveries.dropoffLng,
    })
    .from(schema.deliveries)
    .innerJoin(schema.orders, eq(schema.orders.id, schema.deliveries.orderId))
    .innerJoin(schema.couriers, eq(schema.couriers.id, schema.deliveries.courierId))
    .innerJoin(schema.users, eq(schema.users.id, schema.couriers.userId))
    .where(
      and(
        eq(schema.deliveries.status, 'picked_up'),
        eq(schema.orders.status, 'out_for_delivery'),
        eq(schema.users.email, 'courier1@fluxasync.test'),
      ),
    )
    .limit(1);
  if (!row || row.lat === null || row.lng === null) {
    throw new Error('no demo order on its way');
  }
  // The link the customer's messages carry (its hash recorded, as a notification's send does).
  const link = await issueTrackingLink(
    db,
    { publicUrl: server.url, deliveryCodeKey: dbEnv.ENCRYPTION_KEY, previousServerKeys: [] },
    row,
  );
  return { ...row, lat: row.lat, lng: row.lng, path: new URL(link).pathname };
}

const courierDot = () =>
  page
    .locator('#courier')
    .evaluate((dot) => ({ x: dot.getAttribute('data-x'), y: dot.getAttribute('data-y') }));

describe('the tracking page on a phone', () => {
  it('follows the courier live without a reload, then shows the delivery; its JavaScript stays under 50 KB', async () => {
    const order = await carriedOrder();
    const { token: courierToken } = await mutate<{ token: string }>('auth.signIn', {
      email: 'courier1@fluxasync.test',
      password: DEMO_LOGIN.password,
      client: 'app',
    });
    // 2.5 km north-east of the door.
    await mutate(
      'courier.updateLocation',
      { lat: order.lat + 0.016, lng: order.lng + 0.017 },
      courierToken,
    );

    const url = `${server.url}${order.path}`;
    await page.goto(url);
    await page.getByRole('heading', { name: 'En route vers vous' }).waitFor();
    await page.getByText('Ibrahima arrive avec votre commande').waitFor();
    const code = (await page.getByTestId('delivery-code').textContent()) ?? '';
    expect(code).toMatch(/^\d{4}$/);
    expect(await page.content()).not.toContain('Faye');
    // Live once the stream is open.
    await page.locator('body.connected').waitFor();
    const before = await courierDot();
    const etaBefore = await page.locator('#eta').textContent();
    await page.evaluate(() => {
      (globalThis as Record<string, unknown>).trackingMark = 'kept';
    });

    // 500 m south-west of the door: the dot and the ETA move.
    await mutate(
      'courier.updateLocation',
      { lat: order.lat - 0.003, lng: order.lng - 0.003 },
      courierToken,
    );
    await page.waitForFunction(
      (was) => document.querySelector('#courier')?.getAttribute('data-x') !== was,
      before.x,
    );
    const after = await courierDot();
    expect(Number(after.x)).toBeLessThan(0);
    expect(Number(after.y)).toBeGreaterThan(0);
    expect(Number(before.x)).toBeGreaterThan(0);
    expect(Number(before.y)).toBeLessThan(0);
    const etaAfter = await page.locator('#eta').textContent();
    expect(etaAfter).not.toBe(etaBefore);
    expect(await page.evaluate(() => (globalThis as Record<string, unknown>).trackingMark)).toBe(
      'kept',
    );
    await page.screenshot({ path: join(shots, 'tracking.png') });
    await page.screenshot({ path: join(shots, 'tracking-full.png'), fullPage: true });

    // The JavaScript the page was given: its inline script and nothing fetched besides.
    const scriptBytes = await page.evaluate(() =>
      Array.from(document.scripts).reduce(
        (sum, script) => sum + new TextEncoder().encode(script.textContent ?? '').length,
        0,
      ),
    );
    expect(await page.locator('script[src]').count()).toBe(0);
    expect(scriptBytes).toBeGreaterThan(0);
    expect(scriptBytes).toBeLessThan(50_000);
    process.stdout.write(`tracking page JavaScript: ${scriptBytes} bytes\n`);
    // Nothing but this origin was asked for (no tiles, fonts or scripts from elsewhere).
    for (const address of requested) expect(new URL(address).origin).toBe(server.url);

    // Delivered with the code the page shows: the page says so, and the code is gone.
    await mutate(
      'courier.deliver',
      {
        deliveryId: order.deliveryId,
        clientActionId: `e2e-deliver-${order.deliveryId}`,
        otp: code,
        cashCollected: order.total,
      },
      courierToken,
    );
    await page.getByRole('heading', { name: 'Livrée' }).waitFor();
    expect(await page.getByTestId('delivery-code').count()).toBe(0);
    expect(await page.locator('#courier').count()).toBe(0);
    expect(await page.evaluate(() => (globalThis as Record<string, unknown>).trackingMark)).toBe(
      'kept',
    );
  }, 60_000);

  it('an unknown link is a readable page in English too', async () => {
    await page.goto(`${server.url}/t/no-such-tracking-token-here?lang=en`);
    await page.getByRole('heading', { name: 'Link not found' }).waitFor();
  });
});
