// The public API's SQL: API keys (by business, by hash) and the Idempotency-Key answers.
import { and, desc, eq, inArray, isNull, lt, or, sql } from 'drizzle-orm';
import type { Db } from '../client';
import { apiIdempotencyKeys, apiKeys, businesses, deliveries, orders, products } from '../schema';

export type ApiKeyRow = typeof apiKeys.$inferSelect;
export type IdempotencyRow = typeof apiIdempotencyKeys.$inferSelect;

export function apiKeysOf(db: Db, params: { businessId: string }) {
  return db
    .select()
    .from(apiKeys)
    .where(eq(apiKeys.businessId, params.businessId))
    .orderBy(desc(apiKeys.createdAt), desc(apiKeys.id))
    .limit(200);
}

/**
 * The key a request presents, found by its hash (any business: the key names its business), with
 * what the API's answers need of its business. Several hashes (one per server key during a key
 * rotation) are looked up in the same query: still one round trip.
 */
export async function apiKeyByHash(db: Db, keyHash: string | readonly string[]) {
  const [row] = await db
    .select({
      key: apiKeys,
      business: {
        id: businesses.id,
        currency: businesses.currency,
        locale: businesses.locale,
        country: businesses.country,
      },
    })
    .from(apiKeys)
    .innerJoin(businesses, eq(businesses.id, apiKeys.businessId))
    .where(
      typeof keyHash === 'string'
        ? eq(apiKeys.keyHash, keyHash)
        : inArray(apiKeys.keyHash, [...keyHash]),
    );
  return row;
}

/**
 * The key's hash under the current server key, in place of one under a previous key: the key then
 * keeps working once that key is removed. A no-op if another process did it first.
 */
export async function rehashApiKey(
  db: Db,
  params: { apiKeyId: string; from: string; keyHash: string },
): Promise<void> {
  await db
    .update(apiKeys)
    // Not a change anyone made: updated_at stays.
    .set({ keyHash: params.keyHash, updatedAt: sql`${apiKeys.updatedAt}` })
    .where(and(eq(apiKeys.id, params.apiKeyId), eq(apiKeys.keyHash, params.from)));
}

/** One delivery of the business, with its order's number. */
export async function deliveryWithOrder(
  db: Db,
  params: { businessId: string; deliveryId: string },
) {
  const [row] = await db
    .select({
      delivery: deliveries,
      orderNumber: orders.number,
    })
    .from(deliveries)
    .innerJoin(orders, eq(orders.id, deliveries.orderId))
    .where(and(eq(deliveries.businessId, params.businessId), eq(deliveries.id, params.deliveryId)));
  return row;
}

export async function insertApiKey(db: Db, values: typeof apiKeys.$inferInsert) {
  const [row] = await db.insert(apiKeys).values(values).returning();
  return row;
}

/** Revokes a live key; undefined when the business has no such key or it was already revoked. */
export async function revokeApiKey(db: Db, params: { businessId: string; apiKeyId: string }) {
  const [row] = await db
    .update(apiKeys)
    .set({ revokedAt: sql`now()` })
    .where(
      and(
        eq(apiKeys.businessId, params.businessId),
        eq(apiKeys.id, params.apiKeyId),
        isNull(apiKeys.revokedAt),
      ),
    )
    .returning();
  return row;
}

/** Last used now, unless it already says so within the last minute (every process shares this). */
export async function touchApiKey(db: Db, params: { apiKeyId: string }) {
  await db
    .update(apiKeys)
    .set({ lastUsedAt: sql`now()` })
    .where(
      and(
        eq(apiKeys.id, params.apiKeyId),
        or(isNull(apiKeys.lastUsedAt), lt(apiKeys.lastUsedAt, sql`now() - interval '1 minute'`)),
      ),
    );
}

/** The business's products with these SKUs (already upper-case). */
export function productsBySkus(db: Db, params: { businessId: string; skus: string[] }) {
  return db
    .select()
    .from(products)
    .where(
      and(
        eq(products.businessId, params.businessId),
        sql`${products.sku} = any(${sql.param(params.skus)}::text[])`,
      ),
    );
}

// ---------------------------------------------------------------------------------------------
// Idempotency-Key

type IdempotencyScope = { businessId: string; apiKeyId: string; key: string };

/**
 * Claims the key for this request: a new row (inserted), or an expired one (taken over), or a
 * claim whose holder died before its work committed (older than `leaseSeconds`, no answer: its
 * transaction rolled back, so running the work again does it once). Otherwise the row as it is.
 */
export async function claimIdempotencyKey(
  db: Db,
  params: IdempotencyScope & { requestHash: string; claimToken: string; leaseSeconds: number },
): Promise<{ claimed: boolean; row: IdempotencyRow | undefined }> {
  const scope = and(
    eq(apiIdempotencyKeys.businessId, params.businessId),
    eq(apiIdempotencyKeys.apiKeyId, params.apiKeyId),
    eq(apiIdempotencyKeys.key, params.key),
  );
  await db
    .delete(apiIdempotencyKeys)
    .where(and(scope, lt(apiIdempotencyKeys.expiresAt, sql`now()`)));
  const [inserted] = await db
    .insert(apiIdempotencyKeys)
    .values({
      businessId: params.businessId,
      apiKeyId: params.apiKeyId,
      key: params.key,
      requestHash: params.requestHash,
      claimToken: params.claimToken,
    })
    .onConflictDoNothing()
    .returning();
  if (inserted) return { claimed: true, row: inserted };
  const [taken] = await db
    .update(apiIdempotencyKeys)
    .set({ claimToken: params.claimToken, claimedAt: sql`now()` })
    .where(
      and(
        scope,
        eq(apiIdempotencyKeys.requestHash, params.requestHash),
        isNull(apiIdempotencyKeys.responseStatus),
        lt(
          apiIdempotencyKeys.claimedAt,
          sql`now() - make_interval(secs => ${params.leaseSeconds})`,
        ),
      ),
    )
    .returning();
  if (taken) return { claimed: true, row: taken };
  const [row] = await db.select().from(apiIdempotencyKeys).where(scope);
  return { claimed: false, row };
}

/**
 * Locks the claim in the work's transaction: from here a takeover waits for this transaction,
 * and finds the answer. False when another request took the claim over meanwhile.
 */
export async function holdIdempotencyClaim(
  db: Db,
  params: IdempotencyScope & { claimToken: string },
): Promise<boolean> {
  const [row] = await db
    .select({ id: apiIdempotencyKeys.id })
    .from(apiIdempotencyKeys)
    .where(
      and(
        eq(apiIdempotencyKeys.businessId, params.businessId),
        eq(apiIdempotencyKeys.apiKeyId, params.apiKeyId),
        eq(apiIdempotencyKeys.key, params.key),
        eq(apiIdempotencyKeys.claimToken, params.claimToken),
        isNull(apiIdempotencyKeys.responseStatus),
      ),
    )
    .for('update');
  return row !== undefined;
}

export async function storeIdempotentAnswer(
  db: Db,
  params: IdempotencyScope & { claimToken: string; status: number; body: unknown },
) {
  await db
    .update(apiIdempotencyKeys)
    .set({ responseStatus: params.status, responseBody: params.body })
    .where(
      and(
        eq(apiIdempotencyKeys.businessId, params.businessId),
        eq(apiIdempotencyKeys.apiKeyId, params.apiKeyId),
        eq(apiIdempotencyKeys.key, params.key),
        eq(apiIdempotencyKeys.claimToken, params.claimToken),
      ),
    );
}

/** A claim whose work failed before anything was done: the key is free for a retry. */
export async function releaseIdempotencyClaim(
  db: Db,
  params: IdempotencyScope & { claimToken: string },
) {
  await db
    .delete(apiIdempotencyKeys)
    .where(
      and(
        eq(apiIdempotencyKeys.businessId, params.businessId),
        eq(apiIdempotencyKeys.apiKeyId, params.apiKeyId),
        eq(apiIdempotencyKeys.key, params.key),
        eq(apiIdempotencyKeys.claimToken, params.claimToken),
        isNull(apiIdempotencyKeys.responseStatus),
      ),
    );
}

/** Answers past their 24 hours (the hourly purge); a claim also clears its own expired row. */
export async function deleteExpiredIdempotencyKeys(db: Db): Promise<number> {
  const rows = await db
    .delete(apiIdempotencyKeys)
    .where(lt(apiIdempotencyKeys.expiresAt, sql`now()`))
    .returning({ id: apiIdempotencyKeys.id });
  return rows.length;
}
