// Outbound WhatsApp through the real job runner (pg-boss workers in this process) against a fake
// Graph API that is slow, failing or both: every message is sent exactly once, or marked
// `unknown` for a person to check, never twice.
import { schema } from '@flux/db';
import {
  type FakeGraph,
  startFakeGraph,
  statusReceipt,
  wamid,
  webhookPayload,
} from '@flux/integrations';
import { eq, inArray, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sendQueuedMessage } from '../../services/whatsapp-send';
import { openConversation, useTestApp } from '../../testing';
import { drainWebhookEvents } from '../../webhook-inbox';
import { type JobRunner, startJobs } from '../registry';
import { whatsappSettleSends } from './send';

const SEND_TIMEOUT_MS = 1_000;
let graph: FakeGraph;
let runner: JobRunner;
beforeAll(async () => {
  graph = await startFakeGraph();
});
const app = useTestApp({
  whatsappApiBaseUrl: () => graph.url,
  whatsappSendTimeoutMs: SEND_TIMEOUT_MS,
});
beforeAll(async () => {
  runner = await startJobs(app.url, app.services, { work: true, migrate: false, schedule: false });
});
afterAll(async () => {
  await runner?.stop();
  await graph?.close();
});

const TOKEN = 'EAAGm0PX4ZCpsBAKZB-discipline';
const PHONE_NUMBER_ID = '4100000000001';
let shop: { businessId: string; conversationId: string } | undefined;
let clicks = 0;

async function conversation() {
  if (shop) return shop;
  const owner = await app.signUp();
  graph.addNumber({
    phoneNumberId: PHONE_NUMBER_ID,
    displayPhoneNumber: '+221 77 000 00 02',
    verifiedName: 'Shop',
    accessToken: TOKEN,
  });
  await app.services.db.insert(schema.whatsappAccounts).values({
    businessId: owner.businessId,
    phoneNumberId: PHONE_NUMBER_ID,
    wabaId: '102290129340398',
    displayPhoneNumber: '+221 77 000 00 02',
    accessToken: TOKEN,
  });
  const { conversationId } = await openConversation(app, owner.businessId, {
    phone: '+221776600001',
  });
  shop = { businessId: owner.businessId, conversationId };
  return shop;
}

/** Stores `count` replies as the API does (queued with their send job, in one transaction each). */
async function queueReplies(count: number) {
  const { businessId, conversationId } = await conversation();
  const ids: string[] = [];
  for (let i = 0; i < count; i++) {
    clicks += 1;
    const id = await app.services.db.transaction(async (tx) => {
      const [message] = await tx
        .insert(schema.messages)
        .values({
          businessId,
          conversationId,
          direction: 'out',
          clientMessageId: `click-${clicks}`,
          type: 'text',
          body: `Réponse ${clicks}`,
          status: 'queued',
          authorType: 'user',
        })
        .returning({ id: schema.messages.id });
      await app.services.jobs.send('whatsapp.send', { messageId: message?.id ?? '' }, { db: tx });
      return message?.id ?? '';
    });
    ids.push(id);
  }
  return ids;
}

/** How many times Meta received each message (our id travels as biz_opaque_callback_data). */
const sendsOf = (id: string) =>
  graph.sent.filter((sent) => sent.body.biz_opaque_callback_data === id).length;

const rowsOf = (ids: string[]) =>
  app.services.db.select().from(schema.messages).where(inArray(schema.messages.id, ids));

async function until(probe: () => Promise<boolean>, ms: number, what: string) {
  const deadline = Date.now() + ms;
  while (!(await probe())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

const settledIn = (ids: string[], statuses: string[]) => async () =>
  (await rowsOf(ids)).every((row) => statuses.includes(row.status));

describe('whatsapp.send under a slow or failing Meta', () => {
  it('ten replies to a Meta answering in 600 ms are sent once each, side by side', async () => {
    graph.setLatency(600);
    try {
      const started = Date.now();
      const ids = await queueReplies(10);
      await until(settledIn(ids, ['sent']), 10_000, 'ten sent');
      // One after the other this takes 6 s; at once, a little over one answer's time.
      expect(Date.now() - started).toBeLessThan(4_000);
      expect(ids.map(sendsOf)).toEqual(ids.map(() => 1));
      for (const row of await rowsOf(ids)) {
        expect(row.externalId).toMatch(/^wamid\./);
        expect(row.sendAttempts).toBe(1);
        expect(row.sendingSince).toBeNull();
      }
    } finally {
      graph.setLatency(0);
    }
  });

  it('a Meta slower than the timeout gets the message once; it is marked unknown, never resent, until its receipt says sent', async () => {
    graph.setLatency(SEND_TIMEOUT_MS + 1_500);
    let ids: string[];
    try {
      ids = await queueReplies(1);
      await until(settledIn(ids, ['unknown']), 10_000, 'the reply marked unknown');
      // Meta's late answer arrives, and the job's retry window passes: nothing is sent again.
      await new Promise((resolve) => setTimeout(resolve, 4_000));
    } finally {
      graph.setLatency(0);
    }
    const id = ids[0] ?? '';
    expect(sendsOf(id)).toBe(1);
    const [unknown] = await rowsOf(ids);
    expect(unknown).toMatchObject({ status: 'unknown', errorCode: 'no_answer', sendAttempts: 1 });

    // Meta's receipt carries our id back: the message is known to be sent, with its wamid.
    const accepted = graph.sent.find((sent) => sent.body.biz_opaque_callback_data === id);
    await app.services.db.insert(schema.webhookEvents).values({
      provider: 'whatsapp',
      externalId: wamid(),
      signatureValid: true,
      payload: webhookPayload({
        phoneNumberId: PHONE_NUMBER_ID,
        statuses: [
          statusReceipt(accepted?.id ?? '', 'delivered', '221776600001', {
            biz_opaque_callback_data: id,
          }),
        ],
      }),
    });
    await drainWebhookEvents(app.services.db);
    const [settled] = await rowsOf(ids);
    expect(settled).toMatchObject({
      status: 'delivered',
      externalId: accepted?.id,
      errorCode: null,
    });
  }, 30_000);

  it('errors Meta answers are retried per message: each is sent once, the failing one with its own attempts', async () => {
    // The next two calls get a 500 with Meta's error body: Meta said no, nothing was sent.
    graph.failNext(131000, 'Something went wrong', 2, 500);
    const ids = await queueReplies(3);
    await until(settledIn(ids, ['sent']), 25_000, 'three sent');
    expect(ids.map(sendsOf)).toEqual([1, 1, 1]);
    const attempts = (await rowsOf(ids)).map((row) => row.sendAttempts);
    // Two calls were refused: 5 calls in all, spread over the messages they hit, not the batch.
    expect(attempts.reduce((a, b) => a + b, 0)).toBe(5);
    expect(Math.max(...attempts)).toBeLessThanOrEqual(3);
  }, 30_000);

  it("a gateway's 502 may hide a message Meta took: unknown, never resent; a receipt later settles even one taken for refused", async () => {
    const [id = '', refused = ''] = await queueRepliesWithoutJob(2);
    graph.failNext(1, 'Bad gateway', 1, 502);
    expect(await sendQueuedMessage(app.services, id)).toBe('unknown');
    expect(sendsOf(id)).toBe(0); // the fake refused it; a real proxy may not have
    // A message we marked failed, whose receipt (our id) comes anyway: Meta had it.
    await app.services.db
      .update(schema.messages)
      .set({ status: 'failed', errorCode: '131000' })
      .where(eq(schema.messages.id, refused));
    const receipt = wamid();
    await app.services.db.insert(schema.webhookEvents).values({
      provider: 'whatsapp',
      externalId: wamid(),
      signatureValid: true,
      payload: webhookPayload({
        phoneNumberId: PHONE_NUMBER_ID,
        statuses: [
          statusReceipt(receipt, 'sent', '221776600001', { biz_opaque_callback_data: refused }),
        ],
      }),
    });
    await drainWebhookEvents(app.services.db);
    expect((await rowsOf([refused]))[0]).toMatchObject({ status: 'sent', externalId: receipt });
  });

  it('a message another handler is sending is not sent by a second one', async () => {
    graph.setLatency(400);
    let outcomes: string[];
    let id: string;
    try {
      // No job this time: two handlers are called directly, at once, on the same message.
      [id = ''] = await queueRepliesWithoutJob(1);
      outcomes = await Promise.all([
        sendQueuedMessage(app.services, id),
        sendQueuedMessage(app.services, id),
      ]);
    } finally {
      graph.setLatency(0);
    }
    expect(outcomes.sort()).toEqual(['sent', 'skipped']);
    expect(sendsOf(id)).toBe(1);
  });

  it("a sender that died between Meta's accept and our update leaves an unknown, never a resend", async () => {
    const [retried = '', swept = ''] = await queueRepliesWithoutJob(2);
    // What a killed process leaves: claimed (sending) a while ago, with no answer stored.
    await app.services.db
      .update(schema.messages)
      .set({ status: 'sending', sendingSince: sql`now() - interval '2 minutes'`, sendAttempts: 1 })
      .where(inArray(schema.messages.id, [retried, swept]));
    // pg-boss runs the job again after its expiry: the handler settles, it does not call Meta.
    await app.services.jobs.send('whatsapp.send', { messageId: retried });
    await until(settledIn([retried], ['unknown']), 10_000, 'the retried send settled');
    // The minute sweep settles the other one.
    await whatsappSettleSends.handler({}, app.services, { id: 'sweep', retryCount: 0 });
    const rows = await rowsOf([retried, swept]);
    expect(rows.map((row) => row.status)).toEqual(['unknown', 'unknown']);
    expect(rows.map((row) => row.sendingSince)).toEqual([null, null]);
    expect(sendsOf(retried) + sendsOf(swept)).toBe(0);
    // A send still under way (fresh claim) is left to its handler.
    const [fresh = ''] = await queueRepliesWithoutJob(1);
    await app.services.db
      .update(schema.messages)
      .set({ status: 'sending', sendingSince: sql`now()` })
      .where(eq(schema.messages.id, fresh));
    expect(await sendQueuedMessage(app.services, fresh)).toBe('skipped');
    expect((await rowsOf([fresh]))[0]?.status).toBe('sending');
  });
});

/** Queued replies with no job (the test drives the handler itself). */
async function queueRepliesWithoutJob(count: number) {
  const { businessId, conversationId } = await conversation();
  const rows = await app.services.db
    .insert(schema.messages)
    .values(
      Array.from({ length: count }, () => {
        clicks += 1;
        return {
          businessId,
          conversationId,
          direction: 'out' as const,
          clientMessageId: `click-${clicks}`,
          type: 'text' as const,
          body: `Réponse ${clicks}`,
          status: 'queued' as const,
          authorType: 'user' as const,
        };
      }),
    )
    .returning({ id: schema.messages.id });
  return rows.map((row) => row.id);
}
