// Killing the worker in the middle of a burst loses nothing and duplicates nothing: the server
// (acknowledging only) and the worker are real processes; the worker is killed with SIGKILL.
import type { ChildProcess } from 'node:child_process';
import { schema } from '@flux/db';
import { createTestDatabase } from '@flux/db/testing';
import { signWebhook, textMessage, webhookPayload } from '@flux/integrations';
import { eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, expect, inject, it } from 'vitest';
import { spawnApp } from '../../test/process';

const SECRET = 'flux-dev-app-secret';
const PHONE_NUMBER_ID = '107000000000001';
let database: Awaited<ReturnType<typeof createTestDatabase>>;
const children: ChildProcess[] = [];

beforeAll(async () => {
  database = await createTestDatabase(inject('pgServerUrl'), inject('pgTemplate'));
  const [business] = await database.db
    .insert(schema.businesses)
    .values({
      name: 'Crash',
      slug: 'crash',
      country: 'SN',
      currency: 'XOF',
      settings: schema.defaultBusinessSettings,
    })
    .returning();
  await database.db.insert(schema.whatsappAccounts).values({
    businessId: business?.id ?? '',
    phoneNumberId: PHONE_NUMBER_ID,
    wabaId: '1',
    displayPhoneNumber: '+221 77 000 00 00',
    accessToken: 'crash-test',
  });
});
afterAll(async () => {
  for (const child of children) child.kill('SIGKILL');
  await database?.drop();
});

function start(mode: 'server' | 'worker') {
  const app = spawnApp({
    mode,
    env: {
      DATABASE_URL: database.url,
      RUN_WORKER: 'false',
      LOG_LEVEL: 'info',
      WHATSAPP_APP_SECRET: SECRET,
      WHATSAPP_SANDBOX: 'false',
    },
  });
  children.push(app.child);
  return app;
}

async function until(probe: () => boolean | Promise<boolean>, ms: number, what: string) {
  const deadline = Date.now() + ms;
  while (!(await probe())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

const stored = async () =>
  Number(
    (await database.db.execute<{ n: number }>(sql`select count(*)::int as n from messages`)).rows[0]
      ?.n,
  );

it('a worker killed mid-burst loses and duplicates nothing once another starts', async () => {
  const base = await start('server').url();
  const worker = start('worker');
  await worker.waitFor(/worker started/);

  const send = async (from: number, count: number) => {
    let next = from;
    await Promise.all(
      Array.from({ length: 16 }, async () => {
        while (next < from + count) {
          const i = next++;
          const body = JSON.stringify(
            webhookPayload({
              phoneNumberId: PHONE_NUMBER_ID,
              messages: [textMessage(`2217700${String(1000 + (i % 20))}`, `Message ${i}`)],
            }),
          );
          const response = await fetch(`${base}/webhooks/whatsapp`, {
            method: 'POST',
            headers: {
              'content-type': 'application/json',
              'x-hub-signature-256': signWebhook(body, SECRET),
            },
            body,
          });
          expect(response.status).toBe(200);
          await response.arrayBuffer();
        }
      }),
    );
  };
  // A burst; as soon as the worker is draining it, kill it without a chance to clean up.
  await send(0, 800);
  await until(async () => (await stored()) >= 20, 30_000, 'the worker to start draining');
  worker.child.kill('SIGKILL');
  const before = await stored();
  // More arrives while no worker runs: acknowledged, stored, waiting.
  await send(800, 300);
  const TOTAL = 1_100;
  expect(before).toBeLessThan(800); // killed mid-drain of the first burst

  start('worker');
  await until(
    async () => (await stored()) >= TOTAL,
    45_000,
    `all ${TOTAL} messages (had ${before})`,
  );
  await new Promise((resolve) => setTimeout(resolve, 500));
  expect(await stored()).toBe(TOTAL);
  // Each message was counted once: unread counts add up to the burst, nothing left or failed.
  const unread = await database.db.execute<{ n: number }>(
    sql`select sum(unread_count)::int as n from conversations`,
  );
  expect(unread.rows[0]?.n).toBe(TOTAL);
  const leftovers = await database.db
    .select()
    .from(schema.webhookEvents)
    .where(eq(schema.webhookEvents.status, 'received'));
  expect(leftovers).toHaveLength(0);
}, 120_000);
