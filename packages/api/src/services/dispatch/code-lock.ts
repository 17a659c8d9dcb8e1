// The dispatcher's hand on a delivery's code: lift a lock after wrong codes, or waive the code.
import type { Db } from '@flux/db';
import {
  type DeliveryRow,
  deliveryById,
  insertDeliveryEvents,
  updateDelivery,
} from '@flux/db/queries/deliveries';
import { type Actor, writeAudit } from '../../lib/audit';
import { notFound, refuse } from '../../lib/errors';
import type { LiveBus } from '../../lib/live';

/**
 * The dispatcher lifts a code lock (the courier may try the code again, from zero) or waives the
 * code altogether (they reached the customer another way): with a reason, audited, announced.
 */
export async function releaseCodeLock(
  db: Db,
  live: LiveBus,
  actor: Actor,
  params: { businessId: string; deliveryId: string; reason: string; waive: boolean },
): Promise<DeliveryRow> {
  const { businessId } = params;
  const updated = await db.transaction(async (tx) => {
    const current = await deliveryById(tx, {
      businessId,
      deliveryId: params.deliveryId,
      lock: 'update',
    });
    if (!current) throw notFound('Delivery');
    if (params.waive ? current.status !== 'picked_up' : !current.otpLockedAt) {
      throw refuse(
        params.waive ? 'delivery.not_picked_up' : 'delivery.not_locked',
        params.waive
          ? 'Only a picked-up delivery can be delivered without its code'
          : 'This delivery is not locked',
        undefined,
        { status: current.status },
      );
    }
    const row = await updateDelivery(tx, {
      businessId,
      deliveryId: current.id,
      set: {
        otpFailures: 0,
        otpLockedAt: null,
        ...(params.waive ? { proofWaivedAt: new Date() } : {}),
      },
    });
    if (!row) throw new Error('delivery update returned nothing');
    await insertDeliveryEvents(tx, {
      businessId,
      events: [
        {
          deliveryId: current.id,
          courierId: current.courierId,
          type: 'code_released',
          note: `${params.waive ? 'code waived' : 'code unlocked'}: ${params.reason}`,
          data: { code: params.waive ? 'waived' : 'unlocked', wrongCodes: current.otpFailures },
        },
      ],
    });
    await writeAudit(tx, actor, {
      businessId,
      action: params.waive ? 'delivery.code_waive' : 'delivery.code_unlock',
      entityType: 'delivery',
      entityId: current.id,
      changes: { reason: params.reason, wrongCodes: current.otpFailures },
    });
    return row;
  });
  await live.publish(businessId, {
    type: 'delivery.updated',
    deliveryId: updated.id,
    reason: params.waive ? 'code_waived' : 'code_unlocked',
  });
  return updated;
}
