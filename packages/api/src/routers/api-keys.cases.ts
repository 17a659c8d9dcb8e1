// Cases of the API keys' procedures (settings → API): owners and admins only.

import type { TestUser } from '../testing';
import type { AuditCase, DomainCases } from '../testing/harness';
import { ADMIN_ONLY } from '../testing/harness';

const makeKey = (user: TestUser) =>
  user.caller.apiKeys.create({ name: 'Site', scopes: ['orders:read'] });

const byOwner =
  (action: string, run: (user: TestUser) => Promise<unknown>): AuditCase =>
  async (app) => {
    const owner = await app.signUp();
    await run(owner);
    return { userId: owner.userId, action };
  };

export const apiKeysCases: DomainCases = {
  async setup(world) {
    world.records.apiKeyId = (await makeKey(world.victim)).created.id;
  },
  procedures: {
    'apiKeys.list': { scope: 'business', deniedTo: ADMIN_ONLY },
    'apiKeys.create': {
      scope: 'business',
      deniedTo: ADMIN_ONLY,
      input: () => ({ name: 'WooCommerce', scopes: ['orders:write'], mode: 'test' }),
      invalid: { name: '', scopes: ['orders:delete'], mode: 'prod' },
      meantForCaller: { key: 'the new API key, shown once to the admin who made it' },
    },
    'apiKeys.revoke': {
      scope: 'business',
      deniedTo: ADMIN_ONLY,
      refersToRecords: true,
      input: (w) => ({ id: w.records.apiKeyId ?? '' }),
      invalid: { id: 'x' },
    },
  },
  audited: {
    'apiKeys.create': byOwner('api_key.create', makeKey),
    'apiKeys.revoke': byOwner('api_key.revoke', async (u) => {
      const made = await makeKey(u);
      return u.caller.apiKeys.revoke({ id: made.created.id });
    }),
  },
};
