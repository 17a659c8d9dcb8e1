// What the courier app reads and sends beyond the actions: deliveries as worked at the door, the
// day's summary, the push token, and cash that is not the amount due.
import { schema } from '@flux/db';
import { and, eq, sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { assignDelivery, expireOffers } from '../services/dispatch';
import { deliveryOtp, useTestApp } from '../testing';
import { dispatchWorld } from './dispatch.cases';

const app = useTestApp();

/** A picked-up delivery whose order asks `cash` XOF at the door. */
async function pickedUpWithCash(world: Awaited<ReturnType<typeof dispatchWorld>>, cash: number) {
  const id = await world.delivery('picked_up');
  const [row] = await app.services.db
    .select({ orderId: schema.deliveries.orderId })
    .from(schema.deliveries)
    .where(eq(schema.deliveries.id, id));
  await app.services.db
    .update(schema.orders)
    .set({ cashDue: cash, paymentMethod: 'cash_on_delivery' })
    .where(eq(schema.orders.id, row?.orderId ?? ''));
  return id;
}

describe('the courier app', () => {
  it('a delivery under way shows the customer, the order lines, the code left and whom to call', async () => {
    const owner = await app.signUp();
    const world = await dispatchWorld(app, owner);
    const businessId = owner.businessId;
    await app.services.db
      .update(schema.users)
      .set({ phone: '+221770001122' })
      .where(eq(schema.users.id, owner.userId));
    const id = await pickedUpWithCash(world, 4_500);
    await app.services.db
      .update(schema.prospects)
      .set({ name: 'Fatou Sow' })
      .where(eq(schema.prospects.businessId, businessId));
    const [delivery] = await world.rider.caller.courier.myDeliveries({ businessId });
    expect(delivery).toMatchObject({
      id,
      status: 'picked_up',
      customerName: 'Fatou Sow',
      lines: [{ name: 'Panier', quantity: 1 }],
      cashDue: { minor: 4_500, amount: '4500', currency: 'XOF' },
      codeLocked: false,
      wrongCodesLeft: 5,
      photoProofAllowed: false,
      dispatcherPhone: '+221770001122',
    });
    expect(delivery?.orderReference).toMatch(/^CMD-/);
    expect(typeof delivery?.customerPhone).toBe('string');
  });

  it('cash other than the amount due is refused without a note, kept with one', async () => {
    const owner = await app.signUp();
    const world = await dispatchWorld(app, owner);
    const businessId = owner.businessId;
    const id = await pickedUpWithCash(world, 4_500);
    const courier = world.rider.caller.courier;
    const base = { businessId, deliveryId: id, otp: deliveryOtp(id), cashCollected: '4000' };
    await expect(
      courier.deliver({ ...base, clientActionId: 'short-cash-1' }),
    ).rejects.toMatchObject({ code: 'BAD_REQUEST', message: expect.stringContaining('say why') });
    const done = await courier.deliver({
      ...base,
      clientActionId: 'short-cash-2',
      cashNote: 'Le client n’avait que 4000',
    });
    expect(done.delivery.status).toBe('delivered');
    const [event] = await app.services.db
      .select()
      .from(schema.deliveryEvents)
      .where(
        and(eq(schema.deliveryEvents.deliveryId, id), eq(schema.deliveryEvents.type, 'delivered')),
      );
    expect(event?.note).toBe('cash: Le client n’avait que 4000');
    const [cash] = await owner.caller.couriers.cash({ courierId: world.courierId });
    expect(cash?.held.minor).toBe(4_000);
  });

  it('today counts what was delivered and failed, the cash still held, and keeps the last days', async () => {
    const owner = await app.signUp();
    const world = await dispatchWorld(app, owner);
    const businessId = owner.businessId;
    const courier = world.rider.caller.courier;
    const empty = await courier.today({ businessId });
    expect(empty.today).toMatchObject({ delivered: 0, failed: 0, deliveries: [] });
    expect(empty.cashHeld.minor).toBe(0);

    const delivered = await pickedUpWithCash(world, 4_500);
    await courier.deliver({
      businessId,
      deliveryId: delivered,
      clientActionId: 'today-deliver-1',
      otp: deliveryOtp(delivered),
      cashCollected: '4500',
    });
    const failed = await world.delivery('picked_up');
    await courier.fail({
      businessId,
      deliveryId: failed,
      clientActionId: 'today-fail-1',
      reason: 'absent',
    });
    // One delivered three days ago, in the history.
    const old = await pickedUpWithCash(world, 2_000);
    await app.services.db
      .update(schema.deliveries)
      .set({
        status: 'delivered',
        cashCollected: 2_000,
        deliveredAt: new Date(Date.now() - 3 * 24 * 3_600_000),
      })
      .where(eq(schema.deliveries.id, old));
    await owner.caller.couriers.recordHandover({ courierId: world.courierId, amount: 2_000 });

    const summary = await courier.today({ businessId });
    expect(summary.today).toMatchObject({
      delivered: 1,
      failed: 1,
      cashCollected: { minor: 4_500 },
    });
    expect(summary.today.deliveries.map((d) => [d.id, d.status])).toEqual([
      [failed, 'failed'],
      [delivered, 'delivered'],
    ]);
    expect(summary.cashHeld.minor).toBe(4_500);
    expect(summary.history).toHaveLength(1);
    expect(summary.history[0]).toMatchObject({ delivered: 1, cashCollected: { minor: 2_000 } });
    // Another courier's work is not in it.
    const other = await dispatchWorld(app, owner);
    expect((await other.rider.caller.courier.today({ businessId })).today.delivered).toBe(0);
  });

  it('the push token is kept on the courier for the notification engine; null forgets it', async () => {
    const owner = await app.signUp();
    const world = await dispatchWorld(app, owner);
    const businessId = owner.businessId;
    const token = 'ExponentPushToken[xxxxxxxxxxxxxxxxxxxxxx]';
    const tokenOf = async () => {
      const [row] = await app.services.db
        .select({ pushToken: schema.couriers.pushToken })
        .from(schema.couriers)
        .where(eq(schema.couriers.id, world.courierId));
      return row?.pushToken;
    };
    expect(await world.rider.caller.courier.registerPushToken({ businessId, token })).toEqual({
      registered: true,
    });
    expect(await tokenOf()).toBe(token);
    // Never shown back on the board.
    expect(JSON.stringify(await owner.caller.couriers.list({}))).not.toContain(token);
    await world.rider.caller.courier.registerPushToken({ businessId, token: null });
    expect(await tokenOf()).toBeNull();
  });
});

describe('courier.live: the app hears its own offers at once', () => {
  /** The next event of a stream, or 'nothing' if none comes within `ms`. */
  const within = <T>(next: Promise<IteratorResult<T>>, ms: number) =>
    Promise.race([
      next.then((result) => result.value),
      new Promise<'nothing'>((resolve) => setTimeout(() => resolve('nothing'), ms)),
    ]);

  it('an offer made to a courier reaches their open app, and another courier of the shop hears nothing', async () => {
    const owner = await app.signUp();
    const businessId = owner.businessId;
    const pickup = { address: 'Marché Sandaga, Dakar', lat: 14.6708, lng: -17.4381 };
    await app.services.db
      .update(schema.businesses)
      .set({ settings: sql`${schema.businesses.settings} || ${JSON.stringify({ pickup })}::jsonb` })
      .where(eq(schema.businesses.id, businessId));
    const mine = await dispatchWorld(app, owner);
    const other = await dispatchWorld(app, owner);
    // Both available and fresh; the first is beside the pickup, the other 3 km away.
    for (const [courierId, km] of [
      [mine.courierId, 0.1],
      [other.courierId, 3],
    ] as const) {
      await app.services.db
        .update(schema.couriers)
        .set({ lastLat: pickup.lat + km / 111.2, lastLng: pickup.lng, lastSeenAt: new Date() })
        .where(eq(schema.couriers.id, courierId));
    }
    const myStream = (await mine.rider.caller.courier.live({ businessId }))[Symbol.asyncIterator]();
    const otherStream = (await other.rider.caller.courier.live({ businessId }))[
      Symbol.asyncIterator
    ]();
    const heard = myStream.next();
    const overheard = otherStream.next();

    const deliveryId = await mine.delivery('pending');
    const outcome = await assignDelivery(
      app.services.db,
      app.services.jobs,
      { businessId, deliveryId },
      app.services.live,
    );
    expect(outcome).toMatchObject({ status: 'offered', courierId: mine.courierId });
    expect(await within(heard, 10_000)).toEqual({ type: 'tasks', deliveryId });
    expect(await within(overheard, 300)).toBe('nothing');

    // The dispatcher gives it to the other courier: both apps hear it (one gains, one loses it).
    const mineNext = myStream.next();
    await owner.caller.deliveries.assign({ deliveryId, courierId: other.courierId });
    expect(await within(overheard, 10_000)).toEqual({ type: 'tasks', deliveryId });
    expect(await within(mineNext, 10_000)).toEqual({ type: 'tasks', deliveryId });
    await myStream.return?.();
    await otherStream.return?.();
  });

  it('an offer that expires is heard by the courier who let it expire', async () => {
    const owner = await app.signUp();
    const businessId = owner.businessId;
    const world = await dispatchWorld(app, owner);
    const deliveryId = await world.delivery('offered');
    await app.services.db
      .update(schema.deliveries)
      .set({ offerExpiresAt: new Date(Date.now() - 1_000) })
      .where(eq(schema.deliveries.id, deliveryId));
    const stream = (await world.rider.caller.courier.live({ businessId }))[Symbol.asyncIterator]();
    const heard = stream.next();
    expect(
      await expireOffers(app.services.db, app.services.jobs, app.services.live),
    ).toBeGreaterThanOrEqual(1);
    expect(await within(heard, 10_000)).toEqual({ type: 'tasks', deliveryId });
    await stream.return?.();
  });

  it("the shop's dashboard does not hear a courier's task pings", async () => {
    const owner = await app.signUp();
    const world = await dispatchWorld(app, owner);
    const stream = (await owner.caller.live.events())[Symbol.asyncIterator]();
    const next = stream.next();
    await app.services.live.publish(owner.businessId, {
      type: 'courier.tasks',
      courierId: world.courierId,
      deliveryId: '00000000-0000-4000-8000-000000000001',
    });
    await app.services.live.publish(owner.businessId, {
      type: 'conversation.updated',
      conversationId: '00000000-0000-4000-8000-000000000002',
    });
    // The first event it hears is the one after.
    expect(await within(next, 10_000)).toEqual({
      type: 'conversation.updated',
      conversationId: '00000000-0000-4000-8000-000000000002',
    });
    await stream.return?.();
  });
});
