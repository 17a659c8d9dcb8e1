// Dispatch on the real database: the assignment's choice of courier, its races, expiries and
// waiting deliveries, step by step, and the courier's actions. Over 400 lines on purpose: the cases
// share one test app (its database copy); a second file would pay that setup again, and the suite
// runs near its CI time limit.
import type { Db } from '@flux/db';
import { schema } from '@flux/db';
import { and, eq, sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { jobs } from '../jobs/registry';
import type { Actor } from '../lib/audit';
import { deliveryOtp, useTestApp } from '../testing';
import {
  acceptOffer,
  assignDelivery,
  assignManually,
  createDelivery,
  declineOffer,
  deliver,
  expireOffers,
  offerWaitingDeliveries,
  pickUp,
} from './dispatch';

const app = useTestApp();
const PICKUP = { address: 'Marché Sandaga, Dakar', lat: 14.6708, lng: -17.4381 };
/** A point `km` north of the pickup (1° of latitude ≈ 111.2 km). */
const north = (km: number) => ({ lastLat: PICKUP.lat + km / 111.2, lastLng: PICKUP.lng });

let n = 0;
async function shop(
  dispatch: Partial<{ offerTtlSeconds: number; maxRadiusKm: number; maxRounds: number }> = {},
) {
  const owner = await app.signUp();
  await app.services.db
    .update(schema.businesses)
    .set({
      settings: sql`${schema.businesses.settings} || ${JSON.stringify({
        pickup: PICKUP,
        dispatch: { offerTtlSeconds: 45, maxRadiusKm: 10, maxRounds: 5, ...dispatch },
      })}::jsonb`,
    })
    .where(eq(schema.businesses.id, owner.businessId));
  const product = await owner.caller.products.create({
    sku: 'WAX-1',
    name: 'Pagne wax',
    price: 12_500,
    stock: 1_000,
  });
  const [prospect] = await app.services.db
    .insert(schema.prospects)
    .values({ businessId: owner.businessId, phone: `+2217744${String(++n).padStart(5, '0')}` })
    .returning();
  /** A delivery for a fresh order, as the order.status-changed job creates it. */
  const delivery = async () => {
    const order = await owner.caller.orders.create({
      prospectId: prospect?.id ?? '',
      lines: [{ productId: product.id, quantity: 1 }],
      deliveryAddress: 'Médina, rue 22',
      deliveryLat: 14.6837,
      deliveryLng: -17.4489,
    });
    for (const verb of ['confirm', 'startPreparing', 'markReady'] as const) {
      await owner.caller.orders[verb]({ id: order.id });
    }
    const created = await app.services.db.transaction((tx) =>
      createDelivery(tx, app.services.jobs, { businessId: owner.businessId, orderId: order.id }),
    );
    if (!created) throw new Error('no delivery');
    return created;
  };
  const courier = async (
    name: string,
    fields: Partial<typeof schema.couriers.$inferInsert> = {},
  ) => {
    const [row] = await app.services.db
      .insert(schema.couriers)
      .values({
        businessId: owner.businessId,
        name,
        phone: `+2217799${String(++n).padStart(5, '0')}`,
        vehicle: 'motorbike',
        status: 'available',
        capacity: 1,
        lastSeenAt: new Date(),
        ...north(1),
        ...fields,
      })
      .returning();
    if (!row) throw new Error('no courier');
    return { id: row.id, businessId: owner.businessId };
  };
  const assign = (deliveryId: string) =>
    assignDelivery(app.services.db, app.services.jobs, {
      businessId: owner.businessId,
      deliveryId,
    });
  return { owner, delivery, courier, assign };
}

/** Who acts in these service-level tests (the routers pass the signed-in user). */
const actor: Actor = { userId: null, label: 'test courier', ip: null };
const deliveryRow = async (id: string) =>
  (await app.services.db.select().from(schema.deliveries).where(eq(schema.deliveries.id, id)))[0];

/** A delivery's events in order: their type and data. */
const events = async (id: string) =>
  (
    await app.services.db
      .select({ type: schema.deliveryEvents.type, data: schema.deliveryEvents.data })
      .from(schema.deliveryEvents)
      .where(eq(schema.deliveryEvents.deliveryId, id))
      .orderBy(schema.deliveryEvents.at)
  ).map((e) => ({ type: e.type, ...(e.data as object | null) }));

describe('assignment', () => {
  it('the nearest available courier wins', async () => {
    const { delivery, courier, assign } = await shop();
    await courier('Far', north(3));
    const near = await courier('Near', north(1));
    await courier('Offline', { ...north(0.2), status: 'offline' });
    await courier('Stale', { ...north(0.1), lastSeenAt: new Date(Date.now() - 3_600_000) });
    await courier('Outside', north(12));
    const d = await delivery();
    expect(await assign(d.id)).toMatchObject({ status: 'offered', courierId: near.id });
    expect(await deliveryRow(d.id)).toMatchObject({
      status: 'offered',
      courierId: near.id,
      attempts: 1,
    });
  });

  it('farther but idle beats near but loaded; a full courier is never offered more', async () => {
    const { delivery, courier, assign } = await shop();
    const loaded = await courier('Loaded', { ...north(0.5), capacity: 2 });
    const idle = await courier('Idle', north(2.5));
    const first = await delivery();
    await assignManually(app.services.db, app.services.jobs, actor, {
      businessId: loaded.businessId,
      deliveryId: first.id,
      courierId: loaded.id,
    });
    await app.services.db
      .update(schema.couriers)
      .set({ lastOfferAt: new Date() })
      .where(eq(schema.couriers.id, loaded.id));
    const second = await delivery();
    expect(await assign(second.id)).toMatchObject({ courierId: idle.id });
    // Idle is now full (capacity 1), Loaded has one slot left: the third goes to Loaded.
    const third = await delivery();
    expect(await assign(third.id)).toMatchObject({ courierId: loaded.id });
    // Both full: nobody.
    const fourth = await delivery();
    expect(await assign(fourth.id)).toMatchObject({ status: 'needs_dispatcher' });
  });

  it('a decline or an expiry offers it to the next one, never again to them; then the dispatcher', async () => {
    const { delivery, courier, assign } = await shop({ maxRounds: 3 });
    const a = await courier('A', north(1));
    const b = await courier('B', north(2));
    const c = await courier('C', north(3));
    const d = await delivery();
    expect(await assign(d.id)).toMatchObject({ courierId: a.id });
    await declineOffer(app.services.db, app.services.jobs, a, actor, {
      deliveryId: d.id,
      clientActionId: 'a-decline-1',
      reason: 'flat tyre',
    });
    expect(await assign(d.id)).toMatchObject({ courierId: b.id });
    await app.services.db
      .update(schema.deliveries)
      .set({ offerExpiresAt: new Date(Date.now() - 1_000) })
      .where(eq(schema.deliveries.id, d.id));
    expect(await expireOffers(app.services.db, app.services.jobs)).toBeGreaterThanOrEqual(1);
    expect(await assign(d.id)).toMatchObject({ courierId: c.id });
    await declineOffer(app.services.db, app.services.jobs, c, actor, {
      deliveryId: d.id,
      clientActionId: 'c-decline-1',
      reason: undefined,
    });
    // Three offers made (maxRounds 3): a human takes over.
    expect(await assign(d.id)).toMatchObject({ status: 'needs_dispatcher' });
    expect(await deliveryRow(d.id)).toMatchObject({
      status: 'pending',
      needsDispatcher: true,
      attempts: 3,
    });
    expect((await events(d.id)).map((e) => e.type)).toEqual([
      'created',
      'offered',
      'rejected',
      'offered',
      'expired',
      'offered',
      'rejected',
      'cancelled',
    ]);
  });

  it('a delivery nobody could take is offered when a courier comes near; one whose offers ran out stays with the dispatcher', async () => {
    const { owner, delivery, courier, assign } = await shop({ maxRounds: 1 });
    const offerWaiting = () =>
      offerWaitingDeliveries(app.services.db, app.services.jobs, owner.businessId);
    const lonely = await delivery();
    /** Tried again, and still with the dispatcher. */
    const stillWaiting = async () => {
      expect(await offerWaiting()).toEqual({ waiting: 1, offered: 0 });
      expect(await deliveryRow(lonely.id)).toMatchObject({
        status: 'pending',
        needsDispatcher: true,
      });
    };
    expect(await assign(lonely.id)).toMatchObject({ status: 'needs_dispatcher' });

    // A courier far away: still nobody, and no event written for trying again.
    await courier('Far', north(40));
    await stillWaiting();
    expect((await events(lonely.id)).map((e) => e.type)).toEqual(['created', 'cancelled']);

    // A courier near: offered to them, and off the dispatcher's list (here by the minute sweep,
    // which runs the job with the cron's empty payload: every business).
    const near = await courier('Near', north(2));
    const sweep = jobs.find((job) => job.name === 'delivery.offer-waiting');
    expect(
      await sweep?.handler(sweep.schema.parse({}), app.services, { id: 'sweep', retryCount: 0 }),
    ).toMatchObject({ offered: expect.any(Number) });
    expect(await deliveryRow(lonely.id)).toMatchObject({
      status: 'offered',
      courierId: near.id,
      needsDispatcher: false,
      attempts: 1,
    });
    expect((await events(lonely.id)).at(-1)).toMatchObject({ type: 'offered', afterWaiting: true });

    // Declined, and its one offer (maxRounds 1) used: the dispatcher keeps it, whoever comes.
    await declineOffer(app.services.db, app.services.jobs, near, actor, {
      deliveryId: lonely.id,
      clientActionId: 'near-decline',
      reason: undefined,
    });
    expect(await assign(lonely.id)).toMatchObject({ status: 'needs_dispatcher' });
    await courier('Another', north(1));
    await stillWaiting();
    // An ordinary assignment leaves a flagged delivery alone.
    expect(await assign(lonely.id)).toMatchObject({ status: 'skipped' });
  });

  it('two assigners racing on one delivery make one offer; racing for one courier, one wins', async () => {
    const { delivery, courier, assign } = await shop();
    const only = await courier('Only', north(1));
    const d = await delivery();
    const outcomes = await Promise.all([assign(d.id), assign(d.id), assign(d.id)]);
    expect(outcomes.filter((o) => o.status === 'offered')).toHaveLength(1);
    // Five deliveries at once, one courier of capacity 1: exactly one offer.
    const many = await Promise.all(Array.from({ length: 5 }, () => delivery()));
    await app.services.db
      .update(schema.deliveries)
      .set({ status: 'cancelled' })
      .where(eq(schema.deliveries.id, d.id));
    const raced = await Promise.all(many.map((x) => assign(x.id)));
    expect(raced.filter((o) => o.status === 'offered')).toEqual([
      expect.objectContaining({ courierId: only.id }),
    ]);
  });
});

describe('assignment, step by step', () => {
  it('a courier who fills up between the candidate search and the lock is not offered more', async () => {
    const { owner, delivery, courier } = await shop();
    const only = await courier('Only', north(1)); // capacity 1
    const mine = await delivery();
    const theirs = await delivery();
    // The assigner's transaction, paused right after its candidate search (which saw the courier
    // free): meanwhile another transaction gives the courier a delivery, and commits.
    let paused = false;
    const pausing = new Proxy(app.services.db, {
      get(db, property) {
        if (property !== 'transaction') return Reflect.get(db, property, db);
        return (run: (tx: Db) => Promise<unknown>) =>
          db.transaction((tx) =>
            run(
              new Proxy(tx, {
                get(target, name) {
                  const value = Reflect.get(target, name, target);
                  if (name !== 'execute' || typeof value !== 'function') return value;
                  return async (query: Parameters<typeof tx.execute>[0]) => {
                    const rows = await value.call(target, query);
                    if (!paused) {
                      paused = true; // the first execute is the candidate search
                      await app.services.db
                        .update(schema.deliveries)
                        .set({ status: 'offered', courierId: only.id })
                        .where(eq(schema.deliveries.id, theirs.id));
                    }
                    return rows;
                  };
                },
              }),
            ),
          );
      },
    });
    const outcome = await assignDelivery(pausing, app.services.jobs, {
      businessId: owner.businessId,
      deliveryId: mine.id,
    });
    expect(paused).toBe(true);
    // The recount after the lock sees the courier full: nobody else is near, so a dispatcher.
    expect(outcome).toMatchObject({ status: 'needs_dispatcher' });
    const load = await app.services.db
      .select({ id: schema.deliveries.id })
      .from(schema.deliveries)
      .where(
        and(eq(schema.deliveries.courierId, only.id), eq(schema.deliveries.status, 'offered')),
      );
    expect(load).toHaveLength(1);
  });
});

describe('the courier’s actions', () => {
  it('only the offered courier accepts, once, before expiry; a replay changes nothing', async () => {
    const { delivery, courier, assign } = await shop();
    const offered = await courier('Offered', north(1));
    const other = await courier('Other', north(5));
    const d = await delivery();
    await assign(d.id);
    await expect(
      acceptOffer(app.services.db, app.services.jobs, other, actor, {
        deliveryId: d.id,
        clientActionId: 'other-1',
      }),
    ).rejects.toMatchObject({
      code: 'NOT_FOUND',
    });
    const [first, second] = await Promise.allSettled([
      acceptOffer(app.services.db, app.services.jobs, offered, actor, {
        deliveryId: d.id,
        clientActionId: 'tap-1',
      }),
      acceptOffer(app.services.db, app.services.jobs, offered, actor, {
        deliveryId: d.id,
        clientActionId: 'tap-2',
      }),
    ]);
    expect([first.status, second.status].sort()).toEqual(['fulfilled', 'rejected']);
    // The app replays its queue after a network loss: the same action ids are no-ops.
    const replay = await acceptOffer(app.services.db, app.services.jobs, offered, actor, {
      deliveryId: d.id,
      clientActionId: 'tap-1',
    }).catch(() =>
      acceptOffer(app.services.db, app.services.jobs, offered, actor, {
        deliveryId: d.id,
        clientActionId: 'tap-2',
      }),
    );
    expect(replay.replay).toBe(true);
    const accepted = await app.services.db
      .select()
      .from(schema.deliveryEvents)
      .where(
        and(eq(schema.deliveryEvents.deliveryId, d.id), eq(schema.deliveryEvents.type, 'accepted')),
      );
    expect(accepted).toHaveLength(1);
    // Audited with the change, once: the refused tap and the replays wrote nothing.
    const audits = await app.services.db
      .select()
      .from(schema.auditLogs)
      .where(
        and(eq(schema.auditLogs.entityId, d.id), eq(schema.auditLogs.action, 'delivery.accept')),
      );
    expect(audits).toHaveLength(1);
  });

  it('two couriers tapping accept at once: only the one offered wins', async () => {
    const { delivery, courier, assign } = await shop();
    const offered = await courier('Offered', north(1));
    const other = await courier('Other', north(2));
    const d = await delivery();
    await assign(d.id);
    const race = await Promise.allSettled([
      acceptOffer(app.services.db, app.services.jobs, other, actor, {
        deliveryId: d.id,
        clientActionId: 'other-tap-1',
      }),
      acceptOffer(app.services.db, app.services.jobs, offered, actor, {
        deliveryId: d.id,
        clientActionId: 'offered-tap-1',
      }),
    ]);
    expect(race.map((r) => r.status)).toEqual(['rejected', 'fulfilled']);
    expect(await deliveryRow(d.id)).toMatchObject({ status: 'accepted', courierId: offered.id });
  });

  it('an expired offer cannot be accepted', async () => {
    const { delivery, courier, assign } = await shop();
    const late = await courier('Late', north(1));
    const d = await delivery();
    await assign(d.id);
    await app.services.db
      .update(schema.deliveries)
      .set({ offerExpiresAt: new Date(Date.now() - 1) })
      .where(eq(schema.deliveries.id, d.id));
    await expect(
      acceptOffer(app.services.db, app.services.jobs, late, actor, {
        deliveryId: d.id,
        clientActionId: 'late-1',
      }),
    ).rejects.toMatchObject({
      code: 'CONFLICT',
    });
  });

  it('pick up, then deliver with the customer’s code and the cash due: the order follows', async () => {
    const { owner, delivery, courier, assign } = await shop();
    const rider = await courier('Rider', north(1));
    const d = await delivery();
    await assign(d.id);
    await acceptOffer(app.services.db, app.services.jobs, rider, actor, {
      deliveryId: d.id,
      clientActionId: 'r-accept',
    });
    await pickUp(app.services.db, app.services.jobs, rider, actor, {
      deliveryId: d.id,
      clientActionId: 'r-pick',
    });
    expect((await owner.caller.orders.byId({ id: d.orderId })).status).toBe('out_for_delivery');
    const base = {
      deliveryId: d.id,
      cashCollected: 12_500,
      codeKeys: [app.services.config.deliveryCodeKey],
    };
    await expect(
      deliver(app.services.db, app.services.jobs, app.services.live, rider, actor, {
        ...base,
        clientActionId: 'r-d1',
        otp: '0000' === deliveryOtp(d.id) ? '0001' : '0000',
      }),
    ).rejects.toMatchObject({ code: 'BAD_REQUEST' });
    await expect(
      deliver(app.services.db, app.services.jobs, app.services.live, rider, actor, {
        ...base,
        clientActionId: 'r-d2',
        otp: deliveryOtp(d.id),
        cashCollected: 100,
      }),
    ).rejects.toMatchObject({ code: 'BAD_REQUEST' });
    const done = await deliver(
      app.services.db,
      app.services.jobs,
      app.services.live,
      rider,
      actor,
      {
        ...base,
        clientActionId: 'r-d3',
        otp: deliveryOtp(d.id),
      },
    );
    expect(done.delivery).toMatchObject({ status: 'delivered', cashCollected: 12_500 });
    expect(await owner.caller.orders.byId({ id: d.orderId })).toMatchObject({
      status: 'delivered',
      paymentStatus: 'paid',
    });
    // Replayed: nothing twice.
    expect(
      (
        await deliver(app.services.db, app.services.jobs, app.services.live, rider, actor, {
          ...base,
          clientActionId: 'r-d3',
          otp: deliveryOtp(d.id),
        })
      ).replay,
    ).toBe(true);
  });
});
