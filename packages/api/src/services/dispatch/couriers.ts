// The couriers as the dispatcher manages them (records, cash handed over) and as they run
// themselves from the app (availability, position): each change audited in its transaction.
import type { Db } from '@flux/db';
import {
  activeCourierOfUser,
  addCashHandedOver,
  type CourierRow,
  courierById,
  courierCash,
  insertCourier,
  moveCourier,
  updateCourier,
} from '@flux/db/queries/couriers';
import { deliveryIdsUnderWay, insertDeliveryEvents } from '@flux/db/queries/deliveries';
import { memberRole } from '@flux/db/queries/team';
import type { JobSender } from '../../jobs/sender';
import { type Actor, writeAudit } from '../../lib/audit';
import { notFound, refuse } from '../../lib/errors';
import type { LiveBus } from '../../lib/live';
import { FRESH_MINUTES, nudgeWaitingDeliveries } from './assignment';
import type { CourierRef } from './courier-actions';

type Vehicle = CourierRow['vehicle'];

export async function courierOrThrow(db: Db, businessId: string, courierId: string) {
  const row = await courierById(db, { businessId, courierId });
  if (!row) throw notFound('Courier');
  return row;
}

const noProfile = () => notFound('Courier', 'No courier profile for you in this business');

/** The signed-in courier's record in this business. */
export async function courierOfUser(
  db: Db,
  params: { businessId: string; userId: string | null },
): Promise<CourierRef & { row: CourierRow }> {
  const row = await activeCourierOfUser(db, {
    businessId: params.businessId,
    userId: params.userId ?? '',
  });
  if (!row) throw noProfile();
  return { id: row.id, businessId: row.businessId, row };
}

/** A courier with the app is a member with the courier role (invited first); others need none. */
export function createCourier(
  db: Db,
  actor: Actor,
  params: {
    businessId: string;
    /** Already E.164. */
    phone: string;
    name: string;
    vehicle: Vehicle;
    capacity: number;
    userId?: string | undefined;
  },
): Promise<CourierRow> {
  const { businessId, userId } = params;
  return db.transaction(async (tx) => {
    if (userId) {
      const role = await memberRole(tx, { businessId, userId });
      if (!role) throw notFound('Member');
      if (role !== 'courier') {
        throw refuse('courier.role_required', 'Invite this person with the courier role first');
      }
    }
    const created = await insertCourier(tx, {
      businessId,
      values: {
        name: params.name,
        phone: params.phone,
        vehicle: params.vehicle,
        capacity: params.capacity,
        userId: userId ?? null,
      },
    });
    await writeAudit(tx, actor, {
      businessId,
      action: 'courier.create',
      entityType: 'courier',
      entityId: created.id,
      changes: { name: created.name, vehicle: created.vehicle, capacity: created.capacity },
    });
    return created;
  });
}

export function editCourier(
  db: Db,
  actor: Actor,
  params: {
    businessId: string;
    courierId: string;
    changes: { name?: string; phone?: string; vehicle?: Vehicle; capacity?: number };
  },
): Promise<CourierRow> {
  const { businessId, courierId, changes } = params;
  return db.transaction(async (tx) => {
    const updated = await updateCourier(tx, { businessId, courierId, set: changes });
    if (!updated) throw notFound('Courier');
    await writeAudit(tx, actor, {
      businessId,
      action: 'courier.update',
      entityType: 'courier',
      entityId: courierId,
      changes,
    });
    return updated;
  });
}

export function deactivateCourier(
  db: Db,
  actor: Actor,
  params: { businessId: string; courierId: string },
): Promise<CourierRow> {
  const { businessId, courierId } = params;
  return db.transaction(async (tx) => {
    const updated = await updateCourier(tx, {
      businessId,
      courierId,
      set: { active: false, status: 'offline' },
    });
    if (!updated) throw notFound('Courier');
    await writeAudit(tx, actor, {
      businessId,
      action: 'courier.deactivate',
      entityType: 'courier',
      entityId: courierId,
    });
    return updated;
  });
}

/** Cash per courier (minor units): collected, handed over, still held. */
export async function cashByCourier(
  db: Db,
  params: { businessId: string; courierId?: string | undefined },
) {
  if (params.courierId) await courierOrThrow(db, params.businessId, params.courierId);
  const rows = await courierCash(db, params);
  return rows.map((row) => ({ ...row, held: row.collected - row.handedOver }));
}

/** Cash the courier handed to the shop (minor units); never more than they hold. */
export function recordHandover(
  db: Db,
  actor: Actor,
  params: { businessId: string; courierId: string; amount: number },
): Promise<{ held: number }> {
  const { businessId, amount } = params;
  if (amount <= 0) throw refuse('cash.amount_positive', 'The amount must be positive');
  return db.transaction(async (tx) => {
    const courier = await courierOrThrow(tx, businessId, params.courierId);
    // The courier's row is the lock: two handovers at once never take more than is held.
    await courierById(tx, { businessId, courierId: courier.id, lock: 'update' });
    const [cash] = await courierCash(tx, { businessId, courierId: courier.id });
    const held = (cash?.collected ?? 0) - (cash?.handedOver ?? 0);
    if (amount > held) {
      throw refuse('cash.more_than_held', 'More than the courier holds', { held }, { held });
    }
    await addCashHandedOver(tx, { businessId, courierId: courier.id, amount });
    await writeAudit(tx, actor, {
      businessId,
      action: 'courier.cash_handover',
      entityType: 'courier',
      entityId: courier.id,
      changes: { amount },
    });
    return { held: held - amount };
  });
}

/** The courier goes available or offline; going available offers them the waiting deliveries. */
export function setAvailability(
  db: Db,
  jobs: JobSender,
  actor: Actor,
  params: { courier: CourierRef; status: 'available' | 'offline' },
): Promise<CourierRow> {
  const { courier, status } = params;
  const { businessId } = courier;
  return db.transaction(async (tx) => {
    const updated = await updateCourier(tx, { businessId, courierId: courier.id, set: { status } });
    await writeAudit(tx, actor, {
      businessId,
      action: 'courier.availability',
      entityType: 'courier',
      entityId: courier.id,
      changes: { status },
    });
    if (!updated) throw noProfile();
    // Deliveries nobody could take may now be theirs.
    if (status === 'available') await nudgeWaitingDeliveries(tx, jobs, businessId);
    return updated;
  });
}

/**
 * Last position, and a trace point on each delivery under way; a late fix is ignored. After the
 * commit, a position on deliveries under way goes to their customers' tracking pages (live bus).
 */
export async function recordPosition(
  db: Db,
  jobs: JobSender,
  live: LiveBus,
  params: {
    courier: CourierRef & { row: CourierRow };
    lat: number;
    lng: number;
    accuracy?: number | undefined;
    at: Date;
  },
): Promise<{ stored: boolean; deliveries: number }> {
  const { courier, lat, lng, at } = params;
  const { businessId } = courier;
  const result = await db.transaction(async (tx) => {
    const stored = await moveCourier(tx, { businessId, courierId: courier.id, lat, lng, at });
    const carrying = await deliveryIdsUnderWay(tx, { businessId, courierId: courier.id });
    await insertDeliveryEvents(tx, {
      businessId,
      events: carrying.map((delivery) => ({
        deliveryId: delivery.id,
        courierId: courier.id,
        type: 'location' as const,
        lat,
        lng,
        data: params.accuracy === undefined ? null : { accuracy: params.accuracy },
        at,
      })),
    });
    // Back in view (no fresh position before): deliveries nobody could take may be theirs.
    const wasStale =
      !courier.row.lastSeenAt ||
      courier.row.lastSeenAt.getTime() < Date.now() - FRESH_MINUTES * 60_000;
    if (stored && courier.row.status === 'available' && wasStale) {
      await nudgeWaitingDeliveries(tx, jobs, businessId);
    }
    return { stored, deliveryIds: carrying.map((delivery) => delivery.id) };
  });
  if (result.stored && result.deliveryIds.length > 0) {
    await live.publish(businessId, {
      type: 'courier.position',
      courierId: courier.id,
      deliveryIds: result.deliveryIds,
      lat,
      lng,
      at: at.toISOString(),
    });
  }
  return { stored: result.stored, deliveries: result.deliveryIds.length };
}
