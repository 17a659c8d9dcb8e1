// `email.triage`: the AI's reading of one new inbound email (category, priority, summary, a reply
// to start from, order lines), sent by the sync in the transaction that stores the email, so
// each email asks once; a retry or a second job finds it triaged and changes nothing.
import { triageEmail } from '../../services/email-triage';
import { defineJob } from '../define';

export const emailTriage = defineJob('email.triage', {
  // Gemini's client gives up after its timeout (and one retry): well inside the 120 s expiry.
  queue: {
    policy: 'stately',
    retryLimit: 3,
    retryDelay: 10,
    retryBackoff: true,
    expireInSeconds: 120,
  },
  async handler(payload, services) {
    const outcome = await triageEmail(services, payload);
    if (outcome.status === 'triaged') {
      await services.live
        .publish(payload.businessId, { type: 'email.thread', accountId: outcome.accountId })
        .catch((error: unknown) => services.log.warn({ err: error }, 'email live event lost'));
      return { category: outcome.triage.category, source: outcome.source };
    }
    return outcome;
  },
});
