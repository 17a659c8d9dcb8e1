// Notifications: an order's timeline and the dead page (staff), a member's bell, and sending
// again (admins: a dead one retried, an unknown one resent after checking with the customer).
import { notificationStatuses } from '@flux/contracts';
import type { TRPCRouterRecord } from '@trpc/server';
import { z } from 'zod';
import { AppError } from '../lib/errors';
import { presentNotification } from '../presenters/notification';
import { bellOf, markRead, notificationsOf } from '../services/notifications/bell';
import { resendNotification, retryDead } from '../services/notifications/send';
import { adminProcedure, roleProcedure } from '../trpc';

const staffProcedure = roleProcedure('owner', 'admin', 'agent', 'dispatcher');
const limit = z.number().int().min(1).max(100).default(50);

export const notificationsRouter = {
  list: staffProcedure
    .input(
      z.object({
        orderId: z.uuid().optional(),
        status: z.array(z.enum(notificationStatuses)).min(1).optional(),
        limit,
      }),
    )
    .query(async ({ ctx, input }) => {
      const rows = await notificationsOf(ctx.db, { businessId: ctx.businessId, ...input });
      return rows.map(presentNotification);
    }),
  // The dashboard's bell; couriers are told by push in their app instead.
  mine: staffProcedure.input(z.object({ limit })).query(async ({ ctx, input }) => {
    const rows = await bellOf(ctx.db, {
      businessId: ctx.businessId,
      userId: ctx.user.id,
      limit: input.limit,
    });
    return rows.map(presentNotification);
  }),
  markRead: staffProcedure.input(z.object({ id: z.uuid() })).mutation(async ({ ctx, input }) =>
    presentNotification(
      await markRead(ctx.db, {
        businessId: ctx.businessId,
        userId: ctx.user.id,
        notificationId: input.id,
      }),
    ),
  ),
  retry: adminProcedure.input(z.object({ id: z.uuid() })).mutation(async ({ ctx, input }) => {
    const retried = await retryDead(ctx.db, ctx.jobs, ctx.actor, {
      businessId: ctx.businessId,
      notificationIds: [input.id],
    });
    if (retried.length === 0) {
      throw new AppError('NOT_FOUND', 'No dead notification with this id');
    }
    return { retried: retried.length };
  }),
  resend: adminProcedure.input(z.object({ id: z.uuid() })).mutation(async ({ ctx, input }) =>
    presentNotification(
      await resendNotification(ctx.db, ctx.jobs, ctx.actor, {
        businessId: ctx.businessId,
        notificationId: input.id,
      }),
    ),
  ),
} satisfies TRPCRouterRecord;
