// Accounts' SQL: a user by email or a courier by phone (sign-in), a new user, a new business with its trial, and the
// business a signing-in user last joined. Users and new businesses belong to no tenant yet.
import { and, desc, eq, isNotNull } from 'drizzle-orm';
import type { Db } from '../client';
import { businesses, couriers, memberships, subscriptions, users } from '../schema';

export type UserRow = typeof users.$inferSelect;

export async function userByEmail(db: Db, params: { email: string }): Promise<UserRow | undefined> {
  const [row] = await db.select().from(users).where(eq(users.email, params.email)).limit(1);
  return row;
}

/**
 * The user a phone number signs in: the app login of an active courier with that number (E.164),
 * a member of that courier's business with the courier role. Across businesses, like an email
 * (sign-in comes before any business). A number that leads to two logins signs neither in (the
 * couriers use their email): undefined, as for an unknown number.
 */
export async function courierUserByPhone(
  db: Db,
  params: { phone: string },
): Promise<UserRow | undefined> {
  const rows = await db
    .selectDistinct({ user: users })
    .from(couriers)
    .innerJoin(users, eq(users.id, couriers.userId))
    .innerJoin(
      memberships,
      and(
        eq(memberships.userId, couriers.userId),
        eq(memberships.businessId, couriers.businessId),
        eq(memberships.role, 'courier'),
      ),
    )
    .where(and(eq(couriers.phone, params.phone), eq(couriers.active, true)))
    .limit(2);
  return rows.length === 1 ? rows[0]?.user : undefined;
}

export async function insertUser(db: Db, values: typeof users.$inferInsert): Promise<UserRow> {
  const [row] = await db.insert(users).values(values).returning();
  if (!row) throw new Error('user insert returned nothing');
  return row;
}

/** A new business, its owner and its subscription, in the caller's transaction. */
export async function insertBusinessWithOwner(
  db: Db,
  params: {
    business: typeof businesses.$inferInsert;
    ownerId: string;
    subscription: Omit<typeof subscriptions.$inferInsert, 'businessId'>;
  },
) {
  const [business] = await db.insert(businesses).values(params.business).returning();
  if (!business) throw new Error('business insert returned nothing');
  await db
    .insert(memberships)
    .values({ businessId: business.id, userId: params.ownerId, role: 'owner' });
  await db.insert(subscriptions).values({ ...params.subscription, businessId: business.id });
  return business;
}

/** The business the user joined last (where a new session opens); undefined for none. */
export async function lastJoinedBusinessOf(
  db: Db,
  params: { userId: string },
): Promise<string | undefined> {
  const [row] = await db
    .select({ businessId: memberships.businessId })
    .from(memberships)
    .where(and(eq(memberships.userId, params.userId), isNotNull(memberships.acceptedAt)))
    .orderBy(desc(memberships.acceptedAt))
    .limit(1);
  return row?.businessId;
}
