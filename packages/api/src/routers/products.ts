// The catalog: products, prices in the business currency, stock adjustments with a reason.
import { stockReasons } from '@flux/contracts';
import type { TRPCRouterRecord } from '@trpc/server';
import { z } from 'zod';
import { pageInput, textInput } from '../lib/inputs';
import { jsonArray } from '../lib/json-text';
import { amountInput } from '../lib/money';
import {
  PRODUCT_DATES,
  presentProduct,
  presentProductFromText,
  presentProductJson,
} from '../presenters/product';
import {
  adjustStock,
  createProduct,
  getProduct,
  listProductPage,
  productSorts,
  setProductActive,
  updateProduct,
} from '../services/catalog';
import { adminProcedure, roleProcedure, staffProcedure } from '../trpc';

/** Everyone who serves customers reads the catalog; couriers do not need it. */
const stockProcedure = roleProcedure('owner', 'admin', 'agent');

const skuInput = z
  .string()
  .trim()
  .min(1, 'Required')
  .max(64)
  .regex(/^[A-Za-z0-9][A-Za-z0-9._-]*$/, 'Letters, digits, dot, dash and underscore only')
  .transform((value) => value.toUpperCase());

const productFields = {
  name: textInput(200).pipe(z.string().min(1, 'Required')),
  description: textInput(5_000).nullable().optional(),
  /** Customers' words for the product, matched by the AI. */
  synonyms: z
    .array(textInput(60).pipe(z.string().min(1)))
    .max(30)
    .optional(),
  imageUrl: z
    .url({ protocol: /^https?$/ })
    .max(2_000)
    .nullable()
    .optional(),
};

export const productsRouter = {
  list: staffProcedure
    .input(
      pageInput.extend({
        q: textInput(100).optional(),
        active: z.boolean().optional(),
        sort: z.enum(Object.keys(productSorts) as [keyof typeof productSorts]).default('newest'),
      }),
    )
    .query(async ({ ctx, input }) => {
      const result = await listProductPage(ctx.db, ctx.businessId, input);
      const locale = ctx.business.locale;
      return {
        nextCursor: result.nextCursor,
        items: jsonArray(ctx.jsonTexts, result.items, {
          write: (row) => presentProductJson(row, locale),
          read: (row) => presentProductFromText(row, locale),
          dates: PRODUCT_DATES,
        }),
      };
    }),

  byId: staffProcedure
    .input(z.object({ id: z.uuid() }))
    .query(async ({ ctx, input }) =>
      presentProduct(await getProduct(ctx.db, ctx.businessId, input.id), ctx.business.locale),
    ),

  create: adminProcedure
    .input(
      z.object({
        sku: skuInput,
        ...productFields,
        price: amountInput,
        stock: z.number().int().min(0).max(1_000_000).default(0),
        active: z.boolean().default(true),
      }),
    )
    .mutation(async ({ ctx, input }) =>
      presentProduct(
        await createProduct(ctx.db, ctx.actor, {
          ...input,
          businessId: ctx.businessId,
          currency: ctx.business.currency,
        }),
        ctx.business.locale,
      ),
    ),

  /** Stock is not set here: it moves through adjustStock, with a reason. */
  update: adminProcedure
    .input(
      z.object({
        id: z.uuid(),
        sku: skuInput.optional(),
        name: productFields.name.optional(),
        description: productFields.description,
        synonyms: productFields.synonyms,
        imageUrl: productFields.imageUrl,
        price: amountInput.optional(),
      }),
    )
    .mutation(async ({ ctx, input }) => {
      const { id, price, ...fields } = input;
      return presentProduct(
        await updateProduct(ctx.db, ctx.actor, {
          businessId: ctx.businessId,
          currency: ctx.business.currency,
          productId: id,
          fields,
          price,
        }),
        ctx.business.locale,
      );
    }),

  archive: adminProcedure
    .input(z.object({ id: z.uuid() }))
    .mutation(({ ctx, input }) => setActive(ctx, input.id, false)),

  unarchive: adminProcedure
    .input(z.object({ id: z.uuid() }))
    .mutation(({ ctx, input }) => setActive(ctx, input.id, true)),

  adjustStock: stockProcedure
    .input(
      z.object({
        id: z.uuid(),
        delta: z
          .number()
          .int()
          .min(-1_000_000)
          .max(1_000_000)
          .refine((value) => value !== 0, 'A change of 0 changes nothing'),
        reason: z.enum(stockReasons),
        note: textInput(500).optional(),
      }),
    )
    .mutation(async ({ ctx, input }) =>
      presentProduct(
        await adjustStock(ctx.db, ctx.actor, {
          businessId: ctx.businessId,
          productId: input.id,
          delta: input.delta,
          reason: input.reason,
          note: input.note,
        }),
        ctx.business.locale,
      ),
    ),
} satisfies TRPCRouterRecord;

async function setActive(
  ctx: {
    db: import('@flux/db').Database;
    businessId: string;
    business: { locale: 'fr' | 'en' };
    actor: import('../lib/audit').Actor;
  },
  id: string,
  active: boolean,
) {
  return presentProduct(
    await setProductActive(ctx.db, ctx.actor, {
      businessId: ctx.businessId,
      productId: id,
      active,
    }),
    ctx.business.locale,
  );
}
