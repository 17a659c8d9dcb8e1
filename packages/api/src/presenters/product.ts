// Products as the catalog shows them, with the price as money (minor units, currency, formatted
// for the business's locale; each price formatted once, lib/money.ts sharedMoney).
import type { schema } from '@flux/db';
import { sharedMoney } from '../lib/money';

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
