// The courier app's own API: their record and availability, their position, the offers waiting
// for their answer, their deliveries under way and each step of one.
import { courierLoad } from '@flux/db/queries/couriers';
import { offersTo } from '@flux/db/queries/deliveries';
import type { TRPCRouterRecord } from '@trpc/server';
import { z } from 'zod';
import { coercedDateInput, textInput } from '../lib/inputs';
import { courierLiveEventOf, liveEvents } from '../lib/live';
import { amountInput, toMinor } from '../lib/money';
import { enforceRateLimits, ratePolicies } from '../lib/rate-limit';
import { acceptedKeys } from '../lib/server-keys';
import { presentCourier, presentCourierOnBoard } from '../presenters/courier';
import { presentCourierDelivery, presentCourierTask } from '../presenters/delivery';
import {
  acceptOffer,
  courierDeliveries,
  courierOfUser,
  courierToday,
  type DeliveryRow,
  declineOffer,
  deliver,
  failDelivery,
  pickUp,
  recordPosition,
  registerPushToken,
  setAvailability,
} from '../services/dispatch';
import { roleProcedure } from '../trpc';

const courierProcedure = roleProcedure('courier');
/** The courier app's id for an action, so its replays after a network loss are no-ops. */
const clientActionId = z.string().trim().min(8).max(100);
const actionInput = z.object({ deliveryId: z.uuid(), clientActionId });

/** The signed-in courier's record in this business. */
const me = (ctx: {
  db: Parameters<typeof courierOfUser>[0];
  businessId: string;
  actor: { userId: string | null };
}) => courierOfUser(ctx.db, { businessId: ctx.businessId, userId: ctx.actor.userId });

/** A courier action's answer: the delivery as the courier sees it, and whether it was a replay. */
const courierAnswer = (result: { delivery: DeliveryRow; replay: boolean }) => ({
  delivery: presentCourierDelivery(result.delivery),
  replay: result.replay,
});

export const courierRouter = {
  me: courierProcedure.query(async ({ ctx }) => {
    const courier = await me(ctx);
    const load = await courierLoad(ctx.db, { businessId: ctx.businessId, courierId: courier.id });
    return presentCourierOnBoard(courier.row, load);
  }),

  setAvailability: courierProcedure
    .input(z.object({ status: z.enum(['available', 'offline']) }))
    .mutation(async ({ ctx, input }) => {
      const courier = await me(ctx);
      return presentCourier(
        await setAvailability(ctx.db, ctx.jobs, ctx.actor, { courier, status: input.status }),
      );
    }),

  /** Last position, and a trace point on each delivery under way. Rate-limited; a late fix is ignored. */
  updateLocation: courierProcedure
    .input(
      z.object({
        lat: z.number().min(-90).max(90),
        lng: z.number().min(-180).max(180),
        accuracy: z.number().min(0).max(100_000).optional(),
        at: coercedDateInput.optional(),
      }),
    )
    .mutation(async ({ ctx, input }) => {
      const courier = await me(ctx);
      if (ctx.config.rateLimit) {
        await enforceRateLimits(ctx.rateLimiter, [
          { key: `location:${courier.id}`, policy: ratePolicies.locationsPerCourier },
        ]);
      }
      const at = input.at && input.at.getTime() <= Date.now() ? input.at : new Date();
      return recordPosition(ctx.db, ctx.jobs, ctx.live, {
        courier,
        lat: input.lat,
        lng: input.lng,
        accuracy: input.accuracy,
        at,
      });
    }),

  /** Offers waiting for this courier's answer, with what they need to decide. */
  myOffers: courierProcedure.query(async ({ ctx }) => {
    const courier = await me(ctx);
    const rows = await offersTo(ctx.db, {
      businessId: ctx.businessId,
      courierId: courier.id,
      now: new Date(),
    });
    return rows.map((row) => presentCourierTask(row, ctx.business.locale));
  }),

  /**
   * This courier's live events (SSE) while the app is in front: `tasks` when an offer reaches
   * them or the dispatcher gives or takes a delivery (the app reads its lists again), `resync`
   * when events may have been missed. Another courier's events never leave the server.
   */
  live: courierProcedure.subscription(async function* ({ ctx, signal }) {
    const courier = await me(ctx);
    for await (const event of liveEvents(ctx.live, ctx.businessId, signal)) {
      const mine = courierLiveEventOf(event, courier.id);
      if (mine) yield mine;
    }
  }),

  /** Deliveries under way with the customer, the lines, the code's state and whom to call. */
  myDeliveries: courierProcedure.query(async ({ ctx }) => {
    const courier = await me(ctx);
    return courierDeliveries(ctx.db, courier, ctx.business.locale);
  }),

  /** Today in the shop's time zone (done, failed, cash), cash not yet handed over, last days. */
  today: courierProcedure.query(async ({ ctx }) => {
    const courier = await me(ctx);
    return courierToday(ctx.db, courier, {
      currency: ctx.business.currency,
      locale: ctx.business.locale,
    });
  }),

  /**
   * The device's Expo push token, where the notification engine sends offers; null forgets it
   * (the app signs out). A new device replaces the last one: one phone per courier.
   */
  registerPushToken: courierProcedure
    .input(z.object({ token: z.string().trim().min(10).max(300).nullable() }))
    .mutation(async ({ ctx, input }) => {
      const courier = await me(ctx);
      await registerPushToken(ctx.db, courier, input.token);
      return { registered: input.token !== null };
    }),

  accept: courierProcedure.input(actionInput).mutation(async ({ ctx, input }) => {
    const courier = await me(ctx);
    return courierAnswer(await acceptOffer(ctx.db, ctx.jobs, courier, ctx.actor, input));
  }),

  decline: courierProcedure
    .input(actionInput.extend({ reason: textInput(200).optional() }))
    .mutation(async ({ ctx, input }) => {
      const courier = await me(ctx);
      return courierAnswer(await declineOffer(ctx.db, ctx.jobs, courier, ctx.actor, input));
    }),

  pickUp: courierProcedure.input(actionInput).mutation(async ({ ctx, input }) => {
    const courier = await me(ctx);
    return courierAnswer(await pickUp(ctx.db, ctx.jobs, courier, ctx.actor, input));
  }),

  /**
   * Delivered with the customer's code, or with a proof photo uploaded first (`POST
   * /uploads/proof`) where the shop allows it, or with neither once a dispatcher waived the code;
   * and the cash collected (major units).
   */
  deliver: courierProcedure
    .input(
      actionInput.extend({
        otp: z
          .string()
          .trim()
          .regex(/^\d{4}$/, 'The code has 4 digits')
          .optional(),
        photoUploadId: z.uuid().optional(),
        cashCollected: amountInput.default(0),
        /** Why the cash collected is not the amount due (required then). */
        cashNote: textInput(300).optional(),
      }),
    )
    .mutation(async ({ ctx, input }) => {
      const courier = await me(ctx);
      const cashCollected = toMinor(input.cashCollected, ctx.business.currency, 'cashCollected');
      return courierAnswer(
        await deliver(ctx.db, ctx.jobs, ctx.live, courier, ctx.actor, {
          ...input,
          cashCollected,
          codeKeys: acceptedKeys(ctx.config),
        }),
      );
    }),

  fail: courierProcedure
    .input(
      actionInput.extend({
        reason: z.enum(['absent', 'refused', 'wrong_address', 'unreachable', 'damaged', 'other']),
        note: textInput(300).optional(),
      }),
    )
    .mutation(async ({ ctx, input }) => {
      const courier = await me(ctx);
      const reason = input.note ? `${input.reason}: ${input.note}` : input.reason;
      return courierAnswer(
        await failDelivery(ctx.db, ctx.jobs, courier, ctx.actor, { ...input, reason }),
      );
    }),
} satisfies TRPCRouterRecord;
