// What a business sells. Prices are integer minor units in the product's currency.
import { sql } from 'drizzle-orm';
import {
  boolean,
  check,
  index,
  integer,
  pgTable,
  text,
  unique,
  varchar,
} from 'drizzle-orm/pg-core';
import { isOneOf } from './_checks';
import { id, money, timestamps } from './_columns';
import { businessId } from './_tenant';
import { type Currency, currencies } from './enums';

export const products = pgTable(
  'products',
  {
    id: id(),
    businessId: businessId(),
    sku: text('sku').notNull(),
    name: text('name').notNull(),
    description: text('description'),
    /** Words customers use for it that its name does not hold ("tee", "wig", "garba"): the AI matches them. */
    synonyms: text('synonyms').array().notNull().default(sql`'{}'::text[]`),
    price: money('price').notNull(),
    currency: varchar('currency', { length: 3, enum: currencies }).$type<Currency>().notNull(),
    stock: integer('stock').notNull().default(0),
    /** Products are archived, never deleted, once an order refers to them. */
    active: boolean('active').notNull().default(true),
    imageUrl: text('image_url'),
    ...timestamps,
  },
  (t) => [
    unique('products_business_sku_unique').on(t.businessId, t.sku),
    // Each list order the catalog screen offers walks its index and stops at the page's LIMIT,
    // id included as the tie-break (docs/benchmarks.md).
    index('products_business_created_id_idx').on(t.businessId, t.createdAt, t.id),
    index('products_business_name_id_idx').on(t.businessId, t.name, t.id),
    index('products_business_active_name_idx').on(t.businessId, t.active, t.name),
    check('products_price_non_negative', sql`${t.price} >= 0`),
    check('products_currency_known', isOneOf(t.currency, currencies)),
    check('products_stock_non_negative', sql`${t.stock} >= 0`),
  ],
);

export type Product = typeof products.$inferSelect;
export type NewProduct = typeof products.$inferInsert;
