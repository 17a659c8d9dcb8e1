// Orders as answers show them: amounts as money, the human reference (CMD-000042), and the
// transitions allowed from the current state (the buttons the dashboard offers). Two views: the
// full order (byId and every mutation) and the list's lighter row (only what its screens show).

import { orderTransitions } from '@flux/contracts';
import type { schema } from '@flux/db';
import type { OrderListRow, OrderSummary } from '@flux/db/queries/order-list';
import { type Currency, money } from '../lib/money';
import { isoString } from '../lib/wire';
import { orderNumber } from '../services/orders';
import type { BulkResult } from '../services/orders-bulk';

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

/**
 * The list's view of an order: what its screens show and nothing more. The orders screen shows
 * the reference, the customer's name (or phone), "quantity × name" of each line, the status, the
 * total and the date; the inbox's draft order (inbox/hooks.ts useDraftOrder) the reference, each
 * line's amount, the total, the delivery address, and finds the draft by its conversation.
 * `paymentMethod` is there for a cash-on-delivery column. Amounts are `Amount`s (minor units and
 * currency): both screens format them themselves. The rest of the order (subtotal, fee, cash due,
 * payment status, unit prices, line and product ids, the customer's id, the allowed transitions)
 * is orders.byId's. A page of 50 is 30 KB instead of 87 (it goes to phones on mobile data, and
 * every byte is serialized, sent and read).
 *
 * Written straight to JSON text from the row's text (OrderListRow): orders.list passes the text
 * on (lib/json-text.ts), and the lines' JSON goes as PostgreSQL wrote it. Free text (the address
 * and the customer's name) is escaped by JSON.stringify; ids, statuses and numbers are
 * PostgreSQL's own uuid, enum and integer text, the currency one of the known codes
 * (orders_currency_known) and the phone E.164 (prospects_phone_e164): none needs escaping.
 */
export function presentOrderSummaryJson(row: OrderListRow): string {
  const [id, number, status, paymentMethod, total, currency, address, conversationId] = row;
  const phone = row[10];
  return (
    `{"id":"${id}","number":${number},"reference":"${orderNumber(Number(number))}",` +
    `"status":"${status}","paymentMethod":"${paymentMethod}",` +
    `"total":{"minor":${total},"currency":"${currency}"},` +
    `"deliveryAddress":${address === null ? 'null' : JSON.stringify(address)},` +
    `"conversationId":${conversationId === null ? 'null' : `"${conversationId}"`},` +
    `"createdAt":"${isoString(Number(row[8]))}",` +
    `"prospect":{"name":${row[9] === null ? 'null' : JSON.stringify(row[9])},"phone":${phone === null ? 'null' : `"${phone}"`}},` +
    `"items":${row[11]}}`
  );
}

/** The paths of a summary's Dates (the wire format notes them for the client to revive). */
export const ORDER_SUMMARY_DATES = ['createdAt'] as const;

/** The same view as objects, for callers that do not pass text on (tests' callers, REST). */
export function presentOrderSummary(row: OrderListRow): OrderSummary {
  const summary = JSON.parse(presentOrderSummaryJson(row)) as Omit<OrderSummary, 'createdAt'>;
  return { ...summary, createdAt: new Date(Number(row[8])) };
}

/**
 * Who did something to an order, for its timeline: a member by their name as it is now, the AI,
 * or the system (a job, WhatsApp); never an email for a member who has a name.
 */
export function presentHistoryEntry(row: {
  action: string;
  changes: unknown;
  actorLabel: string;
  actorName: string | null;
  at: Date;
}) {
  const kind =
    row.actorName !== null
      ? ('member' as const)
      : row.actorLabel === 'ai'
        ? ('ai' as const)
        : row.actorLabel.includes('@')
          ? ('member' as const)
          : ('system' as const);
  return {
    action: row.action,
    changes: row.changes,
    actor: { kind, name: row.actorName ?? (kind === 'member' ? row.actorLabel : null) },
    at: row.at,
  };
}

/** A bulk move's answer, order by order (the message is the server's, for a log; the code and
 * details are for the screen to word). */
export const presentBulkResult = (result: BulkResult) => result;
