// Orders: create from the dashboard or a conversation, move through the lifecycle, list and read.
import { schema } from '@flux/db';
import {
  getOrderWithProspect,
  listOrders,
  orderHistory,
  orderLines,
} from '@flux/db/queries/orders';
import type { TRPCRouterRecord } from '@trpc/server';
import { z } from 'zod';
import { AppError } from '../lib/errors';
import { dateInput, pageInput, textInput } from '../lib/inputs';
import { decodeCursor, page } from '../lib/pagination';
import { presentItem, presentOrder, presentOrderSummary } from '../presenters/order';
import { presentProspect } from '../presenters/prospect';
import {
  createOrder,
  type OrderStatus,
  parseOrderNumber,
  setPaymentStatus,
  transitionOrder,
} from '../services/orders';
import { adminProcedure, roleProcedure } from '../trpc';

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
      const currency = order.currency;
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
      let number: number | undefined;
      if (input.q) {
        const parsed = parseOrderNumber(input.q);
        if (parsed === null) return { items: [], nextCursor: null };
        number = parsed;
      }
      const after = input.cursor ? decodeCursor(input.cursor, 'date') : undefined;
      const rows = await listOrders(ctx.db, {
        businessId: ctx.businessId,
        limit: input.limit,
        status: input.status,
        prospectId: input.prospectId,
        from: input.from,
        to: input.to,
        number,
        after:
          after && after.key instanceof Date ? { createdAt: after.key, id: after.id } : undefined,
      });
      const result = page(rows, input.limit, (row) => row.createdAt);
      return {
        nextCursor: result.nextCursor,
        items: result.items.map((row) => presentOrderSummary(row)),
      };
    }),

  byId: staffProcedure.input(idInput).query(async ({ ctx, input }) => {
    const scope = { businessId: ctx.businessId, orderId: input.id };
    const row = await getOrderWithProspect(ctx.db, scope);
    if (!row) throw new AppError('NOT_FOUND', 'Order not found');
    const [items, history] = await Promise.all([
      orderLines(ctx.db, scope),
      orderHistory(ctx.db, scope),
    ]);
    return {
      ...presentOrder(row.order, ctx.business.locale),
      prospect: presentProspect(row.prospect),
      items: items.map((item) => presentItem(item, row.order.currency, ctx.business.locale)),
      history,
    };
  }),
} satisfies TRPCRouterRecord;
