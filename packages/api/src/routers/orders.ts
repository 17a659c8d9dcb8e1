// Orders: create from the dashboard or a conversation, move through the lifecycle, list and read.
import { schema } from '@flux/db';
import type { TRPCRouterRecord } from '@trpc/server';
import { z } from 'zod';
import { dateInput, pageInput, textInput } from '../lib/inputs';
import { jsonArray } from '../lib/json-text';
import { presentSentMessage } from '../presenters/message';
import {
  ORDER_SUMMARY_DATES,
  presentBulkResult,
  presentHistoryEntry,
  presentItem,
  presentOrder,
  presentOrderSummary,
  presentOrderSummaryJson,
} from '../presenters/order';
import { presentProspect } from '../presenters/prospect';
import {
  createOrder,
  type OrderStatus,
  setPaymentStatus,
  transitionOrder,
  updateOrderLines,
} from '../services/orders';
import { bulkTransition } from '../services/orders-bulk';
import { listOrderPage, orderDetail, orderQueryFilters } from '../services/orders-read';
import { receiptLink, sendReceipt } from '../services/orders-receipt';
import { adminProcedure, staffProcedure } from '../trpc';

const statusInput = z.enum(schema.orderStatusEnum.enumValues);

/** The team that sells and ships; couriers work through their own app. */

const idInput = z.object({ id: z.uuid() });

const linesInput = z
  .array(z.object({ productId: z.uuid(), quantity: z.number().int().min(1).max(10_000) }))
  .min(1, 'An order needs at least one line')
  .max(100);

/** The list's filters, shared by orders.list and the CSV export (orders.exportScope). */
const filtersShape = {
  status: z.array(statusInput).max(10).optional(),
  prospectId: z.uuid().optional(),
  /** Created at or after. */
  from: dateInput.optional(),
  /** Created before. */
  to: dateInput.optional(),
  /** An order number ("CMD-000123", "123"), a customer's name or phone (its digits). */
  q: textInput(100).optional(),
};
const periodInOrder = (input: { from?: Date | undefined; to?: Date | undefined }) =>
  !input.from || !input.to || input.from < input.to;
const periodIssue = { message: 'The end of the period must come after its start', path: ['to'] };
const filtersInput = z.object(filtersShape).refine(periodInOrder, periodIssue);

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
          lines: linesInput,
          deliveryAddress: textInput(500).optional(),
          deliveryLat: z.number().min(-90).max(90).optional(),
          deliveryLng: z.number().min(-180).max(180).optional(),
          paymentMethod: z.enum(schema.paymentMethodEnum.enumValues).default('cash_on_delivery'),
          /** In minor units; the business's delivery fee when not given (a phone order's own). */
          deliveryFee: z.number().int().min(0).max(100_000_000).optional(),
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
    .input(pageInput.extend(filtersShape).refine(periodInOrder, periodIssue))
    .query(async ({ ctx, input }) => {
      const result = await listOrderPage(ctx.db, ctx.businessId, input);
      return {
        nextCursor: result.nextCursor,
        items: jsonArray(ctx.jsonTexts, result.items, {
          write: presentOrderSummaryJson,
          read: presentOrderSummary,
          dates: ORDER_SUMMARY_DATES,
        }),
      };
    }),

  /**
   * The CSV export's permission and filters (apps/server's GET /exports/orders.csv calls it
   * before it streams): who may list may export, with the same filters.
   */
  exportScope: staffProcedure.input(filtersInput).query(({ ctx, input }) => ({
    businessId: ctx.businessId,
    locale: ctx.business.locale,
    timeZone: ctx.business.timezone,
    slug: ctx.business.slug,
    filters: orderQueryFilters(input),
  })),

  /**
   * Replaces the lines of a draft or pending order (add, remove, change a quantity): totals
   * computed again on the server; refused once the order is confirmed.
   */
  updateLines: staffProcedure
    .input(idInput.extend({ lines: linesInput }))
    .mutation(async ({ ctx, input }) => {
      const { order, items } = await updateOrderLines(ctx.db, ctx.actor, {
        businessId: ctx.businessId,
        orderId: input.id,
        lines: input.lines,
      });
      return {
        ...presentOrder(order, ctx.business.locale),
        items: items.map((item) => presentItem(item, order.currency, ctx.business.locale)),
      };
    }),

  /** Confirm, or mark ready, several orders: each in its own transaction, told order by order. */
  bulkTransition: staffProcedure
    .input(
      z.object({
        ids: z.array(z.uuid()).min(1).max(100),
        to: z.enum(['confirmed', 'ready']),
      }),
    )
    .mutation(async ({ ctx, input }) => {
      const results = await bulkTransition(ctx.db, ctx.jobs, ctx.actor, {
        businessId: ctx.businessId,
        orderIds: input.ids,
        to: input.to,
      });
      return { results: results.map(presentBulkResult) };
    }),

  /** A signed link to the order's receipt, for the customer (no sign-in; expires). */
  receiptLink: staffProcedure
    .input(idInput)
    .mutation(({ ctx, input }) =>
      receiptLink(ctx.db, ctx.config, ctx.actor, { businessId: ctx.businessId, orderId: input.id }),
    ),

  /**
   * The receipt's link sent to the customer on WhatsApp by the shop's number. One
   * `clientMessageId` per click: sent again (a double click, a retry), it sends nothing more.
   */
  sendReceipt: staffProcedure
    .input(idInput.extend({ clientMessageId: z.string().trim().min(8).max(100) }))
    .mutation(async ({ ctx, input }) => {
      const { message, conversation } = await sendReceipt(ctx.db, ctx.jobs, ctx.config, ctx.actor, {
        businessId: ctx.businessId,
        orderId: input.id,
        clientMessageId: input.clientMessageId,
      });
      await ctx.live.publish(ctx.businessId, {
        type: 'message.created',
        conversationId: conversation.id,
        messageId: message.id,
      });
      return presentSentMessage(message);
    }),

  byId: staffProcedure.input(idInput).query(async ({ ctx, input }) => {
    const row = await orderDetail(ctx.db, ctx.businessId, input.id);
    return {
      ...presentOrder(row.order, ctx.business.locale),
      prospect: presentProspect(row.prospect),
      items: row.items.map((item) => presentItem(item, row.order.currency, ctx.business.locale)),
      history: row.history.map(presentHistoryEntry),
    };
  }),
} satisfies TRPCRouterRecord;
