// `email.triage`: one per synced email (the sync enqueues it with the email it stored).
import { triageEmail } from '../../services/email-triage';
import { defineJob } from '../define';

export const emailTriage = defineJob('email.triage', {
  queue: { retryLimit: 3, retryDelay: 10, retryBackoff: true, expireInSeconds: 180 },
  async handler(payload, services) {
    const outcome = await triageEmail(services, payload);
    return outcome.status === 'triaged'
      ? { category: outcome.triage.category, source: outcome.source }
      : outcome;
  },
});
