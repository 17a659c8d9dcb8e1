// Sessions: created at sign-in, found by the token's hash on every request (with the user they
// belong to), extended, deleted at sign-out, purged once expired. A session is a user's, not a
// business's: no business_id here.
import { eq, lt } from 'drizzle-orm';
import type { Db } from '../client';
import { sessions, users } from '../schema';

export type SessionRow = typeof sessions.$inferSelect;

/** What a request knows of the user behind a session, and what a profile change answers. */
export const sessionUserColumns = {
  id: users.id,
  email: users.email,
  name: users.name,
  phone: users.phone,
  locale: users.locale,
  createdAt: users.createdAt,
};

export async function insertSession(db: Db, values: typeof sessions.$inferInsert) {
  const [session] = await db.insert(sessions).values(values).returning();
  return session;
}

/** The session with this id (the token's hash) and its user; undefined when there is none. */
export async function sessionWithUser(db: Db, params: { id: string }) {
  const [row] = await db
    .select({ session: sessions, user: sessionUserColumns })
    .from(sessions)
    .innerJoin(users, eq(users.id, sessions.userId))
    .where(eq(sessions.id, params.id))
    .limit(1);
  return row;
}

export async function extendSession(db: Db, params: { id: string; expiresAt: Date }) {
  await db.update(sessions).set({ expiresAt: params.expiresAt }).where(eq(sessions.id, params.id));
}

export async function deleteSession(db: Db, params: { id: string }): Promise<void> {
  await db.delete(sessions).where(eq(sessions.id, params.id));
}

/** Deletes every session of a user; how many there were. */
export async function deleteUserSessions(db: Db, params: { userId: string }): Promise<number> {
  const deleted = await db
    .delete(sessions)
    .where(eq(sessions.userId, params.userId))
    .returning({ id: sessions.id });
  return deleted.length;
}

/** Deletes the sessions expired before `now`; how many it deleted. */
export async function deleteExpiredSessions(db: Db, params: { now: Date }): Promise<number> {
  const deleted = await db
    .delete(sessions)
    .where(lt(sessions.expiresAt, params.now))
    .returning({ id: sessions.id });
  return deleted.length;
}
