// Test support over plain HTTP, for servers spawned as processes or started in the test's own: a
// tRPC call, the demo owner's sign-in, a reader of the live events' SSE stream, a shop with a WhatsApp number, and Meta's
// signed webhooks (one helper signs and posts them all).
import { request } from 'node:http';
import { type Database, schema } from '@flux/db';
import { DEMO_LOGIN, DEMO_PHONE_NUMBER_ID } from '@flux/db/seed';
import { signWebhook, textMessage, webhookPayload } from '@flux/integrations';
import { serverEnv } from '../src/env';

/** POSTs `input` to the procedure at `path` (as the courier app would) and returns its answer. */
export async function trpc<T>(base: string, path: string, input: unknown): Promise<T> {
  const response = await fetch(`${base}/trpc/${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', origin: base },
    body: JSON.stringify({ json: input }),
  });
  const body = (await response.json()) as { result?: { data: { json: T } } };
  if (!response.ok || !body.result) throw new Error(`${path}: ${JSON.stringify(body)}`);
  return body.result.data.json;
}

/** Signs the demo owner in as the dashboard does; the session cookie (`name=value`) to send. */
export async function signInDemo(base: string): Promise<string> {
  const response = await fetch(`${base}/trpc/auth.signIn`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', origin: base },
    body: JSON.stringify({ json: { ...DEMO_LOGIN, client: 'web' } }),
  });
  if (response.status !== 200) throw new Error(`auth.signIn: ${response.status}`);
  return (response.headers.get('set-cookie') ?? '').split(';')[0] ?? '';
}

/**
 * Reads the SSE stream until `ms` pass, or until 500 ms after `pattern` first shows (long enough
 * to see a second copy of the event if one were coming). Resolves with the text and that moment.
 */
export async function readStream(response: Response, pattern: string, ms: number) {
  const reader = response.body?.getReader();
  if (!reader) throw new Error('no body');
  let text = '';
  let seenAt = 0;
  let stop = setTimeout(() => void reader.cancel(), ms);
  for (;;) {
    const chunk = await reader.read().catch(() => ({ done: true, value: undefined }));
    if (chunk.done || !chunk.value) break;
    text += new TextDecoder().decode(chunk.value);
    if (!seenAt && text.includes(pattern)) {
      seenAt = performance.now();
      clearTimeout(stop);
      stop = setTimeout(() => void reader.cancel(), 500);
    }
  }
  clearTimeout(stop);
  return { text, seenAt };
}

/** A new owner with their shop, and a WhatsApp number of the shop's that webhooks can name. */
export async function shopWithWhatsapp(base: string, db: Database, label: string) {
  const owner = await trpc<{ token: string; businessId: string }>(base, 'auth.signUp', {
    email: `${label}-${Date.now()}@example.test`,
    password: 'correct horse battery',
    name: 'Awa',
    businessName: label,
    client: 'app',
  });
  const phoneNumberId = String(108_000_000_000_000 + Math.floor(Math.random() * 1e12));
  await db.insert(schema.whatsappAccounts).values({
    businessId: owner.businessId,
    phoneNumberId,
    wabaId: '1',
    displayPhoneNumber: '+221 77 000 00 03',
    accessToken: `${label}-token`,
  });
  return { ...owner, phoneNumberId };
}

/**
 * POSTs `payload` to the server's WhatsApp webhook as Meta does: JSON, signed with `appSecret` in
 * X-Hub-Signature-256. Resolves with the server's answer.
 */
export function postSignedWebhook(base: string, appSecret: string, payload: unknown) {
  const body = JSON.stringify(payload);
  return fetch(`${base}/webhooks/whatsapp`, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      'x-hub-signature-256': signWebhook(body, appSecret),
    },
    body,
  });
}

/** Meta's webhook of one inbound message, signed with `appSecret`, as Meta would post it. */
export function postWhatsappMessage(
  base: string,
  appSecret: string,
  phoneNumberId: string,
  message: ReturnType<typeof textMessage>,
) {
  return postSignedWebhook(base, appSecret, webhookPayload({ phoneNumberId, messages: [message] }));
}

/**
 * A customer's text to the demo shop's WhatsApp number, posted by Meta to a server started in
 * this process (useTestServer: it checks signatures with this process's WHATSAPP_APP_SECRET).
 * Throws unless the server acknowledges it with 200.
 */
export async function postDemoCustomerText(
  base: string,
  customer: { waId: string; name: string },
  text: string,
): Promise<void> {
  const response = await postSignedWebhook(
    base,
    serverEnv.WHATSAPP_APP_SECRET,
    webhookPayload({
      phoneNumberId: DEMO_PHONE_NUMBER_ID,
      contacts: [customer],
      messages: [textMessage(customer.waId, text)],
    }),
  );
  await response.arrayBuffer();
  if (response.status !== 200) {
    throw new Error(`the WhatsApp webhook answered ${response.status}, not 200`);
  }
}

/** A GET through node:http, which (unlike fetch) shows the answer's bytes as they came, encoding and all. */
export function rawGet(
  url: string,
  headers: Record<string, string>,
): Promise<{
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: Buffer;
}> {
  return new Promise((resolve, reject) => {
    const req = request(url, { headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () =>
        resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }),
      );
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end();
  });
}
