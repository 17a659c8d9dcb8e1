// Reading orders: the list with its filters and cursor, and one order whole. orders.list and
// orders.byId (tRPC) and GET /v1/orders (REST) answer from here.
import type { Database, Db } from '@flux/db';
import { listOrders, type OrderListRow } from '@flux/db/queries/order-list';
import { getOrderWithProspect, orderHistory, orderLines } from '@flux/db/queries/orders';
import { notFound } from '../lib/errors';
import { decodeCursor, pageBy } from '../lib/pagination';
import { type OrderStatus, parseOrderNumber } from './orders';

export interface OrderFilters {
  status?: OrderStatus[] | undefined;
  prospectId?: string | undefined;
  /** Created at or after. */
  from?: Date | undefined;
  /** Created before. */
  to?: Date | undefined;
  /** An order number ("CMD-000123", "123"), a customer's name or phone (its digits). */
  q?: string | undefined;
}

/**
 * The query's own filters from the input's: "CMD-…" is a number and only that; other text is the
 * search (the number it reads as, if any, or a customer's name or phone). Null: nothing can match.
 */
export function orderQueryFilters(input: OrderFilters) {
  const base = {
    status: input.status,
    prospectId: input.prospectId,
    from: input.from,
    to: input.to,
  };
  const q = input.q?.trim();
  if (!q) return base;
  if (/^cmd/i.test(q)) {
    const number = parseOrderNumber(q);
    return number === null ? null : { ...base, number };
  }
  return { ...base, search: { text: q, number: parseOrderNumber(q) } };
}

/**
 * A page of the business's orders, newest first, after the cursor, as PostgreSQL's text
 * (presenters/order.ts writes it as JSON or reads it into objects).
 */
export async function listOrderPage(
  db: Database,
  businessId: string,
  input: OrderFilters & { cursor?: string | undefined; limit: number },
): Promise<{ items: OrderListRow[]; nextCursor: string | null }> {
  const filters = orderQueryFilters(input);
  if (!filters) return { items: [], nextCursor: null };
  const after = input.cursor ? decodeCursor(input.cursor, 'date') : undefined;
  const rows = await listOrders(db, {
    businessId,
    limit: input.limit,
    ...filters,
    after: after && after.key instanceof Date ? { createdAt: after.key, id: after.id } : undefined,
  });
  // The cursor: the last kept row's creation time (epoch ms) and id.
  return pageBy(rows, input.limit, (row) => [new Date(Number(row[8])), row[0]]);
}

/** One order with its customer, lines and history; NOT_FOUND when the business has no such order. */
export async function orderDetail(db: Db, businessId: string, orderId: string) {
  const scope = { businessId, orderId };
  const row = await getOrderWithProspect(db, scope);
  if (!row) throw notFound('Order');
  const [items, history] = await Promise.all([orderLines(db, scope), orderHistory(db, scope)]);
  return { ...row, items, history };
}
