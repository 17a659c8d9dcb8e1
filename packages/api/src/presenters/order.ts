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

// A page of 50 orders formats 500 amounts, mostly the same few prices and fees: each amount is
// formatted once per locale and currency, then shared (answers are read, never changed). Bounded:
// emptied when full.
const listedMoney = new Map<string, Money>();
function listMoney(minor: number, currency: Currency, locale: Locale): Money {
  const key = `${locale}${currency}${minor}`;
  let found = listedMoney.get(key);
  if (!found) {
    if (listedMoney.size >= 20_000) listedMoney.clear();
    found = money(minor, currency, locale);
    listedMoney.set(key, found);
  }
  return found;
}

/**
 * The list's view of an order: what a row of the orders screen shows, and nothing internal.
 * A page of 50 with lines is about half the size of 50 full orders (it goes to phones on mobile data).
 */
export function presentOrderSummary(row: OrderListRow, locale: Locale = 'fr') {
  const currency = row.currency;
  return {
    id: row.id,
    number: row.number,
    reference: orderNumber(row.number),
    status: row.status,
    allowedTransitions: orderTransitions[row.status],
    paymentMethod: row.paymentMethod,
    paymentStatus: row.paymentStatus,
    subtotal: listMoney(row.subtotal, currency, locale),
    deliveryFee: listMoney(row.deliveryFee, currency, locale),
    total: listMoney(row.total, currency, locale),
    cashDue: listMoney(row.cashDue, currency, locale),
    deliveryAddress: row.deliveryAddress,
    conversationId: row.conversationId,
    createdAt: row.createdAt,
    prospect: row.prospect,
    items: row.items.map((item) => ({
      id: item.id,
      productId: item.productId,
      name: item.name,
      quantity: item.quantity,
      unitPrice: listMoney(item.unitPrice, currency, locale),
      lineTotal: listMoney(item.lineTotal, currency, locale),
    })),
  };
}
