// A user's own profile (name, language): theirs across every business, so keyed by user id.
import { eq } from 'drizzle-orm';
import type { Db } from '../client';
import { type locales, users } from '../schema';
import { sessionUserColumns } from './sessions';

export async function updateUserProfile(
  db: Db,
  params: {
    userId: string;
    set: { name?: string | undefined; locale?: (typeof locales)[number] | undefined };
  },
) {
  const [row] = await db
    .update(users)
    .set(params.set)
    .where(eq(users.id, params.userId))
    .returning(sessionUserColumns);
  return row;
}
