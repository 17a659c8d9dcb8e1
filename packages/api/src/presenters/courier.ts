// The couriers as answers show them: the board's fields, never the push token, the fairness clock
// or the cash counter (cash has its own answer, `couriers.cash`).
import type { schema } from '@flux/db';

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
