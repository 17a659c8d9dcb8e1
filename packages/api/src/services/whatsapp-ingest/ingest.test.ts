import { schema } from '@flux/db';
import {
  oneOfEachType,
  statusReceipt,
  textMessage,
  userChangedNumber,
  userChangedUserId,
  usernameTextMessage,
  type WebhookPayload,
  wamid,
  webhookPayload,
} from '@flux/integrations';
import { and, asc, eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { connectedShop as connectShop, useTestApp } from '../../testing';
import { drainWebhookEvents, ingestWebhookEvent } from '../../webhook-inbox';

const app = useTestApp();
const connectedShop = () => connectShop(app);

async function deliver(payload: WebhookPayload) {
  const [event] = await app.services.db
    .insert(schema.webhookEvents)
    .values({ provider: 'whatsapp', externalId: wamid(), payload, signatureValid: true })
    .returning();
  return {
    eventId: event?.id ?? '',
    result: await ingestWebhookEvent(app.services.db, event?.id ?? ''),
  };
}

const messagesOf = (businessId: string) =>
  app.services.db
    .select()
    .from(schema.messages)
    .where(eq(schema.messages.businessId, businessId))
    .orderBy(asc(schema.messages.createdAt), asc(schema.messages.id));

describe('whatsapp.ingest', () => {
  it('stores one message of every type, the prospect (E.164, profile name) and an open conversation', async () => {
    const { owner, phoneNumberId } = await connectedShop();
    const sent = oneOfEachType('221771112233');
    const { result } = await deliver(
      webhookPayload({
        phoneNumberId,
        contacts: [{ waId: '221771112233', name: 'Aminata' }],
        messages: sent,
      }),
    );
    expect(result).toMatchObject({ status: 'processed', messages: sent.length });
    const stored = await messagesOf(owner.businessId);
    expect(stored.map((m) => m.type).sort()).toEqual(
      [
        'audio',
        'button',
        'contacts',
        'document',
        'image',
        'interactive',
        'interactive',
        'location',
        'order',
        'reaction',
        'sticker',
        'text',
        'unsupported',
        'video',
      ].sort(),
    );
    expect(stored.every((m) => m.direction === 'in' && m.authorType === 'customer')).toBe(true);
    const unsupported = stored.find((m) => m.type === 'unsupported');
    expect(unsupported?.raw).toMatchObject({ type: 'ephemeral' });
    const [prospect] = await app.services.db
      .select()
      .from(schema.prospects)
      .where(eq(schema.prospects.businessId, owner.businessId));
    expect(prospect).toMatchObject({
      phone: '+221771112233',
      waId: '221771112233',
      name: 'Aminata',
    });
    const [conversation] = await app.services.db
      .select()
      .from(schema.conversations)
      .where(eq(schema.conversations.businessId, owner.businessId));
    expect(conversation).toMatchObject({
      status: 'open',
      channel: 'whatsapp',
      unreadCount: sent.length,
    });
    const last = Math.max(...sent.map((m) => Number(m.timestamp))) * 1000;
    expect(conversation?.serviceWindowEndsAt?.getTime()).toBe(last + 24 * 60 * 60 * 1000);
  });

  it('a batched delivery (several entries, customers and statuses) is applied whole', async () => {
    const { owner, phoneNumberId } = await connectedShop();
    const { result } = await deliver(
      webhookPayload(
        {
          phoneNumberId,
          messages: [textMessage('221770000011', 'Salut'), textMessage('221770000012', 'Bonsoir')],
        },
        { phoneNumberId, messages: [textMessage('221770000011', 'Vous êtes là ?')] },
      ),
    );
    expect(result.messages).toBe(3);
    const conversations = await app.services.db
      .select()
      .from(schema.conversations)
      .where(eq(schema.conversations.businessId, owner.businessId));
    expect(conversations.map((c) => c.unreadCount).sort()).toEqual([1, 2]);
  });

  it('a re-delivered message (same wamid) and a re-processed event store nothing twice', async () => {
    const { owner, phoneNumberId } = await connectedShop();
    const message = textMessage('221770000021', 'Je veux commander 2 pagnes wax');
    const first = await deliver(webhookPayload({ phoneNumberId, messages: [message] }));
    const again = await deliver(webhookPayload({ phoneNumberId, messages: [message] }));
    expect(again.result.messages).toBe(0);
    expect((await ingestWebhookEvent(app.services.db, first.eventId)).status).toBe('already');
    expect(await messagesOf(owner.businessId)).toHaveLength(1);
    const [conversation] = await app.services.db
      .select()
      .from(schema.conversations)
      .where(eq(schema.conversations.businessId, owner.businessId));
    expect(conversation?.unreadCount).toBe(1);
  });

  it('statuses only move forward; a failure keeps Meta’s code and title', async () => {
    const { owner, phoneNumberId } = await connectedShop();
    await deliver(
      webhookPayload({ phoneNumberId, messages: [textMessage('221770000031', 'Bonjour')] }),
    );
    const [conversation] = await app.services.db
      .select()
      .from(schema.conversations)
      .where(eq(schema.conversations.businessId, owner.businessId));
    const [outRead, outFailed] = [wamid(), wamid()];
    await app.services.db.insert(schema.messages).values(
      [outRead, outFailed].map((externalId) => ({
        businessId: owner.businessId,
        conversationId: conversation?.id ?? '',
        direction: 'out' as const,
        externalId,
        type: 'text' as const,
        body: 'Oui, 7 500 F',
        status: 'sent' as const,
        authorType: 'user' as const,
      })),
    );
    await deliver(
      webhookPayload({
        phoneNumberId,
        statuses: [
          statusReceipt(outRead, 'read', '221770000031'),
          statusReceipt(outRead, 'delivered', '221770000031'),
          statusReceipt(outRead, 'sent', '221770000031'),
          statusReceipt(outRead, 'failed', '221770000031', {
            errors: [{ code: 131047, title: 'Re-engagement message' }],
          }),
          statusReceipt(outFailed, 'failed', '221770000031', {
            errors: [{ code: 131026, title: 'Message undeliverable' }],
          }),
        ],
      }),
    );
    const rows = await app.services.db
      .select()
      .from(schema.messages)
      .where(
        and(eq(schema.messages.businessId, owner.businessId), eq(schema.messages.direction, 'out')),
      );
    const byId = new Map(rows.map((row) => [row.externalId, row]));
    expect(byId.get(outRead)).toMatchObject({ status: 'read', errorCode: null });
    expect(byId.get(outRead)?.readAt).toBeInstanceOf(Date);
    expect(byId.get(outFailed)).toMatchObject({
      status: 'failed',
      errorCode: '131026',
      errorTitle: 'Message undeliverable',
    });
  });

  it('an unknown phone_number_id is ignored and said, nothing stored', async () => {
    const { eventId, result } = await deliver(
      webhookPayload({
        phoneNumberId: '999999999',
        messages: [textMessage('221770000041', 'Allô')],
      }),
    );
    expect(result.status).toBe('ignored');
    const [event] = await app.services.db
      .select()
      .from(schema.webhookEvents)
      .where(eq(schema.webhookEvents.id, eventId));
    expect(event).toMatchObject({ status: 'ignored', error: 'unknown phone_number_id 999999999' });
  });

  it('a known prospect is found by phone; the name the team gave is kept', async () => {
    const { owner, phoneNumberId } = await connectedShop();
    await app.services.db
      .insert(schema.prospects)
      .values({ businessId: owner.businessId, phone: '+221770000051', name: 'Tata Awa (VIP)' });
    await deliver(
      webhookPayload({
        phoneNumberId,
        contacts: [{ waId: '221770000051', name: 'awa' }],
        messages: [textMessage('221770000051', 'Coucou')],
      }),
    );
    const prospects = await app.services.db
      .select()
      .from(schema.prospects)
      .where(eq(schema.prospects.businessId, owner.businessId));
    expect(prospects).toHaveLength(1);
    expect(prospects[0]).toMatchObject({ name: 'Tata Awa (VIP)', waId: '221770000051' });
  });
});

const prospectsOf = (businessId: string) =>
  app.services.db
    .select()
    .from(schema.prospects)
    .where(eq(schema.prospects.businessId, businessId))
    .orderBy(asc(schema.prospects.createdAt));

const conversationsOf = (businessId: string) =>
  app.services.db
    .select()
    .from(schema.conversations)
    .where(eq(schema.conversations.businessId, businessId))
    .orderBy(asc(schema.conversations.createdAt));

/** An outbound message (already sent, wamid known) in a conversation, for receipts to move. */
async function sentReply(businessId: string, conversationId: string) {
  const externalId = wamid();
  await app.services.db.insert(schema.messages).values({
    businessId,
    conversationId,
    direction: 'out',
    externalId,
    type: 'text',
    body: 'Oui, il reste du wax bleu',
    status: 'sent',
    authorType: 'user',
  });
  return externalId;
}

const BSUID = 'SN.13491208655302741918';

describe('whatsapp.ingest: customers with a username (business-scoped user ids)', () => {
  it('a message with no phone, only a BSUID, becomes a prospect, a conversation and a message; the username is kept', async () => {
    const { owner, phoneNumberId } = await connectedShop();
    // Meta's shape for a username customer whose phone it does not share: no `from`, no `wa_id`.
    const { result } = await deliver(
      webhookPayload({
        phoneNumberId,
        contacts: [{ userId: BSUID, name: 'Awa', username: '@awa_shop' }],
        messages: [usernameTextMessage(BSUID, 'Bonjour, le wax bleu ?')],
      }),
    );
    expect(result).toMatchObject({ status: 'processed', messages: 1 });
    const prospects = await prospectsOf(owner.businessId);
    expect(prospects).toHaveLength(1);
    expect(prospects[0]).toMatchObject({
      phone: null,
      waId: null,
      waUserId: BSUID,
      username: 'awa_shop',
      name: 'Awa',
    });
    const [conversation] = await conversationsOf(owner.businessId);
    expect(conversation).toMatchObject({
      prospectId: prospects[0]?.id,
      status: 'open',
      unreadCount: 1,
    });
    const stored = await messagesOf(owner.businessId);
    expect(stored).toMatchObject([
      { conversationId: conversation?.id, direction: 'in', body: 'Bonjour, le wax bleu ?' },
    ]);
    // The same customer again (BSUID only): the same prospect and conversation.
    await deliver(
      webhookPayload({
        phoneNumberId,
        contacts: [{ userId: BSUID, username: 'awa_shop' }],
        messages: [usernameTextMessage(BSUID, 'Vous êtes là ?')],
      }),
    );
    expect(await prospectsOf(owner.businessId)).toHaveLength(1);
    expect(await conversationsOf(owner.businessId)).toHaveLength(1);
    expect(await messagesOf(owner.businessId)).toHaveLength(2);
  });

  it('receipts naming only recipient_user_id move the reply forward', async () => {
    const { owner, phoneNumberId } = await connectedShop();
    await deliver(
      webhookPayload({
        phoneNumberId,
        contacts: [{ userId: BSUID, username: 'awa_shop' }],
        messages: [usernameTextMessage(BSUID, 'Bonjour')],
      }),
    );
    const [conversation] = await conversationsOf(owner.businessId);
    const reply = await sentReply(owner.businessId, conversation?.id ?? '');
    const { result } = await deliver(
      webhookPayload({
        phoneNumberId,
        // delivered/read carry the recipient's contact (BSUID, username); no phone anywhere.
        contacts: [{ userId: BSUID, username: 'awa_shop' }],
        statuses: [
          statusReceipt(reply, 'delivered', undefined, { recipient_user_id: BSUID }),
          statusReceipt(reply, 'read', undefined, { recipient_user_id: BSUID }),
        ],
      }),
    );
    expect(result).toMatchObject({ status: 'processed', statuses: 2 });
    const [row] = (await messagesOf(owner.businessId)).filter((m) => m.externalId === reply);
    expect(row).toMatchObject({ status: 'read' });
  });

  it('a BSUID first, then the phone with it: one prospect, which now has both', async () => {
    const { owner, phoneNumberId } = await connectedShop();
    await deliver(
      webhookPayload({
        phoneNumberId,
        contacts: [{ userId: BSUID, username: 'awa_shop' }],
        messages: [usernameTextMessage(BSUID, 'Bonjour')],
      }),
    );
    // Meta shares the phone later (the customer replied to a contact request, say).
    await deliver(
      webhookPayload({
        phoneNumberId,
        contacts: [{ waId: '221770000061', userId: BSUID, name: 'Awa', username: 'awa_shop' }],
        messages: [textMessage('221770000061', 'Mon numéro', { from_user_id: BSUID })],
      }),
    );
    const prospects = await prospectsOf(owner.businessId);
    expect(prospects).toHaveLength(1);
    expect(prospects[0]).toMatchObject({
      phone: '+221770000061',
      waId: '221770000061',
      waUserId: BSUID,
      username: 'awa_shop',
    });
    const conversations = await conversationsOf(owner.businessId);
    expect(conversations).toHaveLength(1);
    expect((await messagesOf(owner.businessId)).map((m) => m.conversationId)).toEqual([
      conversations[0]?.id,
      conversations[0]?.id,
    ]);
  });

  it('a phone prospect and a BSUID-only one of the same customer merge into the older, nothing lost', async () => {
    const { owner, phoneNumberId } = await connectedShop();
    // Before BSUIDs: the customer wrote by phone, and the team named them.
    await app.services.db
      .insert(schema.prospects)
      .values({ businessId: owner.businessId, phone: '+221770000071', name: 'Tata Awa (VIP)' });
    await deliver(
      webhookPayload({ phoneNumberId, messages: [textMessage('221770000071', 'Bonjour')] }),
    );
    // Then as a username customer: a second prospect, as nothing tied them yet.
    await deliver(
      webhookPayload({
        phoneNumberId,
        contacts: [{ userId: BSUID, username: 'awa_shop' }],
        messages: [usernameTextMessage(BSUID, 'Toujours là ?')],
      }),
    );
    expect(await prospectsOf(owner.businessId)).toHaveLength(2);
    // Now both together: the two are one.
    await deliver(
      webhookPayload({
        phoneNumberId,
        contacts: [{ waId: '221770000071', userId: BSUID, username: 'awa_shop' }],
        messages: [textMessage('221770000071', 'C’est moi', { from_user_id: BSUID })],
      }),
    );
    const prospects = await prospectsOf(owner.businessId);
    expect(prospects).toHaveLength(1);
    expect(prospects[0]).toMatchObject({
      name: 'Tata Awa (VIP)',
      phone: '+221770000071',
      waUserId: BSUID,
      username: 'awa_shop',
    });
    const conversations = await conversationsOf(owner.businessId);
    expect(conversations.map((c) => c.prospectId)).toEqual([prospects[0]?.id, prospects[0]?.id]);
    // One stays live (the latest), the other is history; every message is still there.
    expect(conversations.map((c) => c.status).sort()).toEqual(['closed', 'open']);
    const live = conversations.find((c) => c.status === 'open');
    const stored = await messagesOf(owner.businessId);
    expect(stored).toHaveLength(3);
    expect(stored.find((m) => m.body === 'C’est moi')?.conversationId).toBe(live?.id);
    const [audit] = await app.services.db
      .select()
      .from(schema.auditLogs)
      .where(
        and(
          eq(schema.auditLogs.businessId, owner.businessId),
          eq(schema.auditLogs.action, 'prospect.merge'),
        ),
      );
    expect(audit).toMatchObject({ entityId: prospects[0]?.id });
  });

  it('a phone prospect learns its BSUID from receipts, so a later BSUID-only message finds it', async () => {
    const { owner, phoneNumberId } = await connectedShop();
    await deliver(
      webhookPayload({ phoneNumberId, messages: [textMessage('221770000081', 'Bonjour')] }),
    );
    const [conversation] = await conversationsOf(owner.businessId);
    const reply = await sentReply(owner.businessId, conversation?.id ?? '');
    await deliver(
      webhookPayload({
        phoneNumberId,
        contacts: [{ waId: '221770000081', userId: BSUID, username: 'awa_shop' }],
        statuses: [statusReceipt(reply, 'delivered', '221770000081', { recipient_user_id: BSUID })],
      }),
    );
    expect(await prospectsOf(owner.businessId)).toMatchObject([
      { phone: '+221770000081', waUserId: BSUID, username: 'awa_shop' },
    ]);
    await deliver(
      webhookPayload({
        phoneNumberId,
        contacts: [{ userId: BSUID, username: 'awa_shop' }],
        messages: [usernameTextMessage(BSUID, 'Et maintenant sans numéro')],
      }),
    );
    expect(await prospectsOf(owner.businessId)).toHaveLength(1);
    expect(await conversationsOf(owner.businessId)).toHaveLength(1);
  });

  it('a changed BSUID (system user_changed_user_id) moves to the same prospect', async () => {
    const { owner, phoneNumberId } = await connectedShop();
    const NEXT = 'SN.99912080000000000001';
    await deliver(
      webhookPayload({
        phoneNumberId,
        contacts: [{ userId: BSUID, username: 'awa_shop' }],
        messages: [usernameTextMessage(BSUID, 'Bonjour')],
      }),
    );
    const { result } = await deliver(
      webhookPayload({ phoneNumberId, messages: [userChangedUserId(BSUID, NEXT)] }),
    );
    expect(result).toMatchObject({ status: 'processed', messages: 0 });
    expect(await prospectsOf(owner.businessId)).toMatchObject([{ waUserId: NEXT }]);
    await deliver(
      webhookPayload({
        phoneNumberId,
        contacts: [{ userId: NEXT, username: 'awa_shop' }],
        messages: [usernameTextMessage(NEXT, 'Toujours moi')],
      }),
    );
    expect(await prospectsOf(owner.businessId)).toHaveLength(1);
    expect(await conversationsOf(owner.businessId)).toHaveLength(1);
    // The system message is not a customer's words: only the two texts are stored.
    expect(await messagesOf(owner.businessId)).toHaveLength(2);
  });

  it('a changed number (system user_changed_number) and a user_id_update change the prospect in place', async () => {
    const { owner, phoneNumberId } = await connectedShop();
    const NEXT = 'SN.99912080000000000002';
    const LATER = 'SN.99912080000000000003';
    await deliver(
      webhookPayload({
        phoneNumberId,
        contacts: [{ waId: '221770000091', userId: BSUID }],
        messages: [textMessage('221770000091', 'Bonjour', { from_user_id: BSUID })],
      }),
    );
    await deliver(
      webhookPayload({
        phoneNumberId,
        messages: [
          userChangedNumber('221770000091', '221770000092', {
            previousUserId: BSUID,
            userId: NEXT,
          }),
        ],
      }),
    );
    expect(await prospectsOf(owner.businessId)).toMatchObject([
      { phone: '+221770000092', waId: '221770000092', waUserId: NEXT },
    ]);
    // The `user_id_update` field (before Meta moved BSUID changes to system messages).
    await deliver({
      object: 'whatsapp_business_account',
      entry: [
        {
          id: '102290129340398',
          changes: [
            {
              field: 'user_id_update',
              value: {
                messaging_product: 'whatsapp',
                metadata: { display_phone_number: '221770000001', phone_number_id: phoneNumberId },
                user_id_update: [
                  {
                    wa_id: '221770000092',
                    user_id: { previous: NEXT, current: LATER },
                    timestamp: '1760000000',
                  },
                ],
              },
            },
          ],
        },
      ],
    });
    expect(await prospectsOf(owner.businessId)).toMatchObject([
      { phone: '+221770000092', waUserId: LATER },
    ]);
    expect(await conversationsOf(owner.businessId)).toHaveLength(1);
  });
});

describe('whatsapp.ingest', () => {
  it('events stored while no worker ran are all processed by the next drains, once, even racing', async () => {
    const { owner, phoneNumberId } = await connectedShop();
    const stored = await app.services.db
      .insert(schema.webhookEvents)
      .values(
        Array.from({ length: 60 }, (_, i) => ({
          provider: 'whatsapp' as const,
          externalId: wamid(),
          payload: webhookPayload({
            phoneNumberId,
            messages: [textMessage(`2217700010${String(i % 7).padStart(2, '0')}`, `Message ${i}`)],
          }),
          signatureValid: true,
        })),
      )
      .returning({ id: schema.webhookEvents.id });
    expect(stored).toHaveLength(60);
    // Two drains at once (two worker processes after a restart): SKIP LOCKED splits the work.
    const [a, b] = await Promise.all([
      drainWebhookEvents(app.services.db, { batch: 10, concurrency: 4 }),
      drainWebhookEvents(app.services.db, { batch: 10, concurrency: 4 }),
    ]);
    expect((a?.messages ?? 0) + (b?.messages ?? 0)).toBe(60);
    expect(await messagesOf(owner.businessId)).toHaveLength(60);
    expect((await drainWebhookEvents(app.services.db)).processed).toBe(0);
  });

  it('one batch: a customer across several events, and a message Meta sent twice, counted once', async () => {
    const { owner, phoneNumberId } = await connectedShop();
    const twice = textMessage('221770003001', 'Vous livrez à Pikine ?');
    const payloads = [
      webhookPayload({ phoneNumberId, messages: [textMessage('221770003001', 'Bonjour')] }),
      webhookPayload({ phoneNumberId, messages: [twice] }),
      webhookPayload({ phoneNumberId, messages: [twice] }),
      webhookPayload({
        phoneNumberId,
        contacts: [{ waId: '221770003002', name: 'Fatou' }],
        messages: [textMessage('221770003002', 'Salut'), textMessage('221770003001', 'Merci')],
      }),
    ];
    await app.services.db.insert(schema.webhookEvents).values(
      payloads.map((payload) => ({
        provider: 'whatsapp' as const,
        externalId: wamid(),
        payload,
        signatureValid: true,
      })),
    );
    await drainWebhookEvents(app.services.db, { batch: 50 });
    expect(await messagesOf(owner.businessId)).toHaveLength(4);
    const rows = await app.services.db
      .select({
        phone: schema.prospects.phone,
        name: schema.prospects.name,
        unread: schema.conversations.unreadCount,
      })
      .from(schema.conversations)
      .innerJoin(schema.prospects, eq(schema.prospects.id, schema.conversations.prospectId))
      .where(eq(schema.conversations.businessId, owner.businessId))
      .orderBy(asc(schema.prospects.phone));
    expect(rows).toEqual([
      { phone: '+221770003001', name: null, unread: 3 },
      { phone: '+221770003002', name: 'Fatou', unread: 1 },
    ]);
    const events = await app.services.db
      .select({ status: schema.webhookEvents.status, businessId: schema.webhookEvents.businessId })
      .from(schema.webhookEvents)
      .where(eq(schema.webhookEvents.businessId, owner.businessId));
    expect(events.map((e) => e.status)).toEqual(Array(4).fill('processed'));
  });

  it('a poison event is parked after 5 failed tries instead of blocking the others', async () => {
    const { owner, phoneNumberId } = await connectedShop();
    // A timestamp that is not one makes its event fail every time.
    await app.services.db.insert(schema.webhookEvents).values([
      {
        provider: 'whatsapp',
        externalId: wamid(),
        payload: webhookPayload({
          phoneNumberId,
          messages: [textMessage('221770002001', 'Hier', { timestamp: 'yesterday' })],
        }),
        signatureValid: true,
      },
      {
        provider: 'whatsapp',
        externalId: wamid(),
        payload: webhookPayload({
          phoneNumberId,
          messages: [textMessage('221770002002', 'Bonjour')],
        }),
        signatureValid: true,
      },
    ]);
    for (let i = 0; i < 5; i++) await drainWebhookEvents(app.services.db);
    expect((await messagesOf(owner.businessId)).map((m) => m.body)).toEqual(['Bonjour']);
    const failed = await app.services.db
      .select()
      .from(schema.webhookEvents)
      .where(eq(schema.webhookEvents.status, 'failed'));
    expect(failed).toHaveLength(1);
    expect(failed[0]?.attempts).toBe(5);
  });
});
