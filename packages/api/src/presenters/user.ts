// The signed-in user as they see themselves (auth.me, auth.updateProfile). Written out even though
// the session's query already picks these columns, so a column added to that query for the
// server's own use (a password hash, a lock) does not reach an answer.
import type { SessionUser } from '../auth/session';

export function presentUser(user: SessionUser) {
  return {
    id: user.id,
    email: user.email,
    name: user.name,
    phone: user.phone,
    locale: user.locale,
    createdAt: user.createdAt,
  };
}
export type UserView = ReturnType<typeof presentUser>;
