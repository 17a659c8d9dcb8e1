// Orders as answers show them: amounts as money, the human reference (CMD-000042), and the
// transitions allowed from the current state (the buttons the dashboard offers). Two views: the
// full order (byId and every mutation) and the list's lighter row (only what its screens show).

import { orderTransitions } from '@flux/contracts';
import type { schema } from '@flux/db';
import type { OrderListRow } from '@flux/db/queries/order-list';
import { type Amount, type Currency, money } from '../lib/money';
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
 * The lines arrive from PostgreSQL in their final shape (listOrders) and are passed on as they are.
 */
export function presentOrderSummary(row: OrderListRow) {
  return {
    id: row.id,
    number: row.number,
    reference: orderNumber(row.number),
    status: row.status,
    paymentMethod: row.paymentMethod,
    total: { minor: row.total, currency: row.currency } satisfies Amount,
    deliveryAddress: row.deliveryAddress,
    conversationId: row.conversationId,
    createdAt: row.createdAt,
    prospect: row.prospect,
    items: row.items,
  };
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
