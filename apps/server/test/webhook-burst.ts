// Test support for the process-level webhook tests: a shop with a WhatsApp number, bursts of
// signed webhooks posted to a real server, and counts read from the database.
import type { Database } from '@flux/db';
import { schema } from '@flux/db';
import { textMessage, webhookPayload } from '@flux/integrations';
import { sql } from 'drizzle-orm';
import { postSignedWebhook } from './http';

export const APP_SECRET = 'flux-dev-app-secret';

/** A business (AI on, as by default) with one connected number. */
export async function seedShop(db: Database, phoneNumberId: string, slug: string) {
  const [business] = await db
    .insert(schema.businesses)
    .values({
      name: slug,
      slug,
      country: 'SN',
      currency: 'XOF',
      settings: schema.defaultBusinessSettings,
    })
    .returning();
  await db.insert(schema.whatsappAccounts).values({
    businessId: business?.id ?? '',
    phoneNumberId,
    wabaId: '1',
    displayPhoneNumber: '+221 77 000 00 00',
    accessToken: `${slug}-token`,
  });
  return business?.id ?? '';
}

/** Posts one signed webhook carrying `payload`; resolves with the response's status. */
export async function postWebhook(base: string, payload: unknown) {
  const response = await postSignedWebhook(base, APP_SECRET, payload);
  await response.arrayBuffer();
  return response.status;
}

/**
 * Posts webhooks `from`..`from + count - 1` (16 at a time), each with `perEvent` text messages
 * from 20 customers; every one must be acknowledged with 200.
 */
export async function postBurst(
  base: string,
  phoneNumberId: string,
  from: number,
  count: number,
  perEvent = 1,
) {
  let next = from;
  await Promise.all(
    Array.from({ length: 16 }, async () => {
      while (next < from + count) {
        const i = next++;
        const status = await postWebhook(
          base,
          webhookPayload({
            phoneNumberId,
            messages: Array.from({ length: perEvent }, (_, k) =>
              textMessage(`2217700${String(1000 + (i % 20))}`, `Message ${i}.${k}`),
            ),
          }),
        );
        if (status !== 200) throw new Error(`webhook ${i} answered ${status}`);
      }
    }),
  );
}

export async function until(probe: () => boolean | Promise<boolean>, ms: number, what: string) {
  const deadline = Date.now() + ms;
  while (!(await probe())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

export const storedMessages = async (db: Database) =>
  Number(
    (await db.execute<{ n: number }>(sql`select count(*)::int as n from messages`)).rows[0]?.n,
  );

/** Webhook events by status, with those that counted a failure. */
export async function inboxState(db: Database) {
  const { rows } = await db.execute<{ status: string; n: number; failures: number }>(sql`
    select status::text, count(*)::int as n, count(*) filter (where attempts > 0 and status <> 'processed')::int as failures
    from webhook_events group by status`);
  return Object.fromEntries(rows.map((row) => [row.status, { n: row.n, failures: row.failures }]));
}
