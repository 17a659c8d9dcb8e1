// Deliveries as answers show them. Two views: the dispatcher's (the whole story, the code lock,
// the proof) and the courier's (what the app needs for the next step). Neither carries anything
// from which the customer's code could be worked out, nor storage keys.
import type { schema } from '@flux/db';
import { type Currency, money } from '../lib/money';
import { OTP_MAX_FAILURES } from '../services/dispatch/otp';
import { orderNumber } from '../services/orders';

type DeliveryRow = typeof schema.deliveries.$inferSelect;
type DeliveryEventRow = typeof schema.deliveryEvents.$inferSelect;

/** How the delivery was (or may be) proven. */
function proofOf(row: DeliveryRow): 'code' | 'photo' | 'waived' | null {
  if (row.status !== 'delivered') return null;
  if (row.proofWaivedAt) return 'waived';
  return row.proofUploadId ? 'photo' : 'code';
}

function codeState(row: DeliveryRow) {
  return {
    /** Too many wrong codes: the courier cannot deliver until a dispatcher unlocks or waives. */
    codeLocked: row.otpLockedAt !== null,
    codeWaived: row.proofWaivedAt !== null,
    wrongCodes: row.otpFailures,
  };
}

/** The dispatcher's view. */
export function presentDelivery(row: DeliveryRow) {
  return {
    id: row.id,
    orderId: row.orderId,
    courierId: row.courierId,
    status: row.status,
    pickupAddress: row.pickupAddress,
    pickupLat: row.pickupLat,
    pickupLng: row.pickupLng,
    dropoffAddress: row.dropoffAddress,
    dropoffLat: row.dropoffLat,
    dropoffLng: row.dropoffLng,
    distanceM: row.distanceM,
    offerExpiresAt: row.offerExpiresAt,
    offeredAt: row.offeredAt,
    acceptedAt: row.acceptedAt,
    pickedUpAt: row.pickedUpAt,
    deliveredAt: row.deliveredAt,
    failedAt: row.failedAt,
    failureReason: row.failureReason,
    attempts: row.attempts,
    needsDispatcher: row.needsDispatcher,
    ...codeState(row),
    codeLockedAt: row.otpLockedAt,
    proof: proofOf(row),
    createdAt: row.createdAt,
    updatedAt: row.updatedAt,
  };
}
export type DeliveryView = ReturnType<typeof presentDelivery>;

/** The courier's view, as the answer of each of their actions. */
export function presentCourierDelivery(row: DeliveryRow) {
  return {
    id: row.id,
    status: row.status,
    pickupAddress: row.pickupAddress,
    pickupLat: row.pickupLat,
    pickupLng: row.pickupLng,
    dropoffAddress: row.dropoffAddress,
    dropoffLat: row.dropoffLat,
    dropoffLng: row.dropoffLng,
    distanceM: row.distanceM,
    offerExpiresAt: row.offerExpiresAt,
    acceptedAt: row.acceptedAt,
    pickedUpAt: row.pickedUpAt,
    deliveredAt: row.deliveredAt,
    failedAt: row.failedAt,
    codeLocked: row.otpLockedAt !== null,
    /** The dispatcher confirmed the delivery: no code needed. */
    codeWaived: row.proofWaivedAt !== null,
    wrongCodesLeft: Math.max(0, OTP_MAX_FAILURES - row.otpFailures),
  };
}

/** One step of a delivery's story, for the dispatcher. */
export function presentDeliveryEvent(row: DeliveryEventRow) {
  return {
    id: row.id,
    type: row.type,
    courierId: row.courierId,
    lat: row.lat,
    lng: row.lng,
    note: row.note,
    data: row.data,
    at: row.at,
  };
}

/** A row of the dispatcher's board: the delivery, its order's reference and cash due, the courier. */
export function presentDeliveryListItem(
  row: {
    delivery: DeliveryRow;
    order: { number: number; cashDue: number; currency: Currency };
    courierName: string | null;
  },
  locale: 'fr' | 'en',
) {
  return {
    ...presentDelivery(row.delivery),
    courierName: row.courierName,
    orderReference: orderNumber(row.order.number),
    cashDue: money(row.order.cashDue, row.order.currency, locale),
  };
}

/** The dispatcher's detail: the story, the cash collected, and the code while it is still open. */
export function presentDeliveryDetail(
  delivery: DeliveryRow,
  extra: {
    currency: Currency;
    locale: 'fr' | 'en';
    otp: string | null;
    proofPhotoUrl: string | null;
    events: DeliveryEventRow[];
  },
) {
  return {
    ...presentDelivery(delivery),
    cashCollected: money(delivery.cashCollected, extra.currency, extra.locale),
    otp: extra.otp,
    /** A signed link valid FILE_URL_TTL_SECONDS: fetch it again rather than keep it. */
    proofPhotoUrl: extra.proofPhotoUrl,
    events: extra.events.map(presentDeliveryEvent),
  };
}

/**
 * A delivery in the courier app's lists, with the cash to collect as the API gives every amount
 * ({ minor, amount, formatted }): the app sends `cashCollected` back in major units, so a bare
 * minor count would read 100× too much in EUR.
 */
export function presentCourierTask<T extends { cashDue: number; currency: Currency }>(
  row: T,
  locale: 'fr' | 'en',
) {
  const { cashDue, currency, ...rest } = row;
  return { ...rest, cashDue: money(cashDue, currency, locale) };
}
