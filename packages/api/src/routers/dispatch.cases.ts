// Cases of the couriers, deliveries and courier routers for the tenant-isolation harness.
import { schema } from '@flux/db';
import { eq } from 'drizzle-orm';
import { createDelivery } from '../services/dispatch';
import { deliveryOtp, type TestApp, type TestUser } from '../testing';
import { ADMIN_ONLY, type AuditCase, type DomainCases } from '../testing/harness';

const COURIER_ONLY: ['agent'] = ['agent'];
let n = 0;

/** A courier (with the app) of `owner`'s business, and deliveries made for them on demand. */
export async function dispatchWorld(app: TestApp, owner: TestUser, courierUser?: TestUser) {
  const rider = courierUser ?? (await app.signUp());
  if (!courierUser) await app.join(owner, rider, 'courier');
  const [courier] = await app.services.db
    .insert(schema.couriers)
    .values({
      businessId: owner.businessId,
      userId: rider.userId,
      name: `Rider ${++n}`,
      phone: `+2217788${String(n).padStart(5, '0')}`,
      vehicle: 'motorbike',
      status: 'available',
      capacity: 5,
    })
    .returning();
  const product = await owner.caller.products.create({
    sku: `D-${n}`,
    name: 'Panier',
    price: 4_500,
    stock: 100,
  });
  const [prospect] = await app.services.db
    .insert(schema.prospects)
    .values({ businessId: owner.businessId, phone: `+2217787${String(n).padStart(5, '0')}` })
    .returning();
  /** A ready order's delivery in `status` with this courier. */
  const delivery = async (status: 'pending' | 'offered' | 'accepted' | 'picked_up' = 'offered') => {
    const order = await owner.caller.orders.create({
      prospectId: prospect?.id ?? '',
      lines: [{ productId: product.id, quantity: 1 }],
      paymentMethod: 'mobile_money',
    });
    for (const verb of ['confirm', 'startPreparing', 'markReady'] as const) {
      await owner.caller.orders[verb]({ id: order.id });
    }
    if (status === 'picked_up') await owner.caller.orders.markOutForDelivery({ id: order.id });
    const created = await app.services.db.transaction((tx) =>
      createDelivery(tx, app.services.jobs, { businessId: owner.businessId, orderId: order.id }),
    );
    if (status !== 'pending') {
      await app.services.db
        .update(schema.deliveries)
        .set({
          status,
          courierId: courier?.id ?? null,
          offerExpiresAt: new Date(Date.now() + 600_000),
        })
        .where(eq(schema.deliveries.id, created?.id ?? ''));
    }
    return created?.id ?? '';
  };
  return { rider, courierId: courier?.id ?? '', delivery };
}

const byCourier =
  (
    action: string,
    status: 'offered' | 'accepted' | 'picked_up',
    run: (rider: TestUser, businessId: string, deliveryId: string) => Promise<unknown>,
  ): AuditCase =>
  async (app) => {
    const owner = await app.signUp();
    const world = await dispatchWorld(app, owner);
    await run(world.rider, owner.businessId, await world.delivery(status));
    return { userId: world.rider.userId, action };
  };

const byDispatcher =
  (
    action: string,
    run: (owner: TestUser, world: Awaited<ReturnType<typeof dispatchWorld>>) => Promise<unknown>,
  ): AuditCase =>
  async (app) => {
    const owner = await app.signUp();
    await run(owner, await dispatchWorld(app, owner));
    return { userId: owner.userId, action };
  };

const record = (key: string) => (w: { records: Record<string, string> }) => w.records[key] ?? '';
const courierId = record('courierId');
const deliveryId = record('deliveryId');
const action = (w: { records: Record<string, string> }) => ({
  deliveryId: deliveryId(w),
  clientActionId: `attack-${Math.random()}`,
});

export const dispatchCases: DomainCases = {
  async setup(world, app) {
    const victim = await dispatchWorld(app, world.victim, world.victimCourier);
    world.records.courierId = victim.courierId;
    world.records.deliveryId = await victim.delivery('offered');
  },
  procedures: {
    'couriers.create': {
      scope: 'business',
      deniedTo: ADMIN_ONLY,
      input: () => ({ name: 'Intrus', phone: '+221770000999', vehicle: 'car' }),
      invalid: { name: '', vehicle: 'rocket', capacity: 0 },
    },
    'couriers.update': {
      scope: 'business',
      deniedTo: ADMIN_ONLY,
      refersToRecords: true,
      input: (w) => ({ id: courierId(w), capacity: 9 }),
      invalid: { id: 'x', capacity: 0 },
    },
    'couriers.list': {
      scope: 'business',
      deniedTo: ADMIN_ONLY,
      input: () => ({}),
      invalid: { status: 'flying', limit: 0 },
    },
    'couriers.deactivate': {
      scope: 'business',
      deniedTo: ADMIN_ONLY,
      refersToRecords: true,
      input: (w) => ({ id: courierId(w) }),
      invalid: { id: 'x' },
    },
    'couriers.cash': {
      scope: 'business',
      deniedTo: ADMIN_ONLY,
      refersToRecords: true,
      input: (w) => ({ courierId: courierId(w) }),
      invalid: { courierId: 'x' },
    },
    'couriers.recordHandover': {
      scope: 'business',
      deniedTo: ADMIN_ONLY,
      refersToRecords: true,
      input: (w) => ({ courierId: courierId(w), amount: 1 }),
      invalid: { courierId: 'x', amount: 'lots' },
    },
    'deliveries.list': {
      scope: 'business',
      deniedTo: ADMIN_ONLY,
      input: () => ({}),
      invalid: { status: 'lost', needsDispatcher: 'yes' },
    },
    'deliveries.byId': {
      scope: 'business',
      deniedTo: ADMIN_ONLY,
      refersToRecords: true,
      input: (w) => ({ id: deliveryId(w) }),
      invalid: { id: 'x' },
    },
    'deliveries.assign': {
      scope: 'business',
      deniedTo: ADMIN_ONLY,
      refersToRecords: true,
      input: (w) => ({ deliveryId: deliveryId(w), courierId: courierId(w) }),
      invalid: { deliveryId: 'x', courierId: 'y' },
    },
    'deliveries.unlockCode': {
      scope: 'business',
      deniedTo: ADMIN_ONLY,
      refersToRecords: true,
      input: (w) => ({ id: deliveryId(w), reason: 'The customer called the shop' }),
      invalid: { id: 'x', reason: '' },
    },
    'deliveries.waiveCode': {
      scope: 'business',
      deniedTo: ADMIN_ONLY,
      refersToRecords: true,
      input: (w) => ({ id: deliveryId(w), reason: 'The customer called the shop' }),
      invalid: { id: 'x', reason: 'a'.repeat(301) },
    },
    'courier.me': { scope: 'business', deniedTo: COURIER_ONLY, callerRole: 'courier' },
    'courier.setAvailability': {
      scope: 'business',
      deniedTo: COURIER_ONLY,
      callerRole: 'courier',
      input: () => ({ status: 'offline' }),
      invalid: { status: 'busy' },
    },
    'courier.updateLocation': {
      scope: 'business',
      deniedTo: COURIER_ONLY,
      callerRole: 'courier',
      input: () => ({ lat: 14.7, lng: -17.4 }),
      invalid: { lat: 91, lng: 'x' },
    },
    'courier.live': { scope: 'business', deniedTo: COURIER_ONLY, callerRole: 'courier' },
    'courier.myOffers': { scope: 'business', deniedTo: COURIER_ONLY, callerRole: 'courier' },
    'courier.myDeliveries': { scope: 'business', deniedTo: COURIER_ONLY, callerRole: 'courier' },
    'courier.today': { scope: 'business', deniedTo: COURIER_ONLY, callerRole: 'courier' },
    'courier.registerPushToken': {
      scope: 'business',
      deniedTo: COURIER_ONLY,
      callerRole: 'courier',
      input: () => ({ token: 'ExponentPushToken[attacker-device-0001]' }),
      invalid: { token: 42 },
    },
    'courier.accept': {
      scope: 'business',
      deniedTo: COURIER_ONLY,
      callerRole: 'courier',
      input: action,
      invalid: { deliveryId: 'x', clientActionId: 'short' },
    },
    'courier.decline': {
      scope: 'business',
      deniedTo: COURIER_ONLY,
      callerRole: 'courier',
      input: action,
      invalid: { deliveryId: 'x', clientActionId: '' },
    },
    'courier.pickUp': {
      scope: 'business',
      deniedTo: COURIER_ONLY,
      callerRole: 'courier',
      input: action,
      invalid: { deliveryId: 'x' },
    },
    'courier.deliver': {
      scope: 'business',
      deniedTo: COURIER_ONLY,
      callerRole: 'courier',
      input: (w) => ({ ...action(w), otp: '1234' }),
      invalid: { deliveryId: 'x', otp: '12', cashCollected: 'a lot' },
    },
    'courier.fail': {
      scope: 'business',
      deniedTo: COURIER_ONLY,
      callerRole: 'courier',
      input: (w) => ({ ...action(w), reason: 'absent' }),
      invalid: { deliveryId: 'x', reason: 'bored' },
    },
  },
  audited: {
    'couriers.create': byDispatcher('courier.create', (o) =>
      o.caller.couriers.create({ name: 'Ibrahima', phone: '77 123 45 67', vehicle: 'bicycle' }),
    ),
    'couriers.update': byDispatcher('courier.update', (o, w) =>
      o.caller.couriers.update({ id: w.courierId, capacity: 3 }),
    ),
    'couriers.deactivate': byDispatcher('courier.deactivate', (o, w) =>
      o.caller.couriers.deactivate({ id: w.courierId }),
    ),
    'couriers.recordHandover': async (app) => {
      const owner = await app.signUp();
      const world = await dispatchWorld(app, owner);
      const id = await world.delivery('picked_up');
      await app.services.db
        .update(schema.deliveries)
        .set({ status: 'delivered', cashCollected: 4_500 })
        .where(eq(schema.deliveries.id, id));
      await owner.caller.couriers.recordHandover({ courierId: world.courierId, amount: 4_000 });
      return { userId: owner.userId, action: 'courier.cash_handover' };
    },
    'deliveries.assign': byDispatcher('delivery.assign', async (o, w) =>
      o.caller.deliveries.assign({
        deliveryId: await w.delivery('pending'),
        courierId: w.courierId,
      }),
    ),
    'deliveries.unlockCode': async (app) => {
      const owner = await app.signUp();
      const id = await (await dispatchWorld(app, owner)).delivery('picked_up');
      // As after too many wrong codes.
      await app.services.db
        .update(schema.deliveries)
        .set({ otpFailures: 5, otpLockedAt: new Date() })
        .where(eq(schema.deliveries.id, id));
      await owner.caller.deliveries.unlockCode({ id, reason: 'Customer reached by phone' });
      return { userId: owner.userId, action: 'delivery.code_unlock' };
    },
    'deliveries.waiveCode': byDispatcher('delivery.code_waive', async (o, w) =>
      o.caller.deliveries.waiveCode({
        id: await w.delivery('picked_up'),
        reason: 'Customer reached by phone',
      }),
    ),
    'courier.setAvailability': byCourier('courier.availability', 'offered', (r, businessId) =>
      r.caller.courier.setAvailability({ businessId, status: 'offline' }),
    ),
    'courier.accept': byCourier('delivery.accept', 'offered', (r, businessId, deliveryId) =>
      r.caller.courier.accept({ businessId, deliveryId, clientActionId: 'audit-accept-1' }),
    ),
    'courier.decline': byCourier('delivery.decline', 'offered', (r, businessId, deliveryId) =>
      r.caller.courier.decline({ businessId, deliveryId, clientActionId: 'audit-decline-1' }),
    ),
    'courier.pickUp': byCourier('delivery.pick_up', 'accepted', (r, businessId, deliveryId) =>
      r.caller.courier.pickUp({ businessId, deliveryId, clientActionId: 'audit-pickup-1' }),
    ),
    'courier.deliver': byCourier('delivery.deliver', 'picked_up', (r, businessId, deliveryId) =>
      r.caller.courier.deliver({
        businessId,
        deliveryId,
        clientActionId: 'audit-deliver-1',
        otp: deliveryOtp(deliveryId),
      }),
    ),
    'courier.fail': byCourier('delivery.fail', 'picked_up', (r, businessId, deliveryId) =>
      r.caller.courier.fail({
        businessId,
        deliveryId,
        clientActionId: 'audit-fail-1',
        reason: 'absent',
      }),
    ),
  },
  unaudited: {
    'courier.updateLocation':
      'positions arrive every few seconds; they are kept as the courier’s last position and as delivery_events, not as audit rows',
    'courier.registerPushToken':
      'a device address the app sends at each start, not a change to the business; the courier’s record keeps the last one',
  },
};
