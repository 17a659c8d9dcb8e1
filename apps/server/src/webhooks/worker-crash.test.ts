// Processes die without warning: killing the worker in the middle of a burst loses and duplicates
// nothing, and a server killed right after acknowledging leaves nothing waiting for the minute
// sweep. The server (acknowledging only) and the workers are real processes, killed with SIGKILL.
import { schema } from '@flux/db';
import { createTestDatabase } from '@flux/db/testing';
import { textMessage, webhookPayload } from '@flux/integrations';
import { eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, expect, inject, it } from 'vitest';
import { type AppProcess, spawnApp } from '../../test/process';
import {
  APP_SECRET,
  postBurst,
  postWebhook,
  seedShop,
  storedMessages,
  until,
} from '../../test/webhook-burst';

const PHONE_NUMBER_ID = '107000000000001';
let database: Awaited<ReturnType<typeof createTestDatabase>>;
const started: AppProcess[] = [];

beforeAll(async () => {
  database = await createTestDatabase(inject('pgServerUrl'), inject('pgTemplate'));
  await seedShop(database.db, PHONE_NUMBER_ID, 'crash');
});
afterAll(async () => {
  for (const app of started) app.child.kill('SIGKILL');
  await database?.drop();
});

function start(mode: 'server' | 'worker') {
  const app = spawnApp({
    mode,
    env: {
      DATABASE_URL: database.url,
      RUN_WORKER: 'false',
      LOG_LEVEL: 'info',
      WHATSAPP_APP_SECRET: APP_SECRET,
      WHATSAPP_SANDBOX: 'false',
    },
  });
  started.push(app);
  return app;
}

it('a worker killed mid-burst loses and duplicates nothing once another starts', async () => {
  const base = await start('server').url();
  const worker = start('worker');
  await worker.waitFor(/worker started/);

  // A burst; as soon as the worker is draining it (woken by the inbox's NOTIFY, it drains while
  // the burst still arrives), kill it without a chance to clean up.
  const burst = postBurst(base, PHONE_NUMBER_ID, 0, 800);
  await until(async () => (await storedMessages(database.db)) >= 20, 30_000, 'draining');
  worker.child.kill('SIGKILL');
  const before = await storedMessages(database.db);
  await burst;
  // More arrives while no worker runs: acknowledged, stored, waiting.
  await postBurst(base, PHONE_NUMBER_ID, 800, 300);
  const TOTAL = 1_100;
  expect(before).toBeLessThan(800); // killed mid-drain of the first burst

  start('worker');
  await until(
    async () => (await storedMessages(database.db)) >= TOTAL,
    45_000,
    `all ${TOTAL} messages (had ${before})`,
  );
  await new Promise((resolve) => setTimeout(resolve, 500));
  expect(await storedMessages(database.db)).toBe(TOTAL);
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

it('a message acknowledged by a server killed at once is drained by a worker elsewhere within seconds', async () => {
  const server = start('server');
  const base = await server.url();
  await start('worker').waitFor(/worker started/);
  const before = await storedMessages(database.db);
  // The workers that survive are idle, their drains asleep; away from a minute's turn, when their
  // sweep runs, so that only the inbox's NOTIFY can wake them within the bound below.
  await new Promise((resolve) => setTimeout(resolve, 1_000));
  const second = () => new Date().getUTCSeconds();
  await until(() => second() >= 5 && second() < 50, 60_000, 'a mid-minute moment');
  const status = await postWebhook(
    base,
    webhookPayload({
      phoneNumberId: PHONE_NUMBER_ID,
      messages: [textMessage('221770009999', 'Vous êtes ouverts ?')],
    }),
  );
  // Killed before its own nudge (sent 25 ms after the commit) can leave.
  server.child.kill('SIGKILL');
  const acknowledged = Date.now();
  expect(status).toBe(200);
  await until(
    async () => (await storedMessages(database.db)) > before,
    8_000,
    'the message stored by the surviving worker',
  );
  // The minute sweep would take up to 60 s; the worker heard the inbox's NOTIFY.
  expect(Date.now() - acknowledged).toBeLessThan(4_000);
}, 90_000);
