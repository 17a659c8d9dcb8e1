// Orders and their lines. Amounts are integer minor units in the order's currency; the
// checks keep the arithmetic honest whatever code path writes them.
import { sql } from 'drizzle-orm';
import {
  check,
  doublePrecision,
  index,
  integer,
  pgTable,
  text,
  unique,
  uuid,
  varchar,
} from 'drizzle-orm/pg-core';
import { coordinateChecks, isOneOf } from './_checks';
import { createdAt, id, money, timestamps, tstz } from './_columns';
import { businessId } from './_tenant';
import { products } from './catalog';
import { conversations, prospects } from './crm';
import {
  type Currency,
  currencies,
  orderStatusEnum,
  paymentMethodEnum,
  paymentStatusEnum,
} from './enums';
import { users } from './users';

export const orders = pgTable(
  'orders',
  {
    id: id(),
    businessId: businessId(),
    /** Gapless per business: taken from businesses.order_counter inside the order transaction. */
    number: integer('number').notNull(),
    prospectId: uuid('prospect_id')
      .notNull()
      .references(() => prospects.id, { onDelete: 'no action' }),
    conversationId: uuid('conversation_id').references(() => conversations.id, {
      onDelete: 'set null',
    }),
    status: orderStatusEnum('status').notNull().default('draft'),
    subtotal: money('subtotal').notNull(),
    deliveryFee: money('delivery_fee').notNull(),
    total: money('total').notNull(),
    currency: varchar('currency', { length: 3, enum: currencies }).$type<Currency>().notNull(),
    paymentMethod: paymentMethodEnum('payment_method').notNull().default('cash_on_delivery'),
    paymentStatus: paymentStatusEnum('payment_status').notNull().default('unpaid'),
    /** What the courier must collect at the door. */
    cashDue: money('cash_due').notNull().default(0),
    deliveryAddress: text('delivery_address'),
    deliveryLat: doublePrecision('delivery_lat'),
    deliveryLng: doublePrecision('delivery_lng'),
    note: text('note'),
    confirmedAt: tstz('confirmed_at'),
    deliveredAt: tstz('delivered_at'),
    cancelledAt: tstz('cancelled_at'),
    createdBy: uuid('created_by').references(() => users.id, { onDelete: 'set null' }),
    /**
     * The customer's tracking link (`/t/<token>`) is a bearer of the order's page, looked up across
     * businesses by the SHA-256 (hex) of its token. The token itself is stored nowhere: it is an
     * HMAC of the order's id under the server key (services/tracking/link.ts), so notifications and
     * the API can give the link again, and whoever reads the database cannot follow a courier.
     * Written when the link is first given out (issueTrackingLink); null until then.
     */
    trackingTokenHash: text('tracking_token_hash'),
    /**
     * The SHA-256 of the random token an order made before migration 0029 was given: links already
     * sent keep working (until they expire like any link). Null for newer orders.
     */
    legacyTrackingTokenHash: text('legacy_tracking_token_hash'),
    ...timestamps,
  },
  (t) => [
    unique('orders_business_number_unique').on(t.businessId, t.number),
    unique('orders_tracking_token_hash_unique').on(t.trackingTokenHash),
    unique('orders_legacy_tracking_token_hash_unique').on(t.legacyTrackingTokenHash),
    // With id, the list's (created_at desc, id desc) order is the index's own: no sort of the
    // business's orders before the LIMIT (docs/benchmarks.md, the orders.list plan).
    index('orders_business_created_id_idx').on(t.businessId, t.createdAt, t.id),
    index('orders_business_status_idx').on(t.businessId, t.status),
    index('orders_prospect_idx').on(t.prospectId),
    index('orders_conversation_idx').on(t.conversationId),
    check('orders_number_positive', sql`${t.number} > 0`),
    check('orders_subtotal_non_negative', sql`${t.subtotal} >= 0`),
    check('orders_delivery_fee_non_negative', sql`${t.deliveryFee} >= 0`),
    check('orders_total_non_negative', sql`${t.total} >= 0`),
    check('orders_total_sum', sql`${t.total} = ${t.subtotal} + ${t.deliveryFee}`),
    check('orders_cash_due_non_negative', sql`${t.cashDue} >= 0`),
    check('orders_currency_known', isOneOf(t.currency, currencies)),
    check('orders_tracking_token_hash_sha256_hex', sql`${t.trackingTokenHash} ~ '^[0-9a-f]{64}$'`),
    check(
      'orders_legacy_tracking_token_hash_sha256_hex',
      sql`${t.legacyTrackingTokenHash} ~ '^[0-9a-f]{64}$'`,
    ),
    ...coordinateChecks('orders_delivery', t.deliveryLat, t.deliveryLng),
  ],
);

export const orderItems = pgTable(
  'order_items',
  {
    id: id(),
    businessId: businessId(),
    orderId: uuid('order_id')
      .notNull()
      .references(() => orders.id, { onDelete: 'cascade' }),
    productId: uuid('product_id')
      .notNull()
      .references(() => products.id, { onDelete: 'no action' }),
    /** The product name when ordered; later renames do not rewrite past orders. */
    name: text('name').notNull(),
    quantity: integer('quantity').notNull(),
    /** The product price when ordered. */
    unitPrice: money('unit_price').notNull(),
    lineTotal: money('line_total').notNull(),
    createdAt: createdAt(),
  },
  (t) => [
    // The lines of an order in the order they were added (the list aggregates them in that order).
    index('order_items_order_created_idx').on(t.orderId, t.createdAt, t.id),
    index('order_items_product_idx').on(t.productId),
    check('order_items_quantity_positive', sql`${t.quantity} > 0`),
    check('order_items_unit_price_non_negative', sql`${t.unitPrice} >= 0`),
    check('order_items_line_total_non_negative', sql`${t.lineTotal} >= 0`),
    check('order_items_line_total_product', sql`${t.lineTotal} = ${t.unitPrice} * ${t.quantity}`),
  ],
);

export type Order = typeof orders.$inferSelect;
export type NewOrder = typeof orders.$inferInsert;
export type OrderItem = typeof orderItems.$inferSelect;
export type NewOrderItem = typeof orderItems.$inferInsert;
