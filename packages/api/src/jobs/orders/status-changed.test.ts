// Domain events reach an idle worker at once: a job committed with an order's transition wakes
// the worker through LISTEN/NOTIFY instead of waiting for its next poll.
import { schema } from '@flux/db';
import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { useTestApp } from '../../testing';
import { type JobRunner, startJobs } from '../registry';

const app = useTestApp();
let runner: JobRunner;
beforeAll(async () => {
  // Polling every 30 s: within the test, only a NOTIFY can wake these workers.
  const asleep = { pollingIntervalSeconds: 30, notifyPollingIntervalSeconds: 30 };
  runner = await startJobs(app.url, app.services, {
    work: true,
    migrate: false,
    schedule: false,
    workOverrides: { 'order.status-changed': asleep, 'delivery.assign': asleep },
  });
});
afterAll(() => runner?.stop());

const DAKAR = { lat: 14.7167, lng: -17.4677 };

async function until<T>(probe: () => Promise<T | undefined>, ms: number): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error('timed out');
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

it('an idle worker creates the delivery and offers it within moments of the order becoming ready', async () => {
  const owner = await app.signUp();
  await app.services.db
    .update(schema.businesses)
    .set({
      settings: { ...schema.defaultBusinessSettings, pickup: { address: 'Dakar', ...DAKAR } },
    })
    .where(eq(schema.businesses.id, owner.businessId));
  await app.services.db.insert(schema.couriers).values({
    businessId: owner.businessId,
    name: 'Moussa',
    phone: '+221778800001',
    vehicle: 'motorbike',
    status: 'available',
    capacity: 10,
    lastLat: DAKAR.lat,
    lastLng: DAKAR.lng,
    lastSeenAt: new Date(),
  });
  const product = await owner.caller.products.create({
    sku: 'EV-1',
    name: 'Panier',
    price: 4_500,
    stock: 100,
  });
  const [prospect] = await app.services.db
    .insert(schema.prospects)
    .values({ businessId: owner.businessId, phone: '+221778700001' })
    .returning();
  const toDelivery: number[] = [];
  const toOffer: number[] = [];
  for (let i = 0; i < 5; i++) {
    const order = await owner.caller.orders.create({
      prospectId: prospect?.id ?? '',
      lines: [{ productId: product.id, quantity: 1 }],
      deliveryLat: DAKAR.lat + 0.01,
      deliveryLng: DAKAR.lng,
    });
    await owner.caller.orders.confirm({ id: order.id });
    await owner.caller.orders.startPreparing({ id: order.id });
    // Idle long enough for a polling worker to be asleep.
    await new Promise((resolve) => setTimeout(resolve, 600));
    await owner.caller.orders.markReady({ id: order.id });
    const committed = performance.now();
    const deliveryOf = async () =>
      (
        await app.services.db
          .select({ id: schema.deliveries.id, status: schema.deliveries.status })
          .from(schema.deliveries)
          .where(
            and(
              eq(schema.deliveries.businessId, owner.businessId),
              eq(schema.deliveries.orderId, order.id),
            ),
          )
      )[0];
    await until(deliveryOf, 10_000);
    toDelivery.push(performance.now() - committed);
    await until(
      async () => ((await deliveryOf())?.status === 'offered' ? true : undefined),
      10_000,
    );
    toOffer.push(performance.now() - committed);
  }
  // The goal is 100 ms (measured here: 7-17 ms to the delivery, 19-95 ms to the offer). The
  // workers poll only every 30 s, so without the NOTIFY wake-up this takes 30 s: the generous
  // bound holds on a loaded CI machine and still fails without it.
  expect(Math.max(...toDelivery)).toBeLessThan(2_000);
  expect(Math.max(...toOffer)).toBeLessThan(3_000);
}, 60_000);
