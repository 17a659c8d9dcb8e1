// Couriers, for the dispatcher: the board (status, load, last position), their records, and the
// cash they collected and handed over.
import { schema } from '@flux/db';
import { courierLoads, listCouriers } from '@flux/db/queries/couriers';
import type { TRPCRouterRecord } from '@trpc/server';
import { z } from 'zod';
import { nameInput, pageInput, textInput } from '../lib/inputs';
import { amountInput, toMinor } from '../lib/money';
import { page, positionAfter } from '../lib/pagination';
import { presentCourier, presentCourierCash, presentCourierOnBoard } from '../presenters/courier';
import {
  cashByCourier,
  createCourier,
  deactivateCourier,
  editCourier,
  recordHandover,
} from '../services/dispatch';
import { phoneOrThrow } from '../services/prospects';
import { roleProcedure } from '../trpc';

const dispatcherProcedure = roleProcedure('owner', 'admin', 'dispatcher');
const idInput = z.object({ id: z.uuid() });
const vehicle = z.enum(schema.vehicleEnum.enumValues);

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
    .mutation(async ({ ctx, input }) =>
      presentCourier(
        await createCourier(ctx.db, ctx.actor, {
          ...input,
          businessId: ctx.businessId,
          phone: phoneOrThrow(input.phone, ctx.business.country),
        }),
      ),
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
    .mutation(async ({ ctx, input }) => {
      const { id, phone, ...rest } = input;
      const changes = {
        ...rest,
        ...(phone ? { phone: phoneOrThrow(phone, ctx.business.country) } : {}),
      };
      return presentCourier(
        await editCourier(ctx.db, ctx.actor, {
          businessId: ctx.businessId,
          courierId: id,
          changes,
        }),
      );
    }),

  /** The board: status, load, last position and when it was seen, cash held. */
  list: dispatcherProcedure
    .input(pageInput.extend({ status: z.enum(schema.courierStatusEnum.enumValues).optional() }))
    .query(async ({ ctx, input }) => {
      const rows = await listCouriers(ctx.db, {
        businessId: ctx.businessId,
        status: input.status,
        after: positionAfter(input.cursor, 'string'),
        limit: input.limit + 1,
      });
      const result = page(rows, input.limit, (row) => row.name);
      const load = await courierLoads(ctx.db, {
        businessId: ctx.businessId,
        courierIds: result.items.map((row) => row.id),
      });
      return {
        ...result,
        items: result.items.map((row) => presentCourierOnBoard(row, load.get(row.id) ?? 0)),
      };
    }),

  deactivate: dispatcherProcedure.input(idInput).mutation(async ({ ctx, input }) =>
    presentCourier(
      await deactivateCourier(ctx.db, ctx.actor, {
        businessId: ctx.businessId,
        courierId: input.id,
      }),
    ),
  ),

  /** Reconciliation: cash collected, handed over and held, per courier. */
  cash: dispatcherProcedure
    .input(z.object({ courierId: z.uuid().optional() }))
    .query(async ({ ctx, input }) => {
      const rows = await cashByCourier(ctx.db, {
        businessId: ctx.businessId,
        courierId: input.courierId,
      });
      const currency = ctx.business.currency;
      return rows.map((row) => presentCourierCash(row, currency, ctx.business.locale));
    }),

  /** Cash the courier handed to the shop; never more than they hold. */
  recordHandover: dispatcherProcedure
    .input(z.object({ courierId: z.uuid(), amount: amountInput }))
    .mutation(({ ctx, input }) =>
      recordHandover(ctx.db, ctx.actor, {
        businessId: ctx.businessId,
        courierId: input.courierId,
        amount: toMinor(input.amount, ctx.business.currency),
      }),
    ),
} satisfies TRPCRouterRecord;
