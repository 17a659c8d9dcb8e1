// Notifications as the team sees them (couriers get theirs by push): the bell (a member's own
// in-app notifications), an order's timeline of what was sent to whom, the failed ones with "send
// again" and "retry".
import {
  bellNotifications,
  markAllBellRead,
  unreadBellCount,
} from '@flux/db/queries/notification-bell';
import { listNotifications, markInAppRead } from '@flux/db/queries/notifications';
import type { TRPCRouterRecord } from '@trpc/server';
import { z } from 'zod';
import { presentNotification } from '../presenters/notification';
import { myNotificationPreferences, setMyEmailDigest } from '../services/notifications/preferences';
import { resendNotification, retryDead } from '../services/notifications/send';
import { notificationText } from '../services/notifications/view';
import { staffProcedure } from '../trpc';

const withText = (row: Parameters<typeof presentNotification>[0]) => ({
  ...presentNotification(row),
  words: notificationText(row),
});

export const notificationsRouter = {
  /** The bell: the signed-in member's latest in-app notifications in this business, and the unread count. */
  bell: staffProcedure
    .input(z.object({ limit: z.number().int().min(1).max(50).default(20) }).optional())
    .query(async ({ ctx, input }) => {
      const scope = { businessId: ctx.businessId, userId: ctx.user.id };
      const [rows, unread] = await Promise.all([
        bellNotifications(ctx.db, { ...scope, limit: input?.limit ?? 20 }),
        unreadBellCount(ctx.db, scope),
      ]);
      return { unread, items: rows.map(withText) };
    }),

  /** The signed-in member's own preferences in this business (email digests on or off). */
  myPreferences: staffProcedure.query(({ ctx }) =>
    myNotificationPreferences(ctx.db, { businessId: ctx.businessId, userId: ctx.user.id }),
  ),

  /** Turns the signed-in member's email digests (daily summary and team alerts) on or off. */
  setMyPreferences: staffProcedure
    .input(z.object({ emailDigest: z.boolean() }))
    .mutation(({ ctx, input }) =>
      setMyEmailDigest(ctx.db, ctx.actor, {
        businessId: ctx.businessId,
        userId: ctx.user.id,
        emailDigest: input.emailDigest,
      }),
    ),

  /** Opens one in-app notification (`id`) or all of them. */
  markRead: staffProcedure
    .input(z.union([z.object({ id: z.uuid() }), z.object({ all: z.literal(true) })]))
    .mutation(async ({ ctx, input }) => {
      const scope = { businessId: ctx.businessId, userId: ctx.user.id };
      if ('id' in input) {
        const row = await markInAppRead(ctx.db, { ...scope, notificationId: input.id });
        return { marked: row ? 1 : 0 };
      }
      return { marked: await markAllBellRead(ctx.db, scope) };
    }),

  /** What was sent about an order: to whom, on which channel, and how it went. */
  forOrder: staffProcedure.input(z.object({ orderId: z.uuid() })).query(async ({ ctx, input }) => {
    const rows = await listNotifications(ctx.db, {
      businessId: ctx.businessId,
      orderId: input.orderId,
      limit: 200,
    });
    return { items: rows.map(withText) };
  }),

  /** The ones that need a person: dead after every attempt, or unknown (the provider may have it). */
  failed: staffProcedure
    .input(z.object({ limit: z.number().int().min(1).max(200).default(100) }).optional())
    .query(async ({ ctx, input }) => {
      const rows = await listNotifications(ctx.db, {
        businessId: ctx.businessId,
        status: ['dead', 'unknown'],
        limit: input?.limit ?? 100,
      });
      return { items: rows.map(withText) };
    }),

  /** Sends a notification again as a new one (the old one is kept as it was); audited. */
  resend: staffProcedure.input(z.object({ id: z.uuid() })).mutation(async ({ ctx, input }) => {
    const fresh = await resendNotification(ctx.db, ctx.jobs, ctx.actor, {
      businessId: ctx.businessId,
      notificationId: input.id,
    });
    return withText(fresh);
  }),

  /** Dead notifications back in the queue with their attempts reset; audited. */
  retry: staffProcedure
    .input(z.object({ ids: z.array(z.uuid()).min(1).max(200) }))
    .mutation(async ({ ctx, input }) => {
      const retried = await retryDead(ctx.db, ctx.jobs, ctx.actor, {
        businessId: ctx.businessId,
        notificationIds: input.ids,
      });
      return { retried };
    }),
} satisfies TRPCRouterRecord;
