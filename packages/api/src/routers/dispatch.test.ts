import { schema } from '@flux/db';
import { and, eq, sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { jobs } from '../jobs/registry';
import { deliveryOtp, useTestApp } from '../testing';
import { dispatchWorld } from './dispatch.cases';

const app = useTestApp({ rateLimit: true });

describe('dispatch through the routers', () => {
  it('an order becoming ready gets one delivery, whatever the job retries', async () => {
    const owner = await app.signUp();
    const world = await dispatchWorld(app, owner);
    const deliveryId = await world.delivery('pending');
    const [delivery] = await app.services.db
      .select()
      .from(schema.deliveries)
      .where(eq(schema.deliveries.id, deliveryId));
    const job = jobs.find((j) => j.name === 'order.status-changed');
    const event = {
      businessId: owner.businessId,
      orderId: delivery?.orderId ?? '',
      number: 1,
      from: 'preparing' as const,
      to: 'ready' as const,
      reason: null,
      at: new Date().toISOString(),
    };
    await job?.handler(event, app.services, { id: 'retry', retryCount: 1 });
    const rows = await app.services.db
      .select()
      .from(schema.deliveries)
      .where(eq(schema.deliveries.orderId, delivery?.orderId ?? ''));
    expect(rows).toHaveLength(1);
    const waiting = await app.services.db.execute<{ n: number }>(sql`
      select count(*)::int as n from pgboss.job
      where name = 'delivery.assign' and data->>'deliveryId' = ${deliveryId}`);
    expect(waiting.rows[0]?.n).toBe(1);
  });

  it('the courier app: availability, position traced on deliveries under way, offers, steps', async () => {
    const owner = await app.signUp();
    const world = await dispatchWorld(app, owner);
    const businessId = owner.businessId;
    const courier = world.rider.caller.courier;
    expect(await courier.setAvailability({ businessId, status: 'available' })).toMatchObject({
      status: 'available',
    });
    const offered = await world.delivery('offered');
    const offers = await courier.myOffers({ businessId });
    expect(offers.map((o) => o.id)).toEqual([offered]);
    // The cash to collect as every amount: what `deliver` takes back is its `amount`.
    expect(offers[0]?.cashDue).toMatchObject({ minor: 0, amount: '0', currency: 'XOF' });
    await courier.accept({ businessId, deliveryId: offered, clientActionId: 'app-accept-1' });
    expect(await courier.updateLocation({ businessId, lat: 14.7, lng: -17.45 })).toEqual({
      stored: true,
      deliveries: 1,
    });
    // A fix older than the last one does not move the courier back.
    const old = await courier.updateLocation({
      businessId,
      lat: 14.0,
      lng: -17.0,
      at: new Date(Date.now() - 60_000),
    });
    expect(old.stored).toBe(false);
    expect(await courier.me({ businessId })).toMatchObject({ lastLat: 14.7, load: 1 });
    const traced = await app.services.db
      .select()
      .from(schema.deliveryEvents)
      .where(
        and(
          eq(schema.deliveryEvents.deliveryId, offered),
          eq(schema.deliveryEvents.type, 'location'),
        ),
      );
    // Both fixes join the trace, the late one at its own time (an app replaying its queue).
    expect(traced).toHaveLength(2);
    await courier.pickUp({ businessId, deliveryId: offered, clientActionId: 'app-pick-1' });
    await expect(
      courier.deliver({ businessId, deliveryId: offered, clientActionId: 'app-deliver-1' }),
    ).rejects.toMatchObject({ code: 'BAD_REQUEST' });
    const done = await courier.deliver({
      businessId,
      deliveryId: offered,
      clientActionId: 'app-deliver-2',
      otp: deliveryOtp(offered),
    });
    expect(done.delivery.status).toBe('delivered');
    expect(await courier.myDeliveries({ businessId })).toEqual([]);
    // The board's tabs: the server filters by one status or several.
    const waiting = await world.delivery('pending');
    const ids = async (status: Parameters<typeof owner.caller.deliveries.list>[0]['status']) =>
      (await owner.caller.deliveries.list({ status })).items.map((d) => d.id);
    expect(await ids(['pending', 'offered', 'accepted', 'picked_up'])).toEqual([waiting]);
    expect(await ids('delivered')).toEqual([offered]);
    expect(await ids(undefined)).toEqual([waiting, offered]);
    await expect(owner.caller.deliveries.list({ status: [] })).rejects.toMatchObject({
      code: 'BAD_REQUEST',
    });
  });

  it('positions are rate-limited per courier', async () => {
    const owner = await app.signUp();
    const world = await dispatchWorld(app, owner);
    const send = () =>
      world.rider.caller.courier.updateLocation({
        businessId: owner.businessId,
        lat: 14.7,
        lng: -17.4,
      });
    for (let i = 0; i < 60; i++) await send();
    await expect(send()).rejects.toMatchObject({ code: 'TOO_MANY_REQUESTS' });
  });

  it('cash: collected on delivered orders, handed over, never more than held', async () => {
    const owner = await app.signUp();
    const world = await dispatchWorld(app, owner);
    const id = await world.delivery('picked_up');
    await app.services.db
      .update(schema.deliveries)
      .set({ status: 'delivered', cashCollected: 4_500 })
      .where(eq(schema.deliveries.id, id));
    await expect(
      owner.caller.couriers.recordHandover({ courierId: world.courierId, amount: 5_000 }),
    ).rejects.toMatchObject({ code: 'BAD_REQUEST' });
    expect(
      await owner.caller.couriers.recordHandover({ courierId: world.courierId, amount: 4_000 }),
    ).toEqual({ held: 500 });
    const [cash] = await owner.caller.couriers.cash({ courierId: world.courierId });
    expect(cash).toMatchObject({
      collected: { minor: 4_500 },
      handedOver: { minor: 4_000 },
      held: { minor: 500 },
    });
    const board = await owner.caller.couriers.list({});
    expect(board.items.map((c) => c.id)).toContain(world.courierId);
  });

  it('the dispatcher reassigns by hand; a courier at capacity is refused', async () => {
    const owner = await app.signUp();
    const world = await dispatchWorld(app, owner);
    await owner.caller.couriers.update({ id: world.courierId, capacity: 1 });
    const first = await world.delivery('pending');
    const second = await world.delivery('pending');
    await owner.caller.deliveries.assign({ deliveryId: first, courierId: world.courierId });
    await expect(
      owner.caller.deliveries.assign({ deliveryId: second, courierId: world.courierId }),
    ).rejects.toMatchObject({ code: 'CONFLICT' });
    const detail = await owner.caller.deliveries.byId({ id: first });
    expect(detail.events.map((e) => e.type)).toEqual(['created', 'assigned']);
    // The shop can tell the customer the delivery code.
    expect(detail.otp).toBe(deliveryOtp(first));
    expect(detail.otp).toMatch(/^\d{4}$/);
  });
});
