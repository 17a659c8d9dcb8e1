import { describe, expect, it } from 'vitest';
import { TEST_PASSWORD, useTestApp } from '../testing';

const app = useTestApp();

async function euroShop() {
  const anon = await app.anonymous();
  const email = `paris-${Date.now()}-${Math.random()}@example.test`;
  const result = await anon.auth.signUp({
    email,
    password: TEST_PASSWORD,
    name: 'Claire',
    businessName: 'Épicerie Lyon',
    country: 'FR',
    client: 'app',
  });
  return app.as(result.token ?? '');
}

describe('products.create', () => {
  it('takes prices in major units with the currency’s exponent and returns them both ways', async () => {
    const owner = await app.signUp();
    const wax = await owner.caller.products.create({
      sku: 'wax-001',
      name: 'Pagne wax',
      price: '7500',
    });
    expect(wax.sku).toBe('WAX-001');
    expect(wax.price).toMatchObject({ minor: 7500, currency: 'XOF', amount: '7500' });
    expect(wax.price.formatted.replace(/\s/g, ' ')).toBe('7 500 F CFA');

    const euro = await euroShop();
    const jam = await euro.products.create({ sku: 'CONF-1', name: 'Confiture', price: 4.9 });
    expect(jam.price).toMatchObject({ minor: 490, currency: 'EUR', amount: '4.90' });
  });

  it('refuses decimals the currency does not have', async () => {
    const owner = await app.signUp();
    await expect(
      owner.caller.products.create({ sku: 'X1', name: 'X', price: '2500.5' }),
    ).rejects.toMatchObject({
      code: 'BAD_REQUEST',
      message: 'price: XOF amounts have no decimals',
    });
    const euro = await euroShop();
    await expect(
      euro.products.create({ sku: 'X1', name: 'X', price: '1.999' }),
    ).rejects.toMatchObject({ code: 'BAD_REQUEST' });
  });

  it('one SKU per business (case-insensitive), but another business may use it', async () => {
    const owner = await app.signUp();
    const other = await app.signUp();
    await owner.caller.products.create({ sku: 'BAZIN-1', name: 'Bazin', price: 15000 });
    await expect(
      owner.caller.products.create({ sku: 'bazin-1', name: 'Bazin bis', price: 15000 }),
    ).rejects.toMatchObject({
      code: 'CONFLICT',
      message: 'Another product already uses the SKU BAZIN-1',
    });
    await expect(
      other.caller.products.create({ sku: 'BAZIN-1', name: 'Bazin', price: 15000 }),
    ).resolves.toMatchObject({ sku: 'BAZIN-1' });
  });
});

describe('products.list', () => {
  it('searches name and SKU, filters active, and pages every sort without repeats', async () => {
    const owner = await app.signUp();
    const names = ['Pagne wax bleu', 'Pagne wax rouge', 'Boubou brodé', 'Sandales cuir', 'Encens'];
    for (const [i, name] of names.entries()) {
      await owner.caller.products.create({ sku: `P-${i}`, name, price: 1000 * (i + 1), stock: i });
    }
    const archived = await owner.caller.products.create({
      sku: 'OLD',
      name: 'Pagne ancien',
      price: 500,
    });
    await owner.caller.products.archive({ id: archived.id });

    const wax = await owner.caller.products.list({ q: 'WAX' });
    expect(wax.items.map((p) => p.name).sort()).toEqual(['Pagne wax bleu', 'Pagne wax rouge']);
    expect((await owner.caller.products.list({ q: 'p-3' })).items.map((p) => p.sku)).toEqual([
      'P-3',
    ]);
    expect((await owner.caller.products.list({ q: '%' })).items).toEqual([]);
    const active = await owner.caller.products.list({ active: true, q: 'pagne' });
    expect(active.items.map((p) => p.sku).sort()).toEqual(['P-0', 'P-1']);

    for (const sort of ['newest', 'name', 'price_asc', 'price_desc', 'stock_asc'] as const) {
      const seen: string[] = [];
      let cursor: string | undefined;
      do {
        const pageOf = await owner.caller.products.list({
          sort,
          limit: 2,
          ...(cursor ? { cursor } : {}),
        });
        seen.push(...pageOf.items.map((p) => p.sku));
        cursor = pageOf.nextCursor ?? undefined;
      } while (cursor);
      expect(seen).toHaveLength(6);
      expect(new Set(seen).size).toBe(6);
      if (sort === 'price_asc') expect(seen).toEqual(['OLD', 'P-0', 'P-1', 'P-2', 'P-3', 'P-4']);
    }
  });
});

describe('products.update', () => {
  it('changes the price and audits the previous one', async () => {
    const owner = await app.signUp();
    const product = await owner.caller.products.create({ sku: 'K1', name: 'Karité', price: 3000 });
    const updated = await owner.caller.products.update({ id: product.id, price: '3500' });
    expect(updated.price.minor).toBe(3500);
    const audit = await owner.caller.audit.list({ action: 'product.update' });
    expect(audit.items[0]?.changes).toMatchObject({ price: 3500, previousPrice: 3000 });
  });

  it('archive and unarchive flip active', async () => {
    const owner = await app.signUp();
    const product = await owner.caller.products.create({ sku: 'A1', name: 'A', price: 100 });
    expect((await owner.caller.products.archive({ id: product.id })).active).toBe(false);
    expect((await owner.caller.products.unarchive({ id: product.id })).active).toBe(true);
  });
});

describe('products.adjustStock', () => {
  it('moves stock with a reason, audited, and never below zero', async () => {
    const owner = await app.signUp();
    const product = await owner.caller.products.create({
      sku: 'S1',
      name: 'Savon',
      price: 500,
      stock: 2,
    });
    const after = await owner.caller.products.adjustStock({
      id: product.id,
      delta: 10,
      reason: 'restock',
    });
    expect(after.stock).toBe(12);
    await expect(
      owner.caller.products.adjustStock({ id: product.id, delta: -13, reason: 'damaged' }),
    ).rejects.toMatchObject({ code: 'BAD_REQUEST', message: expect.stringContaining('has 12') });
    const audit = await owner.caller.audit.list({ action: 'product.stock' });
    expect(audit.items).toHaveLength(1);
    expect(audit.items[0]?.changes).toMatchObject({ delta: 10, reason: 'restock', stockAfter: 12 });
  });

  it('20 concurrent removals of the last unit: exactly one succeeds', async () => {
    const owner = await app.signUp();
    const product = await owner.caller.products.create({
      sku: 'LAST',
      name: 'Dernier',
      price: 100,
      stock: 1,
    });
    const results = await Promise.allSettled(
      Array.from({ length: 20 }, () =>
        owner.caller.products.adjustStock({ id: product.id, delta: -1, reason: 'sale_offline' }),
      ),
    );
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    expect((await owner.caller.products.byId({ id: product.id })).stock).toBe(0);
  });

  it('an agent adjusts stock but cannot change prices; a courier cannot read the catalog', async () => {
    const owner = await app.signUp();
    const agent = await app.signUp();
    const courier = await app.signUp();
    await app.join(owner, agent, 'agent');
    await app.join(owner, courier, 'courier');
    const product = await owner.caller.products.create({ sku: 'R1', name: 'R', price: 100 });
    const asAgent = await app.as(agent.token);
    await expect(
      asAgent.products.adjustStock({ id: product.id, delta: 3, reason: 'restock' }),
    ).resolves.toMatchObject({ stock: 3 });
    await expect(asAgent.products.update({ id: product.id, price: 1 })).rejects.toMatchObject({
      code: 'FORBIDDEN',
    });
    await expect((await app.as(courier.token)).products.list({})).rejects.toMatchObject({
      code: 'FORBIDDEN',
    });
  });
});
