import { schema } from '@flux/db';
import { defaultFakeTemplates, type FakeGraph, startFakeGraph } from '@flux/integrations';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type TestUser, useTestApp } from '../testing';

let graph: FakeGraph;
beforeAll(async () => {
  graph = await startFakeGraph();
});
afterAll(() => graph.close());
const app = useTestApp({ whatsappApiBaseUrl: () => graph.url });
let phones = 0;

/** A conversation with `count` inbound messages, the last one `minutesAgo` ago. */
async function conversation(owner: TestUser, name: string, minutesAgo: number, count = 2) {
  phones += 1;
  const [prospect] = await app.services.db
    .insert(schema.prospects)
    .values({
      businessId: owner.businessId,
      name,
      phone: `+2217755${String(phones).padStart(5, '0')}`,
    })
    .returning();
  const last = new Date(Date.now() - minutesAgo * 60_000);
  const [row] = await app.services.db
    .insert(schema.conversations)
    .values({
      businessId: owner.businessId,
      prospectId: prospect?.id ?? '',
      channel: 'whatsapp',
      unreadCount: count,
      lastMessageAt: last,
      serviceWindowEndsAt: new Date(last.getTime() + 24 * 3600_000),
    })
    .returning();
  if (count > 0)
    await app.services.db.insert(schema.messages).values(
      Array.from({ length: count }, (_, i) => ({
        businessId: owner.businessId,
        conversationId: row?.id ?? '',
        direction: 'in' as const,
        externalId: `wamid.conv${phones}-${i}`,
        type: 'text' as const,
        body: `Message ${i + 1}`,
        status: 'received' as const,
        authorType: 'customer' as const,
        createdAt: new Date(last.getTime() - (count - 1 - i) * 1000),
      })),
    );
  return { id: row?.id ?? '', prospectId: prospect?.id ?? '' };
}

describe('conversations.list', () => {
  it('newest activity first, pages without repeats, filters by unread, assignee and search', async () => {
    const owner = await app.signUp();
    const agent = await app.signUp();
    await app.join(owner, agent, 'agent');
    const fatou = await conversation(owner, 'Fatou Sow', 5);
    await conversation(owner, 'Moussa Diallo', 60);
    const aida = await conversation(owner, 'Aïda Ba', 1, 0);
    await owner.caller.conversations.assign({ id: fatou.id, userId: agent.userId });

    const first = await owner.caller.conversations.list({ limit: 2 });
    expect(first.items.map((c) => c.prospect.name)).toEqual(['Aïda Ba', 'Fatou Sow']);
    // Each row carries its latest message for the preview line; none yet for Aïda.
    expect(first.items.map((c) => c.lastMessage)).toEqual([
      null,
      { body: 'Message 2', type: 'text' },
    ]);
    expect((await owner.caller.conversations.byId({ id: fatou.id })).lastMessage).toEqual({
      body: 'Message 2',
      type: 'text',
    });
    const second = await owner.caller.conversations.list({
      limit: 2,
      cursor: first.nextCursor ?? '',
    });
    expect(second.items.map((c) => c.prospect.name)).toEqual(['Moussa Diallo']);
    expect(second.nextCursor).toBeNull();

    expect(
      (await owner.caller.conversations.list({ unread: true })).items.map((c) => c.id),
    ).not.toContain(aida.id);
    expect(
      (await owner.caller.conversations.list({ assignedUserId: agent.userId })).items.map(
        (c) => c.id,
      ),
    ).toEqual([fatou.id]);
    expect((await owner.caller.conversations.list({ assignedUserId: null })).items).toHaveLength(2);
    expect(
      (await owner.caller.conversations.list({ q: 'moussa' })).items.map((c) => c.prospect.name),
    ).toEqual(['Moussa Diallo']);
  });
});

describe('conversations.list: a customer known by their WhatsApp username', () => {
  it('shows the username of a prospect with no phone, and finds them by it (with or without @)', async () => {
    const owner = await app.signUp();
    const { id: conversationId, prospectId } = await conversation(owner, 'x', 1);
    await app.services.db
      .update(schema.prospects)
      .set({ name: null, phone: null, waUserId: 'SN.13491208655302741918', username: 'awa_shop' })
      .where(eq(schema.prospects.id, prospectId));
    for (const q of ['awa_sh', '@awa_shop']) {
      const page = await owner.caller.conversations.list({ q });
      expect(page.items.map((item) => [item.id, item.prospect])).toEqual([
        [
          conversationId,
          expect.objectContaining({ name: null, phone: null, username: 'awa_shop' }),
        ],
      ]);
    }
  });
});

describe('a conversation', () => {
  it('byId tells whether the 24 h window is open; messages page backwards', async () => {
    const owner = await app.signUp();
    const open = await conversation(owner, 'Awa', 10, 5);
    const old = await conversation(owner, 'Old', 60 * 30, 1);
    expect((await owner.caller.conversations.byId({ id: open.id })).windowOpen).toBe(true);
    expect((await owner.caller.conversations.byId({ id: old.id })).windowOpen).toBe(false);
    const latest = await owner.caller.conversations.messages({ conversationId: open.id, limit: 3 });
    expect(latest.items.map((m) => m.body)).toEqual(['Message 5', 'Message 4', 'Message 3']);
    const older = await owner.caller.conversations.messages({
      conversationId: open.id,
      limit: 3,
      cursor: latest.nextCursor ?? '',
    });
    expect(older.items.map((m) => m.body)).toEqual(['Message 2', 'Message 1']);
  });

  it('markRead clears the unread count', async () => {
    const owner = await app.signUp();
    const c = await conversation(owner, 'Binta', 3, 4);
    expect((await owner.caller.conversations.markRead({ id: c.id }))?.unreadCount).toBe(0);
  });

  it('assign takes accepted members who serve customers only', async () => {
    const owner = await app.signUp();
    const stranger = await app.signUp();
    const courier = await app.signUp();
    await app.join(owner, courier, 'courier');
    const c = await conversation(owner, 'Khady', 3);
    await expect(
      owner.caller.conversations.assign({ id: c.id, userId: stranger.userId }),
    ).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await expect(
      owner.caller.conversations.assign({ id: c.id, userId: courier.userId }),
    ).rejects.toMatchObject({ code: 'BAD_REQUEST' });
    await expect(
      owner.caller.conversations.assign({ id: c.id, userId: null }),
    ).resolves.toMatchObject({ assignedUserId: null });
  });

  it('closes and reopens; reopening when the customer already has a new open one is a CONFLICT', async () => {
    const owner = await app.signUp();
    const c = await conversation(owner, 'Ndeye', 3);
    await owner.caller.conversations.close({ id: c.id });
    await expect(owner.caller.conversations.close({ id: c.id })).rejects.toMatchObject({
      code: 'BAD_REQUEST',
    });
    await owner.caller.conversations.reopen({ id: c.id });
    await owner.caller.conversations.close({ id: c.id });
    await app.services.db
      .insert(schema.conversations)
      .values({ businessId: owner.businessId, prospectId: c.prospectId, channel: 'whatsapp' });
    await expect(owner.caller.conversations.reopen({ id: c.id })).rejects.toMatchObject({
      code: 'CONFLICT',
    });
  });
});

describe('conversations.templates', () => {
  const TOKEN = 'EAAGm0PX4ZCpsBAKZB-templates';
  let numbers = 0;
  /**
   * Connects a number the fake Graph API knows with `token` stored as its access token; then the
   * number answers to TOKEN only (a `token` other than TOKEN was revoked since it was connected).
   */
  async function connected(owner: TestUser, token = TOKEN) {
    numbers += 1;
    const phoneNumberId = `10654035230${numbers}`;
    const number = {
      phoneNumberId,
      displayPhoneNumber: '+221 77 000 00 31',
      verifiedName: 'Boutique',
    };
    graph.addNumber({ ...number, accessToken: token });
    await owner.caller.settings.whatsapp.connect({
      phoneNumberId,
      wabaId: '102290129340398',
      displayPhoneNumber: '+221 77 000 00 31',
      accessToken: token,
    });
    graph.addNumber({ ...number, accessToken: TOKEN });
  }

  it('without a connected number the picker is empty, not an error', async () => {
    const owner = await app.signUp();
    await expect(owner.caller.conversations.templates()).resolves.toEqual([]);
  });

  it('lists the approved templates with their body and how many values they need', async () => {
    const owner = await app.signUp();
    const agent = await app.signUp();
    await app.join(owner, agent, 'agent');
    await connected(owner);
    graph.setTemplates(defaultFakeTemplates);
    const templates = await (await app.as(agent.token)).conversations.templates();
    expect(templates).toEqual([
      {
        name: 'order_update',
        language: 'fr',
        category: 'UTILITY',
        body: 'Bonjour {{1}}, votre commande {{2}} est en route.',
        parameterCount: 2,
      },
      {
        name: 'follow_up',
        language: 'fr',
        category: 'MARKETING',
        body: 'Bonjour {{1}}, pouvons-nous vous aider ?',
        parameterCount: 1,
      },
    ]);
  });

  it('leaves out templates the composer cannot fill (named variables, media headers)', async () => {
    const owner = await app.signUp();
    await connected(owner);
    const approved = { status: 'APPROVED', category: 'UTILITY', language: 'en_US' } as const;
    graph.setTemplates([
      { ...approved, name: 'named', components: [{ type: 'BODY', text: 'Hi {{first_name}}' }] },
      {
        ...approved,
        name: 'with_photo',
        components: [
          { type: 'HEADER', format: 'IMAGE' },
          { type: 'BODY', text: 'New arrivals' },
        ],
      },
      {
        ...approved,
        name: 'plain',
        components: [
          { type: 'HEADER', format: 'TEXT', text: 'Delivery' },
          { type: 'BODY', text: 'Order {{1}} arrives at {{2}}, {{1}}.' },
          { type: 'FOOTER', text: 'Reply STOP to opt out' },
        ],
      },
    ]);
    try {
      expect(await owner.caller.conversations.templates()).toEqual([
        {
          name: 'plain',
          language: 'en_US',
          category: 'UTILITY',
          body: 'Order {{1}} arrives at {{2}}, {{1}}.',
          parameterCount: 2,
        },
      ]);
    } finally {
      graph.setTemplates(defaultFakeTemplates);
    }
  });

  it('a token Meta refuses is PRECONDITION_FAILED, in Meta’s words', async () => {
    const owner = await app.signUp();
    await connected(owner, 'EAAGm0PX4ZCpsBAKZB-revoked-token');
    await expect(owner.caller.conversations.templates()).rejects.toMatchObject({
      code: 'PRECONDITION_FAILED',
      message: expect.stringContaining('Invalid OAuth access token'),
    });
  });
});
