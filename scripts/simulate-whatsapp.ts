// Plays Meta for a running `pnpm start`: one customer text, shaped as the WhatsApp Cloud API sends
// it and signed with the app secret, POSTed to /webhooks/whatsapp. The demo shop then shows it in
// its inbox (and the AI analyses it) as if a customer had written on WhatsApp.
// Run: pnpm simulate:whatsapp --from 221771234567 --text "Bonjour"
//      [--name "Fatou"] [--url http://localhost:3000] [--phone-number-id 100000000000001]
//      [--secret flux-dev-app-secret]
import { parseArgs } from 'node:util';
import { DEMO_PHONE_NUMBER_ID } from '@flux/db/seed';
import { signWebhook, textMessage, webhookPayload } from '@flux/integrations';

/** `WHATSAPP_APP_SECRET`'s development default (apps/server/src/env.ts). */
const DEV_APP_SECRET = 'flux-dev-app-secret';

const { values } = parseArgs({
  options: {
    from: { type: 'string', default: '221771234567' },
    text: { type: 'string', default: 'Bonjour' },
    name: { type: 'string' },
    url: { type: 'string', default: 'http://localhost:3000' },
    'phone-number-id': { type: 'string', default: DEMO_PHONE_NUMBER_ID },
    secret: { type: 'string', default: DEV_APP_SECRET },
  },
});

// Meta writes the sender's number as digits only, country code first.
const from = values.from.replace(/^\+/, '');
const message = textMessage(from, values.text);
const body = JSON.stringify(
  webhookPayload({
    phoneNumberId: values['phone-number-id'],
    contacts: [{ waId: from, ...(values.name ? { name: values.name } : {}) }],
    messages: [message],
  }),
);

const url = new URL('/webhooks/whatsapp', values.url);
const response = await fetch(url, {
  method: 'POST',
  headers: {
    'content-type': 'application/json',
    'x-hub-signature-256': signWebhook(body, values.secret),
  },
  body,
});
const answer = await response.text();
console.log(
  `POST ${url} → ${response.status} ${response.statusText}${answer ? `: ${answer}` : ''}`,
);
console.log(`wamid ${message.id}, from ${from}: ${JSON.stringify(values.text)}`);
if (!response.ok) process.exitCode = 1;
