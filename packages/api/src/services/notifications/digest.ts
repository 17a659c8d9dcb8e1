// The daily digest: once a day, at DIGEST_HOUR in each business's time zone, every member who
// keeps email digests on gets one email listing their in-app notifications of the last day still
// unread; a member with none gets nothing. Each digest is a notification row like any other
// (event `digest.daily`, keyed on the member and the business's local date: a second run the same
// day sends nothing), sent by `notifications.send` through SMTP with its retries.
import { businessesAtLocalHour, digestRecipients } from '@flux/db/queries/notification-digests';
import { notify } from './index';
import type { NotifyServices } from './send';

/** Local hour the digest goes out at (08:00: before the shop opens). */
export const DIGEST_HOUR = 8;

export async function sendDailyDigests(
  services: Pick<NotifyServices, 'db' | 'jobs'>,
  options: { hour?: number } = {},
): Promise<{ businesses: number; digests: number }> {
  const { db, jobs } = services;
  const due = await businessesAtLocalHour(db, { hour: options.hour ?? DIGEST_HOUR });
  let digests = 0;
  for (const business of due) {
    const members = await digestRecipients(db, { businessId: business.id });
    for (const member of members) {
      const rows = await db.transaction((tx) =>
        notify(tx, jobs, {
          type: 'digest.daily',
          businessId: business.id,
          userId: member.userId,
          day: business.day,
        }),
      );
      digests += rows.length;
    }
  }
  return { businesses: due.length, digests };
}
