// A customer's location pin, from Meta's webhook body through the real ingest to the thread, the
// AI's analysis and the draft order; and the thread's order for messages sent in the same second.
import { schema } from '@flux/db';
import {
  type InboundMessage,
  inboundMessage,
  textMessage,
  webhookPayload,
} from '@flux/integrations';
import { and, eq, sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { type TestUser, useTestApp } from '../testing';
import { analyzeConversation } from './ai';
import { ingestTesting } from './whatsapp-ingest/ingest-testing';

const app = useTestApp();
const { connectedShop, deliver, conversationsOf } = ingestTesting(app);

let customers = 0;
/** A connected shop with two products on sale, and the next customer's WhatsApp id. */
async function shopWithCatalog() {
  const { owner, phoneNumberId } = await connectedShop();
  const { db } = app.services;
  await db
    .update(schema.businesses)
    .set({ settings: sql`${schema.businesses.settings} || '{"deliveryFee": 1000}'::jsonb` })
    .where(eq(schema.businesses.id, owner.businessId));
  await db.insert(schema.products).values(
    [
      { sku: 'WAX-001', name: 'Pagne wax 6 yards – bleu indigo', price: 12_500, stock: 34 },
      { sku: 'SAV-001', name: 'Savon noir artisanal 200 g', price: 2_500, stock: 38 },
    ].map((p) => ({ ...p, businessId: owner.businessId, currency: 'XOF' as const })),
  );
  customers += 1;
  const from = `22177123${String(customers).padStart(4, '0')}`;
  const send = (...messages: InboundMessage[]) =>
    deliver(webhookPayload({ phoneNumberId, messages }));
  return { owner, from, send };
}

/** The pin Meta sends when a customer shares a place (Meta's documented example, in Dakar). */
const pin = (from: string, fields: Record<string, unknown> = {}) =>
  inboundMessage(from, 'location', {
    latitude: 14.7645,
    longitude: -17.3661,
    name: 'Marché de Pikine',
    address: 'Rue 10, Pikine',
    ...fields,
  });

async function conversationOf(owner: TestUser) {
  const [conversation] = await conversationsOf(owner.businessId);
  if (!conversation) throw new Error('no conversation');
  return conversation.id;
}

const analyze = (owner: TestUser, conversationId: string) =>
  analyzeConversation(app.services, { businessId: owner.businessId, conversationId });

describe('a location pin from the customer', () => {
  it('is stored with its point, name and address, and the thread shows it', async () => {
    const { owner, from, send } = await shopWithCatalog();
    const { result } = await send(pin(from));
    expect(result).toMatchObject({ status: 'processed', messages: 1 });
    const conversationId = await conversationOf(owner);
    const { items } = await owner.caller.conversations.messages({ conversationId });
    expect(items).toMatchObject([
      {
        type: 'location',
        body: 'Marché de Pikine, Rue 10, Pikine',
        media: {
          latitude: 14.7645,
          longitude: -17.3661,
          name: 'Marché de Pikine',
          address: 'Rue 10, Pikine',
        },
      },
    ]);
  });

  it('after an order: the draft gets its address and coordinates, and the reply does not ask where', async () => {
    const { owner, from, send } = await shopWithCatalog();
    await send(textMessage(from, 'Bonjour, je veux 2 pagnes wax bleu indigo'));
    const conversationId = await conversationOf(owner);
    const first = await analyze(owner, conversationId);
    if (first.status !== 'analyzed' || !first.draftOrderId) throw new Error('no draft order');
    expect(first.analysis.replyDraft).toContain('À quelle adresse');
    expect(await owner.caller.orders.byId({ id: first.draftOrderId })).toMatchObject({
      deliveryAddress: null,
      deliveryLat: null,
    });

    await send(pin(from));
    const second = await analyze(owner, conversationId);
    if (second.status !== 'analyzed') throw new Error('not analyzed');
    expect(second.analysis.deliveryAddress).toBe('Marché de Pikine, Rue 10, Pikine');
    expect(second.analysis.replyDraft).not.toContain('À quelle adresse');
    expect(second.analysis.replyDraft).toContain('Marché de Pikine');
    expect(await owner.caller.orders.byId({ id: first.draftOrderId })).toMatchObject({
      status: 'draft',
      deliveryAddress: 'Marché de Pikine, Rue 10, Pikine',
      deliveryLat: 14.7645,
      deliveryLng: -17.3661,
    });
    // The insight keeps the point (the AI panel shows where), taken from the message.
    const [insight] = await owner.caller.ai.insights({ conversationId, limit: 1 });
    expect(insight?.output).toMatchObject({
      deliveryLocation: { latitude: 14.7645, longitude: -17.3661 },
    });
  });

  it('before the order: the order is drafted with the pin’s point, and nobody asks the address again', async () => {
    const { owner, from, send } = await shopWithCatalog();
    await send(pin(from, { name: undefined, address: undefined }));
    const conversationId = await conversationOf(owner);
    await send(textMessage(from, 'je prends 1 savon noir svp'));
    const outcome = await analyze(owner, conversationId);
    if (outcome.status !== 'analyzed' || !outcome.draftOrderId) throw new Error('no draft order');
    expect(outcome.analysis.intent).toBe('order');
    expect(outcome.analysis.replyDraft).not.toContain('À quelle adresse');
    expect(await owner.caller.orders.byId({ id: outcome.draftOrderId })).toMatchObject({
      // A pin without a place's name reads as its coordinates.
      deliveryAddress: '14.76450, -17.36610',
      deliveryLat: 14.7645,
      deliveryLng: -17.3661,
    });
  });

  it('a written address given earlier is not asked for again either', async () => {
    const { owner, from, send } = await shopWithCatalog();
    await send(textMessage(from, 'Bonjour, je suis à Parcelles Assainies unité 15'));
    const conversationId = await conversationOf(owner);
    await owner.caller.conversations.sendMessage({
      conversationId,
      clientMessageId: 'reply-hello-0001',
      text: 'Bonjour ! Que souhaitez-vous ?',
    });
    await send(textMessage(from, 'je veux 1 savon noir'));
    const outcome = await analyze(owner, conversationId);
    if (outcome.status !== 'analyzed') throw new Error('not analyzed');
    expect(outcome.analysis.deliveryAddress).toBe('Parcelles Assainies unité 15');
    expect(outcome.analysis.replyDraft).not.toContain('À quelle adresse');
  });

  it('a pin with fields we have not seen (coordinates as text, a number for a name) is still stored, with its batch', async () => {
    const { owner, from, send } = await shopWithCatalog();
    const { result } = await send(
      pin(from, { latitude: '14.7645', longitude: 'far away', name: 42, url: 'https://maps' }),
      textMessage(from, 'Vous me trouvez ?'),
    );
    expect(result).toMatchObject({ status: 'processed', messages: 2 });
    const conversationId = await conversationOf(owner);
    const { items } = await owner.caller.conversations.messages({ conversationId });
    const location = items.find((m) => m.type === 'location');
    // No point without both coordinates; the address stays.
    expect(location?.media).toEqual({ name: null, address: 'Rue 10, Pikine' });
    expect(items.map((m) => m.body)).toContain('Vous me trouvez ?');
  });
});

describe('a message whose content has a shape we have not seen', () => {
  it('is stored as unsupported with its raw payload, and the messages beside it as usual', async () => {
    const { owner, from, send } = await shopWithCatalog();
    const { result } = await send(
      // An image without its media id, a reaction whose message id is a number.
      inboundMessage(from, 'image', { mime_type: 'image/jpeg' }),
      inboundMessage(from, 'reaction', { message_id: 42, emoji: '👍' }),
      textMessage(from, 'Vous avez reçu ma photo ?'),
    );
    expect(result).toMatchObject({ status: 'processed', messages: 3 });
    const conversationId = await conversationOf(owner);
    const { items } = await owner.caller.conversations.messages({ conversationId });
    expect(items.map((m) => m.type).sort()).toEqual(['text', 'unsupported', 'unsupported']);
    const stored = await app.services.db
      .select({ raw: schema.messages.raw })
      .from(schema.messages)
      .where(
        and(
          eq(schema.messages.businessId, owner.businessId),
          eq(schema.messages.type, 'unsupported'),
        ),
      );
    // What Meta sent is kept, with the type it had.
    expect(
      stored.map((row) => (row.raw as { received_type?: string }).received_type).sort(),
    ).toEqual(['image', 'reaction']);
  });
});

describe('messages sent in the same second', () => {
  it('are listed in the order they were sent, across pages too', async () => {
    const { owner, from, send } = await shopWithCatalog();
    const second = String(Math.floor(Date.now() / 1000));
    const sent = ['un', 'deux', 'trois', 'quatre', 'cinq', 'six'].map((word) =>
      textMessage(from, word, { timestamp: second }),
    );
    // The photo sent last, in the same second.
    const photo = inboundMessage(
      from,
      'image',
      { id: 'media-last', mime_type: 'image/jpeg', caption: 'la photo' },
      { timestamp: second },
    );
    await send(...sent, photo);
    const conversationId = await conversationOf(owner);
    const { items } = await owner.caller.conversations.messages({ conversationId });
    expect(items.map((m) => m.body)).toEqual([
      'la photo',
      'six',
      'cinq',
      'quatre',
      'trois',
      'deux',
      'un',
    ]);
    // Page by page (newest first), nothing skipped or repeated.
    const bodies: (string | null)[] = [];
    let cursor: string | undefined;
    do {
      const page = await owner.caller.conversations.messages({
        conversationId,
        limit: 2,
        ...(cursor ? { cursor } : {}),
      });
      bodies.push(...page.items.map((m) => m.body));
      cursor = page.nextCursor ?? undefined;
    } while (cursor);
    expect(bodies).toEqual(items.map((m) => m.body));
    // The list's preview line is the last one sent.
    const list = await owner.caller.conversations.list({});
    expect(list.items[0]?.lastMessage).toMatchObject({ body: 'la photo', type: 'image' });
  });

  it('one webhook per message, same second: still in the order they arrived', async () => {
    const { owner, from, send } = await shopWithCatalog();
    const second = String(Math.floor(Date.now() / 1000));
    for (const word of ['a', 'b', 'c', 'd', 'e']) {
      await send(textMessage(from, word, { timestamp: second }));
    }
    const conversationId = await conversationOf(owner);
    const { items } = await owner.caller.conversations.messages({ conversationId });
    expect(items.map((m) => m.body)).toEqual(['e', 'd', 'c', 'b', 'a']);
  });
});
