// The couriers as answers show them: the board's fields, never the push token, the fairness clock
// or the cash counter (cash has its own answer, `couriers.cash`).
import type { schema } from '@flux/db';
import { type Currency, money } from '../lib/money';

type CourierRow = typeof schema.couriers.$inferSelect;

export function presentCourier(row: CourierRow) {
  return {
    id: row.id,
    userId: row.userId,
    name: row.name,
    phone: row.phone,
    vehicle: row.vehicle,
    status: row.status,
    capacity: row.capacity,
    active: row.active,
    lastLat: row.lastLat,
    lastLng: row.lastLng,
    lastSeenAt: row.lastSeenAt,
    createdAt: row.createdAt,
    updatedAt: row.updatedAt,
  };
}
export type CourierView = ReturnType<typeof presentCourier>;

/** A courier on the board: the record and the deliveries they carry now. */
export function presentCourierOnBoard(row: CourierRow, load: number) {
  return { ...presentCourier(row), load };
}

/** Cash of a courier (minor units in, amounts out): collected, handed over, still held. */
export function presentCourierCash(
  row: { courierId: string; name: string; collected: number; handedOver: number; held: number },
  currency: Currency,
  locale: 'fr' | 'en',
) {
  return {
    courierId: row.courierId,
    name: row.name,
    collected: money(row.collected, currency, locale),
    handedOver: money(row.handedOver, currency, locale),
    held: money(row.held, currency, locale),
  };
}
