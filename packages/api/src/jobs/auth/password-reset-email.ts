// `auth.password-reset-email`: the "forgotten password" email, sent after the reset committed.
import { sendPasswordResetEmail } from '../../services/password-reset';
import { defineJob } from '../define';

export const passwordResetEmail = defineJob('auth.password-reset-email', {
  // Well inside the expiry: the mailer gives up after 10 s.
  queue: { retryLimit: 5, retryDelay: 10, retryBackoff: true, expireInSeconds: 120 },
  async handler(payload, services) {
    return { outcome: await sendPasswordResetEmail(services, payload.resetId) };
  },
});
