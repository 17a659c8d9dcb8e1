// The catalog's reads and writes: products of one business, listed by a keyset, changed one row
// at a time. Every function is scoped by businessId.

import type { Currency } from '@flux/contracts';
import {
  and,
  asc,
  desc,
  eq,
  fillPlaceholders,
  gt,
  ilike,
  inArray,
  lt,
  or,
  type SQL,
  sql,
} from 'drizzle-orm';
import type { Database, Db } from '../client';
import { products } from '../schema';
import { renderedOnce, textRows } from './text-rows';

export type ProductRow = typeof products.$inferSelect;
type SortKey = string | number | Date;

/** The list's orders: a column, a direction, and the key a cursor carries (its type and value). */
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
} as const;
export type ProductSort = keyof typeof productSorts;

/** Which optional filters a list call uses, and its sort: one prepared statement per combination. */
interface ProductListShape {
  sort: ProductSort;
  active: boolean;
  matching: boolean;
  after: boolean;
}

/**
 * The list's statement for one shape, every value a placeholder: prepared once per connection, so
 * PostgreSQL plans it once (planning a page of 50 by name cost ~0.4 ms, three times executing it).
 */
function productListFilters(shape: ProductListShape) {
  const sort = productSorts[shape.sort];
  const filters: (SQL | undefined)[] = [eq(products.businessId, sql.placeholder('businessId'))];
  if (shape.active) filters.push(eq(products.active, sql.placeholder('active')));
  if (shape.matching) {
    const matching = sql.placeholder('matching');
    filters.push(or(ilike(products.name, matching), ilike(products.sku, matching)));
  }
  if (shape.after) {
    const beyond = sort.direction === 'asc' ? gt : lt;
    const key = sql.placeholder('afterKey');
    const id = sql.placeholder('afterId');
    filters.push(or(beyond(sort.column, key), and(eq(sort.column, key), beyond(products.id, id))));
  }
  const order = sort.direction === 'asc' ? asc : desc;
  return { where: and(...filters), orderBy: [order(sort.column), order(products.id)] };
}

function productListStatement(db: Db, shape: ProductListShape) {
  const { where, orderBy } = productListFilters(shape);
  return db
    .select()
    .from(products)
    .where(where)
    .orderBy(...orderBy)
    .limit(sql.placeholder('limit'));
}

/**
 * The same page with the columns products.list shows, in ProductListRow's order, each as the
 * answer writes it: the synonyms as a JSON array, the times as epoch milliseconds. Read with no
 * type parsing (listProductTexts): the presenter writes each product's JSON from the text.
 */
function productListTextStatement(db: Db, shape: ProductListShape) {
  const { where, orderBy } = productListFilters(shape);
  return db
    .select({
      id: products.id,
      sku: products.sku,
      name: products.name,
      description: products.description,
      synonyms: sql<string>`array_to_json(${products.synonyms})`,
      imageUrl: products.imageUrl,
      price: products.price,
      currency: products.currency,
      stock: products.stock,
      active: products.active,
      createdAtMs: sql<string>`floor(extract(epoch from ${products.createdAt}) * 1000)::int8`,
      updatedAtMs: sql<string>`floor(extract(epoch from ${products.updatedAt}) * 1000)::int8`,
    })
    .from(products)
    .where(where)
    .orderBy(...orderBy)
    .limit(sql.placeholder('limit'));
}

/**
 * A row of products.list as pg gives it with no type parsing (every value PostgreSQL's text), in
 * the text statement's column order. `synonyms` is a JSON array; `active` is `t` or `f`.
 */
export type ProductListRow = [
  id: string,
  sku: string,
  name: string,
  description: string | null,
  synonyms: string,
  imageUrl: string | null,
  price: string,
  currency: Currency,
  stock: string,
  active: 't' | 'f',
  createdAtMs: string,
  updatedAtMs: string,
];

type PreparedProductList = ReturnType<ReturnType<typeof productListStatement>['prepare']>;
// Per database handle (a test's, the server's), per shape: built and named once.
const preparedProductLists = new WeakMap<Db, Map<string, PreparedProductList>>();

type ProductListParams = {
  businessId: string;
  sort: ProductSort;
  limit: number;
  active?: boolean | undefined;
  /** A LIKE pattern, already escaped, matched against the name and the SKU. */
  matching?: string | undefined;
  /** The last row of the previous page: rows strictly after it in the sort's order. */
  after?: { key: SortKey; id: string } | undefined;
};

function productListShape(params: ProductListParams) {
  const shape: ProductListShape = {
    sort: params.sort,
    active: params.active !== undefined,
    matching: Boolean(params.matching),
    after: params.after !== undefined,
  };
  const name = `products_list_${shape.sort}_${[shape.active, shape.matching, shape.after]
    .map((on) => (on ? '1' : '0'))
    .join('')}`;
  const values = {
    businessId: params.businessId,
    limit: params.limit + 1,
    active: params.active ?? null,
    matching: params.matching ?? null,
    afterKey: params.after?.key ?? null,
    afterId: params.after?.id ?? null,
  };
  return { shape, name, values };
}

/**
 * The SQL text, name and values `listProductTexts` (products.list) sends for these parameters:
 * the bench runs it bare through pg as the floor of the dashboard's reads.
 */
export function listProductsSql(db: Db, params: ProductListParams) {
  const { shape, name, values } = productListShape(params);
  const textName = `${name}_text`;
  const query = renderedOnce(db, textName, () => productListTextStatement(db, shape).toSQL());
  return { name: textName, text: query.sql, values: fillPlaceholders(query.params, values) };
}

/**
 * A page of products as products.list shows them, `limit + 1` rows at most, read as text
 * (text-rows.ts): no Date, array or row object is built.
 */
export function listProductTexts(db: Database, params: ProductListParams) {
  return textRows<ProductListRow>(db, listProductsSql(db, params));
}

/** A page of products in `sort` order as rows; `limit + 1` at most (the extra one: a next page exists). */
export function listProducts(db: Db, params: ProductListParams): Promise<ProductRow[]> {
  const { shape, name, values } = productListShape(params);
  let byShape = preparedProductLists.get(db);
  if (!byShape) {
    byShape = new Map();
    preparedProductLists.set(db, byShape);
  }
  let prepared = byShape.get(name);
  if (!prepared) {
    prepared = productListStatement(db, shape).prepare(name);
    byShape.set(name, prepared);
  }
  return prepared.execute(values);
}

export async function getProduct(
  db: Db,
  params: { businessId: string; productId: string; lock?: boolean },
): Promise<ProductRow | undefined> {
  const query = db
    .select()
    .from(products)
    .where(and(eq(products.businessId, params.businessId), eq(products.id, params.productId)))
    .$dynamic();
  if (params.lock) query.for('update');
  const [row] = await query;
  return row;
}

/** The business's products among `productIds`; ids of other businesses or of none are left out. */
export function productsByIds(
  db: Db,
  params: { businessId: string; productIds: string[] },
): Promise<ProductRow[]> {
  return db
    .select()
    .from(products)
    .where(
      and(eq(products.businessId, params.businessId), inArray(products.id, params.productIds)),
    );
}

export async function insertProduct(
  db: Db,
  values: typeof products.$inferInsert & { businessId: string },
): Promise<ProductRow | undefined> {
  const [row] = await db.insert(products).values(values).returning();
  return row;
}

/** Changes the given fields; undefined when the business has no such product. */
export async function updateProduct(
  db: Db,
  params: {
    businessId: string;
    productId: string;
    changes: Partial<
      Pick<
        ProductRow,
        'sku' | 'name' | 'description' | 'synonyms' | 'imageUrl' | 'price' | 'active'
      >
    >;
  },
): Promise<ProductRow | undefined> {
  const [row] = await db
    .update(products)
    .set(params.changes)
    .where(and(eq(products.businessId, params.businessId), eq(products.id, params.productId)))
    .returning();
  return row;
}

/**
 * Moves stock by `delta` in one conditional UPDATE: it cannot go below zero, whatever runs
 * concurrently. Undefined when it would (or the product is not the business's).
 */
export async function moveStock(
  db: Db,
  params: { businessId: string; productId: string; delta: number },
): Promise<ProductRow | undefined> {
  const [row] = await db
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
  return row;
}
