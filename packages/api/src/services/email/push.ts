// A Gmail push (already verified by the webhook): a sync of every active mailbox of that address.
// The push carries no mail, only "something changed": the sync reads history from our own cursor,
// so a lost, repeated or reordered push changes nothing but how soon mail shows.
import { activeEmailAccountsByAddress } from '@flux/db/queries/email-accounts';
import type { AppServices } from '../../context';

export async function syncOnGmailPush(
  services: Pick<AppServices, 'db' | 'jobs'>,
  push: { emailAddress: string },
): Promise<number> {
  const accounts = await activeEmailAccountsByAddress(services.db, {
    provider: 'gmail',
    address: push.emailAddress,
  });
  await services.jobs.sendMany(
    'email.sync',
    accounts.map((account) => ({
      payload: { businessId: account.businessId, accountId: account.id },
      singletonKey: account.id,
    })),
  );
  return accounts.length;
}
