// Products as the catalog shows them, with the price as money (minor units, currency, formatted
// for the business's locale; each price formatted once, lib/money.ts sharedMoney).
import type { schema } from '@flux/db';
import type { ProductListRow } from '@flux/db/queries/products';
import { sharedMoney } from '../lib/money';
import { isoString } from '../lib/wire';

type ProductRow = typeof schema.products.$inferSelect;

export function presentProduct(row: ProductRow, locale: 'fr' | 'en' = 'fr') {
  return {
    id: row.id,
    sku: row.sku,
    name: row.name,
    description: row.description,
    synonyms: row.synonyms,
    imageUrl: row.imageUrl,
    price: sharedMoney(row.price, row.currency, locale),
    currency: row.currency,
    stock: row.stock,
    active: row.active,
    createdAt: row.createdAt,
    updatedAt: row.updatedAt,
  };
}
export type ProductView = ReturnType<typeof presentProduct>;

// Each Money's JSON, written once (the Money objects are shared: lib/money.ts sharedMoney).
const moneyJson = new WeakMap<object, string>();

function sharedMoneyJson(minor: number, currency: ProductView['currency'], locale: 'fr' | 'en') {
  const value = sharedMoney(minor, currency, locale);
  let json = moneyJson.get(value);
  if (json === undefined) {
    json = JSON.stringify(value);
    moneyJson.set(value, json);
  }
  return json;
}

/**
 * products.list's view of a row read as text (ProductListRow), written as JSON: the fields of
 * presentProduct in its order, its Dates as ISO strings (PRODUCT_DATES says where, for the client
 * to revive them). Strings go through JSON.stringify; the id is a uuid, the numbers integers, the
 * synonyms PostgreSQL's own JSON, the currency a known code: none needs escaping.
 */
export function presentProductJson(row: ProductListRow, locale: 'fr' | 'en' = 'fr'): string {
  const [id, sku, name, description, synonyms, imageUrl, price, currency, stock, active] = row;
  return (
    `{"id":"${id}","sku":${JSON.stringify(sku)},"name":${JSON.stringify(name)},` +
    `"description":${description === null ? 'null' : JSON.stringify(description)},` +
    `"synonyms":${synonyms},"imageUrl":${imageUrl === null ? 'null' : JSON.stringify(imageUrl)},` +
    `"price":${sharedMoneyJson(Number(price), currency, locale)},"currency":"${currency}",` +
    `"stock":${stock},"active":${active === 't'},` +
    `"createdAt":"${isoString(Number(row[10]))}","updatedAt":"${isoString(Number(row[11]))}"}`
  );
}

/** The paths of a product's Dates in its JSON. */
export const PRODUCT_DATES = ['createdAt', 'updatedAt'] as const;

/** The same view as objects, for callers that do not pass text on (tests' callers). */
export function presentProductFromText(
  row: ProductListRow,
  locale: 'fr' | 'en' = 'fr',
): ProductView {
  const view = JSON.parse(presentProductJson(row, locale)) as ProductView;
  return { ...view, createdAt: new Date(Number(row[10])), updatedAt: new Date(Number(row[11])) };
}
