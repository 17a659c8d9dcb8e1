// `email.sync`: one mailbox's sync (import, history or delta, push renewal), sent by the
// connection, Gmail's push, Outlook's notifications, its own follow-ups and the sweep; one waiting
// per mailbox (stately, keyed by the account), and one running (the claim on its row,
// services/email/sync.ts).
// `email.sync-all`: every 15 minutes, a sync of every active mailbox (Gmail, Outlook): the safety
// net for a lost push or notification, and the renewals' clock (a sync renews a Gmail watch with
// under 2 days left, an Outlook subscription with under 1). It also turns replies left `sending`
// by a dead process into `unknown` (they may have left).
import { activeEmailAccounts } from '@flux/db/queries/email-accounts';
import { markAbandonedEmailSends } from '@flux/db/queries/email-sends';
import { SEND_LEASE_MS } from '../../services/email/reply';
import { syncMailbox } from '../../services/email/sync';
import { defineJob } from '../define';

export const emailSync = defineJob('email.sync', {
  // A run stops itself after 120 s (RUN_BUDGET_MS) and each Google call after
  // EMAIL_CALL_TIMEOUT_MS (15 s default): well inside the 300 s expiry. Retries are counted on
  // the account too (sync_failures, last_sync_error).
  queue: {
    policy: 'stately',
    retryLimit: 5,
    retryDelay: 30,
    retryBackoff: true,
    expireInSeconds: 300,
  },
  handler: (payload, services, job) =>
    syncMailbox(services, payload, job.signal ? { signal: job.signal } : {}),
});

export const emailSyncAll = defineJob('email.sync-all', {
  queue: { policy: 'short', retryLimit: 2, retryDelay: 30, expireInSeconds: 120 },
  cron: '*/15 * * * *',
  async handler(_payload, { db, jobs }) {
    await markAbandonedEmailSends(db, { olderThan: new Date(Date.now() - SEND_LEASE_MS) });
    const accounts = await activeEmailAccounts(db);
    await jobs.sendMany(
      'email.sync',
      accounts.map((account) => ({
        payload: { businessId: account.businessId, accountId: account.id },
        singletonKey: account.id,
      })),
    );
    return { enqueued: accounts.length };
  },
});
