// Bulk moves on the orders list: confirm, or mark ready, several selected orders at once. Each
// order moves in its own transaction: one order short of stock (or already moved by a colleague)
// must not hold back the twenty others, and the merchant is told, order by order, what happened.
// An all-or-nothing batch would make one bad order block the whole morning's confirmations.
import type { Db } from '@flux/db';
import { businessOrderIds, orderById } from '@flux/db/queries/orders';
import type { JobSender } from '../jobs/sender';
import type { Actor } from '../lib/audit';
import { AppError, appErrorFromDatabase, notFound, refuse } from '../lib/errors';
import { type OrderRow, type OrderStatus, orderNumber, transitionOrder } from './orders';

export type BulkTarget = 'confirmed' | 'ready';

/**
 * The steps that lead an order to the target from where it is: marking ready walks a confirmed
 * order through `preparing` too (the kitchen step the merchant skips when bulk-marking).
 */
function stepsTo(from: OrderStatus, to: BulkTarget): OrderStatus[] | null {
  if (to === 'confirmed') return from === 'draft' || from === 'pending' ? ['confirmed'] : null;
  if (from === 'confirmed') return ['preparing', 'ready'];
  if (from === 'preparing') return ['ready'];
  return null;
}

export type BulkResult =
  | { id: string; ok: true; reference: string; status: OrderStatus }
  | {
      id: string;
      ok: false;
      reference: string | null;
      code: AppError['code'];
      message: string;
      /** Why, for the dashboard to word (contracts/reasons.ts). */
      reason: AppError['reason'];
      params: AppError['params'];
      details?: Record<string, unknown> | undefined;
    };

export async function bulkTransition(
  db: Db,
  jobs: JobSender,
  actor: Actor,
  params: { businessId: string; orderIds: string[]; to: BulkTarget },
): Promise<BulkResult[]> {
  const ids = [...new Set(params.orderIds)];
  // An id that is not one of the business's orders is a wrong request, not one failed row: nothing
  // moves, as for any call naming another business's record.
  const known = await businessOrderIds(db, { businessId: params.businessId, orderIds: ids });
  if (ids.some((id) => !known.has(id))) throw notFound('Order');
  const results: BulkResult[] = [];
  // One after the other, in the order given: a handful of connections for dozens of orders
  // would starve the other requests; and stock is taken in a predictable order.
  for (const id of ids) {
    let reference: string | null = null;
    try {
      const moved = await db.transaction(async (tx) => {
        const order = await orderById(tx, {
          businessId: params.businessId,
          orderId: id,
          lock: 'update',
        });
        if (!order) throw notFound('Order');
        reference = orderNumber(order.number);
        const steps = stepsTo(order.status, params.to);
        if (!steps) {
          throw refuse(
            'order.transition_refused',
            `Order ${reference} cannot go from ${order.status} to ${params.to}`,
            { reference, from: order.status, to: params.to },
            { from: order.status, to: params.to },
          );
        }
        let last: OrderRow = order;
        // Both steps of one order in its transaction (savepoints): all or neither.
        for (const to of steps) {
          last = await transitionOrder(tx, jobs, actor, {
            businessId: params.businessId,
            orderId: id,
            to,
          });
        }
        return last;
      });
      results.push({ id, ok: true, reference: orderNumber(moved.number), status: moved.status });
    } catch (error) {
      const known = error instanceof AppError ? error : appErrorFromDatabase(error);
      if (!known) throw error;
      results.push({
        id,
        ok: false,
        reference,
        code: known.code,
        message: known.message,
        reason: known.reason,
        params: known.params,
        details: known.details,
      });
    }
  }
  return results;
}
