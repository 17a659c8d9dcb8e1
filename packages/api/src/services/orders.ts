// Orders: creation with server-side totals and gapless numbers, and the lifecycle state machine
// with its effects (stock, payment, customer status, the order.status-changed event), each
// transition in one transaction.
import { orderTransitions } from '@flux/contracts';
import type { Database, Db } from '@flux/db';
import { schema } from '@flux/db';
import { and, asc, eq, gte, inArray, sql } from 'drizzle-orm';
import type { JobSender } from '../jobs/sender';
import { type Actor, writeAudit } from '../lib/audit';
import { AppError } from '../lib/errors';
import { addMinor, multiplyMinor } from '../lib/money';
import { markCustomerOnFirstDelivery } from './prospects';

const { orders, orderItems, products, prospects, conversations, businesses } = schema;

export type OrderStatus = (typeof schema.orderStatusEnum.enumValues)[number];
export type OrderRow = typeof orders.$inferSelect;
export type OrderItemRow = typeof orderItems.$inferSelect;

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

export const orderNumber = (number: number) => `CMD-${String(number).padStart(6, '0')}`;

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
    const [prospect] = await tx
      .select({ id: prospects.id })
      .from(prospects)
      .where(and(eq(prospects.businessId, businessId), eq(prospects.id, input.prospectId)));
    if (!prospect) throw new AppError('NOT_FOUND', 'Prospect not found');
    if (input.conversationId) {
      const [conversation] = await tx
        .select({ prospectId: conversations.prospectId })
        .from(conversations)
        .where(
          and(eq(conversations.businessId, businessId), eq(conversations.id, input.conversationId)),
        );
      if (!conversation) throw new AppError('NOT_FOUND', 'Conversation not found');
      if (conversation.prospectId !== input.prospectId) {
        throw new AppError('BAD_REQUEST', 'This conversation is with another prospect');
      }
    }
    const found = await tx
      .select()
      .from(products)
      .where(
        and(eq(products.businessId, businessId), inArray(products.id, [...quantities.keys()])),
      );
    const byId = new Map(found.map((product) => [product.id, product]));

    // Taking the next number locks the business row until commit: numbers are consecutive and,
    // since a rolled-back order rolls its number back too, without gaps.
    const [counter] = await tx
      .update(businesses)
      .set({ orderCounter: sql`${businesses.orderCounter} + 1` })
      .where(eq(businesses.id, businessId))
      .returning({
        number: businesses.orderCounter,
        currency: businesses.currency,
        settings: businesses.settings,
      });
    if (!counter) throw new AppError('NOT_FOUND', 'Business not found');

    const lines = [...quantities].map(([productId, quantity]) => {
      const product = byId.get(productId);
      if (!product) throw new AppError('NOT_FOUND', `Product ${productId} not found`);
      if (!product.active) throw new AppError('BAD_REQUEST', `${product.name} is archived`);
      if (product.currency !== counter.currency) {
        throw new AppError('BAD_REQUEST', `${product.name} is priced in ${product.currency}`);
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
    const deliveryFee = counter.settings.deliveryFee;
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
    const [order] = await tx
      .insert(orders)
      .values({ ...values, cashDue: cashDueOf(values) })
      .returning();
    if (!order) throw new Error('order insert returned nothing');
    const items = await tx
      .insert(orderItems)
      .values(lines.map((line) => ({ ...line, businessId, orderId: order.id })))
      .returning();
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
}

/** Takes every line out of stock, or fails naming the first product that is short. */
async function reserveStock(tx: Db, businessId: string, items: OrderItemRow[]) {
  // A fixed order (by product id) so that concurrent reservations cannot deadlock.
  for (const item of [...items].sort((a, b) => a.productId.localeCompare(b.productId))) {
    const [updated] = await tx
      .update(products)
      .set({ stock: sql`${products.stock} - ${item.quantity}` })
      .where(
        and(
          eq(products.businessId, businessId),
          eq(products.id, item.productId),
          gte(products.stock, item.quantity),
        ),
      )
      .returning({ id: products.id });
    if (!updated) {
      const [product] = await tx
        .select({ name: products.name, stock: products.stock })
        .from(products)
        .where(eq(products.id, item.productId));
      throw new AppError(
        'CONFLICT',
        `Not enough stock for ${product?.name ?? item.name}: ${product?.stock ?? 0} left, ${item.quantity} ordered`,
        { productId: item.productId, available: product?.stock ?? 0, ordered: item.quantity },
      );
    }
  }
}

async function releaseStock(tx: Db, businessId: string, items: OrderItemRow[]) {
  for (const item of [...items].sort((a, b) => a.productId.localeCompare(b.productId))) {
    await tx
      .update(products)
      .set({ stock: sql`${products.stock} + ${item.quantity}` })
      .where(and(eq(products.businessId, businessId), eq(products.id, item.productId)));
  }
}

export async function lockOrder(tx: Db, businessId: string, orderId: string): Promise<OrderRow> {
  const [order] = await tx
    .select()
    .from(orders)
    .where(and(eq(orders.businessId, businessId), eq(orders.id, orderId)))
    .for('update');
  if (!order) throw new AppError('NOT_FOUND', 'Order not found');
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
      throw new AppError(
        'BAD_REQUEST',
        `Order ${orderNumber(order.number)} cannot go from ${from} to ${params.to}`,
        { from, to: params.to, allowed: orderTransitions[from] },
      );
    }
    if (NEEDS_REASON.includes(params.to) && !params.reason) {
      throw new AppError('BAD_REQUEST', `A reason is required to mark an order ${params.to}`);
    }
    const items = await tx.select().from(orderItems).where(eq(orderItems.orderId, order.id));
    const held = HOLDS_STOCK.includes(from);
    // Only confirmation enters the states that hold stock from states that do not.
    if (!held && HOLDS_STOCK.includes(params.to)) await reserveStock(tx, params.businessId, items);
    if (held && (params.to === 'cancelled' || params.to === 'returned')) {
      await releaseStock(tx, params.businessId, items);
    }

    const now = new Date();
    const changes: Partial<typeof orders.$inferInsert> = { status: params.to };
    if (params.to === 'confirmed') changes.confirmedAt = now;
    if (params.to === 'cancelled') changes.cancelledAt = now;
    if (params.to === 'delivered') {
      changes.deliveredAt = now;
      // Cash on delivery: the courier collected it.
      if (order.paymentMethod === 'cash_on_delivery') changes.paymentStatus = 'paid';
    }
    const next = { ...order, ...changes } as OrderRow;
    changes.cashDue = cashDueOf(next);
    const [updated] = await tx
      .update(orders)
      .set(changes)
      .where(eq(orders.id, order.id))
      .returning();
    if (!updated) throw new AppError('NOT_FOUND', 'Order not found');

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
    return updated;
  });
}

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
      throw new AppError(
        'BAD_REQUEST',
        `Payment of ${orderNumber(order.number)} cannot go from ${order.paymentStatus} to ${params.status}`,
      );
    }
    const next = { ...order, paymentStatus: params.status };
    const [updated] = await tx
      .update(orders)
      .set({ paymentStatus: params.status, cashDue: cashDueOf(next) })
      .where(eq(orders.id, order.id))
      .returning();
    if (!updated) throw new AppError('NOT_FOUND', 'Order not found');
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

export async function itemsOf(db: Db, orderIds: string[]) {
  if (orderIds.length === 0) return new Map<string, OrderItemRow[]>();
  const rows = await db
    .select()
    .from(orderItems)
    .where(inArray(orderItems.orderId, orderIds))
    .orderBy(asc(orderItems.createdAt), asc(orderItems.id));
  const grouped = new Map<string, OrderItemRow[]>();
  for (const row of rows) grouped.set(row.orderId, [...(grouped.get(row.orderId) ?? []), row]);
  return grouped;
}
