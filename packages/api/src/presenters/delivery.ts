// Deliveries as answers show them. Two views: the dispatcher's (the whole story, the code lock,
// the proof) and the courier's (what the app needs for the next step). Neither carries anything
// from which the customer's code could be worked out, nor storage keys.
import type { schema } from '@flux/db';
import { OTP_MAX_FAILURES } from '../services/dispatch';

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
