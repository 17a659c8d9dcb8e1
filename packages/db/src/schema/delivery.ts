// Couriers, the deliveries offered to them and the event log of each delivery.
import { sql } from 'drizzle-orm';
import {
  boolean,
  check,
  doublePrecision,
  index,
  integer,
  jsonb,
  pgTable,
  text,
  unique,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';
import { coordinateChecks, isE164 } from './_checks';
import { id, money, timestamps, tstz } from './_columns';
import { businessId } from './_tenant';
import { courierStatusEnum, deliveryEventTypeEnum, deliveryStatusEnum, vehicleEnum } from './enums';
import { orders } from './orders';
import { users } from './users';

export const couriers = pgTable(
  'couriers',
  {
    id: id(),
    businessId: businessId(),
    /** The courier app login; null for couriers the dispatcher handles by phone. */
    userId: uuid('user_id').references(() => users.id, { onDelete: 'set null' }),
    name: text('name').notNull(),
    phone: text('phone').notNull(),
    vehicle: vehicleEnum('vehicle').notNull(),
    status: courierStatusEnum('status').notNull().default('offline'),
    /** Deliveries the courier may carry at once. */
    capacity: integer('capacity').notNull().default(1),
    active: boolean('active').notNull().default(true),
    lastLat: doublePrecision('last_lat'),
    lastLng: doublePrecision('last_lng'),
    lastSeenAt: tstz('last_seen_at'),
    /** When the courier was last offered a delivery: the fairness tie-breaker. */
    lastOfferAt: tstz('last_offer_at'),
    /** Cash handed over to the business so far; what the courier holds is collected minus this. */
    cashHandedOver: money('cash_handed_over').notNull().default(0),
    pushToken: text('push_token'),
    ...timestamps,
  },
  (t) => [
    unique('couriers_business_phone_unique').on(t.businessId, t.phone),
    // A courier signing in by phone is found by the number alone (auth.signIn), before any business.
    index('couriers_phone_idx').on(t.phone),
    // NULL user ids never collide, so the constraint only binds couriers with an app login.
    unique('couriers_business_user_unique').on(t.businessId, t.userId),
    index('couriers_business_status_idx').on(t.businessId, t.status),
    // Bounding-box prefilter of the assignment before the haversine distance.
    index('couriers_business_position_idx').on(t.businessId, t.lastLat, t.lastLng),
    check('couriers_phone_e164', isE164(t.phone)),
    check('couriers_capacity_positive', sql`${t.capacity} > 0`),
    check('couriers_cash_handed_over_non_negative', sql`${t.cashHandedOver} >= 0`),
    ...coordinateChecks('couriers_last', t.lastLat, t.lastLng),
  ],
);

export const deliveries = pgTable(
  'deliveries',
  {
    id: id(),
    businessId: businessId(),
    orderId: uuid('order_id')
      .notNull()
      .references(() => orders.id, { onDelete: 'no action' }),
    /** The courier offered or holding the delivery: one column, so never two at once. */
    courierId: uuid('courier_id').references(() => couriers.id, { onDelete: 'no action' }),
    status: deliveryStatusEnum('status').notNull().default('pending'),
    pickupAddress: text('pickup_address'),
    pickupLat: doublePrecision('pickup_lat'),
    pickupLng: doublePrecision('pickup_lng'),
    dropoffAddress: text('dropoff_address'),
    dropoffLat: doublePrecision('dropoff_lat'),
    dropoffLng: doublePrecision('dropoff_lng'),
    distanceM: integer('distance_m'),
    offerExpiresAt: tstz('offer_expires_at'),
    offeredAt: tstz('offered_at'),
    acceptedAt: tstz('accepted_at'),
    pickedUpAt: tstz('picked_up_at'),
    deliveredAt: tstz('delivered_at'),
    failedAt: tstz('failed_at'),
    failureReason: text('failure_reason'),
    // The customer's code is derived from the delivery id under the server key (never stored, in
    // clear or hashed: a hash of a 4-digit code is the code to whoever reads it).
    /** Wrong codes given in a row; at OTP_MAX_FAILURES the delivery is locked for the courier. */
    otpFailures: integer('otp_failures').notNull().default(0),
    /** Locked after too many wrong codes, until a dispatcher unlocks it or waives the code. */
    otpLockedAt: tstz('otp_locked_at'),
    /** A dispatcher let the courier deliver without the code (the reason is in the audit log). */
    proofWaivedAt: tstz('proof_waived_at'),
    /** The proof photo (an upload of this delivery by its courier), where the business allows it. */
    proofUploadId: uuid('proof_upload_id'),
    cashCollected: money('cash_collected').notNull().default(0),
    /** Offers made so far. */
    attempts: integer('attempts').notNull().default(0),
    /** Automatic assignment gave up; a dispatcher must assign by hand. */
    needsDispatcher: boolean('needs_dispatcher').notNull().default(false),
    ...timestamps,
  },
  (t) => [
    // One live delivery per order; failed and cancelled ones stay as history.
    uniqueIndex('deliveries_live_per_order_unique')
      .on(t.orderId)
      .where(sql`${t.status} not in ('failed', 'cancelled')`),
    index('deliveries_business_created_idx').on(t.businessId, t.createdAt),
    index('deliveries_business_status_idx').on(t.businessId, t.status),
    index('deliveries_courier_status_idx').on(t.courierId, t.status),
    // The offer-expiry sweep: status = 'offered' and offer_expires_at < now().
    index('deliveries_status_offer_expires_idx').on(t.status, t.offerExpiresAt),
    check('deliveries_distance_non_negative', sql`${t.distanceM} >= 0`),
    check('deliveries_cash_collected_non_negative', sql`${t.cashCollected} >= 0`),
    check('deliveries_attempts_non_negative', sql`${t.attempts} >= 0`),
    check('deliveries_otp_failures_non_negative', sql`${t.otpFailures} >= 0`),
    check(
      'deliveries_courier_when_assigned',
      sql`${t.courierId} is not null or ${t.status} not in ('offered', 'accepted', 'picked_up', 'delivered')`,
    ),
    ...coordinateChecks('deliveries_pickup', t.pickupLat, t.pickupLng),
    ...coordinateChecks('deliveries_dropoff', t.dropoffLat, t.dropoffLng),
  ],
);

export const deliveryEvents = pgTable(
  'delivery_events',
  {
    id: id(),
    businessId: businessId(),
    deliveryId: uuid('delivery_id')
      .notNull()
      .references(() => deliveries.id, { onDelete: 'cascade' }),
    courierId: uuid('courier_id').references(() => couriers.id, { onDelete: 'set null' }),
    type: deliveryEventTypeEnum('type').notNull(),
    lat: doublePrecision('lat'),
    lng: doublePrecision('lng'),
    note: text('note'),
    data: jsonb('data'),
    /** The courier app's id for the action: a replayed action finds its event and does nothing. */
    clientActionId: text('client_action_id'),
    at: tstz('at').notNull().defaultNow(),
  },
  (t) => [
    index('delivery_events_delivery_at_idx').on(t.deliveryId, t.at),
    uniqueIndex('delivery_events_courier_action_unique')
      .on(t.courierId, t.clientActionId)
      .where(sql`${t.clientActionId} is not null`),
    ...coordinateChecks('delivery_events', t.lat, t.lng),
  ],
);

export type Courier = typeof couriers.$inferSelect;
export type NewCourier = typeof couriers.$inferInsert;
export type Delivery = typeof deliveries.$inferSelect;
export type NewDelivery = typeof deliveries.$inferInsert;
export type DeliveryEvent = typeof deliveryEvents.$inferSelect;
export type NewDeliveryEvent = typeof deliveryEvents.$inferInsert;
