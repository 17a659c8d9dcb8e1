// Cases of the conversations router for the tenant-isolation harness.
import { schema } from '@flux/db';
import type { TestApp, TestUser } from '../testing';
import { type AuditCase, type DomainCases, STAFF_ONLY } from '../testing/harness';

let phones = 0;
async function conversationOf(app: TestApp, owner: TestUser) {
  phones += 1;
  const [prospect] = await app.services.db
    .insert(schema.prospects)
    .values({ businessId: owner.businessId, phone: `+2217866${String(phones).padStart(5, '0')}` })
    .returning();
  const [row] = await app.services.db
    .insert(schema.conversations)
    .values({
      businessId: owner.businessId,
      prospectId: prospect?.id ?? '',
      channel: 'whatsapp',
      unreadCount: 1,
    })
    .returning();
  return row?.id ?? '';
}

const conversation = (w: { records: Record<string, string> }) => w.records.conversationId ?? '';
const byOwner =
  (action: string, run: (user: TestUser, id: string) => Promise<unknown>): AuditCase =>
  async (app) => {
    const owner = await app.signUp();
    await run(owner, await conversationOf(app, owner));
    return { userId: owner.userId, action };
  };

export const conversationsCases: DomainCases = {
  async setup(world, app) {
    world.records.conversationId = await conversationOf(app, world.victim);
    // A customer's message as ingest stores it, Meta's payload included, so the thread's answer
    // has a row to show (or to leak).
    await app.services.db.insert(schema.messages).values({
      businessId: world.victim.businessId,
      conversationId: world.records.conversationId,
      direction: 'in',
      externalId: `wamid.harness-${world.victim.businessId}`,
      type: 'text',
      body: 'Bonjour, vous livrez à Yoff ?',
      status: 'received',
      authorType: 'customer',
      raw: { from: '221786600001', id: 'wamid.harness', text: { body: 'Bonjour' } },
    });
    const note = await world.victim.caller.conversations.addNote({
      conversationId: world.records.conversationId,
      body: 'Client fidèle, livrer avant 18 h',
    });
    world.records.noteId = note.id;
    const label = await world.victim.caller.labels.create({ name: 'VIP' });
    world.records.labelId = label.id;
  },
  procedures: {
    'conversations.list': {
      scope: 'business',
      deniedTo: STAFF_ONLY,
      input: () => ({}),
      invalid: { limit: -1, status: 'maybe' },
    },
    'conversations.unread': { scope: 'business', deniedTo: STAFF_ONLY },
    'conversations.byId': {
      scope: 'business',
      deniedTo: STAFF_ONLY,
      refersToRecords: true,
      input: (w) => ({ id: conversation(w) }),
      invalid: { id: 'x' },
    },
    'conversations.messages': {
      scope: 'business',
      deniedTo: STAFF_ONLY,
      refersToRecords: true,
      input: (w) => ({ conversationId: conversation(w) }),
      invalid: { conversationId: 'x' },
    },
    'conversations.sendMessage': {
      scope: 'business',
      deniedTo: STAFF_ONLY,
      refersToRecords: true,
      input: (w) => ({
        conversationId: conversation(w),
        clientMessageId: 'attack-0001',
        text: 'hi',
      }),
      invalid: { conversationId: 'x', clientMessageId: 'short' },
    },
    'conversations.templates': {
      scope: 'business',
      deniedTo: STAFF_ONLY,
      // The harness has no Graph API: a shop without a number answers its (empty) picker.
      answer: async (_w, app) => (await app.signUp()).caller.conversations.templates(),
    },
    'live.events': { scope: 'business', deniedTo: STAFF_ONLY },
    'conversations.markRead': {
      scope: 'business',
      deniedTo: STAFF_ONLY,
      refersToRecords: true,
      input: (w) => ({ id: conversation(w) }),
      invalid: { id: 3 },
    },
    'conversations.assign': {
      scope: 'business',
      deniedTo: STAFF_ONLY,
      refersToRecords: true,
      input: (w) => ({ id: conversation(w), userId: null }),
      invalid: { id: 'x', userId: 'y' },
    },
    'conversations.notes': {
      scope: 'business',
      deniedTo: STAFF_ONLY,
      refersToRecords: true,
      input: (w) => ({ conversationId: conversation(w) }),
      invalid: { conversationId: 'x' },
    },
    'conversations.addNote': {
      scope: 'business',
      deniedTo: STAFF_ONLY,
      refersToRecords: true,
      input: (w) => ({ conversationId: conversation(w), body: 'une note' }),
      invalid: { conversationId: 'x', body: '' },
    },
    'conversations.removeNote': {
      scope: 'business',
      deniedTo: STAFF_ONLY,
      refersToRecords: true,
      input: (w) => ({ id: w.records.noteId ?? '' }),
      invalid: { id: 'x' },
    },
    'conversations.setLabels': {
      scope: 'business',
      deniedTo: STAFF_ONLY,
      refersToRecords: true,
      input: (w) => ({ id: conversation(w), labelIds: [w.records.labelId ?? ''] }),
      invalid: { id: 'x', labelIds: ['y'] },
    },
    'conversations.close': {
      scope: 'business',
      deniedTo: STAFF_ONLY,
      refersToRecords: true,
      input: (w) => ({ id: conversation(w) }),
      invalid: { id: 'x' },
    },
    'conversations.reopen': {
      scope: 'business',
      deniedTo: STAFF_ONLY,
      refersToRecords: true,
      input: (w) => ({ id: conversation(w) }),
      invalid: { id: 'x' },
    },
  },
  audited: {
    'conversations.sendMessage': async (app) => {
      const owner = await app.signUp();
      await owner.caller.settings.whatsapp.connect({
        phoneNumberId: `5000000${Date.now() % 1e6}`,
        wabaId: '102290129340398',
        displayPhoneNumber: '+221 77 000 00 55',
        accessToken: 'EAAGm0PX4ZCpsBAKZB-audit-token',
      });
      const id = await conversationOf(app, owner);
      await owner.caller.conversations.sendMessage({
        conversationId: id,
        clientMessageId: 'audit-0001',
        template: { name: 'bonjour', language: 'fr' },
      });
      return { userId: owner.userId, action: 'conversation.send' };
    },
    'conversations.addNote': byOwner('conversation.note', (u, id) =>
      u.caller.conversations.addNote({ conversationId: id, body: 'à rappeler' }),
    ),
    'conversations.removeNote': byOwner('conversation.note_remove', async (u, id) => {
      const note = await u.caller.conversations.addNote({ conversationId: id, body: 'brouillon' });
      await u.caller.conversations.removeNote({ id: note.id });
    }),
    'conversations.setLabels': byOwner('conversation.labels', async (u, id) => {
      const label = await u.caller.labels.create({ name: 'À rappeler' });
      await u.caller.conversations.setLabels({ id, labelIds: [label.id] });
    }),
    'conversations.markRead': byOwner('conversation.read', (u, id) =>
      u.caller.conversations.markRead({ id }),
    ),
    'conversations.assign': byOwner('conversation.assign', (u, id) =>
      u.caller.conversations.assign({ id, userId: u.userId }),
    ),
    'conversations.close': byOwner('conversation.close', (u, id) =>
      u.caller.conversations.close({ id }),
    ),
    'conversations.reopen': byOwner('conversation.reopen', async (u, id) => {
      await u.caller.conversations.close({ id });
      await u.caller.conversations.reopen({ id });
    }),
  },
};
