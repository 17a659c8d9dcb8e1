// A user's own profile (name, language): theirs across every business, so keyed by user id.
import { eq } from 'drizzle-orm';
import type { Db } from '../client';
import { type locales, users } from '../schema';

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
    .returning({
      id: users.id,
      email: users.email,
      name: users.name,
      phone: users.phone,
      locale: users.locale,
      createdAt: users.createdAt,
    });
  return row;
}
