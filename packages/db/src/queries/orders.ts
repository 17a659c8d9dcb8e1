// Orders' reads: the list (one statement, lines aggregated in PostgreSQL), one order with its
// customer, its lines and its history. Every function is scoped by businessId.
import { and, asc, desc, eq, gte, inArray, lt, type SQL, sql } from 'drizzle-orm';
import type { Db } from '../client';
import { auditLogs, orderItems, orders, prospects } from '../schema';

type OrderStatus = (typeof orders.$inferSelect)['status'];

export interface OrderListParams {
  businessId: string;
  limit: number;
  status?: OrderStatus[] | undefined;
  prospectId?: string | undefined;
  from?: Date | undefined;
  to?: Date | undefined;
  number?: number | undefined;
  /** The last row of the previous page: rows strictly after it in (created_at, id) descending. */
  after?: { createdAt: Date; id: string } | undefined;
}

/** A line as the list shows it; built by PostgreSQL (json_agg), so amounts arrive as numbers. */
export interface OrderListLine {
  id: string;
  productId: string;
  name: string;
  quantity: number;
  unitPrice: number;
  lineTotal: number;
}

/**
 * The statement behind `listOrders`, unexecuted: the bench runs its SQL bare through pg as the
 * floor the HTTP path is measured against. Takes `limit + 1` rows: the extra one says a next page
 * exists.
 *
 * The page is chosen first, in a subquery, then joined to its customers and lines. Joined before
 * the LIMIT, PostgreSQL multiplied the selectivities of `prospect_id` and `business_id`, expected
 * 40 rows where a business has thousands, and sorted all of them (26 ms); page first, it walks the
 * (business_id, created_at, id) index backwards and stops after `limit + 1` rows (1.5 ms).
 */
export function listOrdersQuery(db: Db, params: OrderListParams) {
  const filters: (SQL | undefined)[] = [eq(orders.businessId, params.businessId)];
  if (params.status?.length) filters.push(inArray(orders.status, params.status));
  if (params.prospectId) filters.push(eq(orders.prospectId, params.prospectId));
  if (params.from) filters.push(gte(orders.createdAt, params.from));
  if (params.to) filters.push(lt(orders.createdAt, params.to));
  if (params.number !== undefined) filters.push(eq(orders.number, params.number));
  if (params.after) {
    // A row comparison, which the (business_id, created_at, id) index walks as one range.
    filters.push(
      sql`(${orders.createdAt}, ${orders.id}) < (${params.after.createdAt.toISOString()}::timestamptz, ${params.after.id}::uuid)`,
    );
  }
  const pageOf = db
    .select({
      id: orders.id,
      businessId: orders.businessId,
      prospectId: orders.prospectId,
      number: orders.number,
      status: orders.status,
      paymentMethod: orders.paymentMethod,
      paymentStatus: orders.paymentStatus,
      subtotal: orders.subtotal,
      deliveryFee: orders.deliveryFee,
      total: orders.total,
      cashDue: orders.cashDue,
      currency: orders.currency,
      deliveryAddress: orders.deliveryAddress,
      conversationId: orders.conversationId,
      createdAt: orders.createdAt,
    })
    .from(orders)
    .where(and(...filters))
    .orderBy(desc(orders.createdAt), desc(orders.id))
    .limit(params.limit + 1)
    .as('page');
  // The lines of each order of the page, in the order they were added, as one JSON array: the
  // page and its lines are one round trip and one plan, and the server never groups rows itself.
  const lines = sql<OrderListLine[]>`coalesce((
    select json_agg(json_build_object(
      'id', ${orderItems.id}, 'productId', ${orderItems.productId}, 'name', ${orderItems.name},
      'quantity', ${orderItems.quantity}, 'unitPrice', ${orderItems.unitPrice},
      'lineTotal', ${orderItems.lineTotal}
    ) order by ${orderItems.createdAt}, ${orderItems.id})
    from ${orderItems}
    where ${orderItems.orderId} = ${pageOf.id} and ${orderItems.businessId} = ${pageOf.businessId}
  ), '[]'::json)`;
  return db
    .select({
      id: pageOf.id,
      number: pageOf.number,
      status: pageOf.status,
      paymentMethod: pageOf.paymentMethod,
      paymentStatus: pageOf.paymentStatus,
      subtotal: pageOf.subtotal,
      deliveryFee: pageOf.deliveryFee,
      total: pageOf.total,
      cashDue: pageOf.cashDue,
      currency: pageOf.currency,
      deliveryAddress: pageOf.deliveryAddress,
      conversationId: pageOf.conversationId,
      createdAt: pageOf.createdAt,
      prospect: { id: prospects.id, name: prospects.name, phone: prospects.phone },
      items: lines,
    })
    .from(pageOf)
    .innerJoin(
      prospects,
      and(eq(prospects.id, pageOf.prospectId), eq(prospects.businessId, pageOf.businessId)),
    )
    .orderBy(desc(pageOf.createdAt), desc(pageOf.id));
}

export type OrderListRow = Awaited<ReturnType<typeof listOrdersQuery>>[number];

/** A page of orders with their customer and lines, newest first; `limit + 1` rows at most. */
export function listOrders(db: Db, params: OrderListParams): Promise<OrderListRow[]> {
  return listOrdersQuery(db, params);
}

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

/** What happened to an order, oldest first: the audit entries about it. */
export function orderHistory(db: Db, params: { businessId: string; orderId: string }) {
  return db
    .select({
      action: auditLogs.action,
      changes: auditLogs.changes,
      actor: auditLogs.actorLabel,
      at: auditLogs.createdAt,
    })
    .from(auditLogs)
    .where(
      and(
        eq(auditLogs.businessId, params.businessId),
        eq(auditLogs.entityType, 'order'),
        eq(auditLogs.entityId, params.orderId),
      ),
    )
    .orderBy(asc(auditLogs.createdAt), asc(auditLogs.id));
}
