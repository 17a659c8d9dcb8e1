// A deploy stops workers with SIGTERM while they drain a backlog: nothing acknowledged is lost.
// The server (acknowledging only), the workers and a server running its worker inline are real
// processes; each is stopped mid-drain, and what it had started is finished or handed back.
import { createTestDatabase } from '@flux/db/testing';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, expect, inject, it } from 'vitest';
import { type AppProcess, spawnApp } from '../../test/process';
import {
  APP_SECRET,
  inboxState,
  postBurst,
  seedShop,
  storedMessages,
  until,
} from '../../test/webhook-burst';

const PHONE_NUMBER_ID = '107000000000002';
let database: Awaited<ReturnType<typeof createTestDatabase>>;
const started: AppProcess[] = [];

beforeAll(async () => {
  database = await createTestDatabase(inject('pgServerUrl'), inject('pgTemplate'));
  await seedShop(database.db, PHONE_NUMBER_ID, 'graceful');
});
afterAll(async () => {
  for (const app of started) app.child.kill('SIGKILL');
  await database?.drop();
});

function start(mode: 'server' | 'worker', runWorker = false) {
  const app = spawnApp({
    mode,
    env: {
      DATABASE_URL: database.url,
      RUN_WORKER: String(runWorker),
      LOG_LEVEL: 'info',
      WHATSAPP_APP_SECRET: APP_SECRET,
      WHATSAPP_SANDBOX: 'false',
      SHUTDOWN_TIMEOUT: '20',
    },
  });
  started.push(app);
  return app;
}

/** SIGTERM once the process has stored some of the backlog; how it stopped. */
async function stopMidDrain(app: AppProcess, from: number) {
  await until(async () => (await storedMessages(database.db)) > from, 30_000, 'draining');
  const at = Date.now();
  app.child.kill('SIGTERM');
  const code = await app.exited;
  return { code, seconds: (Date.now() - at) / 1000, stored: await storedMessages(database.db) };
}

it('SIGTERM mid-drain to a worker, then to a server running its worker inline: 0 lost, 0 parked', async () => {
  const EVENTS = 2_000;
  const PER_EVENT = 3;
  const TOTAL = EVENTS * PER_EVENT;
  const base = await start('server').url();
  // The backlog: acknowledged while no worker runs.
  await postBurst(base, PHONE_NUMBER_ID, 0, EVENTS, PER_EVENT);
  expect(await storedMessages(database.db)).toBe(0);

  const worker = start('worker');
  const first = await stopMidDrain(worker, 0);
  expect(first.code).toBe(0);
  expect(first.seconds).toBeLessThan(10);
  expect(first.stored).toBeLessThan(TOTAL); // it stopped claiming: the rest waits in the inbox
  expect(worker.output()).not.toMatch(/Jobs are not started/);

  const inline = start('server', true);
  const second = await stopMidDrain(inline, first.stored);
  expect(second.code).toBe(0);
  expect(second.seconds).toBeLessThan(10);

  // Nothing counted against any event, nothing parked: infrastructure never blames an event.
  const state = await inboxState(database.db);
  expect(state.failed).toBeUndefined();
  expect(state.received?.failures ?? 0).toBe(0);

  start('worker');
  await until(
    async () => (await storedMessages(database.db)) >= TOTAL,
    60_000,
    'the whole backlog',
  );
  await until(
    async () => (await inboxState(database.db)).received === undefined,
    10_000,
    'an empty inbox',
  );
  expect(await storedMessages(database.db)).toBe(TOTAL);
  const unread = await database.db.execute<{ n: number }>(
    sql`select sum(unread_count)::int as n from conversations`,
  );
  expect(unread.rows[0]?.n).toBe(TOTAL);
  expect((await inboxState(database.db)).failed).toBeUndefined();
  // Every conversation got its analysis job (enqueued in the ingest's transactions).
  const analyses = await database.db.execute<{ n: number }>(
    sql`select count(distinct data->>'conversationId')::int as n from pgboss.job where name = 'ai.analyze-conversation'`,
  );
  expect(analyses.rows[0]?.n).toBe(20);
}, 150_000);
