// Dispatch: the couriers (dispatcher/admin), the deliveries (list, detail, manual assignment), and
// the courier app's own API (`courier`: availability, position, offers, the delivery's steps).
import { type Db, schema } from '@flux/db';
import type { TRPCRouterRecord } from '@trpc/server';
import { and, asc, desc, eq, gt, inArray, isNull, or, type SQL, sql } from 'drizzle-orm';
import { z } from 'zod';
import { type Actor, writeAudit } from '../lib/audit';
import { AppError } from '../lib/errors';
import { coercedDateInput, nameInput, pageInput, textInput } from '../lib/inputs';
import { amountInput, type Currency, money, toMinor } from '../lib/money';
import { afterCursor, page } from '../lib/pagination';
import { enforceRateLimits, ratePolicies } from '../lib/rate-limit';
import { presentCourier } from '../presenters/courier';
import {
  presentCourierDelivery,
  presentDelivery,
  presentDeliveryEvent,
} from '../presenters/delivery';
import {
  acceptOffer,
  assignManually,
  CARRYING,
  type CourierRef,
  type DeliveryRow,
  declineOffer,
  deliver,
  deliveryOtp,
  FRESH_MINUTES,
  failDelivery,
  nudgeWaitingDeliveries,
  pickUp,
  releaseCodeLock,
} from '../services/dispatch';
import { orderNumber } from '../services/orders';
import { phoneOrThrow } from '../services/prospects';
import { proofPhotoLink } from '../services/uploads';
import { roleProcedure } from '../trpc';

const { couriers, deliveries, deliveryEvents, memberships, orders } = schema;
const dispatcherProcedure = roleProcedure('owner', 'admin', 'dispatcher');
const courierProcedure = roleProcedure('courier');
const idInput = z.object({ id: z.uuid() });
/** Why a dispatcher overrides the courier's code lock: kept in the audit log. */
const reasonInput = textInput(300).pipe(z.string().min(3, 'Say why (3 characters or more)'));
const vehicle = z.enum(schema.vehicleEnum.enumValues);
/** The courier app's id for an action, so its replays after a network loss are no-ops. */
const clientActionId = z.string().trim().min(8).max(100);

/** Deliveries each courier carries now. */
async function loads(db: Db, businessId: string, courierIds: string[]) {
  if (courierIds.length === 0) return new Map<string, number>();
  const rows = await db
    .select({ courierId: deliveries.courierId, n: sql<number>`count(*)::int` })
    .from(deliveries)
    .where(
      and(
        eq(deliveries.businessId, businessId),
        inArray(deliveries.courierId, courierIds),
        inArray(deliveries.status, [...CARRYING]),
      ),
    )
    .groupBy(deliveries.courierId);
  return new Map(rows.map((row) => [row.courierId ?? '', row.n]));
}

/** Cash per courier: collected on delivered orders, handed over, still held. */
async function cashOf(db: Db, businessId: string, courierId?: string) {
  const filters: SQL[] = [eq(couriers.businessId, businessId)];
  if (courierId) filters.push(eq(couriers.id, courierId));
  return db
    .select({
      courierId: couriers.id,
      name: couriers.name,
      collected:
        sql<number>`coalesce(sum(${deliveries.cashCollected}) filter (where ${deliveries.status} = 'delivered'), 0)::bigint`.mapWith(
          Number,
        ),
      handedOver: couriers.cashHandedOver,
    })
    .from(couriers)
    .leftJoin(
      deliveries,
      and(eq(deliveries.courierId, couriers.id), eq(deliveries.businessId, couriers.businessId)),
    )
    .where(and(...filters))
    .groupBy(couriers.id)
    .orderBy(asc(couriers.name));
}

async function courierOrThrow(db: Db, businessId: string, id: string) {
  const [row] = await db
    .select()
    .from(couriers)
    .where(and(eq(couriers.businessId, businessId), eq(couriers.id, id)));
  if (!row) throw new AppError('NOT_FOUND', 'Courier not found');
  return row;
}

export const couriersRouter = {
  /** A courier with the app is a member with the courier role (invited first); others need none. */
  create: dispatcherProcedure
    .input(
      z.object({
        name: nameInput,
        phone: textInput(40),
        vehicle,
        capacity: z.number().int().min(1).max(20).default(1),
        userId: z.uuid().optional(),
      }),
    )
    .mutation(({ ctx, input }) =>
      ctx.db.transaction(async (tx) => {
        if (input.userId) {
          const [member] = await tx
            .select({ role: memberships.role })
            .from(memberships)
            .where(
              and(eq(memberships.businessId, ctx.businessId), eq(memberships.userId, input.userId)),
            );
          if (!member) throw new AppError('NOT_FOUND', 'Member not found');
          if (member.role !== 'courier') {
            throw new AppError('BAD_REQUEST', 'Invite this person with the courier role first');
          }
        }
        const [created] = await tx
          .insert(couriers)
          .values({
            businessId: ctx.businessId,
            name: input.name,
            phone: phoneOrThrow(input.phone, ctx.business.country),
            vehicle: input.vehicle,
            capacity: input.capacity,
            userId: input.userId ?? null,
          })
          .returning();
        if (!created) throw new Error('courier insert returned nothing');
        await writeAudit(tx, ctx.actor, {
          businessId: ctx.businessId,
          action: 'courier.create',
          entityType: 'courier',
          entityId: created.id,
          changes: { name: created.name, vehicle: created.vehicle, capacity: created.capacity },
        });
        return presentCourier(created);
      }),
    ),

  update: dispatcherProcedure
    .input(
      idInput.extend({
        name: nameInput.optional(),
        phone: textInput(40).optional(),
        vehicle: vehicle.optional(),
        capacity: z.number().int().min(1).max(20).optional(),
      }),
    )
    .mutation(({ ctx, input }) =>
      ctx.db.transaction(async (tx) => {
        const { id, phone, ...rest } = input;
        const changes = {
          ...rest,
          ...(phone ? { phone: phoneOrThrow(phone, ctx.business.country) } : {}),
        };
        const [updated] = await tx
          .update(couriers)
          .set(changes)
          .where(and(eq(couriers.businessId, ctx.businessId), eq(couriers.id, id)))
          .returning();
        if (!updated) throw new AppError('NOT_FOUND', 'Courier not found');
        await writeAudit(tx, ctx.actor, {
          businessId: ctx.businessId,
          action: 'courier.update',
          entityType: 'courier',
          entityId: id,
          changes,
        });
        return presentCourier(updated);
      }),
    ),

  /** The board: status, load, last position and when it was seen, cash held. */
  list: dispatcherProcedure
    .input(pageInput.extend({ status: z.enum(schema.courierStatusEnum.enumValues).optional() }))
    .query(async ({ ctx, input }) => {
      const filters: (SQL | undefined)[] = [
        eq(couriers.businessId, ctx.businessId),
        eq(couriers.active, true),
      ];
      if (input.status) filters.push(eq(couriers.status, input.status));
      if (input.cursor)
        filters.push(afterCursor(couriers.name, couriers.id, 'asc', input.cursor, 'string'));
      const rows = await ctx.db
        .select()
        .from(couriers)
        .where(and(...filters))
        .orderBy(asc(couriers.name), asc(couriers.id))
        .limit(input.limit + 1);
      const result = page(rows, input.limit, (row) => row.name);
      const load = await loads(
        ctx.db,
        ctx.businessId,
        result.items.map((row) => row.id),
      );
      return {
        ...result,
        items: result.items.map((row) => ({ ...presentCourier(row), load: load.get(row.id) ?? 0 })),
      };
    }),

  deactivate: dispatcherProcedure.input(idInput).mutation(({ ctx, input }) =>
    ctx.db.transaction(async (tx) => {
      const [updated] = await tx
        .update(couriers)
        .set({ active: false, status: 'offline' })
        .where(and(eq(couriers.businessId, ctx.businessId), eq(couriers.id, input.id)))
        .returning();
      if (!updated) throw new AppError('NOT_FOUND', 'Courier not found');
      await writeAudit(tx, ctx.actor, {
        businessId: ctx.businessId,
        action: 'courier.deactivate',
        entityType: 'courier',
        entityId: input.id,
      });
      return presentCourier(updated);
    }),
  ),

  /** Reconciliation: cash collected, handed over and held, per courier. */
  cash: dispatcherProcedure
    .input(z.object({ courierId: z.uuid().optional() }))
    .query(async ({ ctx, input }) => {
      if (input.courierId) await courierOrThrow(ctx.db, ctx.businessId, input.courierId);
      const currency = ctx.business.currency as Currency;
      const rows = await cashOf(ctx.db, ctx.businessId, input.courierId);
      return rows.map((row) => ({
        ...row,
        collected: money(row.collected, currency, ctx.business.locale),
        handedOver: money(row.handedOver, currency, ctx.business.locale),
        held: money(row.collected - row.handedOver, currency, ctx.business.locale),
      }));
    }),

  /** Cash the courier handed to the shop; never more than they hold. */
  recordHandover: dispatcherProcedure
    .input(z.object({ courierId: z.uuid(), amount: amountInput }))
    .mutation(({ ctx, input }) =>
      ctx.db.transaction(async (tx) => {
        const amount = toMinor(input.amount, ctx.business.currency as Currency);
        if (amount <= 0) throw new AppError('BAD_REQUEST', 'The amount must be positive');
        const courier = await courierOrThrow(tx, ctx.businessId, input.courierId);
        await tx
          .select({ id: couriers.id })
          .from(couriers)
          .where(and(eq(couriers.businessId, ctx.businessId), eq(couriers.id, courier.id)))
          .for('update');
        const [cash] = await cashOf(tx, ctx.businessId, courier.id);
        const held = (cash?.collected ?? 0) - (cash?.handedOver ?? 0);
        if (amount > held) {
          throw new AppError('BAD_REQUEST', 'More than the courier holds', { held });
        }
        await tx
          .update(couriers)
          .set({ cashHandedOver: sql`${couriers.cashHandedOver} + ${amount}` })
          .where(and(eq(couriers.businessId, ctx.businessId), eq(couriers.id, courier.id)));
        await writeAudit(tx, ctx.actor, {
          businessId: ctx.businessId,
          action: 'courier.cash_handover',
          entityType: 'courier',
          entityId: courier.id,
          changes: { amount },
        });
        return { held: held - amount };
      }),
    ),
} satisfies TRPCRouterRecord;

export const deliveriesRouter = {
  list: dispatcherProcedure
    .input(
      pageInput.extend({
        /** One status or several (the board's "under way": pending to picked up). */
        status: z
          .union([
            z.enum(schema.deliveryStatusEnum.enumValues),
            z.array(z.enum(schema.deliveryStatusEnum.enumValues)).min(1).max(10),
          ])
          .optional(),
        needsDispatcher: z.boolean().optional(),
      }),
    )
    .query(async ({ ctx, input }) => {
      const filters: (SQL | undefined)[] = [eq(deliveries.businessId, ctx.businessId)];
      if (input.status) {
        filters.push(inArray(deliveries.status, [input.status].flat()));
      }
      if (input.needsDispatcher !== undefined)
        filters.push(eq(deliveries.needsDispatcher, input.needsDispatcher));
      if (input.cursor) {
        filters.push(
          afterCursor(deliveries.createdAt, deliveries.id, 'desc', input.cursor, 'date'),
        );
      }
      // With what the board shows beside each delivery: the order, the cash due, the courier.
      const rows = await ctx.db
        .select({
          delivery: deliveries,
          order: { number: orders.number, cashDue: orders.cashDue, currency: orders.currency },
          courierName: couriers.name,
        })
        .from(deliveries)
        .innerJoin(
          orders,
          and(eq(orders.id, deliveries.orderId), eq(orders.businessId, deliveries.businessId)),
        )
        .leftJoin(couriers, eq(couriers.id, deliveries.courierId))
        .where(and(...filters))
        .orderBy(desc(deliveries.createdAt), desc(deliveries.id))
        .limit(input.limit + 1);
      const result = page(
        rows.map((row) => ({ ...row, id: row.delivery.id })),
        input.limit,
        (row) => row.delivery.createdAt,
      );
      return {
        nextCursor: result.nextCursor,
        items: result.items.map(({ delivery, order, courierName }) => ({
          ...presentDelivery(delivery),
          courierName,
          orderReference: orderNumber(order.number),
          cashDue: money(order.cashDue, order.currency as Currency, ctx.business.locale),
        })),
      };
    }),

  byId: dispatcherProcedure.input(idInput).query(async ({ ctx, input }) => {
    const [row] = await ctx.db
      .select({ delivery: deliveries, currency: orders.currency })
      .from(deliveries)
      .innerJoin(
        orders,
        and(eq(orders.id, deliveries.orderId), eq(orders.businessId, deliveries.businessId)),
      )
      .where(and(eq(deliveries.businessId, ctx.businessId), eq(deliveries.id, input.id)));
    if (!row) throw new AppError('NOT_FOUND', 'Delivery not found');
    const { delivery } = row;
    const events = await ctx.db
      .select()
      .from(deliveryEvents)
      .where(
        and(
          eq(deliveryEvents.businessId, ctx.businessId),
          eq(deliveryEvents.deliveryId, delivery.id),
        ),
      )
      .orderBy(asc(deliveryEvents.at));
    // The code the customer gives the courier: the shop tells it when asked (it is stored
    // nowhere). Meant for the dispatcher, who answers the customer's and the courier's calls;
    // never in a courier's answer.
    const open = !['delivered', 'failed', 'cancelled'].includes(delivery.status);
    return {
      ...presentDelivery(delivery),
      cashCollected: money(delivery.cashCollected, row.currency as Currency, ctx.business.locale),
      otp: open ? deliveryOtp(delivery.id) : null,
      /** A signed link valid FILE_URL_TTL_SECONDS: fetch it again rather than keep it. */
      proofPhotoUrl: await proofPhotoLink(ctx, delivery),
      events: events.map(presentDeliveryEvent),
    };
  }),

  /** After too many wrong codes: the courier may try again (the reason is audited). */
  unlockCode: dispatcherProcedure
    .input(idInput.extend({ reason: reasonInput }))
    .mutation(async ({ ctx, input }) =>
      presentDelivery(
        await releaseCodeLock(ctx.db, ctx.live, ctx.actor, {
          businessId: ctx.businessId,
          deliveryId: input.id,
          reason: input.reason,
          waive: false,
        }),
      ),
    ),

  /**
   * The courier may deliver without the code: the dispatcher reached the customer another way
   * (a call, the customer at the shop). The reason is audited.
   */
  waiveCode: dispatcherProcedure
    .input(idInput.extend({ reason: reasonInput }))
    .mutation(async ({ ctx, input }) =>
      presentDelivery(
        await releaseCodeLock(ctx.db, ctx.live, ctx.actor, {
          businessId: ctx.businessId,
          deliveryId: input.id,
          reason: input.reason,
          waive: true,
        }),
      ),
    ),

  /** Give it to a courier by hand (any time before pick-up), within their capacity. */
  assign: dispatcherProcedure
    .input(z.object({ deliveryId: z.uuid(), courierId: z.uuid() }))
    .mutation(async ({ ctx, input }) => {
      return presentDelivery(
        await assignManually(ctx.db, ctx.actor, { businessId: ctx.businessId, ...input }),
      );
    }),
} satisfies TRPCRouterRecord;

/** The signed-in courier's record in this business. */
async function me(ctx: {
  db: Db;
  businessId: string;
  actor: Actor;
}): Promise<CourierRef & { row: typeof couriers.$inferSelect }> {
  const [row] = await ctx.db
    .select()
    .from(couriers)
    .where(
      and(
        eq(couriers.businessId, ctx.businessId),
        eq(couriers.userId, ctx.actor.userId ?? ''),
        eq(couriers.active, true),
      ),
    );
  if (!row) throw new AppError('NOT_FOUND', 'No courier profile for you in this business');
  return { id: row.id, businessId: row.businessId, row };
}

const actionInput = z.object({ deliveryId: z.uuid(), clientActionId });

/** A courier action's answer: the delivery as the courier sees it, and whether it was a replay. */
const courierAnswer = (result: { delivery: DeliveryRow; replay: boolean }) => ({
  delivery: presentCourierDelivery(result.delivery),
  replay: result.replay,
});

/**
 * The cash to collect as the API gives every amount ({ minor, amount, formatted }): the app sends
 * `cashCollected` back in major units, so a bare minor count would read 100× too much in EUR.
 */
function withCashDue<T extends { cashDue: number; currency: string }>(row: T, locale: 'fr' | 'en') {
  const { cashDue, currency, ...rest } = row;
  return { ...rest, cashDue: money(cashDue, currency as Currency, locale) };
}

export const courierRouter = {
  me: courierProcedure.query(async ({ ctx }) => {
    const courier = await me(ctx);
    const load = await loads(ctx.db, ctx.businessId, [courier.id]);
    return { ...presentCourier(courier.row), load: load.get(courier.id) ?? 0 };
  }),

  setAvailability: courierProcedure
    .input(z.object({ status: z.enum(['available', 'offline']) }))
    .mutation(async ({ ctx, input }) => {
      const courier = await me(ctx);
      return ctx.db.transaction(async (tx) => {
        const [updated] = await tx
          .update(couriers)
          .set({ status: input.status })
          .where(and(eq(couriers.businessId, ctx.businessId), eq(couriers.id, courier.id)))
          .returning();
        await writeAudit(tx, ctx.actor, {
          businessId: ctx.businessId,
          action: 'courier.availability',
          entityType: 'courier',
          entityId: courier.id,
          changes: { status: input.status },
        });
        if (!updated)
          throw new AppError('NOT_FOUND', 'No courier profile for you in this business');
        // Deliveries nobody could take may now be theirs.
        if (input.status === 'available') {
          await nudgeWaitingDeliveries(tx, ctx.jobs, ctx.businessId);
        }
        return presentCourier(updated);
      });
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
      return ctx.db.transaction(async (tx) => {
        const [updated] = await tx
          .update(couriers)
          .set({ lastLat: input.lat, lastLng: input.lng, lastSeenAt: at })
          .where(
            and(
              eq(couriers.businessId, ctx.businessId),
              eq(couriers.id, courier.id),
              or(isNull(couriers.lastSeenAt), sql`${couriers.lastSeenAt} <= ${at}`),
            ),
          )
          .returning({ id: couriers.id });
        const carrying = await tx
          .select({ id: deliveries.id })
          .from(deliveries)
          .where(
            and(
              eq(deliveries.businessId, ctx.businessId),
              eq(deliveries.courierId, courier.id),
              inArray(deliveries.status, ['accepted', 'picked_up']),
            ),
          );
        if (carrying.length) {
          await tx.insert(deliveryEvents).values(
            carrying.map((d) => ({
              businessId: ctx.businessId,
              deliveryId: d.id,
              courierId: courier.id,
              type: 'location' as const,
              lat: input.lat,
              lng: input.lng,
              data: input.accuracy === undefined ? null : { accuracy: input.accuracy },
              at,
            })),
          );
        }
        // Back in view (no fresh position before): deliveries nobody could take may be theirs.
        const wasStale =
          !courier.row.lastSeenAt ||
          courier.row.lastSeenAt.getTime() < Date.now() - FRESH_MINUTES * 60_000;
        if (updated && courier.row.status === 'available' && wasStale) {
          await nudgeWaitingDeliveries(tx, ctx.jobs, ctx.businessId);
        }
        return { stored: !!updated, deliveries: carrying.length };
      });
    }),

  /** Offers waiting for this courier's answer, with what they need to decide. */
  myOffers: courierProcedure.query(async ({ ctx }) => {
    const courier = await me(ctx);
    const rows = await ctx.db
      .select({
        id: deliveries.id,
        pickupAddress: deliveries.pickupAddress,
        dropoffAddress: deliveries.dropoffAddress,
        distanceM: deliveries.distanceM,
        offerExpiresAt: deliveries.offerExpiresAt,
        cashDue: orders.cashDue,
        currency: orders.currency,
      })
      .from(deliveries)
      .innerJoin(
        orders,
        and(eq(orders.id, deliveries.orderId), eq(orders.businessId, deliveries.businessId)),
      )
      .where(
        and(
          eq(deliveries.businessId, ctx.businessId),
          eq(deliveries.courierId, courier.id),
          eq(deliveries.status, 'offered'),
          gt(deliveries.offerExpiresAt, new Date()),
        ),
      )
      .orderBy(asc(deliveries.offerExpiresAt));
    return rows.map((row) => withCashDue(row, ctx.business.locale));
  }),

  myDeliveries: courierProcedure.query(async ({ ctx }) => {
    const courier = await me(ctx);
    const rows = await ctx.db
      .select({
        id: deliveries.id,
        status: deliveries.status,
        pickupAddress: deliveries.pickupAddress,
        pickupLat: deliveries.pickupLat,
        pickupLng: deliveries.pickupLng,
        dropoffAddress: deliveries.dropoffAddress,
        dropoffLat: deliveries.dropoffLat,
        dropoffLng: deliveries.dropoffLng,
        cashDue: orders.cashDue,
        currency: orders.currency,
        orderNumber: orders.number,
      })
      .from(deliveries)
      .innerJoin(
        orders,
        and(eq(orders.id, deliveries.orderId), eq(orders.businessId, deliveries.businessId)),
      )
      .where(
        and(
          eq(deliveries.businessId, ctx.businessId),
          eq(deliveries.courierId, courier.id),
          inArray(deliveries.status, ['accepted', 'picked_up']),
        ),
      )
      .orderBy(asc(deliveries.acceptedAt));
    return rows.map((row) => withCashDue(row, ctx.business.locale));
  }),

  accept: courierProcedure.input(actionInput).mutation(async ({ ctx, input }) => {
    const courier = await me(ctx);
    return courierAnswer(await acceptOffer(ctx.db, courier, ctx.actor, input));
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
      }),
    )
    .mutation(async ({ ctx, input }) => {
      const courier = await me(ctx);
      const cashCollected = toMinor(
        input.cashCollected,
        ctx.business.currency as Currency,
        'cashCollected',
      );
      return courierAnswer(
        await deliver(ctx.db, ctx.jobs, ctx.live, courier, ctx.actor, { ...input, cashCollected }),
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
