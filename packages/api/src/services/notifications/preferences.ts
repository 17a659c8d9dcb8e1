// A member's own notification preferences in a business: email digests on or off (stored on the
// membership; honoured by the team's emails in `notify` and by the daily digest).
import type { Database } from '@flux/db';
import {
  memberNotificationPreferences,
  setMemberEmailDigest,
} from '@flux/db/queries/notification-digests';
import { type Actor, writeAudit } from '../../lib/audit';
import { notFound } from '../../lib/errors';

export async function myNotificationPreferences(
  db: Database,
  params: { businessId: string; userId: string },
) {
  const row = await memberNotificationPreferences(db, params);
  if (!row) throw notFound('Membership');
  return { emailDigest: row.emailDigest };
}

/** Sets the member's email digests; audited when it changed. */
export function setMyEmailDigest(
  db: Database,
  actor: Actor,
  params: { businessId: string; userId: string; emailDigest: boolean },
) {
  return db.transaction(async (tx) => {
    const changed = await setMemberEmailDigest(tx, params);
    if (!changed) throw notFound('Membership');
    if (changed.before !== changed.after) {
      await writeAudit(tx, actor, {
        businessId: params.businessId,
        action: 'membership.notification_preferences',
        entityType: 'user',
        entityId: params.userId,
        changes: { emailDigest: { from: changed.before, to: changed.after } },
      });
    }
    return { emailDigest: changed.after };
  });
}
