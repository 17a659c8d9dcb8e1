// "Forgotten password" links' SQL: issued (voiding the user's earlier ones), found by the hash of
// their token, used up. A user's, not a business's: no business_id here.
import { and, eq, gt, isNull } from 'drizzle-orm';
import type { Db } from '../client';
import { passwordResets, users } from '../schema';

/** Voids the user's unused links, then stores a new one. */
export async function insertPasswordReset(
  db: Db,
  values: { id: string; userId: string; tokenHash: string; expiresAt: Date; ip: string | null },
): Promise<void> {
  await db
    .update(passwordResets)
    .set({ usedAt: new Date() })
    .where(and(eq(passwordResets.userId, values.userId), isNull(passwordResets.usedAt)));
  await db.insert(passwordResets).values(values);
}

/** The unused, unexpired link with this token hash and its user; `lock`: until the transaction ends. */
export async function lockUsablePasswordReset(
  db: Db,
  params: { tokenHash: string; now: Date; lock: boolean },
) {
  const query = db
    .select({
      id: passwordResets.id,
      userId: passwordResets.userId,
      email: users.email,
      name: users.name,
    })
    .from(passwordResets)
    .innerJoin(users, eq(users.id, passwordResets.userId))
    .where(
      and(
        eq(passwordResets.tokenHash, params.tokenHash),
        isNull(passwordResets.usedAt),
        gt(passwordResets.expiresAt, params.now),
      ),
    );
  const [row] = params.lock ? await query.for('update', { of: passwordResets }) : await query;
  return row;
}

export async function markPasswordResetUsed(db: Db, params: { id: string }): Promise<void> {
  await db
    .update(passwordResets)
    .set({ usedAt: new Date() })
    .where(eq(passwordResets.id, params.id));
}

export async function setUserPasswordHash(
  db: Db,
  params: { userId: string; passwordHash: string },
): Promise<void> {
  await db
    .update(users)
    .set({ passwordHash: params.passwordHash })
    .where(eq(users.id, params.userId));
}

/** A reset still usable, with whom to email it to (the email job's read). */
export async function usablePasswordResetById(db: Db, params: { id: string; now: Date }) {
  const [row] = await db
    .select({
      id: passwordResets.id,
      tokenHash: passwordResets.tokenHash,
      expiresAt: passwordResets.expiresAt,
      email: users.email,
      name: users.name,
      locale: users.locale,
    })
    .from(passwordResets)
    .innerJoin(users, eq(users.id, passwordResets.userId))
    .where(
      and(
        eq(passwordResets.id, params.id),
        isNull(passwordResets.usedAt),
        gt(passwordResets.expiresAt, params.now),
      ),
    );
  return row;
}
