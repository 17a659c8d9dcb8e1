// SMS providers' callbacks: delivery reports of the notifications we sent, and customers' texts
// to the business's number (STOP). Each business's callbacks are checked with its own keys:
// Africa's Talking signs nothing, so the URL it is given carries an HMAC of the business id under
// the account's callback secret (settings.sms.get shows it); Twilio signs each request with the
// account's auth token (X-Twilio-Signature over our public URL and the form). A forged or
// unknown callback gets 403 and changes nothing; a valid one 200 (the provider retries otherwise).
import { type AppServices, applyInboundSms, applySmsReport, smsCallbackKeys } from '@flux/api';
import {
  parseAfricasTalkingReport,
  parseTwilioStatusCallback,
  statusCallbackRef,
  verifyCallbackToken,
  verifyTwilioSignature,
} from '@flux/integrations';
import { type Context, Hono } from 'hono';
import { bodyLimit } from 'hono/body-limit';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Form fields as strings (a repeated field keeps its last value, as both providers send one). */
async function formOf(c: Context): Promise<Record<string, string> | null> {
  const type = c.req.header('content-type') ?? '';
  if (!type.startsWith('application/x-www-form-urlencoded')) return null;
  const params = new URLSearchParams(await c.req.text());
  return Object.fromEntries(params);
}

export function smsWebhooks(services: AppServices) {
  const app = new Hono();
  // Reports and texts are a few hundred bytes.
  app.use('*', bodyLimit({ maxSize: 16 * 1024, onError: (c) => c.text('Too large', 413) }));

  app.post('/africastalking', async (c) => {
    const businessId = new URL(c.req.url).searchParams.get('business') ?? '';
    if (!UUID.test(businessId)) return c.text('Unknown callback', 403);
    const keys = await smsCallbackKeys(services.db, { businessId });
    if (
      keys?.provider !== 'africastalking' ||
      !verifyCallbackToken(c.req.url, keys.callbackSecret)
    ) {
      return c.text('Unknown callback', 403);
    }
    const form = await formOf(c);
    if (!form) return c.text('Expected a form', 415);
    // An incoming message: `from`, `to`, `text`; a delivery report: `id`, `status`.
    if (typeof form.text === 'string' && form.from) {
      await applyInboundSms(services.db, { businessId, from: form.from, text: form.text });
      return c.text('OK');
    }
    const report = parseAfricasTalkingReport(form);
    if (!report) return c.text('Not a delivery report', 400);
    await applySmsReport(services.db, { businessId, provider: 'africastalking', report });
    return c.text('OK');
  });

  app.post('/twilio/:businessId', async (c) => {
    const businessId = c.req.param('businessId');
    if (!UUID.test(businessId)) return c.text('Unknown callback', 403);
    const keys = await smsCallbackKeys(services.db, { businessId });
    const form = await formOf(c);
    if (!form) return c.text('Expected a form', 415);
    // Twilio signs the URL it called: ours as the public sees it, not as the proxy passed it on.
    const called = new URL(c.req.url);
    const publicUrl = `${services.config.publicUrl.replace(/\/$/, '')}${called.pathname}${called.search}`;
    const signed =
      keys?.provider === 'twilio' &&
      verifyTwilioSignature({
        authToken: keys.apiKey,
        url: publicUrl,
        params: form,
        signature: c.req.header('x-twilio-signature'),
      });
    if (!signed) return c.text('Unknown callback', 403);
    if (typeof form.Body === 'string' && form.From && !form.MessageStatus) {
      await applyInboundSms(services.db, { businessId, from: form.From, text: form.Body });
      return c.text('OK');
    }
    const report = parseTwilioStatusCallback(form);
    if (!report) return c.text('Not a status callback', 400);
    await applySmsReport(services.db, {
      businessId,
      provider: 'twilio',
      report,
      ref: statusCallbackRef(publicUrl),
    });
    return c.text('OK');
  });
  return app;
}
