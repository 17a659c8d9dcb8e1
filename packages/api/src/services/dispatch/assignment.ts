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
import { createHmac, timingSafeEqual } from 'node:crypto';
import { type Db, schema } from '@flux/db';
import { dbEnv } from '@flux/db/env';
import { and, eq, inArray, sql } from 'drizzle-orm';
import type { JobSender } from '../jobs/sender';
import { type Actor, writeAudit } from '../lib/audit';
import { AppError } from '../lib/errors';
import type { LiveBus } from '../lib/live';
import { transitionOrder } from './orders';

const { businesses, couriers, deliveries, deliveryEvents, orders, uploads } = schema;

/** Delivery states that occupy a courier. */
export const CARRYING = ['offered', 'accepted', 'picked_up'] as const;
/** A position older than this is not trusted for assignment. */
export const FRESH_MINUTES = 10;
const DISTANCE_WEIGHT = 1;
const LOAD_WEIGHT = 0.5;
const FAIRNESS_WEIGHT = 0.3;
const FAIRNESS_HORIZON_S = 1_800;

export type DeliveryRow = typeof deliveries.$inferSelect;

/**
 * The code the customer gives the courier at the door: derived from the delivery id and the
 * server's key, so it is stored nowhere (not even hashed: 10,000 codes are hashed in a blink), yet
 * the shop can always tell it again.
 */
export function deliveryOtp(deliveryId: string): string {
  const digest = createHmac('sha256', dbEnv.ENCRYPTION_KEY).update(`otp:${deliveryId}`).digest();
  return String(digest.readUInt32BE(0) % 10_000).padStart(4, '0');
}

/** Wrong codes in a row after which the delivery is locked for the courier. */
export const OTP_MAX_FAILURES = 5;

const otpMac = (deliveryId: string, code: string) =>
  createHmac('sha256', dbEnv.ENCRYPTION_KEY).update(`otp-check:${deliveryId}:${code}`).digest();

/**
 * The given code against the delivery's, as two HMACs under the server key compared in constant
 * time: equal lengths whatever was typed, and nothing about the right code leaks through timing.
 */
export function otpMatches(deliveryId: string, given: string): boolean {
  return timingSafeEqual(
    otpMac(deliveryId, given.trim()),
    otpMac(deliveryId, deliveryOtp(deliveryId)),
  );
}

/** Creates the delivery of a ready order (once: a second call finds it) and asks for a courier. */
export async function createDelivery(
  tx: Db,
  jobs: JobSender,
  params: { businessId: string; orderId: string },
): Promise<DeliveryRow | null> {
  const [order] = await tx
    .select()
    .from(orders)
    .where(and(eq(orders.businessId, params.businessId), eq(orders.id, params.orderId)));
  if (!order) return null;
  const [business] = await tx
    .select({ settings: businesses.settings })
    .from(businesses)
    .where(eq(businesses.id, params.businessId));
  const pickup = business?.settings.pickup ?? null;
  const id = crypto.randomUUID();
  const [delivery] = await tx
    .insert(deliveries)
    .values({
      id,
      businessId: params.businessId,
      orderId: order.id,
      pickupAddress: pickup?.address ?? null,
      pickupLat: pickup?.lat ?? null,
      pickupLng: pickup?.lng ?? null,
      dropoffAddress: order.deliveryAddress,
      dropoffLat: order.deliveryLat,
      dropoffLng: order.deliveryLng,
    })
    .onConflictDoNothing()
    .returning();
  if (!delivery) return null;
  await tx.insert(deliveryEvents).values({
    businessId: params.businessId,
    deliveryId: delivery.id,
    type: 'created',
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

type Candidate = {
  id: string;
  capacity: number;
  load: number;
  distance_m: number;
  score: number;
};

/** Offers a pending delivery to the best courier (see the header for the formula). */
export async function assignDelivery(
  db: Db,
  jobs: JobSender,
  params: {
    businessId: string;
    deliveryId: string;
    /** A delivery left with the dispatcher, tried again (see offerWaitingDeliveries). */
    waiting?: boolean;
  },
): Promise<AssignOutcome> {
  const waiting = params.waiting ?? false;
  return db.transaction(async (tx) => {
    // SKIP LOCKED: another assigner holding this delivery is doing this very work.
    const [delivery] = await tx
      .select()
      .from(deliveries)
      .where(
        and(eq(deliveries.businessId, params.businessId), eq(deliveries.id, params.deliveryId)),
      )
      .for('update', { skipLocked: true });
    if (!delivery) return { status: 'skipped', reason: 'locked or not found' };
    if (delivery.status !== 'pending') return { status: 'skipped', reason: delivery.status };
    if (delivery.needsDispatcher !== waiting) {
      return { status: 'skipped', reason: waiting ? 'not waiting' : 'with the dispatcher' };
    }
    const [business] = await tx
      .select({ settings: businesses.settings })
      .from(businesses)
      .where(eq(businesses.id, params.businessId));
    const rules = business?.settings.dispatch ?? {
      offerTtlSeconds: 45,
      maxRadiusKm: 10,
      maxRounds: 5,
    };
    const flag = async (reason: string): Promise<AssignOutcome> => {
      // Tried again and still nobody: it stays with the dispatcher, without one more event.
      if (waiting) return { status: 'skipped', reason };
      await tx
        .update(deliveries)
        .set({ needsDispatcher: true })
        .where(eq(deliveries.id, delivery.id));
      await tx.insert(deliveryEvents).values({
        businessId: params.businessId,
        deliveryId: delivery.id,
        type: 'cancelled',
        note: `needs a dispatcher: ${reason}`,
        data: { needsDispatcher: true, reason },
      });
      return { status: 'needs_dispatcher', reason };
    };
    if (delivery.attempts >= rules.maxRounds)
      return flag(`${delivery.attempts} offers without taker`);
    const lat = delivery.pickupLat;
    const lng = delivery.pickupLng;
    if (lat === null || lng === null) return flag('no pickup point set');

    const radiusM = rules.maxRadiusKm * 1000;
    const dLat = rules.maxRadiusKm / 111.32;
    const dLng = rules.maxRadiusKm / (111.32 * Math.max(0.01, Math.cos((lat * Math.PI) / 180)));
    // Candidates by pages of 8, the best first. A page whose couriers were all taken meanwhile
    // (locked by a concurrent assigner, or filled up) is followed by the next, so a burst of
    // deliveries from one pickup point does not leave any for a dispatcher while couriers are
    // free: every assigner ranks the same nearest couriers first.
    const tried: string[] = [];
    const deliveryId = delivery.id;
    const page = () =>
      tx.execute<Candidate>(sql`
      with load as (
        select courier_id, count(*)::int as n from ${deliveries}
        where business_id = ${params.businessId} and status in ('offered', 'accepted', 'picked_up')
        group by courier_id
      ), declined as (
        select distinct courier_id from ${deliveryEvents}
        where delivery_id = ${delivery.id} and type in ('rejected', 'expired') and courier_id is not null
      ), near as (
        select c.id, c.capacity, coalesce(l.n, 0) as load, c.last_offer_at,
          6371000 * 2 * asin(sqrt(
            power(sin(radians(c.last_lat - ${lat}) / 2), 2) +
            cos(radians(${lat})) * cos(radians(c.last_lat)) * power(sin(radians(c.last_lng - ${lng}) / 2), 2)
          )) as distance_m
        from ${couriers} c left join load l on l.courier_id = c.id
        where c.business_id = ${params.businessId} and c.active and c.status = 'available'
          and c.last_seen_at > now() - make_interval(mins => ${FRESH_MINUTES})
          and c.last_lat between ${lat - dLat} and ${lat + dLat}
          and c.last_lng between ${lng - dLng} and ${lng + dLng}
          and coalesce(l.n, 0) < c.capacity
          and c.id not in (select courier_id from declined)
          and c.id <> all(${sql.param(tried)}::uuid[])
      )
      select id, capacity, load, distance_m::float8 as distance_m,
        (${DISTANCE_WEIGHT} * distance_m / ${radiusM}
          + ${LOAD_WEIGHT} * load::float8 / capacity
          - ${FAIRNESS_WEIGHT} * least(1, coalesce(extract(epoch from now() - last_offer_at), ${FAIRNESS_HORIZON_S}) / ${FAIRNESS_HORIZON_S}))::float8 as score
      from near where distance_m <= ${radiusM}
      order by score, distance_m, id
      limit ${CANDIDATES_PER_PAGE}`);
    for (let round = 0; round < CANDIDATE_PAGES; round++) {
      const candidates = (await page()).rows;
      const offered = await offerToFirstFree(candidates);
      if (offered) return offered;
      if (candidates.length < CANDIDATES_PER_PAGE) break;
      tried.push(...candidates.map((candidate) => candidate.id));
    }
    return flag(`no available courier within ${rules.maxRadiusKm} km`);

    async function offerToFirstFree(candidates: Candidate[]): Promise<AssignOutcome | null> {
      for (const candidate of candidates) {
        // The courier's row is the lock on their capacity: two assigners never fill the same slot.
        const [locked] = await tx
          .select({ id: couriers.id, capacity: couriers.capacity, status: couriers.status })
          .from(couriers)
          .where(eq(couriers.id, candidate.id))
          .for('update', { skipLocked: true });
        if (locked?.status !== 'available') continue;
        const [load] = await tx
          .select({ n: sql<number>`count(*)::int` })
          .from(deliveries)
          .where(
            and(eq(deliveries.courierId, locked.id), inArray(deliveries.status, [...CARRYING])),
          );
        if ((load?.n ?? 0) >= locked.capacity) continue;
        const distanceM = Math.round(candidate.distance_m);
        await tx
          .update(deliveries)
          .set({
            status: 'offered',
            courierId: locked.id,
            offeredAt: sql`now()`,
            offerExpiresAt: sql`now() + make_interval(secs => ${rules.offerTtlSeconds})`,
            attempts: sql`${deliveries.attempts} + 1`,
            distanceM,
            needsDispatcher: false,
          })
          .where(eq(deliveries.id, deliveryId));
        await tx
          .update(couriers)
          .set({ lastOfferAt: sql`now()` })
          .where(eq(couriers.id, locked.id));
        await tx.insert(deliveryEvents).values({
          businessId: params.businessId,
          deliveryId,
          courierId: locked.id,
          type: 'offered',
          data: {
            distanceM,
            score: Math.round(candidate.score * 1000) / 1000,
            ...(waiting ? { afterWaiting: true } : {}),
          },
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
): Promise<{ waiting: number; offered: number }> {
  const waiting = await db
    .select({ id: deliveries.id, businessId: deliveries.businessId })
    .from(deliveries)
    .where(
      and(
        eq(deliveries.status, 'pending'),
        eq(deliveries.needsDispatcher, true),
        businessId ? eq(deliveries.businessId, businessId) : undefined,
      ),
    )
    .orderBy(deliveries.createdAt, deliveries.id)
    .limit(500);
  let offered = 0;
  for (const delivery of waiting) {
    const outcome = await assignDelivery(db, jobs, {
      businessId: delivery.businessId,
      deliveryId: delivery.id,
      waiting: true,
    });
    if (outcome.status === 'offered') offered += 1;
  }
  return { waiting: waiting.length, offered };
}

/** Asks for waiting deliveries to be offered again, in the caller's transaction (one queued per business). */
export function nudgeWaitingDeliveries(tx: Db, jobs: JobSender, businessId: string) {
  return jobs.send('delivery.offer-waiting', { businessId }, { db: tx, singletonKey: businessId });
}

/** Offers past their expiry go back to pending and to the next courier. */
export async function expireOffers(db: Db, jobs: JobSender): Promise<number> {
  return db.transaction(async (tx) => {
    const expired = await tx.execute<{ id: string; business_id: string; courier_id: string }>(sql`
      with due as (
        select id, courier_id from ${deliveries}
        where status = 'offered' and offer_expires_at <= now()
        for update skip locked
      )
      update ${deliveries} d set status = 'pending', courier_id = null, offer_expires_at = null,
        updated_at = now()
      from due where d.id = due.id
      returning d.id, d.business_id, due.courier_id`);
    if (expired.rows.length === 0) return 0;
    await tx.insert(deliveryEvents).values(
      expired.rows.map((row) => ({
        businessId: row.business_id,
        deliveryId: row.id,
        courierId: row.courier_id,
        type: 'expired' as const,
      })),
    );
    await jobs.sendMany(
      'delivery.assign',
      expired.rows.map((row) => ({ payload: { businessId: row.business_id, deliveryId: row.id } })),
      { db: tx },
    );
    return expired.rows.length;
  });
}

// ——— The courier's actions ———

export interface CourierRef {
  id: string;
  businessId: string;
}

/** A replayed action (same client action id) returns the delivery as it is, changing nothing. */
async function replayed(tx: Db, courier: CourierRef, clientActionId: string) {
  const [event] = await tx
    .select({ deliveryId: deliveryEvents.deliveryId })
    .from(deliveryEvents)
    .where(
      and(
        eq(deliveryEvents.courierId, courier.id),
        eq(deliveryEvents.clientActionId, clientActionId),
      ),
    );
  if (!event) return null;
  const [delivery] = await tx.select().from(deliveries).where(eq(deliveries.id, event.deliveryId));
  return delivery ?? null;
}

type Change = Partial<typeof deliveries.$inferInsert>;

/**
 * One courier action: a conditional UPDATE of the courier's own delivery in the expected states,
 * its event with the client action id, then `after` (order transitions) in the same transaction.
 */
async function courierAction(
  db: Db,
  courier: CourierRef,
  actor: Actor,
  params: {
    /** The audit row's action, written in the same transaction as the change. */
    audit: string;
    deliveryId: string;
    clientActionId: string;
    from: DeliveryRow['status'][];
    /** Extra condition (the offer not expired). */
    where?: ReturnType<typeof sql>;
    set: Change;
    event: Omit<
      typeof deliveryEvents.$inferInsert,
      'businessId' | 'deliveryId' | 'courierId' | 'clientActionId'
    >;
    refused: string;
    /** Checks before the change, with the delivery locked. */
    check?: (delivery: DeliveryRow, tx: Db) => Promise<Change | undefined>;
    after?: (delivery: DeliveryRow, tx: Db) => Promise<void>;
  },
): Promise<{ delivery: DeliveryRow; replay: boolean }> {
  return db.transaction(async (tx) => {
    const earlier = await replayed(tx, courier, params.clientActionId);
    if (earlier) return { delivery: earlier, replay: true };
    const current = await lockCourierDelivery(tx, courier, params.deliveryId);
    // The same action racing itself: the first one committed while this one waited.
    const raced = await replayed(tx, courier, params.clientActionId);
    if (raced) return { delivery: raced, replay: true };
    if (!current) throw new AppError('NOT_FOUND', 'Delivery not found');
    const extra = (await params.check?.(current, tx)) ?? {};
    const [updated] = await tx
      .update(deliveries)
      .set({ ...params.set, ...extra })
      .where(
        and(
          eq(deliveries.id, current.id),
          eq(deliveries.courierId, courier.id),
          inArray(deliveries.status, params.from),
          params.where,
        ),
      )
      .returning();
    if (!updated) {
      throw new AppError('CONFLICT', params.refused, { status: current.status });
    }
    await tx.insert(deliveryEvents).values({
      ...params.event,
      businessId: courier.businessId,
      deliveryId: updated.id,
      courierId: courier.id,
      clientActionId: params.clientActionId,
    });
    await writeAudit(tx, actor, {
      businessId: courier.businessId,
      action: params.audit,
      entityType: 'delivery',
      entityId: updated.id,
    });
    await params.after?.(updated, tx);
    return { delivery: updated, replay: false };
  });
}

/** The order's own transition, in the courier action's transaction. */
const orderFollows =
  (
    jobs: JobSender,
    actor: Actor,
    to: 'out_for_delivery' | 'delivered' | 'failed',
    reason?: string,
  ) =>
  async (delivery: DeliveryRow, tx: Db) => {
    await transitionOrder(tx, jobs, actor, {
      businessId: delivery.businessId,
      orderId: delivery.orderId,
      to,
      reason,
    });
  };

export function acceptOffer(
  db: Db,
  courier: CourierRef,
  actor: Actor,
  params: { deliveryId: string; clientActionId: string },
) {
  return courierAction(db, courier, actor, {
    ...params,
    audit: 'delivery.accept',
    from: ['offered'],
    where: sql`${deliveries.offerExpiresAt} > now()`,
    set: { status: 'accepted', acceptedAt: new Date(), offerExpiresAt: null },
    event: { type: 'accepted' },
    refused: 'This offer has expired or is no longer yours',
  });
}

export function declineOffer(
  db: Db,
  jobs: JobSender,
  courier: CourierRef,
  actor: Actor,
  params: { deliveryId: string; clientActionId: string; reason?: string | undefined },
) {
  return courierAction(db, courier, actor, {
    audit: 'delivery.decline',
    deliveryId: params.deliveryId,
    clientActionId: params.clientActionId,
    from: ['offered'],
    set: { status: 'pending', courierId: null, offerExpiresAt: null },
    event: { type: 'rejected', note: params.reason ?? null },
    refused: 'This offer is no longer yours',
    async after(delivery, tx) {
      await jobs.send(
        'delivery.assign',
        { businessId: delivery.businessId, deliveryId: delivery.id },
        { db: tx },
      );
    },
  });
}

export function pickUp(
  db: Db,
  jobs: JobSender,
  courier: CourierRef,
  actor: Actor,
  params: { deliveryId: string; clientActionId: string },
) {
  return courierAction(db, courier, actor, {
    audit: 'delivery.pick_up',
    ...params,
    from: ['accepted'],
    set: { status: 'picked_up', pickedUpAt: new Date() },
    event: { type: 'picked_up' },
    refused: 'Only an accepted delivery can be picked up',
    after: orderFollows(jobs, actor, 'out_for_delivery'),
  });
}

/** What proves a delivery: the customer's code, a proof photo the courier uploaded, or neither. */
export interface DeliveryProof {
  otp?: string | undefined;
  /** An upload of this delivery by this courier (`POST /uploads/proof`). */
  photoUploadId?: string | undefined;
}

/**
 * A wrong code is counted in its own transaction (the refused delivery rolls back, the count must
 * not); at OTP_MAX_FAILURES the delivery is locked and the dispatcher told. A replayed action, or a
 * delivery not ready to deliver, is left to `courierAction` to answer.
 */
async function countWrongCode(
  db: Db,
  live: LiveBus,
  courier: CourierRef,
  actor: Actor,
  params: { deliveryId: string; clientActionId: string; otp: string },
): Promise<void> {
  const verdict = await db.transaction(async (tx) => {
    if (await replayed(tx, courier, params.clientActionId)) return null;
    const current = await lockCourierDelivery(tx, courier, params.deliveryId);
    if (current?.status !== 'picked_up') return null;
    if (current.otpLockedAt) throw lockedError();
    if (current.proofWaivedAt || otpMatches(current.id, params.otp)) return null;
    const failures = current.otpFailures + 1;
    const locked = failures >= OTP_MAX_FAILURES;
    await tx
      .update(deliveries)
      .set({ otpFailures: failures, ...(locked ? { otpLockedAt: new Date() } : {}) })
      .where(eq(deliveries.id, current.id));
    // A wrong try has no event of its own: it would carry the client action id, and a replay of
    // it would then pass for a done action. The audit row keeps who tried, when and from where.
    if (locked) {
      await tx.insert(deliveryEvents).values({
        businessId: courier.businessId,
        deliveryId: current.id,
        courierId: courier.id,
        type: 'code_locked',
        data: { wrongCodes: failures },
      });
    }
    await writeAudit(tx, actor, {
      businessId: courier.businessId,
      action: locked ? 'delivery.code_locked' : 'delivery.code_wrong',
      entityType: 'delivery',
      entityId: current.id,
      changes: { wrongCodes: failures },
    });
    return { failures, locked };
  });
  if (!verdict) return;
  if (verdict.locked) {
    await live.publish(courier.businessId, {
      type: 'delivery.updated',
      deliveryId: params.deliveryId,
      reason: 'code_locked',
    });
    throw new AppError(
      'BAD_REQUEST',
      'Wrong delivery code, too many times: the delivery is locked, call the shop',
      { wrongCodesLeft: 0, locked: true },
    );
  }
  const left = OTP_MAX_FAILURES - verdict.failures;
  throw new AppError('BAD_REQUEST', `Wrong delivery code: ask the customer again (${left} left)`, {
    wrongCodesLeft: left,
    locked: false,
  });
}

const lockedError = () =>
  new AppError(
    'FORBIDDEN',
    'This delivery is locked after too many wrong codes: the shop must unlock it',
    { locked: true },
  );

export async function deliver(
  db: Db,
  jobs: JobSender,
  live: LiveBus,
  courier: CourierRef,
  actor: Actor,
  params: DeliveryProof & {
    deliveryId: string;
    clientActionId: string;
    /** Minor units, checked against the order's cash due. */
    cashCollected: number;
  },
) {
  const { otp, photoUploadId } = params;
  if (otp) await countWrongCode(db, live, courier, actor, { ...params, otp });
  return courierAction(db, courier, actor, {
    audit: 'delivery.deliver',
    deliveryId: params.deliveryId,
    clientActionId: params.clientActionId,
    from: ['picked_up'],
    set: { status: 'delivered', deliveredAt: new Date() },
    event: {
      type: 'delivered',
      data: { cashCollected: params.cashCollected, otp: !!otp, photo: !!photoUploadId },
    },
    refused: 'Only a picked-up delivery can be delivered',
    async check(delivery, tx) {
      if (delivery.otpLockedAt) throw lockedError();
      let proofUploadId: string | null = null;
      if (otp) {
        // Counted above; checked again under this transaction's lock (a racing wrong try may have
        // locked it meanwhile).
        if (!otpMatches(delivery.id, otp) && !delivery.proofWaivedAt) {
          throw new AppError('BAD_REQUEST', 'Wrong delivery code: ask the customer again');
        }
      } else if (photoUploadId) {
        const [business] = await tx
          .select({ settings: businesses.settings })
          .from(businesses)
          .where(eq(businesses.id, delivery.businessId));
        if (!business?.settings.dispatch.photoProofAllowed && !delivery.proofWaivedAt) {
          throw new AppError(
            'BAD_REQUEST',
            'This shop asks for the customer’s code: a photo is not enough',
          );
        }
        const [upload] = await tx
          .select({ id: uploads.id })
          .from(uploads)
          .where(
            and(
              eq(uploads.businessId, delivery.businessId),
              eq(uploads.id, photoUploadId),
              eq(uploads.deliveryId, delivery.id),
              eq(uploads.courierId, courier.id),
              eq(uploads.purpose, 'delivery_proof'),
            ),
          );
        if (!upload) throw new AppError('NOT_FOUND', 'Proof photo not found for this delivery');
        proofUploadId = upload.id;
      } else if (!delivery.proofWaivedAt) {
        throw new AppError('BAD_REQUEST', 'Give the customer’s code or a photo of the delivery');
      }
      const [order] = await tx
        .select({ cashDue: orders.cashDue })
        .from(orders)
        .where(eq(orders.id, delivery.orderId));
      const due = order?.cashDue ?? 0;
      if (params.cashCollected !== due) {
        throw new AppError('BAD_REQUEST', 'The cash collected must be the amount due', {
          due,
          collected: params.cashCollected,
        });
      }
      return { cashCollected: params.cashCollected, proofUploadId };
    },
    async after(delivery, tx) {
      await orderFollows(jobs, actor, 'delivered')(delivery, tx);
      await nudgeWaitingDeliveries(tx, jobs, delivery.businessId); // a slot is free
    },
  });
}

/**
 * The dispatcher lifts a code lock (the courier may try the code again, from zero) or waives the
 * code altogether (they reached the customer another way): with a reason, audited, announced.
 */
export async function releaseCodeLock(
  db: Db,
  live: LiveBus,
  actor: Actor,
  params: { businessId: string; deliveryId: string; reason: string; waive: boolean },
) {
  const updated = await db.transaction(async (tx) => {
    const [current] = await tx
      .select()
      .from(deliveries)
      .where(
        and(eq(deliveries.businessId, params.businessId), eq(deliveries.id, params.deliveryId)),
      )
      .for('update');
    if (!current) throw new AppError('NOT_FOUND', 'Delivery not found');
    if (params.waive ? current.status !== 'picked_up' : !current.otpLockedAt) {
      throw new AppError(
        'CONFLICT',
        params.waive
          ? 'Only a picked-up delivery can be delivered without its code'
          : 'This delivery is not locked',
        { status: current.status },
      );
    }
    const [row] = await tx
      .update(deliveries)
      .set({
        otpFailures: 0,
        otpLockedAt: null,
        ...(params.waive ? { proofWaivedAt: new Date() } : {}),
      })
      .where(eq(deliveries.id, current.id))
      .returning();
    if (!row) throw new Error('delivery update returned nothing');
    await tx.insert(deliveryEvents).values({
      businessId: params.businessId,
      deliveryId: current.id,
      courierId: current.courierId,
      type: 'code_released',
      note: `${params.waive ? 'code waived' : 'code unlocked'}: ${params.reason}`,
      data: { code: params.waive ? 'waived' : 'unlocked', wrongCodes: current.otpFailures },
    });
    await writeAudit(tx, actor, {
      businessId: params.businessId,
      action: params.waive ? 'delivery.code_waive' : 'delivery.code_unlock',
      entityType: 'delivery',
      entityId: current.id,
      changes: { reason: params.reason, wrongCodes: current.otpFailures },
    });
    return row;
  });
  await live.publish(params.businessId, {
    type: 'delivery.updated',
    deliveryId: updated.id,
    reason: params.waive ? 'code_waived' : 'code_unlocked',
  });
  return updated;
}

export function failDelivery(
  db: Db,
  jobs: JobSender,
  courier: CourierRef,
  actor: Actor,
  params: { deliveryId: string; clientActionId: string; reason: string },
) {
  return courierAction(db, courier, actor, {
    audit: 'delivery.fail',
    deliveryId: params.deliveryId,
    clientActionId: params.clientActionId,
    from: ['picked_up'],
    set: { status: 'failed', failedAt: new Date(), failureReason: params.reason },
    event: { type: 'failed', note: params.reason },
    refused: 'Only a picked-up delivery can fail; decline an offer or ask the dispatcher instead',
    async after(delivery, tx) {
      await orderFollows(jobs, actor, 'failed', params.reason)(delivery, tx);
      await nudgeWaitingDeliveries(tx, jobs, delivery.businessId); // a slot is free
    },
  });
}

/** The dispatcher gives a delivery to a courier directly (within their capacity). */
export async function assignManually(
  db: Db,
  actor: Actor,
  params: { businessId: string; deliveryId: string; courierId: string },
): Promise<DeliveryRow> {
  return db.transaction(async (tx) => {
    const [delivery] = await tx
      .select()
      .from(deliveries)
      .where(
        and(eq(deliveries.businessId, params.businessId), eq(deliveries.id, params.deliveryId)),
      )
      .for('update');
    if (!delivery) throw new AppError('NOT_FOUND', 'Delivery not found');
    if (!['pending', 'offered', 'accepted'].includes(delivery.status)) {
      throw new AppError('CONFLICT', `A ${delivery.status} delivery cannot be reassigned`);
    }
    const [courier] = await tx
      .select()
      .from(couriers)
      .where(and(eq(couriers.businessId, params.businessId), eq(couriers.id, params.courierId)))
      .for('update');
    if (!courier?.active) throw new AppError('NOT_FOUND', 'Courier not found');
    const [load] = await tx
      .select({ n: sql<number>`count(*)::int` })
      .from(deliveries)
      .where(
        and(
          eq(deliveries.courierId, courier.id),
          inArray(deliveries.status, [...CARRYING]),
          sql`${deliveries.id} <> ${delivery.id}`,
        ),
      );
    if ((load?.n ?? 0) >= courier.capacity) {
      throw new AppError('CONFLICT', `${courier.name} already carries ${courier.capacity}`);
    }
    const [updated] = await tx
      .update(deliveries)
      .set({
        status: 'accepted',
        courierId: courier.id,
        acceptedAt: new Date(),
        offerExpiresAt: null,
        needsDispatcher: false,
      })
      .where(eq(deliveries.id, delivery.id))
      .returning();
    if (!updated) throw new Error('delivery update returned nothing');
    await tx.insert(deliveryEvents).values({
      businessId: params.businessId,
      deliveryId: delivery.id,
      courierId: courier.id,
      type: 'assigned',
      data: { previousCourierId: delivery.courierId },
    });
    await writeAudit(tx, actor, {
      businessId: params.businessId,
      action: 'delivery.assign',
      entityType: 'delivery',
      entityId: delivery.id,
      changes: { courierId: courier.id },
    });
    return updated;
  });
}

/** The courier's own delivery, locked for the change being made to it (undefined: not theirs). */
async function lockCourierDelivery(tx: Db, courier: CourierRef, deliveryId: string) {
  const [row] = await tx
    .select()
    .from(deliveries)
    .where(
      and(
        eq(deliveries.businessId, courier.businessId),
        eq(deliveries.id, deliveryId),
        eq(deliveries.courierId, courier.id),
      ),
    )
    .for('update');
  return row;
}
