import { schema } from '@flux/db';
import {
  type FakeGraph,
  startFakeGraph,
  usernameTextMessage,
  wamid,
  webhookPayload,
} from '@flux/integrations';
import { eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openConversation, type TestUser, useTestApp } from '../testing';
import { ingestWebhookEvent } from '../webhook-inbox';
import { SEND_ATTEMPTS, sendQueuedMessage, whatsappRecipient } from './whatsapp-send';

let graph: FakeGraph;
beforeAll(async () => {
  graph = await startFakeGraph();
});
afterAll(() => graph.close());
const app = useTestApp({ whatsappApiBaseUrl: () => graph.url });
const TOKEN = 'EAAGm0PX4ZCpsBAKZB-send-tests';
let n = 0;

/** A connected shop with a conversation whose window is open (or closed). */
async function thread(windowOpen = true) {
  const { owner } = await connectedShop();
  const [prospect] = await app.services.db
    .insert(schema.prospects)
    .values({
      businessId: owner.businessId,
      phone: `+2217766${String(n).padStart(5, '0')}`,
      waId: `2217766${String(n).padStart(5, '0')}`,
    })
    .returning();
  const [conversation] = await app.services.db
    .insert(schema.conversations)
    .values({
      businessId: owner.businessId,
      prospectId: prospect?.id ?? '',
      channel: 'whatsapp',
      serviceWindowEndsAt: new Date(Date.now() + (windowOpen ? 3_600_000 : -3_600_000)),
    })
    .returning();
  return {
    owner: owner as TestUser,
    conversationId: conversation?.id ?? '',
    waId: prospect?.waId ?? '',
  };
}

/** A shop whose WhatsApp number is connected (and known to the fake Graph API). */
async function connectedShop() {
  n += 1;
  const owner = await app.signUp();
  const phoneNumberId = `4000000${Date.now() % 1e6}${n}`;
  graph.addNumber({
    phoneNumberId,
    displayPhoneNumber: '+221 77 000 00 01',
    verifiedName: 'Shop',
    accessToken: TOKEN,
  });
  await owner.caller.settings.whatsapp.connect({
    phoneNumberId,
    wabaId: '102290129340398',
    displayPhoneNumber: '+221 77 000 00 01',
    accessToken: TOKEN,
  });
  return { owner: owner as TestUser, phoneNumberId };
}

const sendJobs = async (messageId: string) =>
  (
    await app.services.db.execute<{ n: number }>(
      sql`select count(*)::int as n from pgboss.job where name = 'whatsapp.send' and data->>'messageId' = ${messageId}`,
    )
  ).rows[0]?.n;

describe('conversations.sendMessage', () => {
  it('stores the reply as queued with its send job; the job sends it and records the wamid', async () => {
    const { owner, conversationId, waId } = await thread();
    const queued = await owner.caller.conversations.sendMessage({
      conversationId,
      clientMessageId: 'click-0001',
      text: 'Oui, 7 500 F le pagne',
    });
    expect(queued).toMatchObject({
      status: 'queued',
      direction: 'out',
      authorType: 'user',
      body: 'Oui, 7 500 F le pagne',
    });
    expect(await sendJobs(queued.id)).toBe(1);
    expect(await sendQueuedMessage(app.services, queued.id)).toBe('sent');
    const [sent] = await app.services.db
      .select()
      .from(schema.messages)
      .where(eq(schema.messages.id, queued.id));
    expect(sent).toMatchObject({ status: 'sent' });
    expect(sent?.externalId).toMatch(/^wamid\./);
    expect(graph.sent.at(-1)?.body).toMatchObject({
      to: waId,
      type: 'text',
      text: { body: 'Oui, 7 500 F le pagne' },
    });
    // Running the job again sends nothing more.
    expect(await sendQueuedMessage(app.services, queued.id)).toBe('skipped');
  });

  it('the same clientMessageId twice (a retried click) is one message and one send', async () => {
    const { owner, conversationId } = await thread();
    const [a, b] = await Promise.all([
      owner.caller.conversations.sendMessage({
        conversationId,
        clientMessageId: 'click-0002',
        text: 'Merci !',
      }),
      owner.caller.conversations.sendMessage({
        conversationId,
        clientMessageId: 'click-0002',
        text: 'Merci !',
      }),
    ]);
    expect(a.id).toBe(b.id);
    expect(await sendJobs(a.id)).toBe(1);
  });

  it('a clientMessageId reused in another conversation is refused, never answered with the other message', async () => {
    const { owner, conversationId } = await thread();
    const first = await owner.caller.conversations.sendMessage({
      conversationId,
      clientMessageId: 'click-reused-1',
      text: 'Pour Awa',
    });
    // A second conversation of the same shop: a client bug reuses the id.
    const other = await openConversation(app, owner.businessId, { phone: '+221776699001' });
    await expect(
      owner.caller.conversations.sendMessage({
        conversationId: other.conversationId,
        clientMessageId: 'click-reused-1',
        text: 'Pour Moussa',
      }),
    ).rejects.toMatchObject({ code: 'CONFLICT' });
    const inOther = await app.services.db
      .select()
      .from(schema.messages)
      .where(eq(schema.messages.conversationId, other.conversationId));
    expect(inOther).toHaveLength(0);
    expect(await sendJobs(first.id)).toBe(1);
  });

  it('a retried click after the 24 h window closed gets its queued message back, not a refusal', async () => {
    const { owner, conversationId } = await thread();
    const queued = await owner.caller.conversations.sendMessage({
      conversationId,
      clientMessageId: 'click-late-retry',
      text: 'Je vous envoie le lien',
    });
    // The answer was lost; by the time the app retries, the window has closed.
    await app.services.db
      .update(schema.conversations)
      .set({ serviceWindowEndsAt: new Date(Date.now() - 60_000) })
      .where(eq(schema.conversations.id, conversationId));
    const retried = await owner.caller.conversations.sendMessage({
      conversationId,
      clientMessageId: 'click-late-retry',
      text: 'Je vous envoie le lien',
    });
    expect(retried.id).toBe(queued.id);
    expect(await sendJobs(queued.id)).toBe(1);
  });

  it('outside the 24 h window: text is refused before Meta is called; a template goes', async () => {
    const { owner, conversationId } = await thread(false);
    const before = graph.sent.length;
    await expect(
      owner.caller.conversations.sendMessage({
        conversationId,
        clientMessageId: 'click-0003',
        text: 'Bonjour ?',
      }),
    ).rejects.toMatchObject({
      code: 'BAD_REQUEST',
      message: expect.stringContaining('24-hour window is closed'),
    });
    const template = await owner.caller.conversations.sendMessage({
      conversationId,
      clientMessageId: 'click-0004',
      template: { name: 'relance_commande', language: 'fr', parameters: ['Awa'] },
    });
    await sendQueuedMessage(app.services, template.id);
    expect(graph.sent.length).toBe(before + 1);
    expect(graph.sent.at(-1)?.body).toMatchObject({
      type: 'template',
      template: { name: 'relance_commande' },
    });
  });

  it('Meta’s throughput error is retried; another error fails the message with Meta’s reason', async () => {
    const { owner, conversationId } = await thread();
    const first = await owner.caller.conversations.sendMessage({
      conversationId,
      clientMessageId: 'click-0005',
      text: 'Un',
    });
    graph.failNext(130429, 'Rate limit hit', 1);
    // Back in line with a job of its own, a little later; the next call sends it.
    expect(await sendQueuedMessage(app.services, first.id)).toBe('retrying');
    expect(await sendJobs(first.id)).toBe(2);
    expect(await sendQueuedMessage(app.services, first.id)).toBe('sent');

    const second = await owner.caller.conversations.sendMessage({
      conversationId,
      clientMessageId: 'click-0006',
      text: 'Deux',
    });
    graph.failNext(131026, 'Message undeliverable', 1);
    expect(await sendQueuedMessage(app.services, second.id)).toBe('failed');
    const [failed] = await app.services.db
      .select()
      .from(schema.messages)
      .where(eq(schema.messages.id, second.id));
    expect(failed).toMatchObject({
      status: 'failed',
      errorCode: '131026',
      errorTitle: 'Message undeliverable',
    });

    const third = await owner.caller.conversations.sendMessage({
      conversationId,
      clientMessageId: 'click-0007',
      text: 'Trois',
    });
    // Its last call: the same error now fails it.
    await app.services.db
      .update(schema.messages)
      .set({ sendAttempts: SEND_ATTEMPTS - 1 })
      .where(eq(schema.messages.id, third.id));
    graph.failNext(130429, 'Rate limit hit', 1);
    expect(await sendQueuedMessage(app.services, third.id)).toBe('failed');
  });

  it('a customer known only by their username is answered at their BSUID (`recipient`, no `to`)', async () => {
    const { owner, phoneNumberId } = await connectedShop();
    const BSUID = 'CI.13491208655302741918';
    // Their message, as Meta sends it for a username customer: no phone anywhere.
    const [event] = await app.services.db
      .insert(schema.webhookEvents)
      .values({
        provider: 'whatsapp',
        externalId: wamid(),
        signatureValid: true,
        payload: webhookPayload({
          phoneNumberId,
          contacts: [{ userId: BSUID, name: 'Awa', username: 'awa_shop' }],
          messages: [usernameTextMessage(BSUID, 'Bonsoir, vous livrez à Cocody ?')],
        }),
      })
      .returning();
    expect(await ingestWebhookEvent(app.services.db, event?.id ?? '')).toMatchObject({
      status: 'processed',
      messages: 1,
    });
    const [conversation] = await app.services.db
      .select()
      .from(schema.conversations)
      .where(eq(schema.conversations.businessId, owner.businessId));
    const queued = await owner.caller.conversations.sendMessage({
      conversationId: conversation?.id ?? '',
      clientMessageId: 'click-bsuid-1',
      text: 'Oui, demain matin',
    });
    expect(await sendQueuedMessage(app.services, queued.id)).toBe('sent');
    const request = graph.sent.at(-1)?.body;
    expect(request).toMatchObject({
      messaging_product: 'whatsapp',
      recipient: BSUID,
      type: 'text',
      text: { body: 'Oui, demain matin' },
    });
    expect(request).not.toHaveProperty('to');
    const [sent] = await app.services.db
      .select()
      .from(schema.messages)
      .where(eq(schema.messages.id, queued.id));
    expect(sent?.status).toBe('sent');
    expect(sent?.externalId).toMatch(/^wamid\./);
  });

  it('the recipient is the WhatsApp id, else the phone digits, else the BSUID', () => {
    const BSUID = 'SN.13491208655302741918';
    expect(
      whatsappRecipient({ waId: '221771112233', phone: '+221771112233', waUserId: BSUID }),
    ).toBe('221771112233');
    expect(whatsappRecipient({ waId: null, phone: '+221771112233', waUserId: BSUID })).toBe(
      '221771112233',
    );
    expect(whatsappRecipient({ waId: null, phone: null, waUserId: BSUID })).toBe(BSUID);
    expect(whatsappRecipient({ waId: null, phone: null, waUserId: null })).toBeNull();
  });

  it('without a connected number, sending is a clear PRECONDITION_FAILED', async () => {
    const { owner, conversationId } = await thread();
    await owner.caller.settings.whatsapp.disconnect();
    await expect(
      owner.caller.conversations.sendMessage({
        conversationId,
        clientMessageId: 'click-0008',
        text: 'x',
      }),
    ).rejects.toMatchObject({ code: 'PRECONDITION_FAILED' });
  });
});
