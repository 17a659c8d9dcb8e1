// The catalog: products with prices in the business currency and stock that never goes negative.
import type { Db } from '@flux/db';
import { schema } from '@flux/db';
import { and, asc, desc, eq, ilike, or, type SQL, sql } from 'drizzle-orm';
import { type Actor, writeAudit } from '../lib/audit';
import { AppError } from '../lib/errors';
import { afterCursor, type KeyKind, likeText, page } from '../lib/pagination';

const { products } = schema;
export type ProductRow = typeof products.$inferSelect;

export const productSorts = {
  newest: {
    column: products.createdAt,
    direction: 'desc',
    kind: 'date',
    key: (r: ProductRow) => r.createdAt,
  },
  name: { column: products.name, direction: 'asc', kind: 'string', key: (r: ProductRow) => r.name },
  price_asc: {
    column: products.price,
    direction: 'asc',
    kind: 'number',
    key: (r: ProductRow) => r.price,
  },
  price_desc: {
    column: products.price,
    direction: 'desc',
    kind: 'number',
    key: (r: ProductRow) => r.price,
  },
  stock_asc: {
    column: products.stock,
    direction: 'asc',
    kind: 'number',
    key: (r: ProductRow) => r.stock,
  },
} as const satisfies Record<string, { kind: KeyKind; [field: string]: unknown }>;
export type ProductSort = keyof typeof productSorts;

export async function listProducts(
  db: Db,
  businessId: string,
  params: { q?: string; active?: boolean; sort: ProductSort; cursor?: string; limit: number },
) {
  const sort = productSorts[params.sort];
  const filters: (SQL | undefined)[] = [eq(products.businessId, businessId)];
  if (params.active !== undefined) filters.push(eq(products.active, params.active));
  if (params.q) {
    filters.push(
      or(ilike(products.name, likeText(params.q)), ilike(products.sku, likeText(params.q))),
    );
  }
  if (params.cursor)
    filters.push(afterCursor(sort.column, products.id, sort.direction, params.cursor, sort.kind));
  const order = sort.direction === 'asc' ? asc : desc;
  const rows = await db
    .select()
    .from(products)
    .where(and(...filters))
    .orderBy(order(sort.column), order(products.id))
    .limit(params.limit + 1);
  return page(rows, params.limit, sort.key as (row: ProductRow) => string | number | Date);
}

export async function getProduct(db: Db, businessId: string, id: string): Promise<ProductRow> {
  const [row] = await db
    .select()
    .from(products)
    .where(and(eq(products.businessId, businessId), eq(products.id, id)));
  if (!row) throw new AppError('NOT_FOUND', 'Product not found');
  return row;
}

export const stockReasons = [
  'restock',
  'sale_offline',
  'correction',
  'damaged',
  'returned',
  'other',
] as const;

/**
 * Moves stock by `delta` in one conditional UPDATE: it cannot go below zero, whatever runs
 * concurrently.
 */
export async function adjustStock(
  db: Db,
  actor: Actor,
  params: {
    businessId: string;
    productId: string;
    delta: number;
    reason: (typeof stockReasons)[number];
    note?: string | undefined;
  },
) {
  const [updated] = await db
    .update(products)
    .set({ stock: sql`${products.stock} + ${params.delta}` })
    .where(
      and(
        eq(products.businessId, params.businessId),
        eq(products.id, params.productId),
        sql`${products.stock} + ${params.delta} >= 0`,
      ),
    )
    .returning();
  if (!updated) {
    const current = await getProduct(db, params.businessId, params.productId);
    throw new AppError(
      'BAD_REQUEST',
      `Stock cannot go below zero: ${current.name} has ${current.stock}, the change is ${params.delta}`,
    );
  }
  await writeAudit(db, actor, {
    businessId: params.businessId,
    action: 'product.stock',
    entityType: 'product',
    entityId: params.productId,
    changes: {
      delta: params.delta,
      reason: params.reason,
      note: params.note ?? null,
      stockAfter: updated.stock,
    },
  });
  return updated;
}
