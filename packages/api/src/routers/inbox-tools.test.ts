// The inbox's tools through the API: quick replies, internal notes, labels, attachments (a product
// card and the shop's location, sent to the fake Graph API by the real send job), the unread
// counters and the customer page's totals.
import { schema } from '@flux/db';
import { type FakeGraph, startFakeGraph } from '@flux/integrations';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { storeConversationPhoto } from '../services/uploads';
import { sendQueuedMessage } from '../services/whatsapp-send';
import { type TestUser, useTestApp } from '../testing';

let graph: FakeGraph;
beforeAll(async () => {
  graph = await startFakeGraph();
});
afterAll(() => graph.close());
const app = useTestApp({ whatsappApiBaseUrl: () => graph.url });
const TOKEN = 'EAAGm0PX4ZCpsBAKZB-inbox-tools';
let n = 0;

/** A shop connected to the fake Graph API, with a customer whose 24 h window is open. */
async function shop() {
  n += 1;
  const owner = await app.signUp();
  const phoneNumberId = `4100000${Date.now() % 1e6}${n}`;
  graph.addNumber({
    phoneNumberId,
    displayPhoneNumber: '+221 77 000 00 02',
    verifiedName: 'Shop',
    accessToken: TOKEN,
  });
  await owner.caller.settings.whatsapp.connect({
    phoneNumberId,
    wabaId: '102290129340398',
    displayPhoneNumber: '+221 77 000 00 02',
    accessToken: TOKEN,
  });
  const conversationId = await customer(owner, 'Awa Diop');
  return { owner, conversationId };
}

async function customer(owner: TestUser, name: string, unreadCount = 0) {
  n += 1;
  const phone = `+2217755${String(n).padStart(5, '0')}`;
  const [prospect] = await app.services.db
    .insert(schema.prospects)
    .values({ businessId: owner.businessId, phone, waId: phone.slice(1), name })
    .returning();
  const [conversation] = await app.services.db
    .insert(schema.conversations)
    .values({
      businessId: owner.businessId,
      prospectId: prospect?.id ?? '',
      channel: 'whatsapp',
      unreadCount,
      serviceWindowEndsAt: new Date(Date.now() + 3_600_000),
    })
    .returning();
  return conversation?.id ?? '';
}

const messagesOf = (conversationId: string) =>
  app.services.db
    .select()
    .from(schema.messages)
    .where(eq(schema.messages.conversationId, conversationId));

describe('quick replies', () => {
  it('an admin saves them; the composer finds them by shortcut or title; a shortcut is unique', async () => {
    const { owner } = await shop();
    const created = await owner.caller.quickReplies.create({
      title: 'Frais de livraison',
      shortcut: '/Livraison',
      body: 'Bonjour {prénom}, la livraison coûte 1 000 F.',
    });
    expect(created).toMatchObject({ shortcut: 'livraison', title: 'Frais de livraison' });
    await owner.caller.quickReplies.create({
      title: 'Horaires',
      shortcut: 'horaires',
      body: 'Ouvert de 9 h à 19 h.',
    });
    expect((await owner.caller.quickReplies.list({ q: '/livr' })).map((r) => r.shortcut)).toEqual([
      'livraison',
    ]);
    expect((await owner.caller.quickReplies.list({ q: 'hor' })).map((r) => r.title)).toEqual([
      'Horaires',
    ]);
    await expect(
      owner.caller.quickReplies.create({ title: 'Autre', shortcut: 'livraison', body: 'x' }),
    ).rejects.toMatchObject({ code: 'CONFLICT' });
    await expect(
      owner.caller.quickReplies.update({ id: created.id, shortcut: 'horaires' }),
    ).rejects.toMatchObject({ code: 'CONFLICT' });
    await owner.caller.quickReplies.update({ id: created.id, body: 'Livraison offerte' });
    await owner.caller.quickReplies.remove({ id: created.id });
    expect((await owner.caller.quickReplies.list()).map((r) => r.shortcut)).toEqual(['horaires']);
  });

  it('an agent uses them but cannot change them', async () => {
    const { owner } = await shop();
    const agent = await app.signUp();
    await app.join(owner, agent, 'agent');
    await owner.caller.quickReplies.create({ title: 'Merci', shortcut: 'merci', body: 'Merci !' });
    const asAgent = await app.as(agent.token);
    const input = { businessId: owner.businessId };
    expect(await asAgent.quickReplies.list(input)).toHaveLength(1);
    await expect(
      asAgent.quickReplies.create({ ...input, title: 'x', shortcut: 'x', body: 'x' }),
    ).rejects.toMatchObject({ code: 'FORBIDDEN' });
  });
});

describe('internal notes', () => {
  it('are listed with their author and time, never sent, and removed only by their author', async () => {
    const { owner, conversationId } = await shop();
    const note = await owner.caller.conversations.addNote({
      conversationId,
      body: 'Cliente fidèle : livrer avant 18 h',
    });
    const notes = await owner.caller.conversations.notes({ conversationId });
    expect(notes).toMatchObject([
      { id: note.id, body: 'Cliente fidèle : livrer avant 18 h', author: { id: owner.userId } },
    ]);
    expect(notes[0]?.createdAt).toBeInstanceOf(Date);
    // Nothing for the customer: no message, no send job.
    expect(await messagesOf(conversationId)).toEqual([]);
    expect(graph.sent.some((m) => JSON.stringify(m.body).includes('18 h'))).toBe(false);

    const agent = await app.signUp();
    await app.join(owner, agent, 'agent');
    const asAgent = await app.as(agent.token);
    await expect(
      asAgent.conversations.removeNote({ businessId: owner.businessId, id: note.id }),
    ).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await owner.caller.conversations.removeNote({ id: note.id });
    expect(await owner.caller.conversations.notes({ conversationId })).toEqual([]);
  });
});

describe('labels', () => {
  it('are given to conversations, shown on them, and filter the inbox', async () => {
    const { owner, conversationId } = await shop();
    const other = await customer(owner, 'Moussa');
    const vip = await owner.caller.labels.create({ name: 'VIP', color: 'amber' });
    const later = await owner.caller.labels.create({ name: 'À rappeler' });
    await expect(owner.caller.labels.create({ name: 'VIP' })).rejects.toMatchObject({
      code: 'CONFLICT',
    });
    await owner.caller.conversations.setLabels({
      id: conversationId,
      labelIds: [vip.id, later.id],
    });
    expect((await owner.caller.conversations.byId({ id: conversationId })).labels).toEqual([
      { id: later.id, name: 'À rappeler', color: 'slate' },
      { id: vip.id, name: 'VIP', color: 'amber' },
    ]);
    const filtered = await owner.caller.conversations.list({ labelId: vip.id });
    expect(filtered.items.map((c) => c.id)).toEqual([conversationId]);
    expect(filtered.items[0]?.labels.map((l) => l.name)).toEqual(['À rappeler', 'VIP']);
    expect((await owner.caller.conversations.list({})).items.map((c) => c.id).sort()).toEqual(
      [conversationId, other].sort(),
    );
    // Exactly these: one taken away.
    await owner.caller.conversations.setLabels({ id: conversationId, labelIds: [later.id] });
    expect((await owner.caller.conversations.list({ labelId: vip.id })).items).toEqual([]);
    // A removed label leaves every conversation.
    await owner.caller.labels.remove({ id: later.id });
    expect((await owner.caller.conversations.byId({ id: conversationId })).labels).toEqual([]);
  });

  it('a label of another business cannot be given', async () => {
    const { owner, conversationId } = await shop();
    const stranger = await app.signUp();
    const theirs = await stranger.caller.labels.create({ name: 'Eux' });
    await expect(
      owner.caller.conversations.setLabels({ id: conversationId, labelIds: [theirs.id] }),
    ).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });
});

describe('attachments', () => {
  it('a product card goes out as the product’s photo with its name and formatted price', async () => {
    const { owner, conversationId } = await shop();
    const product = await owner.caller.products.create({
      sku: 'WAX-IND',
      name: 'Pagne wax bleu indigo',
      price: 12_500,
      stock: 5,
      imageUrl: 'https://cdn.example.test/wax.jpg',
    });
    const queued = await owner.caller.conversations.sendMessage({
      conversationId,
      clientMessageId: 'card-00001',
      productId: product.id,
    });
    expect(queued).toMatchObject({ type: 'image', media: { productId: product.id } });
    expect(await sendQueuedMessage(app.services, queued.id)).toBe('sent');
    expect(graph.sent.at(-1)?.body).toMatchObject({
      type: 'image',
      image: {
        link: 'https://cdn.example.test/wax.jpg',
        caption: expect.stringMatching(/^🛍️ Pagne wax bleu indigo — 12\s500\sF\sCFA/),
      },
    });
  });

  it('a product without a photo is a text card; an archived one is refused', async () => {
    const { owner, conversationId } = await shop();
    const soap = await owner.caller.products.create({
      sku: 'SAV-1',
      name: 'Savon noir',
      price: 2_500,
      stock: 3,
    });
    const queued = await owner.caller.conversations.sendMessage({
      conversationId,
      clientMessageId: 'card-00002',
      productId: soap.id,
    });
    expect(await sendQueuedMessage(app.services, queued.id)).toBe('sent');
    expect(graph.sent.at(-1)?.body).toMatchObject({
      type: 'text',
      text: { body: expect.stringMatching(/Savon noir — 2\s500\sF\sCFA/) },
    });
    await owner.caller.products.archive({ id: soap.id });
    await expect(
      owner.caller.conversations.sendMessage({
        conversationId,
        clientMessageId: 'card-00003',
        productId: soap.id,
      }),
    ).rejects.toMatchObject({ code: 'BAD_REQUEST' });
  });

  it('the shop’s location goes out as a WhatsApp location; without a pickup point it is refused', async () => {
    const { owner, conversationId } = await shop();
    await expect(
      owner.caller.conversations.sendMessage({
        conversationId,
        clientMessageId: 'shop-loc-01',
        shopLocation: true,
      }),
    ).rejects.toMatchObject({ code: 'PRECONDITION_FAILED' });
    await owner.caller.business.update({
      settings: { pickup: { address: 'Rue 12, Médina', lat: 14.68, lng: -17.45 } },
    });
    const queued = await owner.caller.conversations.sendMessage({
      conversationId,
      clientMessageId: 'shop-loc-02',
      shopLocation: true,
    });
    expect(queued).toMatchObject({
      type: 'location',
      media: { latitude: 14.68, longitude: -17.45, address: 'Rue 12, Médina' },
    });
    expect(await sendQueuedMessage(app.services, queued.id)).toBe('sent');
    expect(graph.sent.at(-1)?.body).toMatchObject({
      type: 'location',
      location: { latitude: 14.68, longitude: -17.45, address: 'Rue 12, Médina' },
    });
  });

  it('a photo uploaded for the conversation goes out as an image Meta can fetch (a signed link)', async () => {
    const { owner, conversationId } = await shop();
    // The smallest JPEG header the sniffer knows, and a few bytes of "image".
    const jpeg = new Uint8Array([0xff, 0xd8, 0xff, 0xe0, 0, 16, 74, 70, 73, 70, 0, 1, 1, 0]);
    const actor = { userId: owner.userId, label: owner.email };
    const upload = await storeConversationPhoto(app.services, actor, {
      businessId: owner.businessId,
      conversationId,
      bytes: jpeg,
    });
    const queued = await owner.caller.conversations.sendMessage({
      conversationId,
      clientMessageId: 'photo-00001',
      photo: { uploadId: upload.id, caption: 'Le modèle en vitrine' },
    });
    expect(queued).toMatchObject({ type: 'image', body: 'Le modèle en vitrine' });
    expect(await sendQueuedMessage(app.services, queued.id)).toBe('sent');
    const sent = graph.sent.at(-1)?.body as { type: string; image: { link: string } };
    expect(sent.type).toBe('image');
    const link = new URL(sent.image.link);
    expect(link.href.startsWith(app.services.config.publicUrl)).toBe(true);
    expect(link.searchParams.get('sig')).toBeTruthy();
    // Not a photo (text bytes), or another conversation's upload: refused.
    await expect(
      storeConversationPhoto(app.services, actor, {
        businessId: owner.businessId,
        conversationId,
        bytes: new TextEncoder().encode('<html>'),
      }),
    ).rejects.toMatchObject({ code: 'BAD_REQUEST' });
    const other = await customer(owner, 'Autre');
    await expect(
      owner.caller.conversations.sendMessage({
        conversationId: other,
        clientMessageId: 'photo-00002',
        photo: { uploadId: upload.id },
      }),
    ).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });

  it('two things at once is refused, naming the field', async () => {
    const { owner, conversationId } = await shop();
    await expect(
      owner.caller.conversations.sendMessage({
        conversationId,
        clientMessageId: 'both-00001',
        text: 'Voici',
        shopLocation: true,
      }),
    ).rejects.toMatchObject({ code: 'BAD_REQUEST' });
  });
});

describe('unread counters and the customer page', () => {
  it('counts unread conversations and messages, and reading one moves them', async () => {
    const { owner } = await shop();
    const a = await customer(owner, 'A', 3);
    await customer(owner, 'B', 1);
    // No mailbox: the email side counts nothing; the total is the conversations.
    const counts = (conversations: number, messages: number) => ({
      conversations,
      messages,
      emailThreads: 0,
      emails: 0,
      total: conversations,
    });
    expect(await owner.caller.conversations.unread()).toEqual(counts(2, 4));
    await owner.caller.conversations.markRead({ id: a });
    expect(await owner.caller.conversations.unread()).toEqual(counts(1, 1));
  });

  it('the customer page: booked vs collected, cash due, last order, notes; the address is editable', async () => {
    const { owner, conversationId } = await shop();
    const [conversation] = await app.services.db
      .select()
      .from(schema.conversations)
      .where(eq(schema.conversations.id, conversationId));
    const prospectId = conversation?.prospectId ?? '';
    const product = await owner.caller.products.create({
      sku: 'WAX-1',
      name: 'Wax',
      price: 10_000,
      stock: 10,
    });
    const order = (status: 'draft' | 'pending') =>
      owner.caller.orders.create({
        prospectId,
        lines: [{ productId: product.id, quantity: 1 }],
        paymentMethod: 'cash_on_delivery',
        status,
      });
    const confirmed = await order('pending');
    await owner.caller.orders.confirm({ id: confirmed.id });
    await order('draft');
    await owner.caller.conversations.addNote({ conversationId, body: 'Préfère le soir' });
    await owner.caller.prospects.update({ id: prospectId, address: 'Sacré-Cœur 3, villa 12' });
    const page = await owner.caller.prospects.byId({ id: prospectId });
    expect(page).toMatchObject({ address: 'Sacré-Cœur 3, villa 12', name: 'Awa Diop' });
    // The confirmed order counts (with its delivery fee); the draft does not; nothing is paid.
    expect(page.totals).toHaveLength(1);
    expect(page.totals[0]).toMatchObject({ currency: 'XOF', orders: 1, collected: { minor: 0 } });
    expect(page.totals[0]?.booked.minor).toBe(page.totals[0]?.cashDue.minor);
    expect(page.totals[0]?.booked.minor).toBeGreaterThanOrEqual(10_000);
    expect(page.totals[0]?.lastOrderAt).toBeInstanceOf(Date);
    expect(page.notes).toMatchObject([{ body: 'Préfère le soir' }]);
    expect(page.orders).toHaveLength(2);
  });
});
