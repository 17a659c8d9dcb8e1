// The catalog as the AI reads it: how big it is, all of it by name, or the products whose name
// holds one of the customer's words (accents ignored). The catalog's own reads and writes belong
// to the products queries.
import { and, asc, eq, ilike, or, sql } from 'drizzle-orm';
import type { Db } from '../client';
import { products } from '../schema';
import { likeText } from './keyset';

const columns = {
  id: products.id,
  sku: products.sku,
  name: products.name,
  description: products.description,
  synonyms: products.synonyms,
  priceMinor: products.price,
  currency: products.currency,
  stock: products.stock,
  active: products.active,
};

export async function catalogSize(db: Db, params: { businessId: string }): Promise<number> {
  const [row] = await db
    .select({ n: sql<number>`count(*)::int` })
    .from(products)
    .where(eq(products.businessId, params.businessId));
  return row?.n ?? 0;
}

/** The whole catalog, by name. */
export function catalogByName(db: Db, params: { businessId: string }) {
  return db
    .select(columns)
    .from(products)
    .where(eq(products.businessId, params.businessId))
    .orderBy(asc(products.name));
}

/**
 * Products whose name contains one of `words` (lower case, without accents), names compared
 * without accents too (no unaccent extension needed): "teinte" finds "Bazin teinté".
 */
export function catalogNaming(
  db: Db,
  params: { businessId: string; words: string[]; limit: number },
) {
  const plainName = sql`translate(lower(${products.name}), 'àâäáãéèêëíìîïóòôöõúùûüçñ', 'aaaaaeeeeiiiiooooouuuucn')`;
  const plainSynonyms = sql`translate(lower(array_to_string(${products.synonyms}, ' ')), 'àâäáãéèêëíìîïóòôöõúùûüçñ', 'aaaaaeeeeiiiiooooouuuucn')`;
  return db
    .select(columns)
    .from(products)
    .where(
      and(
        eq(products.businessId, params.businessId),
        or(
          ...params.words.map((word) => ilike(plainName, likeText(word))),
          // The merchant's own words for a product find it too.
          ...params.words.map((word) => ilike(plainSynonyms, likeText(word))),
        ),
      ),
    )
    .limit(params.limit);
}
