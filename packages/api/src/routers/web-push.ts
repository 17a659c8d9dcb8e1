// "Notifications sur ce téléphone": the VAPID key a browser subscribes with, and the member's own
// subscriptions (subscribe from this browser, unsubscribe it). Every staff role may turn it on.
import { webPushSubscriptionsOf } from '@flux/db/queries/web-push';
import type { TRPCRouterRecord } from '@trpc/server';
import { z } from 'zod';
import { textInput } from '../lib/inputs';
import { presentWebPushSubscription } from '../presenters/web-push';
import { subscribeWebPush, unsubscribeWebPush } from '../services/web-push';
import { staffProcedure } from '../trpc';

/** base64url of exactly `bytes` bytes, as PushSubscription.toJSON() gives the keys. */
const base64url = (bytes: number, what: string) =>
  z
    .string()
    .regex(/^[\w-]+={0,2}$/, `${what}: expected base64url`)
    .refine((value) => Buffer.from(value, 'base64url').length === bytes, {
      message: `${what}: expected ${bytes} bytes`,
    });

const endpointInput = z.url({ protocol: /^https?$/ }).max(2_048);

export const webPushRouter = {
  /** The key to subscribe with (null: Web Push is not configured) and the member's browsers. */
  config: staffProcedure.query(async ({ ctx }) => {
    const rows = await webPushSubscriptionsOf(ctx.db, {
      businessId: ctx.businessId,
      userId: ctx.user.id,
    });
    return {
      publicKey: ctx.config.webPushPublicKey,
      devices: rows.map(presentWebPushSubscription),
    };
  }),

  subscribe: staffProcedure
    .input(
      z.object({
        endpoint: endpointInput,
        keys: z.object({
          // An uncompressed P-256 point, and a 16-byte secret (RFC 8291).
          p256dh: base64url(65, 'p256dh').refine(
            (value) => Buffer.from(value, 'base64url')[0] === 4,
            'p256dh: expected an uncompressed P-256 point',
          ),
          auth: base64url(16, 'auth'),
        }),
        deviceLabel: textInput(60).optional(),
      }),
    )
    .mutation(async ({ ctx, input }) =>
      presentWebPushSubscription(
        await subscribeWebPush(
          ctx.db,
          { ...ctx.actor, userId: ctx.user.id },
          {
            businessId: ctx.businessId,
            insecureEndpoints: ctx.config.webPushInsecureEndpoints,
            subscription: input,
          },
        ),
      ),
    ),

  unsubscribe: staffProcedure
    .input(z.object({ endpoint: endpointInput }))
    .mutation(async ({ ctx, input }) => ({
      removed: await unsubscribeWebPush(
        ctx.db,
        { ...ctx.actor, userId: ctx.user.id },
        { businessId: ctx.businessId, endpoint: input.endpoint },
      ),
    })),
} satisfies TRPCRouterRecord;
