// Cases of the orders router for the tenant-isolation harness.
import { schema } from '@flux/db';
import { connectedShop, openConversation, type TestApp, type TestUser } from '../testing';
import {
  ADMIN_ONLY,
  type AuditCase,
  type DomainCases,
  type ProcedureCase,
  STAFF_ONLY,
} from '../testing/harness';

const order = (w: { records: Record<string, string> }) => w.records.orderId ?? '';

/** An owner with one product, one prospect and one pending order. */
async function orderFixture(app: TestApp, owner?: TestUser) {
  const user = owner ?? (await app.signUp());
  const product = await user.caller.products.create({
    businessId: user.businessId,
    sku: `FIX-${Math.floor(Math.random() * 1e9)}`,
    name: 'Fixture',
    price: 1000,
    stock: 50,
  });
  const [prospect] = await app.services.db
    .insert(schema.prospects)
    .values({
      businessId: user.businessId,
      name: 'Client',
      email: `c${Math.random()}@example.test`,
    })
    .returning();
  const created = await user.caller.orders.create({
    businessId: user.businessId,
    prospectId: prospect?.id ?? '',
    lines: [{ productId: product.id, quantity: 1 }],
  });
  return { user, productId: product.id, prospectId: prospect?.id ?? '', orderId: created.id };
}

const verbs = [
  'submit',
  'confirm',
  'startPreparing',
  'markReady',
  'markOutForDelivery',
  'markDelivered',
  'markFailed',
  'markReturned',
  'cancel',
] as const;

const verbCases = Object.fromEntries(
  verbs.map((verb): [string, ProcedureCase] => [
    `orders.${verb}`,
    {
      scope: 'business',
      deniedTo: STAFF_ONLY,
      refersToRecords: true,
      input: (w) => ({ id: order(w), reason: 'test' }),
      invalid: { id: 'x', reason: 5 },
    },
  ]),
);

/** Each verb from a state where it is allowed. */
const verbAudits = Object.fromEntries(
  verbs.map((verb): [string, AuditCase] => [
    `orders.${verb}`,
    async (app) => {
      const { user, orderId } = await orderFixture(app);
      const c = user.caller.orders;
      const path: Record<(typeof verbs)[number], (typeof verbs)[number][]> = {
        submit: [],
        confirm: [],
        startPreparing: ['confirm'],
        markReady: ['confirm', 'startPreparing'],
        markOutForDelivery: ['confirm', 'startPreparing', 'markReady'],
        markDelivered: ['confirm', 'startPreparing', 'markReady', 'markOutForDelivery'],
        markFailed: ['confirm', 'startPreparing', 'markReady', 'markOutForDelivery'],
        markReturned: [
          'confirm',
          'startPreparing',
          'markReady',
          'markOutForDelivery',
          'markFailed',
        ],
        cancel: [],
      };
      if (verb === 'submit') {
        const draft = await orderFixture(app, user);
        await app.services.db.update(schema.orders).set({ status: 'draft' });
        await c.submit({ id: draft.orderId });
      } else {
        for (const step of path[verb]) await c[step]({ id: orderId, reason: 'test' });
        await c[verb]({ id: orderId, reason: 'test' });
      }
      return { userId: user.userId, action: 'order.transition' };
    },
  ]),
);

export const ordersCases: DomainCases = {
  async setup(world, app) {
    const fixture = await orderFixture(app, world.victim);
    world.records.orderId = fixture.orderId;
    world.records.orderProspectId = fixture.prospectId;
    world.records.orderProductId = fixture.productId;
  },
  procedures: {
    'orders.create': {
      scope: 'business',
      deniedTo: STAFF_ONLY,
      refersToRecords: true,
      input: (w) => ({
        prospectId: w.records.orderProspectId,
        lines: [{ productId: w.records.orderProductId, quantity: 1 }],
      }),
      invalid: { prospectId: 'x', lines: [], paymentMethod: 'bitcoin' },
    },
    'orders.transition': {
      scope: 'business',
      deniedTo: STAFF_ONLY,
      refersToRecords: true,
      input: (w) => ({ id: order(w), to: 'cancelled', reason: 'test' }),
      invalid: { id: 'x', to: 'teleported' },
    },
    ...verbCases,
    'orders.setPaymentStatus': {
      scope: 'business',
      deniedTo: ADMIN_ONLY,
      refersToRecords: true,
      input: (w) => ({ id: order(w), status: 'paid' }),
      invalid: { id: 'x', status: 'free' },
    },
    'orders.list': {
      scope: 'business',
      deniedTo: STAFF_ONLY,
      input: () => ({}),
      invalid: { limit: 1000, status: ['lost'] },
    },
    'orders.byId': {
      scope: 'business',
      deniedTo: STAFF_ONLY,
      refersToRecords: true,
      input: (w) => ({ id: order(w) }),
      invalid: { id: 'x' },
    },
    'orders.exportScope': {
      scope: 'business',
      deniedTo: STAFF_ONLY,
      input: () => ({ q: 'Client' }),
      invalid: { status: ['lost'], from: 'yesterday' },
    },
    'orders.updateLines': {
      scope: 'business',
      deniedTo: STAFF_ONLY,
      refersToRecords: true,
      input: (w) => ({
        id: order(w),
        lines: [{ productId: w.records.orderProductId, quantity: 2 }],
      }),
      invalid: { id: 'x', lines: [{ productId: 'y', quantity: 0 }] },
    },
    'orders.bulkTransition': {
      scope: 'business',
      deniedTo: STAFF_ONLY,
      refersToRecords: true,
      input: (w) => ({ ids: [order(w)], to: 'confirmed' }),
      invalid: { ids: [], to: 'delivered' },
    },
    'orders.receiptLink': {
      scope: 'business',
      deniedTo: STAFF_ONLY,
      refersToRecords: true,
      input: (w) => ({ id: order(w) }),
      invalid: { id: 'x' },
    },
    'orders.sendReceipt': {
      scope: 'business',
      deniedTo: STAFF_ONLY,
      refersToRecords: true,
      input: (w) => ({ id: order(w), clientMessageId: 'receipt-harness-0001' }),
      invalid: { id: 'x', clientMessageId: '' },
    },
  },
  audited: {
    'orders.create': async (app) => {
      const { user } = await orderFixture(app);
      return { userId: user.userId, action: 'order.create' };
    },
    'orders.transition': async (app) => {
      const { user, orderId } = await orderFixture(app);
      await user.caller.orders.transition({ id: orderId, to: 'confirmed' });
      return { userId: user.userId, action: 'order.transition' };
    },
    ...verbAudits,
    'orders.setPaymentStatus': async (app) => {
      const { user, orderId } = await orderFixture(app);
      await user.caller.orders.setPaymentStatus({ id: orderId, status: 'paid' });
      return { userId: user.userId, action: 'order.payment' };
    },
    'orders.updateLines': async (app) => {
      const { user, orderId, productId } = await orderFixture(app);
      await user.caller.orders.updateLines({ id: orderId, lines: [{ productId, quantity: 3 }] });
      return { userId: user.userId, action: 'order.lines' };
    },
    'orders.bulkTransition': async (app) => {
      const { user, orderId } = await orderFixture(app);
      await user.caller.orders.bulkTransition({ ids: [orderId], to: 'confirmed' });
      return { userId: user.userId, action: 'order.transition' };
    },
    'orders.receiptLink': async (app) => {
      const { user, orderId } = await orderFixture(app);
      await user.caller.orders.receiptLink({ id: orderId });
      return { userId: user.userId, action: 'order.receipt-link' };
    },
    'orders.sendReceipt': async (app) => {
      // A shop with a WhatsApp number, and a customer who wrote on it today.
      const { owner } = await connectedShop(app);
      const { prospectId } = await openConversation(app, owner.businessId, {
        phone: '+221776655001',
      });
      const { productId } = await orderFixture(app, owner);
      const created = await owner.caller.orders.create({
        prospectId,
        lines: [{ productId, quantity: 1 }],
      });
      await owner.caller.orders.sendReceipt({ id: created.id, clientMessageId: 'receipt-0001' });
      return { userId: owner.userId, action: 'order.receipt-link' };
    },
  },
};
