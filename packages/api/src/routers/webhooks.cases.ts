// Cases of the outgoing webhooks router for the tenant-isolation harness. Endpoints point at a
// public IP literal (no DNS needed); no worker runs here, so nothing is ever sent.
import { schema } from '@flux/db';
import { eq } from 'drizzle-orm';
import type { TestApp, TestUser } from '../testing';
import { ADMIN_ONLY, type DomainCases } from '../testing/harness';

const endpoint = { url: 'https://93.184.215.14/flux-hooks', events: ['order.created' as const] };
const SHOWN_ONCE = 'the signing secret, shown once to the admin who made it';

async function ownEndpoint(app: TestApp): Promise<{ owner: TestUser; endpointId: string }> {
  const owner = await app.signUp();
  const created = await owner.caller.webhooks.create(endpoint);
  return { owner, endpointId: created.endpoint.id };
}

export const webhooksCases: DomainCases = {
  async setup(world) {
    const created = await world.victim.caller.webhooks.create(endpoint);
    world.records.webhookEndpointId = created.endpoint.id;
    const test = await world.victim.caller.webhooks.sendTest({ endpointId: created.endpoint.id });
    world.records.webhookDeliveryId = test.id;
  },
  procedures: {
    'webhooks.list': { scope: 'business', deniedTo: ADMIN_ONLY },
    'webhooks.create': {
      scope: 'business',
      deniedTo: ADMIN_ONLY,
      input: () => endpoint,
      invalid: { url: 'pas une adresse', events: ['order.unknown'] },
      meantForCaller: { secret: SHOWN_ONCE },
    },
    'webhooks.update': {
      scope: 'business',
      deniedTo: ADMIN_ONLY,
      refersToRecords: true,
      input: (w) => ({ endpointId: w.records.webhookEndpointId, description: 'Boutique en ligne' }),
      invalid: { endpointId: 'x', events: [] },
    },
    'webhooks.rotateSecret': {
      scope: 'business',
      deniedTo: ADMIN_ONLY,
      refersToRecords: true,
      input: (w) => ({ endpointId: w.records.webhookEndpointId }),
      invalid: { endpointId: 'x' },
      meantForCaller: { secret: SHOWN_ONCE },
    },
    'webhooks.setEnabled': {
      scope: 'business',
      deniedTo: ADMIN_ONLY,
      refersToRecords: true,
      input: (w) => ({ endpointId: w.records.webhookEndpointId, enabled: true }),
      invalid: { endpointId: 'x', enabled: 'oui' },
    },
    'webhooks.remove': {
      scope: 'business',
      deniedTo: ADMIN_ONLY,
      refersToRecords: true,
      input: (w) => ({ endpointId: w.records.webhookEndpointId }),
      invalid: { endpointId: 'x' },
    },
    'webhooks.sendTest': {
      scope: 'business',
      deniedTo: ADMIN_ONLY,
      refersToRecords: true,
      input: (w) => ({ endpointId: w.records.webhookEndpointId }),
      invalid: { endpointId: 'x' },
    },
    'webhooks.deliveries': {
      scope: 'business',
      deniedTo: ADMIN_ONLY,
      refersToRecords: true,
      input: (w) => ({ endpointId: w.records.webhookEndpointId }),
      invalid: { endpointId: 'x', limit: 1000 },
    },
    'webhooks.resend': {
      scope: 'business',
      deniedTo: ADMIN_ONLY,
      refersToRecords: true,
      input: (w) => ({ deliveryId: w.records.webhookDeliveryId }),
      invalid: { deliveryId: 'x' },
    },
  },
  audited: {
    'webhooks.create': async (app) => {
      const { owner } = await ownEndpoint(app);
      return { userId: owner.userId, action: 'webhook.create' };
    },
    'webhooks.update': async (app) => {
      const { owner, endpointId } = await ownEndpoint(app);
      await owner.caller.webhooks.update({ endpointId, events: ['prospect.created'] });
      return { userId: owner.userId, action: 'webhook.update' };
    },
    'webhooks.rotateSecret': async (app) => {
      const { owner, endpointId } = await ownEndpoint(app);
      await owner.caller.webhooks.rotateSecret({ endpointId });
      return { userId: owner.userId, action: 'webhook.rotate_secret' };
    },
    'webhooks.setEnabled': async (app) => {
      const { owner, endpointId } = await ownEndpoint(app);
      await owner.caller.webhooks.setEnabled({ endpointId, enabled: false });
      return { userId: owner.userId, action: 'webhook.disable' };
    },
    'webhooks.remove': async (app) => {
      const { owner, endpointId } = await ownEndpoint(app);
      await owner.caller.webhooks.remove({ endpointId });
      return { userId: owner.userId, action: 'webhook.delete' };
    },
    'webhooks.sendTest': async (app) => {
      const { owner, endpointId } = await ownEndpoint(app);
      await owner.caller.webhooks.sendTest({ endpointId });
      return { userId: owner.userId, action: 'webhook.test' };
    },
    'webhooks.resend': async (app) => {
      const { owner, endpointId } = await ownEndpoint(app);
      const sent = await owner.caller.webhooks.sendTest({ endpointId });
      // As if its attempts had run out.
      await app.services.db
        .update(schema.webhookDeliveries)
        .set({ status: 'dead' })
        .where(eq(schema.webhookDeliveries.id, sent.id));
      await owner.caller.webhooks.resend({ deliveryId: sent.id });
      return { userId: owner.userId, action: 'webhook.resend' };
    },
  },
};
