// Cases of the products router for the tenant-isolation harness.
import { ADMIN_ONLY, type DomainCases, STAFF_ONLY } from '../testing/harness';

const product = (w: { records: Record<string, string> }) => w.records.productId ?? '';

export const productsCases: DomainCases = {
  async setup(world, app) {
    const created = await world.victim.caller.products.create({
      businessId: world.victim.businessId,
      sku: 'VICTIM-1',
      name: 'Victim product',
      price: 1000,
      stock: 5,
    });
    world.records.productId = created.id;
    void app;
  },
  procedures: {
    'products.list': {
      scope: 'business',
      deniedTo: STAFF_ONLY,
      input: () => ({ q: 'victim' }),
      invalid: { limit: 0, sort: 'random' },
    },
    'products.byId': {
      scope: 'business',
      deniedTo: STAFF_ONLY,
      refersToRecords: true,
      input: (w) => ({ id: product(w) }),
      invalid: { id: 'x' },
    },
    'products.create': {
      scope: 'business',
      deniedTo: ADMIN_ONLY,
      input: () => ({ sku: 'NEW-1', name: 'New', price: 100 }),
      invalid: { sku: '', name: '', price: -1 },
    },
    'products.update': {
      scope: 'business',
      deniedTo: ADMIN_ONLY,
      refersToRecords: true,
      input: (w) => ({ id: product(w), price: 1 }),
      invalid: { id: 'x', price: 'free' },
    },
    'products.archive': {
      scope: 'business',
      deniedTo: ADMIN_ONLY,
      refersToRecords: true,
      input: (w) => ({ id: product(w) }),
      invalid: { id: 1 },
    },
    'products.unarchive': {
      scope: 'business',
      deniedTo: ADMIN_ONLY,
      refersToRecords: true,
      input: (w) => ({ id: product(w) }),
      invalid: { id: 1 },
    },
    'products.adjustStock': {
      scope: 'business',
      deniedTo: STAFF_ONLY,
      refersToRecords: true,
      input: (w) => ({ id: product(w), delta: -5, reason: 'damaged' }),
      invalid: { id: 'x', delta: 0, reason: 'lost-in-sea' },
    },
  },
  audited: {
    'products.create': async (app) => {
      const owner = await app.signUp();
      await owner.caller.products.create({ sku: 'A', name: 'A', price: 1 });
      return { userId: owner.userId, action: 'product.create' };
    },
    'products.update': async (app) => {
      const owner = await app.signUp();
      const p = await owner.caller.products.create({ sku: 'A', name: 'A', price: 1 });
      await owner.caller.products.update({ id: p.id, name: 'B' });
      return { userId: owner.userId, action: 'product.update' };
    },
    'products.archive': async (app) => {
      const owner = await app.signUp();
      const p = await owner.caller.products.create({ sku: 'A', name: 'A', price: 1 });
      await owner.caller.products.archive({ id: p.id });
      return { userId: owner.userId, action: 'product.archive' };
    },
    'products.unarchive': async (app) => {
      const owner = await app.signUp();
      const p = await owner.caller.products.create({ sku: 'A', name: 'A', price: 1 });
      await owner.caller.products.unarchive({ id: p.id });
      return { userId: owner.userId, action: 'product.unarchive' };
    },
    'products.adjustStock': async (app) => {
      const owner = await app.signUp();
      const p = await owner.caller.products.create({ sku: 'A', name: 'A', price: 1 });
      await owner.caller.products.adjustStock({ id: p.id, delta: 2, reason: 'restock' });
      return { userId: owner.userId, action: 'product.stock' };
    },
  },
};
