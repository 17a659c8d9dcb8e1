// The courier's actions on their delivery (accept, decline, pick up, deliver, fail): each a
// conditional UPDATE in the expected states, its event carrying the app's client action id (a
// replay changes nothing), its audit row and the order's own transition, in one transaction.
// Over 400 lines on purpose: every action is courierAction with its states, guard and effects; side
// by side they are the courier's state machine.
import type { Db } from '@flux/db';
import { courierCash } from '@flux/db/queries/couriers';
import {
  businessSettings,
  type DeliveryChange,
  type DeliveryEventInsert,
  type DeliveryRow,
  deliveryById,
  deliveryOfClientAction,
  insertDeliveryEvents,
  offerStillOpen,
  orderToDeliver,
  proofUpload,
  updateDelivery,
} from '@flux/db/queries/deliveries';
import type { SQL } from 'drizzle-orm';
import type { JobSender } from '../../jobs/sender';
import { type Actor, writeAudit } from '../../lib/audit';
import { notFound, refuse } from '../../lib/errors';
import type { LiveBus } from '../../lib/live';
import { notify } from '../notifications';
import { transitionOrder } from '../orders';
import { type DeliveryWebhookType, emitDeliveryEvent } from '../webhooks/events';
import { nudgeWaitingDeliveries } from './assignment';
import { OTP_MAX_FAILURES, otpMatches } from './otp';

export interface CourierRef {
  id: string;
  businessId: string;
}

/** A replayed action (same client action id) returns the delivery as it is, changing nothing. */
async function replayed(tx: Db, courier: CourierRef, clientActionId: string) {
  const delivery = await deliveryOfClientAction(tx, {
    businessId: courier.businessId,
    courierId: courier.id,
    clientActionId,
  });
  return delivery ?? null;
}

/** The courier's own delivery, locked for the change being made to it (undefined: not theirs). */
const lockedDelivery = (tx: Db, courier: CourierRef, deliveryId: string) =>
  deliveryById(tx, {
    businessId: courier.businessId,
    courierId: courier.id,
    deliveryId,
    lock: 'update',
  });

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
    where?: SQL;
    set: DeliveryChange;
    event: Omit<DeliveryEventInsert, 'deliveryId' | 'courierId' | 'clientActionId'>;
    /** The merchant's endpoints hear of it as this event (with its jobs sender). */
    webhook?: { jobs: JobSender; type: DeliveryWebhookType };
    refused: string;
    /** Checks before the change, with the delivery locked. */
    check?: (delivery: DeliveryRow, tx: Db) => Promise<DeliveryChange | undefined>;
    after?: (delivery: DeliveryRow, tx: Db) => Promise<void>;
  },
): Promise<{ delivery: DeliveryRow; replay: boolean }> {
  return db.transaction(async (tx) => {
    const earlier = await replayed(tx, courier, params.clientActionId);
    if (earlier) return { delivery: earlier, replay: true };
    const current = await lockedDelivery(tx, courier, params.deliveryId);
    // The same action racing itself: the first one committed while this one waited.
    const raced = await replayed(tx, courier, params.clientActionId);
    if (raced) return { delivery: raced, replay: true };
    if (!current) throw notFound('Delivery');
    const extra = (await params.check?.(current, tx)) ?? {};
    const updated = await updateDelivery(tx, {
      businessId: courier.businessId,
      deliveryId: current.id,
      set: { ...params.set, ...extra },
      onlyIf: { status: params.from, courierId: courier.id, where: params.where },
    });
    if (!updated) {
      throw refuse('delivery.state_changed', params.refused, {}, { status: current.status });
    }
    await insertDeliveryEvents(tx, {
      businessId: courier.businessId,
      events: [
        {
          ...params.event,
          deliveryId: updated.id,
          courierId: courier.id,
          clientActionId: params.clientActionId,
        },
      ],
    });
    await writeAudit(tx, actor, {
      businessId: courier.businessId,
      action: params.audit,
      entityType: 'delivery',
      entityId: updated.id,
    });
    if (params.webhook)
      await emitDeliveryEvent(tx, params.webhook.jobs, updated, params.webhook.type);
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
  jobs: JobSender,
  courier: CourierRef,
  actor: Actor,
  params: { deliveryId: string; clientActionId: string },
) {
  return courierAction(db, courier, actor, {
    ...params,
    audit: 'delivery.accept',
    from: ['offered'],
    where: offerStillOpen(),
    set: { status: 'accepted', acceptedAt: new Date(), offerExpiresAt: null },
    event: { type: 'accepted' },
    webhook: { jobs, type: 'delivery.assigned' },
    refused: 'This offer has expired or is no longer yours',
    // The customer learns who is coming (by first name).
    after: (delivery, tx) =>
      notify(tx, jobs, {
        type: 'delivery.accepted',
        businessId: delivery.businessId,
        deliveryId: delivery.id,
        courierId: courier.id,
      }).then(() => undefined),
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
    webhook: { jobs, type: 'delivery.picked_up' },
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
  params: { deliveryId: string; clientActionId: string; otp: string; codeKeys: readonly string[] },
): Promise<void> {
  const verdict = await db.transaction(async (tx) => {
    if (await replayed(tx, courier, params.clientActionId)) return null;
    const current = await lockedDelivery(tx, courier, params.deliveryId);
    if (current?.status !== 'picked_up') return null;
    if (current.otpLockedAt) throw lockedError();
    if (current.proofWaivedAt || otpMatches(current.id, params.otp, params.codeKeys)) return null;
    const failures = current.otpFailures + 1;
    const locked = failures >= OTP_MAX_FAILURES;
    await updateDelivery(tx, {
      businessId: courier.businessId,
      deliveryId: current.id,
      set: { otpFailures: failures, ...(locked ? { otpLockedAt: new Date() } : {}) },
    });
    // A wrong try has no event of its own: it would carry the client action id, and a replay of
    // it would then pass for a done action. The audit row keeps who tried, when and from where.
    if (locked) {
      await insertDeliveryEvents(tx, {
        businessId: courier.businessId,
        events: [
          {
            deliveryId: current.id,
            courierId: courier.id,
            type: 'code_locked',
            data: { wrongCodes: failures },
          },
        ],
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
    throw refuse(
      'delivery.code_locked',
      'Wrong delivery code, too many times: the delivery is locked, call the shop',
      {},
      { wrongCodesLeft: 0, locked: true },
    );
  }
  const left = OTP_MAX_FAILURES - verdict.failures;
  throw refuse(
    'delivery.code_mismatch',
    `Wrong delivery code: ask the customer again (${left} left)`,
    { left },
    { wrongCodesLeft: left, locked: false },
  );
}

const lockedError = () =>
  refuse(
    'delivery.locked',
    'This delivery is locked after too many wrong codes: the shop must unlock it',
    {},
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
    /** Why the cash collected differs from the amount due (required when it does). */
    cashNote?: string | undefined;
    /** The keys door codes derive from, current first (lib/server-keys.ts, acceptedKeys). */
    codeKeys: readonly string[];
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
      note: params.cashNote ? `cash: ${params.cashNote}` : null,
    },
    webhook: { jobs, type: 'delivery.delivered' },
    refused: 'Only a picked-up delivery can be delivered',
    async check(delivery, tx) {
      if (delivery.otpLockedAt) throw lockedError();
      let proofUploadId: string | null = null;
      if (otp) {
        // Counted above; checked again under this transaction's lock (a racing wrong try may have
        // locked it meanwhile).
        if (!otpMatches(delivery.id, otp, params.codeKeys) && !delivery.proofWaivedAt) {
          throw refuse('delivery.code_mismatch', 'Wrong delivery code: ask the customer again');
        }
      } else if (photoUploadId) {
        const settings = await businessSettings(tx, { businessId: delivery.businessId });
        if (!settings?.dispatch.photoProofAllowed && !delivery.proofWaivedAt) {
          throw refuse(
            'delivery.code_required',
            'This shop asks for the customer’s code: a photo is not enough',
          );
        }
        const upload = await proofUpload(tx, {
          businessId: delivery.businessId,
          deliveryId: delivery.id,
          courierId: courier.id,
          uploadId: photoUploadId,
        });
        if (!upload) throw notFound('Proof photo', 'Proof photo not found for this delivery');
        proofUploadId = upload.id;
      } else if (!delivery.proofWaivedAt) {
        throw refuse(
          'delivery.proof_required',
          'Give the customer’s code or a photo of the delivery',
        );
      }
      const order = await orderToDeliver(tx, {
        businessId: delivery.businessId,
        orderId: delivery.orderId,
      });
      const due = order?.cashDue ?? 0;
      // A different amount (a customer short of change, a discount agreed at the door) is the
      // courier's word against the shop's: allowed only with a note the dispatcher reads.
      if (params.cashCollected !== due && !params.cashNote) {
        throw refuse(
          'delivery.cash_mismatch',
          'The cash collected must be the amount due, or say why',
          { dueMinor: due, ...(order ? { currency: order.currency } : {}) },
          { due, collected: params.cashCollected },
        );
      }
      return { cashCollected: params.cashCollected, proofUploadId };
    },
    async after(delivery, tx) {
      await orderFollows(jobs, actor, 'delivered')(delivery, tx);
      await nudgeWaitingDeliveries(tx, jobs, delivery.businessId); // a slot is free
      if (params.cashCollected > 0) {
        // The courier now holds this cash (and what they held before): hand it over.
        const [cash] = await courierCash(tx, {
          businessId: delivery.businessId,
          courierId: courier.id,
        });
        const held = cash ? cash.collected - cash.handedOver : params.cashCollected;
        if (held > 0) {
          await notify(tx, jobs, {
            type: 'cash.handover_due',
            businessId: delivery.businessId,
            courierId: courier.id,
            deliveryId: delivery.id,
            held,
          });
        }
      }
    },
  });
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
    webhook: { jobs, type: 'delivery.failed' },
    refused: 'Only a picked-up delivery can fail; decline an offer or ask the dispatcher instead',
    async after(delivery, tx) {
      // The customer hears of it through the order's transition (order.failed); the team here.
      await orderFollows(jobs, actor, 'failed', params.reason)(delivery, tx);
      await nudgeWaitingDeliveries(tx, jobs, delivery.businessId); // a slot is free
      await notify(tx, jobs, {
        type: 'delivery.failed',
        businessId: delivery.businessId,
        deliveryId: delivery.id,
        reason: params.reason,
      });
    },
  });
}
