// The catalog: products with prices in the business currency and stock that never goes negative.
// Each change is one transaction with its audit row; the SQL is in @flux/db/queries/products.
import type { StockReason } from '@flux/contracts';
import type { Database, Db } from '@flux/db';
import * as queries from '@flux/db/queries/products';
import {
  type ProductListRow,
  type ProductRow,
  type ProductSort,
  productSorts,
} from '@flux/db/queries/products';
import { productsBySkus } from '@flux/db/queries/public-api';
import { type Actor, writeAudit } from '../lib/audit';
import { notFound, pgErrorCode, refuse } from '../lib/errors';
import { type AmountInput, type Currency, toMinor } from '../lib/money';
import { decodeCursor, likeText, page, pageBy } from '../lib/pagination';

export { type ProductRow, type ProductSort, productSorts };

type ListParams = {
  q?: string;
  active?: boolean;
  sort: ProductSort;
  cursor?: string;
  limit: number;
};

/** The query's parameters for a list call: the search as a LIKE pattern, the cursor decoded. */
const listQuery = (businessId: string, params: ListParams) => ({
  businessId,
  sort: params.sort,
  limit: params.limit,
  active: params.active,
  matching: params.q ? likeText(params.q) : undefined,
  after: params.cursor ? decodeCursor(params.cursor, productSorts[params.sort].kind) : undefined,
});

export async function listProducts(db: Db, businessId: string, params: ListParams) {
  const rows = await queries.listProducts(db, listQuery(businessId, params));
  const keyOf = productSorts[params.sort].key as (row: ProductRow) => string | number | Date;
  return page(rows, params.limit, keyOf);
}

/** Where a text row stands in each sort, for its page's cursor (the key as `listProducts` keys it). */
const textKeys: Record<ProductSort, (row: ProductListRow) => string | number | Date> = {
  newest: (row) => new Date(Number(row[10])),
  name: (row) => row[2],
  price_asc: (row) => Number(row[6]),
  price_desc: (row) => Number(row[6]),
  stock_asc: (row) => Number(row[8]),
};

/**
 * `listProducts` for products.list: the page as PostgreSQL's text (ProductListRow), which the
 * presenter writes as JSON without building objects (presentProductJson). The same rows, order
 * and cursors.
 */
export async function listProductPage(db: Database, businessId: string, params: ListParams) {
  const rows = await queries.listProductTexts(db, listQuery(businessId, params));
  const keyOf = textKeys[params.sort];
  return pageBy(rows, params.limit, (row) => [keyOf(row), row[0]]);
}

export async function getProduct(db: Db, businessId: string, id: string): Promise<ProductRow> {
  const row = await queries.getProduct(db, { businessId, productId: id });
  if (!row) throw notFound('Product');
  return row;
}

/** The product's row, or the CONFLICT a SKU already taken in the business deserves. */
function uniqueSku<T>(promise: Promise<T>, sku: string): Promise<T> {
  return promise.catch((error: unknown) => {
    if (pgErrorCode(error) === '23505') {
      throw refuse('product.sku_taken', `Another product already uses the SKU ${sku}`, { sku });
    }
    throw error;
  });
}

export async function createProduct(
  db: Db,
  actor: Actor,
  params: {
    businessId: string;
    currency: Currency;
    sku: string;
    name: string;
    description?: string | null | undefined;
    synonyms?: string[] | undefined;
    imageUrl?: string | null | undefined;
    price: AmountInput;
    stock: number;
    active: boolean;
  },
): Promise<ProductRow> {
  const price = toMinor(params.price, params.currency, 'price');
  return db.transaction(async (tx) => {
    const row = await uniqueSku(
      queries.insertProduct(tx, {
        businessId: params.businessId,
        sku: params.sku,
        name: params.name,
        description: params.description ?? null,
        synonyms: params.synonyms ?? [],
        imageUrl: params.imageUrl ?? null,
        price,
        currency: params.currency,
        stock: params.stock,
        active: params.active,
      }),
      params.sku,
    );
    if (!row) throw new Error('product insert returned nothing');
    await writeAudit(tx, actor, {
      businessId: params.businessId,
      action: 'product.create',
      entityType: 'product',
      entityId: row.id,
      changes: { sku: row.sku, name: row.name, price: row.price, stock: row.stock },
    });
    return row;
  });
}

/** Stock is not set here: it moves through adjustStock, with a reason. */
export async function updateProduct(
  db: Db,
  actor: Actor,
  params: {
    businessId: string;
    currency: Currency;
    productId: string;
    fields: {
      sku?: string | undefined;
      name?: string | undefined;
      description?: string | null | undefined;
      synonyms?: string[] | undefined;
      imageUrl?: string | null | undefined;
    };
    price?: AmountInput | undefined;
  },
): Promise<ProductRow> {
  const changes = {
    ...params.fields,
    ...(params.price !== undefined
      ? { price: toMinor(params.price, params.currency, 'price') }
      : {}),
  };
  return db.transaction(async (tx) => {
    const before = await getProduct(tx, params.businessId, params.productId);
    const row = await uniqueSku(
      queries.updateProduct(tx, {
        businessId: params.businessId,
        productId: params.productId,
        changes,
      }),
      params.fields.sku ?? before.sku,
    );
    if (!row) throw notFound('Product');
    await writeAudit(tx, actor, {
      businessId: params.businessId,
      action: 'product.update',
      entityType: 'product',
      entityId: params.productId,
      changes: {
        ...changes,
        ...(changes.price !== undefined ? { previousPrice: before.price } : {}),
      },
    });
    return row;
  });
}

/** Archives (false) or brings back (true) a product; it stays on the orders that have it. */
export async function setProductActive(
  db: Db,
  actor: Actor,
  params: { businessId: string; productId: string; active: boolean },
): Promise<ProductRow> {
  return db.transaction(async (tx) => {
    const row = await queries.updateProduct(tx, {
      businessId: params.businessId,
      productId: params.productId,
      changes: { active: params.active },
    });
    if (!row) throw notFound('Product');
    await writeAudit(tx, actor, {
      businessId: params.businessId,
      action: params.active ? 'product.unarchive' : 'product.archive',
      entityType: 'product',
      entityId: params.productId,
    });
    return row;
  });
}

/**
 * Moves stock by `delta` in one conditional UPDATE (it cannot go below zero, whatever runs
 * concurrently), with its audit row, in one transaction.
 */
export async function adjustStock(
  db: Db,
  actor: Actor,
  params: {
    businessId: string;
    productId: string;
    delta: number;
    reason: StockReason;
    note?: string | undefined;
  },
): Promise<ProductRow> {
  return db.transaction(async (tx) => {
    const updated = await queries.moveStock(tx, params);
    if (!updated) {
      const current = await getProduct(tx, params.businessId, params.productId);
      throw refuse(
        'stock.below_zero',
        `Stock cannot go below zero: ${current.name} has ${current.stock}, the change is ${params.delta}`,
        { product: current.name, stock: current.stock, delta: params.delta },
      );
    }
    await writeAudit(tx, actor, {
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
  });
}

/**
 * Order lines named by product id or by SKU, as product ids (the order's own rules then apply:
 * services/orders.ts createOrder). An unknown SKU is a BAD_REQUEST naming its line.
 */
export async function linesByProductId(
  db: Db,
  businessId: string,
  lines: readonly ({ productId: string; quantity: number } | { sku: string; quantity: number })[],
): Promise<{ productId: string; quantity: number }[]> {
  const skus = lines.flatMap((line) => ('sku' in line ? [line.sku] : []));
  const found = skus.length > 0 ? await productsBySkus(db, { businessId, skus }) : [];
  const bySku = new Map(found.map((product) => [product.sku, product.id]));
  return lines.map((line, index) => {
    if ('productId' in line) return line;
    const productId = bySku.get(line.sku);
    if (!productId) {
      throw refuse(
        'product.sku_unknown',
        `No product has the SKU ${line.sku}`,
        { sku: line.sku },
        {
          field: `lines.${index}.sku`,
        },
      );
    }
    return { productId, quantity: line.quantity };
  });
}

/**
 * Creates the product with this SKU, or changes the one that has it (a shop's site or sheet
 * pushing its catalog); stock is set through setStockLevel. `created` says which.
 */
export async function upsertProductBySku(
  db: Db,
  actor: Actor,
  params: {
    businessId: string;
    currency: Currency;
    sku: string;
    fields: {
      name: string;
      description?: string | null | undefined;
      synonyms?: string[] | undefined;
      imageUrl?: string | null | undefined;
      active?: boolean | undefined;
    };
    price: AmountInput;
  },
): Promise<{ product: ProductRow; created: boolean }> {
  // One transaction: the change and its archive state land together (savepoints inside).
  return db.transaction(async (tx) => {
    const [existing] = await productsBySkus(tx, {
      businessId: params.businessId,
      skus: [params.sku],
    });
    const { active, ...fields } = params.fields;
    if (!existing) {
      const product = await createProduct(tx, actor, {
        businessId: params.businessId,
        currency: params.currency,
        sku: params.sku,
        ...fields,
        price: params.price,
        stock: 0,
        active: active ?? true,
      });
      return { product, created: true };
    }
    let product = await updateProduct(tx, actor, {
      businessId: params.businessId,
      currency: params.currency,
      productId: existing.id,
      fields,
      price: params.price,
    });
    if (active !== undefined && active !== product.active) {
      product = await setProductActive(tx, actor, {
        businessId: params.businessId,
        productId: existing.id,
        active,
      });
    }
    return { product, created: false };
  });
}

/** Sets the stock to a count (an inventory), as one adjustment from what it is now, with a reason. */
export async function setStockLevel(
  db: Db,
  actor: Actor,
  params: { businessId: string; productId: string; stock: number; note?: string | undefined },
): Promise<ProductRow> {
  return db.transaction(async (tx) => {
    const current = await queries.getProduct(tx, { ...params, lock: true });
    if (!current) throw notFound('Product');
    const delta = params.stock - current.stock;
    if (delta === 0) return current;
    return adjustStock(tx, actor, {
      businessId: params.businessId,
      productId: params.productId,
      delta,
      reason: 'correction',
      note: params.note,
    });
  });
}
