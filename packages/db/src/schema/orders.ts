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

/** A base64url token of 32 random bytes (244 random bits: a uuid v4 carries 122), per row. */
const trackingTokenDefault = sql`rtrim(translate(encode(decode(replace(gen_random_uuid()::text || gen_random_uuid()::text, '-', ''), 'hex'), 'base64'), '+/', '-_'), '=')`;

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
     * The customer's tracking link (`/t/<token>`): an unguessable bearer of the order's tracking
     * page, so it is looked up across businesses. The app writes 128 random bits (base64url,
     * newTrackingToken); the default gives any other insert (and the migration's backfill of older
     * orders) 244 bits from PostgreSQL's strong random source, two gen_random_uuid() without their
     * version bits, no extension needed.
     */
    trackingToken: text('tracking_token').notNull().default(trackingTokenDefault),
    ...timestamps,
  },
  (t) => [
    unique('orders_business_number_unique').on(t.businessId, t.number),
    unique('orders_tracking_token_unique').on(t.trackingToken),
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
