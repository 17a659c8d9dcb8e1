// Ingesting WhatsApp events: every message type, batches, re-deliveries, statuses, unknown numbers.
import { schema } from '@flux/db';
import {
  oneOfEachType,
  statusReceipt,
  textMessage,
  wamid,
  webhookPayload,
} from '@flux/integrations';
import { and, eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { useTestApp } from '../../testing';
import { ingestWebhookEvent } from '../../webhook-inbox';
import { ingestTesting } from './ingest-testing';

const app = useTestApp();
const { connectedShop, deliver, messagesOf } = ingestTesting(app);

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

describe('the customer’s language', () => {
  const localeOf = async (businessId: string, phone: string) => {
    const [row] = await app.services.db
      .select({ locale: schema.prospects.locale })
      .from(schema.prospects)
      .where(and(eq(schema.prospects.businessId, businessId), eq(schema.prospects.phone, phone)));
    return row?.locale;
  };
  const write = (phoneNumberId: string, waId: string, text: string) =>
    deliver(webhookPayload({ phoneNumberId, messages: [textMessage(waId, text)] }));

  it('is guessed from the first clear message, then kept; unsure messages leave it unset', async () => {
    const { owner, phoneNumberId } = await connectedShop();
    await write(phoneNumberId, '221775550001', 'ok');
    expect(await localeOf(owner.businessId, '+221775550001')).toBeNull();
    await write(phoneNumberId, '221775550001', 'Hello, how much is the blue dress?');
    expect(await localeOf(owner.businessId, '+221775550001')).toBe('en');
    // Guessed once: French later changes nothing.
    await write(phoneNumberId, '221775550001', 'Bonjour, je voudrais la livraison demain');
    expect(await localeOf(owner.businessId, '+221775550001')).toBe('en');
  });

  it('is not guessed after the first messages, nor over a language set in the dashboard', async () => {
    const { owner, phoneNumberId } = await connectedShop();
    for (const text of ['ok', '👍', 'Wax bleu']) await write(phoneNumberId, '221775550002', text);
    await write(phoneNumberId, '221775550002', 'Bonjour, je voudrais le wax bleu svp');
    expect(await localeOf(owner.businessId, '+221775550002')).toBeNull();

    await write(phoneNumberId, '221775550003', 'ok');
    await app.services.db
      .update(schema.prospects)
      .set({ locale: 'fr' })
      .where(
        and(
          eq(schema.prospects.businessId, owner.businessId),
          eq(schema.prospects.phone, '+221775550003'),
        ),
      );
    await write(phoneNumberId, '221775550003', 'Hello, how much is the blue dress?');
    expect(await localeOf(owner.businessId, '+221775550003')).toBe('fr');
  });
});
