// Cases of the quick replies and labels routers for the tenant-isolation harness.
import type { TestUser } from '../testing';
import { ADMIN_ONLY, type AuditCase, type DomainCases, STAFF_ONLY } from '../testing/harness';

let shortcuts = 0;
const quickReplyOf = (user: TestUser) => {
  shortcuts += 1;
  return user.caller.quickReplies.create({
    title: 'Frais de livraison',
    shortcut: `livraison-${shortcuts}`,
    body: 'Bonjour {prénom}, la livraison coûte 1 000 F à Dakar.',
  });
};

const byOwner =
  (action: string, run: (user: TestUser) => Promise<unknown>): AuditCase =>
  async (app) => {
    const owner = await app.signUp();
    await run(owner);
    return { userId: owner.userId, action };
  };

export const inboxToolsCases: DomainCases = {
  async setup(world) {
    world.records.quickReplyId = (await quickReplyOf(world.victim)).id;
    world.records.spareLabelId = (
      await world.victim.caller.labels.create({ name: 'À relancer', color: 'amber' })
    ).id;
  },
  procedures: {
    'quickReplies.list': {
      scope: 'business',
      deniedTo: STAFF_ONLY,
      input: () => ({ q: 'livr' }),
      invalid: { q: 3 },
    },
    'quickReplies.create': {
      scope: 'business',
      deniedTo: ADMIN_ONLY,
      input: () => ({ title: 'Horaires', shortcut: 'horaires', body: 'Ouvert de 9 h à 19 h' }),
      invalid: { title: '', shortcut: 'pas de blancs', body: 5 },
    },
    'quickReplies.update': {
      scope: 'business',
      deniedTo: ADMIN_ONLY,
      refersToRecords: true,
      input: (w) => ({ id: w.records.quickReplyId ?? '', title: 'Livraison' }),
      invalid: { id: 'x', shortcut: 'É' },
    },
    'quickReplies.remove': {
      scope: 'business',
      deniedTo: ADMIN_ONLY,
      refersToRecords: true,
      input: (w) => ({ id: w.records.quickReplyId ?? '' }),
      invalid: { id: 'x' },
    },
    'labels.list': { scope: 'business', deniedTo: STAFF_ONLY },
    'labels.create': {
      scope: 'business',
      deniedTo: STAFF_ONLY,
      input: () => ({ name: 'Grossiste' }),
      invalid: { name: '', color: 'pink' },
    },
    'labels.remove': {
      scope: 'business',
      deniedTo: ADMIN_ONLY,
      refersToRecords: true,
      input: (w) => ({ id: w.records.spareLabelId ?? '' }),
      invalid: { id: 'x' },
    },
  },
  audited: {
    'quickReplies.create': byOwner('quick_reply.create', quickReplyOf),
    'quickReplies.update': byOwner('quick_reply.update', async (u) => {
      const row = await quickReplyOf(u);
      await u.caller.quickReplies.update({ id: row.id, body: 'Livraison offerte dès 20 000 F' });
    }),
    'quickReplies.remove': byOwner('quick_reply.remove', async (u) => {
      const row = await quickReplyOf(u);
      await u.caller.quickReplies.remove({ id: row.id });
    }),
    'labels.create': byOwner('label.create', (u) => u.caller.labels.create({ name: 'Nouveau' })),
    'labels.remove': byOwner('label.remove', async (u) => {
      const label = await u.caller.labels.create({ name: 'Éphémère' });
      await u.caller.labels.remove({ id: label.id });
    }),
  },
};
