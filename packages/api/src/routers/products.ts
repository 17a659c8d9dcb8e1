// The catalog: products, prices in the business currency, stock adjustments with a reason.
import { schema } from '@flux/db';
import type { TRPCRouterRecord } from '@trpc/server';
import { and, eq } from 'drizzle-orm';
import { z } from 'zod';
import { writeAudit } from '../lib/audit';
import { AppError, pgErrorCode } from '../lib/errors';
import { pageInput, textInput } from '../lib/inputs';
import { amountInput, type Currency, toMinor } from '../lib/money';
import { presentProduct } from '../presenters/product';
import {
  adjustStock,
  getProduct,
  listProducts,
  productSorts,
  stockReasons,
} from '../services/catalog';
import { adminProcedure, roleProcedure } from '../trpc';

const { products } = schema;

/** Everyone who serves customers reads the catalog; couriers do not need it. */
const staffProcedure = roleProcedure('owner', 'admin', 'agent', 'dispatcher');
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
  imageUrl: z
    .url({ protocol: /^https?$/ })
    .max(2_000)
    .nullable()
    .optional(),
};

function uniqueSku<T>(promise: Promise<T>, sku: string): Promise<T> {
  return promise.catch((error: unknown) => {
    if (pgErrorCode(error) === '23505') {
      throw new AppError('CONFLICT', `Another product already uses the SKU ${sku}`);
    }
    throw error;
  });
}

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
      const result = await listProducts(ctx.db, ctx.businessId, input);
      return {
        ...result,
        items: result.items.map((row) => presentProduct(row, ctx.business.locale)),
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
    .mutation(({ ctx, input }) => {
      const currency = ctx.business.currency as Currency;
      const price = toMinor(input.price, currency, 'price');
      return ctx.db.transaction(async (tx) => {
        const [row] = await uniqueSku(
          tx
            .insert(products)
            .values({
              businessId: ctx.businessId,
              sku: input.sku,
              name: input.name,
              description: input.description ?? null,
              imageUrl: input.imageUrl ?? null,
              price,
              currency,
              stock: input.stock,
              active: input.active,
            })
            .returning(),
          input.sku,
        );
        if (!row) throw new Error('product insert returned nothing');
        await writeAudit(tx, ctx.actor, {
          businessId: ctx.businessId,
          action: 'product.create',
          entityType: 'product',
          entityId: row.id,
          changes: { sku: row.sku, name: row.name, price: row.price, stock: row.stock },
        });
        return presentProduct(row, ctx.business.locale);
      });
    }),

  /** Stock is not set here: it moves through adjustStock, with a reason. */
  update: adminProcedure
    .input(
      z.object({
        id: z.uuid(),
        sku: skuInput.optional(),
        name: productFields.name.optional(),
        description: productFields.description,
        imageUrl: productFields.imageUrl,
        price: amountInput.optional(),
      }),
    )
    .mutation(({ ctx, input }) => {
      const { id, price, ...fields } = input;
      const currency = ctx.business.currency as Currency;
      const changes = {
        ...fields,
        ...(price !== undefined ? { price: toMinor(price, currency, 'price') } : {}),
      };
      return ctx.db.transaction(async (tx) => {
        const before = await getProduct(tx, ctx.businessId, id);
        const [row] = await uniqueSku(
          tx
            .update(products)
            .set(changes)
            .where(and(eq(products.businessId, ctx.businessId), eq(products.id, id)))
            .returning(),
          input.sku ?? before.sku,
        );
        if (!row) throw new AppError('NOT_FOUND', 'Product not found');
        await writeAudit(tx, ctx.actor, {
          businessId: ctx.businessId,
          action: 'product.update',
          entityType: 'product',
          entityId: id,
          changes: {
            ...changes,
            ...(changes.price !== undefined ? { previousPrice: before.price } : {}),
          },
        });
        return presentProduct(row, ctx.business.locale);
      });
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
    .mutation(({ ctx, input }) =>
      ctx.db.transaction(async (tx) =>
        presentProduct(
          await adjustStock(tx, ctx.actor, {
            businessId: ctx.businessId,
            productId: input.id,
            delta: input.delta,
            reason: input.reason,
            note: input.note,
          }),
          ctx.business.locale,
        ),
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
  return ctx.db.transaction(async (tx) => {
    const [row] = await tx
      .update(products)
      .set({ active })
      .where(and(eq(products.businessId, ctx.businessId), eq(products.id, id)))
      .returning();
    if (!row) throw new AppError('NOT_FOUND', 'Product not found');
    await writeAudit(tx, ctx.actor, {
      businessId: ctx.businessId,
      action: active ? 'product.unarchive' : 'product.archive',
      entityType: 'product',
      entityId: id,
    });
    return presentProduct(row, ctx.business.locale);
  });
}
