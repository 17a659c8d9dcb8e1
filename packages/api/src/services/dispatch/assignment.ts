// Assignment: a ready order’s delivery offered to the best courier, expiries, assignment by hand.
//
// Deliveries and dispatch. An order that becomes ready gets its delivery (pickup = the business's
// pickup point, drop-off = the order's address) and a `delivery.assign` job. The assigner offers
// it to the best courier; an offer expires (45 s by default); a decline or an expiry offers it to
// the next one, never again to who declined or let it expire; after `maxRounds` offers, or with
// no courier in range, the delivery is flagged for a human dispatcher.
//
// Choosing the courier (one SQL statement, then row locks):
//   candidates: the business's active couriers, `available`, seen in the last FRESH_MINUTES, with
//   free capacity, inside a bounding box of maxRadiusKm around the pickup (the indexed prefilter),
//   then the haversine distance ≤ maxRadiusKm;
//   score = distance / maxRadius            (0 at the pickup, 1 at the edge)
//         + 0.5 × load / capacity           (a busy courier counts as half a radius farther)
//         − 0.3 × min(1, idle / 30 min)     (who waited longest since their last offer comes first)
//   lowest score wins. So the nearest wins among equals, an idle courier beats a nearer one who is
//   nearly full, and a long wait is worth up to 30% of the radius.
//
// Invariants under concurrency (several workers, simultaneous taps) come from PostgreSQL, not
// from memory: the delivery row is locked (SKIP LOCKED: one assigner per delivery), the chosen
// courier row is locked and their load counted under that lock (never over capacity), and every
// courier action is a conditional UPDATE (`… where status = 'offered' and courier_id = me and
// offer_expires_at > now()`), so an expired or taken offer cannot be accepted and a delivery has
// one courier at most. Every courier action carries a client action id stored on its event: the
// app replays its queue after a network loss and a replay changes nothing.
// Over 400 lines on purpose: offering, expiring, offering again and assigning by hand share the
// locks and invariants described here; together they show that no delivery gets two couriers.
import type { Db } from '@flux/db';
import {
  type Candidate,
  courierById,
  courierLoad,
  markOffered,
  rankCandidates,
} from '@flux/db/queries/couriers';
import {
  businessSettings,
  CARRYING,
  type DeliveryRow,
  deliveryById,
  expireDueOffers,
  insertDelivery,
  insertDeliveryEvents,
  offerDelivery,
  orderToDeliver,
  updateDelivery,
  waitingDeliveries,
  waitingDeliveriesOfAllBusinesses,
} from '@flux/db/queries/deliveries';
import type { JobSender } from '../../jobs/sender';
import { type Actor, writeAudit } from '../../lib/audit';
import { notFound, refuse } from '../../lib/errors';
import type { LiveBus } from '../../lib/live';
import { notify } from '../notifications';
import { emitDeliveryEvent } from '../webhooks/events';

export { CARRYING, type DeliveryRow };

/** A position older than this is not trusted for assignment. */
export const FRESH_MINUTES = 10;
const WEIGHTS = { distance: 1, load: 0.5, fairness: 0.3, fairnessHorizonS: 1_800 };
const DEFAULT_RULES = { offerTtlSeconds: 45, maxRadiusKm: 10, maxRounds: 5 };

/** Creates the delivery of a ready order (once: a second call finds it) and asks for a courier. */
export async function createDelivery(
  tx: Db,
  jobs: JobSender,
  params: { businessId: string; orderId: string },
): Promise<DeliveryRow | null> {
  const order = await orderToDeliver(tx, params);
  if (!order) return null;
  const settings = await businessSettings(tx, { businessId: params.businessId });
  const pickup = settings?.pickup ?? null;
  const delivery = await insertDelivery(tx, {
    businessId: params.businessId,
    values: {
      id: crypto.randomUUID(),
      orderId: order.id,
      pickupAddress: pickup?.address ?? null,
      pickupLat: pickup?.lat ?? null,
      pickupLng: pickup?.lng ?? null,
      dropoffAddress: order.deliveryAddress,
      dropoffLat: order.deliveryLat,
      dropoffLng: order.deliveryLng,
    },
  });
  if (!delivery) return null;
  await insertDeliveryEvents(tx, {
    businessId: params.businessId,
    events: [{ deliveryId: delivery.id, type: 'created' }],
  });
  await jobs.send(
    'delivery.assign',
    { businessId: params.businessId, deliveryId: delivery.id },
    { db: tx },
  );
  return delivery;
}

const CANDIDATES_PER_PAGE = 8;
/** Pages of candidates an assignment looks through before it leaves a delivery to a dispatcher. */
const CANDIDATE_PAGES = 5;

export type AssignOutcome =
  | { status: 'offered'; courierId: string; distanceM: number }
  | { status: 'needs_dispatcher'; reason: string }
  | { status: 'skipped'; reason: string };

/** Tells a courier's open app that its lists changed, once the change is committed. */
export async function tellCourier(
  live: LiveBus | undefined,
  params: { businessId: string; courierId: string | null; deliveryId: string },
): Promise<void> {
  if (!live || !params.courierId) return;
  await live.publish(params.businessId, {
    type: 'courier.tasks',
    courierId: params.courierId,
    deliveryId: params.deliveryId,
  });
}

/**
 * Offers a pending delivery to the best courier (see the header for the formula). With `live`,
 * the courier's open app hears of the offer at once (the push is for a phone in a pocket).
 */
export async function assignDelivery(
  db: Db,
  jobs: JobSender,
  params: {
    businessId: string;
    deliveryId: string;
    /** A delivery left with the dispatcher, tried again (see offerWaitingDeliveries). */
    waiting?: boolean;
  },
  live?: LiveBus,
): Promise<AssignOutcome> {
  const outcome = await offerInTransaction(db, jobs, params);
  if (outcome.status === 'offered') {
    await tellCourier(live, { ...params, courierId: outcome.courierId });
  }
  return outcome;
}

function offerInTransaction(
  db: Db,
  jobs: JobSender,
  params: { businessId: string; deliveryId: string; waiting?: boolean },
): Promise<AssignOutcome> {
  const waiting = params.waiting ?? false;
  const { businessId } = params;
  return db.transaction(async (tx) => {
    // SKIP LOCKED: another assigner holding this delivery is doing this very work.
    const delivery = await deliveryById(tx, {
      businessId,
      deliveryId: params.deliveryId,
      lock: 'skip-locked',
    });
    if (!delivery) return { status: 'skipped', reason: 'locked or not found' };
    if (delivery.status !== 'pending') return { status: 'skipped', reason: delivery.status };
    if (delivery.needsDispatcher !== waiting) {
      return { status: 'skipped', reason: waiting ? 'not waiting' : 'with the dispatcher' };
    }
    const rules = (await businessSettings(tx, { businessId }))?.dispatch ?? DEFAULT_RULES;
    const deliveryId = delivery.id;
    const offersMade = delivery.attempts;
    const flag = async (reason: string): Promise<AssignOutcome> => {
      // Tried again and still nobody: it stays with the dispatcher, without one more event.
      if (waiting) return { status: 'skipped', reason };
      await updateDelivery(tx, { businessId, deliveryId, set: { needsDispatcher: true } });
      await insertDeliveryEvents(tx, {
        businessId,
        events: [
          {
            deliveryId,
            type: 'cancelled',
            note: `needs a dispatcher: ${reason}`,
            data: { needsDispatcher: true, reason },
          },
        ],
      });
      // The dispatchers' browsers that asked for it hear of it (Web Push).
      await notify(tx, jobs, {
        type: 'delivery.flagged',
        businessId,
        deliveryId,
        round: offersMade,
        reason,
      });
      return { status: 'needs_dispatcher', reason };
    };
    if (delivery.attempts >= rules.maxRounds)
      return flag(`${delivery.attempts} offers without taker`);
    const lat = delivery.pickupLat;
    const lng = delivery.pickupLng;
    if (lat === null || lng === null) return flag('no pickup point set');

    // Candidates by pages of 8, the best first. A page whose couriers were all taken meanwhile
    // (locked by a concurrent assigner, or filled up) is followed by the next, so a burst of
    // deliveries from one pickup point does not leave any for a dispatcher while couriers are
    // free: every assigner ranks the same nearest couriers first.
    const tried: string[] = [];
    for (let round = 0; round < CANDIDATE_PAGES; round++) {
      const candidates = await rankCandidates(tx, {
        businessId,
        deliveryId,
        lat,
        lng,
        radiusKm: rules.maxRadiusKm,
        freshMinutes: FRESH_MINUTES,
        excluded: tried,
        limit: CANDIDATES_PER_PAGE,
        weights: WEIGHTS,
      });
      const offered = await offerToFirstFree(candidates);
      if (offered) return offered;
      if (candidates.length < CANDIDATES_PER_PAGE) break;
      tried.push(...candidates.map((candidate) => candidate.id));
    }
    return flag(`no available courier within ${rules.maxRadiusKm} km`);

    async function offerToFirstFree(candidates: Candidate[]): Promise<AssignOutcome | null> {
      for (const candidate of candidates) {
        // The courier's row is the lock on their capacity: two assigners never fill the same slot.
        const locked = await courierById(tx, {
          businessId,
          courierId: candidate.id,
          lock: 'skip-locked',
        });
        if (locked?.status !== 'available') continue;
        if ((await courierLoad(tx, { businessId, courierId: locked.id })) >= locked.capacity)
          continue;
        const distanceM = Math.round(candidate.distance_m);
        await offerDelivery(tx, {
          businessId,
          deliveryId,
          courierId: locked.id,
          distanceM,
          ttlSeconds: rules.offerTtlSeconds,
        });
        await markOffered(tx, { businessId, courierId: locked.id });
        await insertDeliveryEvents(tx, {
          businessId,
          events: [
            {
              deliveryId,
              courierId: locked.id,
              type: 'offered',
              data: {
                distanceM,
                score: Math.round(candidate.score * 1000) / 1000,
                ...(waiting ? { afterWaiting: true } : {}),
              },
            },
          ],
        });
        // The courier hears of it at once (push, else SMS), in the offer's transaction.
        await notify(tx, jobs, {
          type: 'delivery.offered',
          businessId,
          deliveryId,
          courierId: locked.id,
          round: offersMade + 1,
        });
        // The expiry, checked when it is due (the minute sweep catches a lost one).
        await jobs.send(
          'delivery.expire-offers',
          {},
          { db: tx, startAfterSeconds: rules.offerTtlSeconds + 1 },
        );
        return { status: 'offered', courierId: locked.id, distanceM };
      }
      return null;
    }
  });
}

/**
 * Deliveries left with the dispatcher because nobody could take them, offered again: when a
 * courier goes available, comes back into view or finishes a delivery (the `delivery.offer-waiting`
 * job, per business), and every minute for all. One that still finds nobody stays flagged without
 * a new event; one whose offers ran out (`maxRounds`) or with no pickup point stays with the
 * dispatcher. Oldest first.
 */
export async function offerWaitingDeliveries(
  db: Db,
  jobs: JobSender,
  businessId?: string,
  live?: LiveBus,
): Promise<{ waiting: number; offered: number }> {
  const waiting = businessId
    ? await waitingDeliveries(db, { businessId })
    : await waitingDeliveriesOfAllBusinesses(db);
  let offered = 0;
  for (const delivery of waiting) {
    const outcome = await assignDelivery(
      db,
      jobs,
      { businessId: delivery.businessId, deliveryId: delivery.id, waiting: true },
      live,
    );
    if (outcome.status === 'offered') offered += 1;
  }
  return { waiting: waiting.length, offered };
}

/** Asks for waiting deliveries to be offered again, in the caller's transaction (one queued per business). */
export function nudgeWaitingDeliveries(tx: Db, jobs: JobSender, businessId: string) {
  return jobs.send('delivery.offer-waiting', { businessId }, { db: tx, singletonKey: businessId });
}

/**
 * Offers past their expiry go back to pending and to the next courier. With `live`, the couriers
 * whose offers expired hear it (their open app drops the card).
 */
export async function expireOffers(db: Db, jobs: JobSender, live?: LiveBus): Promise<number> {
  const expired = await expireInTransaction(db, jobs);
  for (const row of expired) await tellCourier(live, row);
  return expired.length;
}

function expireInTransaction(db: Db, jobs: JobSender) {
  return db.transaction(async (tx) => {
    const expired = await expireDueOffers(tx);
    if (expired.length === 0) return expired;
    // The sweep spans businesses: each one's events are written under its own id.
    const byBusiness = new Map<string, typeof expired>();
    for (const row of expired) {
      byBusiness.set(row.businessId, [...(byBusiness.get(row.businessId) ?? []), row]);
    }
    for (const [businessId, rows] of byBusiness) {
      await insertDeliveryEvents(tx, {
        businessId,
        events: rows.map((row) => ({
          deliveryId: row.deliveryId,
          courierId: row.courierId,
          type: 'expired' as const,
        })),
      });
    }
    await jobs.sendMany(
      'delivery.assign',
      expired.map((row) => ({
        payload: { businessId: row.businessId, deliveryId: row.deliveryId },
      })),
      { db: tx },
    );
    return expired;
  });
}

/**
 * The dispatcher gives a delivery to a courier directly (within their capacity). With `live`, the
 * courier's open app and the previous courier's hear of it at once. The courier is told it is
 * theirs (push, else SMS: their phone may be in a pocket), and the customer who is coming, as when
 * a courier accepts an offer; neither when the courier already had it accepted.
 */
export async function assignManually(
  db: Db,
  jobs: JobSender,
  actor: Actor,
  params: { businessId: string; deliveryId: string; courierId: string },
  live?: LiveBus,
): Promise<DeliveryRow> {
  const { businessId, deliveryId } = params;
  const { updated, previousCourierId } = await db.transaction(async (tx) => {
    const delivery = await deliveryById(tx, {
      businessId,
      deliveryId: params.deliveryId,
      lock: 'update',
    });
    if (!delivery) throw notFound('Delivery');
    if (!['pending', 'offered', 'accepted'].includes(delivery.status)) {
      throw refuse(
        'delivery.reassign_refused',
        `A ${delivery.status} delivery cannot be reassigned`,
      );
    }
    const courier = await courierById(tx, {
      businessId,
      courierId: params.courierId,
      lock: 'update',
    });
    if (!courier?.active) throw notFound('Courier');
    const load = await courierLoad(tx, {
      businessId,
      courierId: courier.id,
      exceptDeliveryId: delivery.id,
    });
    if (load >= courier.capacity) {
      throw refuse('courier.full', `${courier.name} already carries ${courier.capacity}`, {
        courier: courier.name,
        capacity: courier.capacity,
      });
    }
    const updated = await updateDelivery(tx, {
      businessId,
      deliveryId: delivery.id,
      set: {
        status: 'accepted',
        courierId: courier.id,
        acceptedAt: new Date(),
        offerExpiresAt: null,
        needsDispatcher: false,
      },
    });
    if (!updated) throw new Error('delivery update returned nothing');
    const assignmentId = crypto.randomUUID();
    await insertDeliveryEvents(tx, {
      businessId,
      events: [
        {
          id: assignmentId,
          deliveryId: delivery.id,
          courierId: courier.id,
          type: 'assigned',
          data: { previousCourierId: delivery.courierId },
        },
      ],
    });
    await writeAudit(tx, actor, {
      businessId,
      action: 'delivery.assign',
      entityType: 'delivery',
      entityId: delivery.id,
      changes: { courierId: courier.id },
    });
    await emitDeliveryEvent(tx, jobs, updated, 'delivery.assigned');
    if (delivery.status !== 'accepted' || delivery.courierId !== courier.id) {
      const told = { businessId, deliveryId: delivery.id, courierId: courier.id };
      await notify(tx, jobs, { ...told, type: 'delivery.assigned', assignmentId });
      await notify(tx, jobs, { ...told, type: 'delivery.accepted' });
    }
    return { updated, previousCourierId: delivery.courierId };
  });
  await tellCourier(live, { businessId, deliveryId, courierId: updated.courierId });
  if (previousCourierId !== updated.courierId) {
    await tellCourier(live, { businessId, deliveryId, courierId: previousCourierId });
  }
  return updated;
}
