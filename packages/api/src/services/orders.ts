// Orders: creation with server-side totals and gapless numbers, and the lifecycle state machine
// with its effects (stock, payment, customer status, the order.status-changed event), each
// transition in one transaction.
// Over 400 lines on purpose: creation, line edits and the state machine share the order's lock,
// totals and stock effects; split, the rules of one order would be in several places.
import { orderTransitions } from '@flux/contracts';
import type { Database, Db, schema } from '@flux/db';
import { conversationById } from '@flux/db/queries/conversations';
import {
  deleteOrderLines,
  insertOrder,
  insertOrderLines,
  type OrderChanges,
  type OrderItemRow,
  type OrderRow,
  orderById,
  orderLines,
  setOrderLineQuantity,
  takeOrderNumber,
  updateOrder,
} from '@flux/db/queries/orders';
import { getProduct, moveStock, productsByIds } from '@flux/db/queries/products';
import { prospectById } from '@flux/db/queries/prospects';
import type { JobSender } from '../jobs/sender';
import { type Actor, writeAudit } from '../lib/audit';
import { notFound, refuse } from '../lib/errors';
import { addMinor, multiplyMinor } from '../lib/money';
import { notify } from './notifications';
import { orderNumber } from './order-number';
import { markCustomerOnFirstDelivery } from './prospects';
import { emitOrderEvent } from './webhooks/events';

export type OrderStatus = (typeof schema.orderStatusEnum.enumValues)[number];
export type { OrderItemRow, OrderRow };

/** States in which the order's items are taken out of stock. */
const HOLDS_STOCK: readonly OrderStatus[] = [
  'confirmed',
  'preparing',
  'ready',
  'out_for_delivery',
  'failed',
];
/** A reason is required to cancel or to record a failed delivery. */
const NEEDS_REASON: readonly OrderStatus[] = ['cancelled', 'failed'];

const archived = (product: string) =>
  refuse('product.archived', `${product} is archived`, { product });
const pricedIn = (product: { name: string; currency: string }) =>
  refuse('product.currency_mismatch', `${product.name} is priced in ${product.currency}`, {
    product: product.name,
    currency: product.currency,
  });

export { orderNumber } from './order-number';

/** Parses "CMD-000123", "cmd123" or "123" to 123. */
export function parseOrderNumber(text: string): number | null {
  const match = /^(?:cmd-?)?0*(\d{1,9})$/i.exec(text.trim());
  return match?.[1] ? Number(match[1]) : null;
}

/** Cash a courier must collect: the total while a cash-on-delivery order is unpaid and alive. */
function cashDueOf(order: Pick<OrderRow, 'paymentMethod' | 'paymentStatus' | 'total' | 'status'>) {
  const alive = !['cancelled', 'returned'].includes(order.status);
  return order.paymentMethod === 'cash_on_delivery' && order.paymentStatus === 'unpaid' && alive
    ? order.total
    : 0;
}

export interface CreateOrderInput {
  prospectId: string;
  conversationId?: string | undefined;
  lines: { productId: string; quantity: number }[];
  deliveryAddress?: string | undefined;
  deliveryLat?: number | undefined;
  deliveryLng?: number | undefined;
  paymentMethod: OrderRow['paymentMethod'];
  /** Minor units; the business's setting when not given. */
  deliveryFee?: number | undefined;
  note?: string | undefined;
  status: 'draft' | 'pending';
}

export async function createOrder(
  db: Db,
  jobs: JobSender,
  actor: Actor,
  businessId: string,
  input: CreateOrderInput,
) {
  // The same product twice is one line with the quantities added.
  const quantities = new Map<string, number>();
  for (const line of input.lines) {
    quantities.set(line.productId, (quantities.get(line.productId) ?? 0) + line.quantity);
  }
  return db.transaction(async (tx) => {
    const prospect = await prospectById(tx, { businessId, prospectId: input.prospectId });
    if (!prospect) throw notFound('Prospect');
    if (input.conversationId) {
      const conversation = await conversationById(tx, {
        businessId,
        conversationId: input.conversationId,
      });
      if (!conversation) throw notFound('Conversation');
      if (conversation.prospectId !== input.prospectId) {
        throw refuse('order.other_prospect', 'This conversation is with another prospect');
      }
    }
    const found = await productsByIds(tx, { businessId, productIds: [...quantities.keys()] });
    const byId = new Map(found.map((product) => [product.id, product]));

    // Taking the next number locks the business row until commit: numbers are consecutive and,
    // since a rolled-back order rolls its number back too, without gaps.
    const counter = await takeOrderNumber(tx, { businessId });
    if (!counter) throw notFound('Business');

    const lines = [...quantities].map(([productId, quantity]) => {
      const product = byId.get(productId);
      if (!product) throw notFound('Product', `Product ${productId} not found`);
      if (!product.active) throw archived(product.name);
      if (product.currency !== counter.currency) {
        throw pricedIn(product);
      }
      // Prices are snapshotted: a later price change does not touch this order.
      return {
        productId,
        name: product.name,
        quantity,
        unitPrice: product.price,
        lineTotal: multiplyMinor(product.price, quantity),
      };
    });
    const subtotal = addMinor(...lines.map((line) => line.lineTotal));
    const deliveryFee = input.deliveryFee ?? counter.settings.deliveryFee;
    const total = addMinor(subtotal, deliveryFee);
    const values = {
      businessId,
      number: counter.number,
      prospectId: input.prospectId,
      conversationId: input.conversationId ?? null,
      status: input.status,
      subtotal,
      deliveryFee,
      total,
      currency: counter.currency,
      paymentMethod: input.paymentMethod,
      paymentStatus: 'unpaid' as const,
      deliveryAddress: input.deliveryAddress ?? null,
      deliveryLat: input.deliveryLat ?? null,
      deliveryLng: input.deliveryLng ?? null,
      note: input.note ?? null,
      createdBy: actor.userId,
    };
    const order = await insertOrder(tx, { ...values, cashDue: cashDueOf(values) });
    if (!order) throw new Error('order insert returned nothing');
    const items = await insertOrderLines(tx, { businessId, orderId: order.id, lines });
    await writeAudit(tx, actor, {
      businessId,
      action: 'order.create',
      entityType: 'order',
      entityId: order.id,
      changes: { number: order.number, status: order.status, total, lines: lines.length },
    });
    await publishStatusChange(tx, jobs, order, null, null);
    return { order, items };
  });
}

/**
 * A draft's lines written again (the customer changed their order before the team confirmed it):
 * prices snapshotted anew, totals recomputed. Anything but a draft is left alone.
 */
export async function replaceDraftLines(
  tx: Db,
  actor: Actor,
  businessId: string,
  orderId: string,
  input: {
    lines: { productId: string; quantity: number }[];
    deliveryAddress?: string | undefined;
    /** The address's point (a location pin), set with the address. */
    deliveryPoint?: { latitude: number; longitude: number } | null | undefined;
  },
): Promise<OrderRow | null> {
  const order = await lockOrder(tx, businessId, orderId);
  if (order.status !== 'draft') return null;
  const quantities = new Map<string, number>();
  for (const line of input.lines) {
    quantities.set(line.productId, (quantities.get(line.productId) ?? 0) + line.quantity);
  }
  const found = await productsByIds(tx, { businessId, productIds: [...quantities.keys()] });
  const byId = new Map(found.map((product) => [product.id, product]));
  const lines = [...quantities].flatMap(([productId, quantity]) => {
    const product = byId.get(productId);
    if (!product?.active || product.currency !== order.currency) return [];
    return [
      {
        productId,
        name: product.name,
        quantity,
        unitPrice: product.price,
        lineTotal: multiplyMinor(product.price, quantity),
      },
    ];
  });
  if (lines.length === 0) return null;
  await deleteOrderLines(tx, { businessId, orderId });
  await insertOrderLines(tx, { businessId, orderId, lines });
  const subtotal = addMinor(...lines.map((line) => line.lineTotal));
  const next = { ...order, subtotal, total: addMinor(subtotal, order.deliveryFee) };
  const updated = await updateOrder(tx, {
    businessId,
    orderId,
    changes: {
      subtotal,
      total: next.total,
      cashDue: cashDueOf(next),
      ...(input.deliveryAddress && !order.deliveryAddress
        ? {
            deliveryAddress: input.deliveryAddress,
            ...(input.deliveryPoint
              ? {
                  deliveryLat: input.deliveryPoint.latitude,
                  deliveryLng: input.deliveryPoint.longitude,
                }
              : {}),
          }
        : {}),
    },
  });
  await writeAudit(tx, actor, {
    businessId,
    action: 'order.update',
    entityType: 'order',
    entityId: orderId,
    changes: {
      lines: lines.map((l) => ({ productId: l.productId, quantity: l.quantity })),
      total: next.total,
    },
  });
  return updated ?? null;
}

async function publishStatusChange(
  tx: Db,
  jobs: JobSender,
  order: OrderRow,
  from: OrderStatus | null,
  reason: string | null,
) {
  await jobs.send(
    'order.status-changed',
    {
      businessId: order.businessId,
      orderId: order.id,
      number: order.number,
      from,
      to: order.status,
      reason,
      at: new Date().toISOString(),
    },
    { db: tx },
  );
  // Merchants' endpoints hear of it from the same transaction (nothing sent if it rolls back).
  await emitOrderEvent(tx, jobs, order, from, reason);
}

/** Takes every line out of stock, or fails naming the first product that is short. */
async function reserveStock(tx: Db, businessId: string, items: OrderItemRow[]) {
  // A fixed order (by product id) so that concurrent reservations cannot deadlock.
  for (const item of [...items].sort((a, b) => a.productId.localeCompare(b.productId))) {
    // Conditional: the stock cannot go below zero, whatever runs concurrently.
    const updated = await moveStock(tx, {
      businessId,
      productId: item.productId,
      delta: -item.quantity,
    });
    if (!updated) {
      const product = await getProduct(tx, { businessId, productId: item.productId });
      const available = product?.stock ?? 0;
      throw refuse(
        'stock.insufficient',
        `Not enough stock for ${product?.name ?? item.name}: ${available} left, ${item.quantity} ordered`,
        { product: product?.name ?? item.name, available, ordered: item.quantity },
        { productId: item.productId, available, ordered: item.quantity },
      );
    }
  }
}

async function releaseStock(tx: Db, businessId: string, items: OrderItemRow[]) {
  for (const item of [...items].sort((a, b) => a.productId.localeCompare(b.productId))) {
    await moveStock(tx, { businessId, productId: item.productId, delta: item.quantity });
  }
}

export async function lockOrder(tx: Db, businessId: string, orderId: string): Promise<OrderRow> {
  const order = await orderById(tx, { businessId, orderId, lock: 'update' });
  if (!order) throw notFound('Order');
  return order;
}

export async function transitionOrder(
  db: Db,
  jobs: JobSender,
  actor: Actor,
  params: { businessId: string; orderId: string; to: OrderStatus; reason?: string | undefined },
) {
  return db.transaction(async (tx) => {
    const order = await lockOrder(tx, params.businessId, params.orderId);
    const from = order.status;
    if (!orderTransitions[from].includes(params.to)) {
      throw refuse(
        'order.transition_refused',
        `Order ${orderNumber(order.number)} cannot go from ${from} to ${params.to}`,
        { reference: orderNumber(order.number), from, to: params.to },
        { from, to: params.to, allowed: orderTransitions[from] },
      );
    }
    if (NEEDS_REASON.includes(params.to) && !params.reason) {
      throw refuse('order.reason_required', `A reason is required to mark an order ${params.to}`);
    }
    const items = await orderLines(tx, { businessId: params.businessId, orderId: order.id });
    const held = HOLDS_STOCK.includes(from);
    // Only confirmation enters the states that hold stock from states that do not.
    if (!held && HOLDS_STOCK.includes(params.to)) await reserveStock(tx, params.businessId, items);
    if (held && (params.to === 'cancelled' || params.to === 'returned')) {
      await releaseStock(tx, params.businessId, items);
    }

    const now = new Date();
    const changes: OrderChanges = { status: params.to };
    if (params.to === 'confirmed') changes.confirmedAt = now;
    if (params.to === 'cancelled') changes.cancelledAt = now;
    if (params.to === 'delivered') {
      changes.deliveredAt = now;
      // Cash on delivery: the courier collected it.
      if (order.paymentMethod === 'cash_on_delivery') changes.paymentStatus = 'paid';
    }
    const next = { ...order, ...changes } as OrderRow;
    changes.cashDue = cashDueOf(next);
    const updated = await updateOrder(tx, {
      businessId: params.businessId,
      orderId: order.id,
      changes,
    });
    if (!updated) throw notFound('Order');

    if (params.to === 'delivered') {
      // A first delivered order makes the prospect a customer.
      await markCustomerOnFirstDelivery(tx, params.businessId, order.prospectId, actor);
    }
    await writeAudit(tx, actor, {
      businessId: params.businessId,
      action: 'order.transition',
      entityType: 'order',
      entityId: order.id,
      changes: { from, to: params.to, reason: params.reason ?? null },
    });
    await publishStatusChange(tx, jobs, updated, from, params.reason ?? null);
    const told = CUSTOMER_TOLD[params.to];
    if (told) {
      await notify(tx, jobs, {
        type: told,
        businessId: params.businessId,
        orderId: order.id,
        reason: params.reason ?? null,
      });
    }
    return updated;
  });
}

/** The transitions the customer is told of (each once per order: the state machine has no loop). */
const CUSTOMER_TOLD: Partial<
  Record<
    OrderStatus,
    | 'order.confirmed'
    | 'order.out_for_delivery'
    | 'order.delivered'
    | 'order.cancelled'
    | 'order.failed'
  >
> = {
  confirmed: 'order.confirmed',
  out_for_delivery: 'order.out_for_delivery',
  delivered: 'order.delivered',
  cancelled: 'order.cancelled',
  failed: 'order.failed',
};

export async function setPaymentStatus(
  db: Database,
  actor: Actor,
  params: { businessId: string; orderId: string; status: OrderRow['paymentStatus'] },
) {
  return db.transaction(async (tx) => {
    const order = await lockOrder(tx, params.businessId, params.orderId);
    const allowed: Record<OrderRow['paymentStatus'], OrderRow['paymentStatus'][]> = {
      unpaid: ['paid'],
      paid: ['refunded', 'unpaid'],
      refunded: [],
    };
    if (!allowed[order.paymentStatus].includes(params.status)) {
      throw refuse(
        'order.payment_transition_refused',
        `Payment of ${orderNumber(order.number)} cannot go from ${order.paymentStatus} to ${params.status}`,
        { reference: orderNumber(order.number), from: order.paymentStatus, to: params.status },
      );
    }
    const next = { ...order, paymentStatus: params.status };
    const updated = await updateOrder(tx, {
      businessId: params.businessId,
      orderId: order.id,
      changes: { paymentStatus: params.status, cashDue: cashDueOf(next) },
    });
    if (!updated) throw notFound('Order');
    await writeAudit(tx, actor, {
      businessId: params.businessId,
      action: 'order.payment',
      entityType: 'order',
      entityId: order.id,
      changes: { from: order.paymentStatus, to: params.status },
    });
    return updated;
  });
}

/** States in which an order's lines may still change: nothing is reserved, nobody was told. */
export const EDITABLE_LINES: readonly OrderStatus[] = ['draft', 'pending'];

/**
 * Replaces an order's lines with the ones given (the same product twice is one line), before
 * confirmation only. A product already on the order keeps the price it was ordered at; a product
 * added now is priced as it is now. Totals and the cash due are computed again, the change is
 * audited with the lines before and after, all in one transaction under the order's row lock, so
 * a confirmation running at the same time reserves either the old lines or the new ones, never a
 * mix. Stock is not touched: confirmation checks and takes it, as for any order.
 */
export async function updateOrderLines(
  db: Db,
  actor: Actor,
  params: {
    businessId: string;
    orderId: string;
    lines: { productId: string; quantity: number }[];
  },
) {
  const { businessId, orderId } = params;
  const quantities = new Map<string, number>();
  for (const line of params.lines) {
    quantities.set(line.productId, (quantities.get(line.productId) ?? 0) + line.quantity);
  }
  return db.transaction(async (tx) => {
    const order = await lockOrder(tx, businessId, orderId);
    if (!EDITABLE_LINES.includes(order.status)) {
      throw refuse(
        'order.lines_locked',
        `Order ${orderNumber(order.number)} is ${order.status}: its lines can no longer change`,
        { reference: orderNumber(order.number), status: order.status },
        { reason: 'lines-locked', status: order.status },
      );
    }
    const before = await orderLines(tx, { businessId, orderId });
    const existing = new Map(before.map((item) => [item.productId, item]));
    const added = [...quantities.keys()].filter((productId) => !existing.has(productId));
    const found =
      added.length > 0 ? await productsByIds(tx, { businessId, productIds: added }) : [];
    const products = new Map(found.map((product) => [product.id, product]));

    const removed = before.filter((item) => !quantities.has(item.productId));
    await deleteOrderLines(tx, { businessId, orderId, itemIds: removed.map((item) => item.id) });
    for (const item of before) {
      const quantity = quantities.get(item.productId);
      if (quantity === undefined || quantity === item.quantity) continue;
      await setOrderLineQuantity(tx, {
        businessId,
        orderId,
        itemId: item.id,
        quantity,
        lineTotal: multiplyMinor(item.unitPrice, quantity),
      });
    }
    const newLines = added.map((productId) => {
      const product = products.get(productId);
      if (!product) throw notFound('Product', `Product ${productId} not found`);
      if (!product.active) throw archived(product.name);
      if (product.currency !== order.currency) {
        throw pricedIn(product);
      }
      const quantity = quantities.get(productId) ?? 0;
      return {
        productId,
        name: product.name,
        quantity,
        unitPrice: product.price,
        lineTotal: multiplyMinor(product.price, quantity),
      };
    });
    if (newLines.length > 0) {
      await insertOrderLines(tx, { businessId, orderId, lines: newLines });
    }

    const items = await orderLines(tx, { businessId, orderId });
    const subtotal = addMinor(...items.map((item) => item.lineTotal));
    const total = addMinor(subtotal, order.deliveryFee);
    const updated = await updateOrder(tx, {
      businessId,
      orderId,
      changes: { subtotal, total, cashDue: cashDueOf({ ...order, total }) },
    });
    if (!updated) throw notFound('Order');
    const summary = (rows: OrderItemRow[]) =>
      rows.map((item) => ({ name: item.name, quantity: item.quantity }));
    await writeAudit(tx, actor, {
      businessId,
      action: 'order.lines',
      entityType: 'order',
      entityId: orderId,
      changes: {
        number: order.number,
        before: summary(before),
        after: summary(items),
        total: { from: order.total, to: total },
      },
    });
    return { order: updated, items };
  });
}
