// Orders: create from the dashboard or a conversation, move through the lifecycle, list and read.
import { schema } from '@flux/db';
import type { TRPCRouterRecord } from '@trpc/server';
import { and, asc, desc, eq, gte, inArray, lt, type SQL } from 'drizzle-orm';
import { z } from 'zod';
import { AppError } from '../lib/errors';
import { dateInput, pageInput, textInput } from '../lib/inputs';
import type { Currency } from '../lib/money';
import { afterCursor, page } from '../lib/pagination';
import { presentItem, presentOrder, presentOrderSummary } from '../presenters/order';
import { presentProspect } from '../presenters/prospect';
import {
  createOrder,
  itemsOf,
  type OrderStatus,
  parseOrderNumber,
  setPaymentStatus,
  transitionOrder,
} from '../services/orders';
import { adminProcedure, roleProcedure } from '../trpc';

const { orders, prospects, auditLogs } = schema;
const statusInput = z.enum(schema.orderStatusEnum.enumValues);

/** The team that sells and ships; couriers work through their own app. */
const staffProcedure = roleProcedure('owner', 'admin', 'agent', 'dispatcher');

const idInput = z.object({ id: z.uuid() });
const reasonInput = textInput(500).pipe(z.string().min(1, 'Required'));

function verb(to: OrderStatus) {
  return staffProcedure
    .input(idInput.extend({ reason: reasonInput.optional() }))
    .mutation(async ({ ctx, input }) =>
      presentOrder(
        await transitionOrder(ctx.db, ctx.jobs, ctx.actor, {
          businessId: ctx.businessId,
          orderId: input.id,
          to,
          reason: input.reason,
        }),
        ctx.business.locale,
      ),
    );
}

export const ordersRouter = {
  create: staffProcedure
    .input(
      z
        .object({
          prospectId: z.uuid(),
          conversationId: z.uuid().optional(),
          lines: z
            .array(z.object({ productId: z.uuid(), quantity: z.number().int().min(1).max(10_000) }))
            .min(1, 'An order needs at least one line')
            .max(100),
          deliveryAddress: textInput(500).optional(),
          deliveryLat: z.number().min(-90).max(90).optional(),
          deliveryLng: z.number().min(-180).max(180).optional(),
          paymentMethod: z.enum(schema.paymentMethodEnum.enumValues).default('cash_on_delivery'),
          note: textInput(2_000).optional(),
          /** `draft` for an order still being put together (the AI's), `pending` otherwise. */
          status: z.enum(['draft', 'pending']).default('pending'),
        })
        .refine(
          (input) => (input.deliveryLat === undefined) === (input.deliveryLng === undefined),
          {
            message: 'Give both latitude and longitude, or neither',
            path: ['deliveryLat'],
          },
        ),
    )
    .mutation(async ({ ctx, input }) => {
      const { order, items } = await createOrder(
        ctx.db,
        ctx.jobs,
        ctx.actor,
        ctx.businessId,
        input,
      );
      const currency = order.currency as Currency;
      return {
        ...presentOrder(order, ctx.business.locale),
        items: items.map((item) => presentItem(item, currency, ctx.business.locale)),
      };
    }),

  /** Any allowed move; the named verbs below are the same with their target fixed. */
  transition: staffProcedure
    .input(idInput.extend({ to: statusInput, reason: reasonInput.optional() }))
    .mutation(async ({ ctx, input }) =>
      presentOrder(
        await transitionOrder(ctx.db, ctx.jobs, ctx.actor, {
          businessId: ctx.businessId,
          orderId: input.id,
          to: input.to,
          reason: input.reason,
        }),
        ctx.business.locale,
      ),
    ),

  submit: verb('pending'),
  confirm: verb('confirmed'),
  startPreparing: verb('preparing'),
  markReady: verb('ready'),
  markOutForDelivery: verb('out_for_delivery'),
  markDelivered: verb('delivered'),
  markFailed: verb('failed'),
  markReturned: verb('returned'),
  cancel: verb('cancelled'),

  setPaymentStatus: adminProcedure
    .input(idInput.extend({ status: z.enum(schema.paymentStatusEnum.enumValues) }))
    .mutation(async ({ ctx, input }) =>
      presentOrder(
        await setPaymentStatus(ctx.db, ctx.actor, {
          businessId: ctx.businessId,
          orderId: input.id,
          status: input.status,
        }),
        ctx.business.locale,
      ),
    ),

  list: staffProcedure
    .input(
      pageInput.extend({
        status: z.array(statusInput).max(10).optional(),
        prospectId: z.uuid().optional(),
        from: dateInput.optional(),
        to: dateInput.optional(),
        /** An order number: "CMD-000123", "123". */
        q: textInput(20).optional(),
      }),
    )
    .query(async ({ ctx, input }) => {
      const filters: (SQL | undefined)[] = [eq(orders.businessId, ctx.businessId)];
      if (input.status?.length) filters.push(inArray(orders.status, input.status));
      if (input.prospectId) filters.push(eq(orders.prospectId, input.prospectId));
      if (input.from) filters.push(gte(orders.createdAt, input.from));
      if (input.to) filters.push(lt(orders.createdAt, input.to));
      if (input.q) {
        const number = parseOrderNumber(input.q);
        if (number === null) return { items: [], nextCursor: null };
        filters.push(eq(orders.number, number));
      }
      if (input.cursor)
        filters.push(afterCursor(orders.createdAt, orders.id, 'desc', input.cursor, 'date'));
      const rows = await ctx.db
        .select({
          order: orders,
          prospect: { id: prospects.id, name: prospects.name, phone: prospects.phone },
        })
        .from(orders)
        .innerJoin(prospects, eq(prospects.id, orders.prospectId))
        .where(and(...filters))
        .orderBy(desc(orders.createdAt), desc(orders.id))
        .limit(input.limit + 1);
      const result = page(
        rows.map((row) => ({ ...row, id: row.order.id })),
        input.limit,
        (row) => row.order.createdAt,
      );
      const items = await itemsOf(
        ctx.db,
        result.items.map((row) => row.order.id),
      );
      return {
        nextCursor: result.nextCursor,
        items: result.items.map((row) =>
          presentOrderSummary(
            row.order,
            row.prospect,
            items.get(row.order.id) ?? [],
            ctx.business.locale,
          ),
        ),
      };
    }),

  byId: staffProcedure.input(idInput).query(async ({ ctx, input }) => {
    const [row] = await ctx.db
      .select({ order: orders, prospect: prospects })
      .from(orders)
      .innerJoin(prospects, eq(prospects.id, orders.prospectId))
      .where(and(eq(orders.businessId, ctx.businessId), eq(orders.id, input.id)));
    if (!row) throw new AppError('NOT_FOUND', 'Order not found');
    const [items, history] = await Promise.all([
      itemsOf(ctx.db, [row.order.id]),
      ctx.db
        .select({
          action: auditLogs.action,
          changes: auditLogs.changes,
          actor: auditLogs.actorLabel,
          at: auditLogs.createdAt,
        })
        .from(auditLogs)
        .where(
          and(
            eq(auditLogs.businessId, ctx.businessId),
            eq(auditLogs.entityType, 'order'),
            eq(auditLogs.entityId, row.order.id),
          ),
        )
        .orderBy(asc(auditLogs.createdAt), asc(auditLogs.id)),
    ]);
    return {
      ...presentOrder(row.order, ctx.business.locale),
      prospect: presentProspect(row.prospect),
      items: (items.get(row.order.id) ?? []).map((item) =>
        presentItem(item, row.order.currency as Currency, ctx.business.locale),
      ),
      history,
    };
  }),
} satisfies TRPCRouterRecord;
