// Orders as answers show them: amounts as money, the human reference (CMD-000042), and the
// transitions allowed from the current state (the buttons the dashboard offers). Two views: the
// full order (byId and every mutation) and the list's lighter row.

import { orderTransitions } from '@flux/contracts';
import type { schema } from '@flux/db';
import type { OrderListRow } from '@flux/db/queries/orders';
import { type Currency, type Money, money } from '../lib/money';
import { orderNumber } from '../services/orders';

type OrderRow = typeof schema.orders.$inferSelect;
type OrderItemRow = typeof schema.orderItems.$inferSelect;
type Locale = 'fr' | 'en';

export function presentOrder(row: OrderRow, locale: Locale = 'fr') {
  const currency = row.currency;
  return {
    id: row.id,
    number: row.number,
    reference: orderNumber(row.number),
    prospectId: row.prospectId,
    conversationId: row.conversationId,
    status: row.status,
    allowedTransitions: orderTransitions[row.status],
    subtotal: money(row.subtotal, currency, locale),
    deliveryFee: money(row.deliveryFee, currency, locale),
    total: money(row.total, currency, locale),
    currency: row.currency,
    paymentMethod: row.paymentMethod,
    paymentStatus: row.paymentStatus,
    /** What the courier must collect at the door. */
    cashDue: money(row.cashDue, currency, locale),
    deliveryAddress: row.deliveryAddress,
    deliveryLat: row.deliveryLat,
    deliveryLng: row.deliveryLng,
    note: row.note,
    confirmedAt: row.confirmedAt,
    deliveredAt: row.deliveredAt,
    cancelledAt: row.cancelledAt,
    createdBy: row.createdBy,
    createdAt: row.createdAt,
    updatedAt: row.updatedAt,
  };
}
export type OrderView = ReturnType<typeof presentOrder>;

export function presentItem(row: OrderItemRow, currency: Currency, locale: Locale = 'fr') {
  return {
    id: row.id,
    orderId: row.orderId,
    productId: row.productId,
    /** The product's name when ordered. */
    name: row.name,
    quantity: row.quantity,
    unitPrice: money(row.unitPrice, currency, locale),
    lineTotal: money(row.lineTotal, currency, locale),
    createdAt: row.createdAt,
  };
}

// A page of 50 orders formats 200 amounts (a total and three lines each), mostly the same few
// prices: each amount is formatted once per locale and currency, then shared (answers are read,
// never changed). Keyed by the number itself, one map per locale and currency: no key string to
// build per amount. Bounded: emptied when full.
const listedMoney = new Map<string, Map<number, Money>>();
function listMoney(minor: number, currency: Currency, locale: Locale): Money {
  const kind = `${locale}${currency}`;
  let amounts = listedMoney.get(kind);
  if (!amounts) {
    amounts = new Map();
    listedMoney.set(kind, amounts);
  }
  let found = amounts.get(minor);
  if (!found) {
    if (amounts.size >= 20_000) amounts.clear();
    found = money(minor, currency, locale);
    amounts.set(minor, found);
  }
  return found;
}

/**
 * The list's view of an order: what its screens show and nothing more. The orders screen shows
 * the reference, the customer's name (or phone), "quantity × name" of each line, the status, the
 * total and the date; the inbox's draft order (inbox/hooks.ts useDraftOrder) the reference, each
 * line's amount, the total, the delivery address, and finds the draft by its conversation.
 * `paymentMethod` is there for a cash-on-delivery column. The rest of the order (subtotal, fee,
 * cash due, unit prices, ids, allowed transitions) is orders.byId's: a page of 50 is ~40 KB
 * instead of 86 (it goes to phones on mobile data, and every byte is serialized and sent).
 * The lines come from PostgreSQL with these field names already (listOrders).
 */
export function presentOrderSummary(row: OrderListRow, locale: Locale = 'fr') {
  const currency = row.currency;
  return {
    id: row.id,
    number: row.number,
    reference: orderNumber(row.number),
    status: row.status,
    paymentMethod: row.paymentMethod,
    total: listMoney(row.total, currency, locale),
    deliveryAddress: row.deliveryAddress,
    conversationId: row.conversationId,
    createdAt: row.createdAt,
    prospect: row.prospect,
    items: row.items.map((line) => ({
      name: line.name,
      quantity: line.quantity,
      lineTotal: listMoney(line.lineTotal, currency, locale),
    })),
  };
}
