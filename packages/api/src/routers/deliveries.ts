// Deliveries, for the dispatcher: the board's list, one delivery's story, assignment by hand,
// and the hand on its code (unlock after wrong codes, or waive it).
import { schema } from '@flux/db';
import {
  deliveryEventsOf,
  deliveryWithCurrency,
  listDeliveries,
} from '@flux/db/queries/deliveries';
import type { TRPCRouterRecord } from '@trpc/server';
import { z } from 'zod';
import { notFound } from '../lib/errors';
import { pageInput, textInput } from '../lib/inputs';
import { page, positionAfter } from '../lib/pagination';
import {
  presentDelivery,
  presentDeliveryDetail,
  presentDeliveryListItem,
} from '../presenters/delivery';
import { assignManually, deliveryOtp, releaseCodeLock } from '../services/dispatch';
import { proofPhotoLink } from '../services/uploads';
import { roleProcedure } from '../trpc';

const dispatcherProcedure = roleProcedure('owner', 'admin', 'dispatcher');
const idInput = z.object({ id: z.uuid() });
/** Why a dispatcher overrides the courier's code lock: kept in the audit log. */
const reasonInput = textInput(300).pipe(z.string().min(3, 'Say why (3 characters or more)'));
const deliveryStatus = z.enum(schema.deliveryStatusEnum.enumValues);

/** The dispatcher's hand on a delivery's code: unlocked, or waived (`waive`), with a reason. */
const codeRelease = (waive: boolean) =>
  dispatcherProcedure
    .input(idInput.extend({ reason: reasonInput }))
    .mutation(async ({ ctx, input }) =>
      presentDelivery(
        await releaseCodeLock(ctx.db, ctx.live, ctx.actor, {
          businessId: ctx.businessId,
          deliveryId: input.id,
          reason: input.reason,
          waive,
        }),
      ),
    );

export const deliveriesRouter = {
  list: dispatcherProcedure
    .input(
      pageInput.extend({
        /** One status or several (the board's "under way": pending to picked up). */
        status: z.union([deliveryStatus, z.array(deliveryStatus).min(1).max(10)]).optional(),
        needsDispatcher: z.boolean().optional(),
      }),
    )
    .query(async ({ ctx, input }) => {
      // With what the board shows beside each delivery: the order, the cash due, the courier.
      const rows = await listDeliveries(ctx.db, {
        businessId: ctx.businessId,
        statuses: input.status ? [input.status].flat() : undefined,
        needsDispatcher: input.needsDispatcher,
        after: positionAfter(input.cursor, 'date'),
        limit: input.limit + 1,
      });
      const result = page(
        rows.map((row) => ({ ...row, id: row.delivery.id })),
        input.limit,
        (row) => row.delivery.createdAt,
      );
      return {
        nextCursor: result.nextCursor,
        items: result.items.map((row) => presentDeliveryListItem(row, ctx.business.locale)),
      };
    }),

  byId: dispatcherProcedure.input(idInput).query(async ({ ctx, input }) => {
    const row = await deliveryWithCurrency(ctx.db, {
      businessId: ctx.businessId,
      deliveryId: input.id,
    });
    if (!row) throw notFound('Delivery');
    const { delivery } = row;
    const events = await deliveryEventsOf(ctx.db, {
      businessId: ctx.businessId,
      deliveryId: delivery.id,
    });
    // The code the customer gives the courier: the shop tells it when asked (it is stored
    // nowhere). Meant for the dispatcher, who answers the customer's and the courier's calls;
    // never in a courier's answer.
    const open = !['delivered', 'failed', 'cancelled'].includes(delivery.status);
    return presentDeliveryDetail(delivery, {
      currency: row.currency,
      locale: ctx.business.locale,
      otp: open ? deliveryOtp(delivery.id, ctx.config.deliveryCodeKey) : null,
      proofPhotoUrl: await proofPhotoLink(ctx, delivery),
      events,
    });
  }),

  /** After too many wrong codes: the courier may try again (the reason is audited). */
  unlockCode: codeRelease(false),

  /**
   * The courier may deliver without the code: the dispatcher reached the customer another way
   * (a call, the customer at the shop). The reason is audited.
   */
  waiveCode: codeRelease(true),

  /** Give it to a courier by hand (any time before pick-up), within their capacity. */
  assign: dispatcherProcedure
    .input(z.object({ deliveryId: z.uuid(), courierId: z.uuid() }))
    .mutation(async ({ ctx, input }) =>
      presentDelivery(
        await assignManually(
          ctx.db,
          ctx.jobs,
          ctx.actor,
          { ...input, businessId: ctx.businessId },
          ctx.live,
        ),
      ),
    ),
} satisfies TRPCRouterRecord;
