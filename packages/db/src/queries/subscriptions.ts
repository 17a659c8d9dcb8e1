// A business's plan: what business.get shows beside the profile.
import { eq, sql } from 'drizzle-orm';
import type { Db } from '../client';
import { subscriptions } from '../schema';

function subscriptionStatement(db: Db) {
  return db
    .select()
    .from(subscriptions)
    .where(eq(subscriptions.businessId, sql.placeholder('businessId')));
}

type PreparedSubscription = ReturnType<ReturnType<typeof subscriptionStatement>['prepare']>;
// Per database handle, built once: the dashboard reads it on every load, and building the
// statement cost more than PostgreSQL's lookup of the row (docs/benchmarks.md).
const prepared = new WeakMap<Db, PreparedSubscription>();

/** The statement's SQL text and name, as `subscriptionOf` sends it (the bench's floor runs it bare). */
export function subscriptionSql(db: Db, params: { businessId: string }) {
  const { sql: text } = subscriptionStatement(db).toSQL();
  return { name: 'subscription_of', text, values: [params.businessId] };
}

/** The business's subscription, or undefined (none yet). */
export async function subscriptionOf(db: Db, params: { businessId: string }) {
  let statement = prepared.get(db);
  if (!statement) {
    statement = subscriptionStatement(db).prepare('subscription_of');
    prepared.set(db, statement);
  }
  const [row] = await statement.execute({ businessId: params.businessId });
  return row;
}
