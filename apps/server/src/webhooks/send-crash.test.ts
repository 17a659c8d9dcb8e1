// A worker killed with SIGKILL while Meta is answering its sends (Meta has the messages, we never
// stored its answer): nothing is sent again. The worker, the next worker and the server that
// hears Meta's receipts are real processes; Meta is a fake Graph API in this process, slow to
// answer, that plays its signed receipts back to the server like Meta does.

import { openConversation, useTestApp } from '@flux/api/testing';
import { schema } from '@flux/db';
import { type FakeGraph, startFakeGraph } from '@flux/integrations';
import { inArray } from 'drizzle-orm';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { type AppProcess, spawnApp } from '../../test/process';
import { APP_SECRET, until } from '../../test/webhook-burst';

const TOKEN = 'EAAG-send-crash';
const PHONE_NUMBER_ID = '108000000000001';
const replay = { url: '', appSecret: APP_SECRET, delayMs: 3_000 };
let graph: FakeGraph;
const started: AppProcess[] = [];

beforeAll(async () => {
  graph = await startFakeGraph({ replayStatusesTo: replay });
  graph.addNumber({
    phoneNumberId: PHONE_NUMBER_ID,
    displayPhoneNumber: '+221 77 000 00 03',
    verifiedName: 'Shop',
    accessToken: TOKEN,
  });
});
const app = useTestApp();
afterAll(async () => {
  for (const process of started) process.child.kill('SIGKILL');
  await graph?.close();
});

function start(mode: 'server' | 'worker') {
  const process = spawnApp({
    mode,
    env: {
      DATABASE_URL: app.url,
      RUN_WORKER: 'false',
      LOG_LEVEL: 'info',
      WHATSAPP_APP_SECRET: APP_SECRET,
      WHATSAPP_SANDBOX: 'false',
      WHATSAPP_API_BASE_URL: graph.url,
    },
  });
  started.push(process);
  return process;
}

it("a worker killed between Meta's accept and its answer: each message sent once, settled by Meta's receipts", async () => {
  const owner = await app.signUp();
  await app.services.db.insert(schema.whatsappAccounts).values({
    businessId: owner.businessId,
    phoneNumberId: PHONE_NUMBER_ID,
    wabaId: '1',
    displayPhoneNumber: '+221 77 000 00 03',
    accessToken: TOKEN,
  });
  const { conversationId } = await openConversation(app, owner.businessId, {
    phone: '+221776600002',
  });
  replay.url = `${await start('server').url()}/webhooks/whatsapp`;
  const worker = start('worker');
  await worker.waitFor(/worker started/);

  // Meta takes the messages at once but answers only after 5 s: the worker is killed before.
  graph.setLatency(5_000);
  const ids: string[] = [];
  for (let i = 0; i < 3; i++) {
    const message = await owner.caller.conversations.sendMessage({
      conversationId,
      clientMessageId: `crash-click-${i}`,
      text: `Votre commande part ce soir (${i})`,
    });
    ids.push(message.id);
  }
  await until(() => graph.sent.length >= 3, 15_000, 'Meta to receive the three messages');
  worker.child.kill('SIGKILL');
  await worker.exited;
  graph.setLatency(0);
  start('worker');

  // Meta's receipts carry our ids back (biz_opaque_callback_data): each message gets its wamid.
  const rows = () =>
    app.services.db.select().from(schema.messages).where(inArray(schema.messages.id, ids));
  await until(
    async () => (await rows()).every((row) => row.status === 'read'),
    30_000,
    'the receipts to settle the three messages',
  );
  expect(graph.sent).toHaveLength(3);
  for (const row of await rows()) {
    const atMeta = graph.sent.find((sent) => sent.body.biz_opaque_callback_data === row.id);
    expect(row.externalId).toBe(atMeta?.id);
    expect(row.sendAttempts).toBe(1);
  }
}, 90_000);
