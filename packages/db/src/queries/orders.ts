// Orders' SQL: one order with its customer, its lines and its history; then the writes the order
// service composes in its transactions (the business's number counter, insert, lock, update).
// The list and the CSV export are order-list.ts. Scoped by businessId.
import { and, asc, eq, inArray, sql } from 'drizzle-orm';
import type { Db } from '../client';
import { auditLogs, businesses, orderItems, orders, prospects, users } from '../schema';

/** One order and its customer, or undefined. */
export async function getOrderWithProspect(
  db: Db,
  params: { businessId: string; orderId: string },
) {
  const [row] = await db
    .select({ order: orders, prospect: prospects })
    .from(orders)
    .innerJoin(prospects, eq(prospects.id, orders.prospectId))
    .where(and(eq(orders.businessId, params.businessId), eq(orders.id, params.orderId)));
  return row;
}

/** The lines of one order, in the order they were added. */
export function orderLines(db: Db, params: { businessId: string; orderId: string }) {
  return db
    .select()
    .from(orderItems)
    .where(
      and(eq(orderItems.businessId, params.businessId), eq(orderItems.orderId, params.orderId)),
    )
    .orderBy(asc(orderItems.createdAt), asc(orderItems.id));
}

/**
 * What happened to an order, oldest first: the audit entries about it, with the acting member's
 * name as it is now (the label kept in the log is an email, or 'ai' / 'system' / 'whatsapp').
 */
export function orderHistory(db: Db, params: { businessId: string; orderId: string }) {
  return db
    .select({
      action: auditLogs.action,
      changes: auditLogs.changes,
      actorLabel: auditLogs.actorLabel,
      actorName: users.name,
      at: auditLogs.createdAt,
    })
    .from(auditLogs)
    .leftJoin(users, eq(users.id, auditLogs.actorUserId))
    .where(
      and(
        eq(auditLogs.businessId, params.businessId),
        eq(auditLogs.entityType, 'order'),
        eq(auditLogs.entityId, params.orderId),
      ),
    )
    .orderBy(asc(auditLogs.createdAt), asc(auditLogs.seq));
}

export type OrderRow = typeof orders.$inferSelect;
export type OrderItemRow = typeof orderItems.$inferSelect;
export type OrderChanges = Partial<Omit<typeof orders.$inferInsert, 'id' | 'businessId'>>;

/**
 * Takes the business's next order number, with what an order copies from the business. The
 * UPDATE locks the business row until the transaction ends: numbers are consecutive, and a
 * rolled-back order rolls its number back too. Undefined when there is no such business.
 */
export async function takeOrderNumber(db: Db, params: { businessId: string }) {
  const [row] = await db
    .update(businesses)
    .set({ orderCounter: sql`${businesses.orderCounter} + 1` })
    .where(eq(businesses.id, params.businessId))
    .returning({
      number: businesses.orderCounter,
      currency: businesses.currency,
      settings: businesses.settings,
    });
  return row;
}

export async function insertOrder(
  db: Db,
  values: typeof orders.$inferInsert & { businessId: string },
): Promise<OrderRow | undefined> {
  const [row] = await db.insert(orders).values(values).returning();
  return row;
}

/** The lines of a new order, in the order given. */
export function insertOrderLines(
  db: Db,
  params: {
    businessId: string;
    orderId: string;
    lines: Omit<typeof orderItems.$inferInsert, 'businessId' | 'orderId'>[];
  },
): Promise<OrderItemRow[]> {
  return db
    .insert(orderItems)
    .values(
      params.lines.map((line) => ({
        ...line,
        businessId: params.businessId,
        orderId: params.orderId,
      })),
    )
    .returning();
}

/** One order's row, locked until the transaction ends with `lock: 'update'`; or undefined. */
export async function orderById(
  db: Db,
  params: { businessId: string; orderId: string; lock?: 'update' },
): Promise<OrderRow | undefined> {
  const query = db
    .select()
    .from(orders)
    .where(and(eq(orders.businessId, params.businessId), eq(orders.id, params.orderId)))
    .$dynamic();
  if (params.lock) query.for('update');
  const [row] = await query;
  return row;
}

/** Changes the given columns; undefined when the business has no such order. */
export async function updateOrder(
  db: Db,
  params: { businessId: string; orderId: string; changes: OrderChanges },
): Promise<OrderRow | undefined> {
  const [row] = await db
    .update(orders)
    .set(params.changes)
    .where(and(eq(orders.businessId, params.businessId), eq(orders.id, params.orderId)))
    .returning();
  return row;
}

/**
 * Removes lines of one order: those of `itemIds`, or every one without it (a draft whose lines are
 * written again).
 */
export async function deleteOrderLines(
  db: Db,
  params: { businessId: string; orderId: string; itemIds?: string[] },
) {
  if (params.itemIds?.length === 0) return;
  await db
    .delete(orderItems)
    .where(
      and(
        eq(orderItems.businessId, params.businessId),
        eq(orderItems.orderId, params.orderId),
        params.itemIds ? inArray(orderItems.id, params.itemIds) : undefined,
      ),
    );
}

/** A line's new quantity and its total (the unit price snapshot stays). */
export async function setOrderLineQuantity(
  db: Db,
  params: {
    businessId: string;
    orderId: string;
    itemId: string;
    quantity: number;
    lineTotal: number;
  },
) {
  await db
    .update(orderItems)
    .set({ quantity: params.quantity, lineTotal: params.lineTotal })
    .where(
      and(
        eq(orderItems.businessId, params.businessId),
        eq(orderItems.orderId, params.orderId),
        eq(orderItems.id, params.itemId),
      ),
    );
}

/** What a receipt shows: the order, its customer and its shop; undefined when there is none. */
export async function receiptOf(db: Db, params: { businessId: string; orderId: string }) {
  const [row] = await db
    .select({
      order: orders,
      customer: { name: prospects.name, phone: prospects.phone },
      shop: {
        name: businesses.name,
        currency: businesses.currency,
        timezone: businesses.timezone,
        locale: businesses.locale,
      },
    })
    .from(orders)
    .innerJoin(
      prospects,
      and(eq(prospects.id, orders.prospectId), eq(prospects.businessId, orders.businessId)),
    )
    .innerJoin(businesses, eq(businesses.id, orders.businessId))
    .where(and(eq(orders.businessId, params.businessId), eq(orders.id, params.orderId)));
  return row;
}

/** Which of these ids are orders of the business. */
export async function businessOrderIds(
  db: Db,
  params: { businessId: string; orderIds: string[] },
): Promise<Set<string>> {
  if (params.orderIds.length === 0) return new Set();
  const rows = await db
    .select({ id: orders.id })
    .from(orders)
    .where(and(eq(orders.businessId, params.businessId), inArray(orders.id, params.orderIds)));
  return new Set(rows.map((row) => row.id));
}
