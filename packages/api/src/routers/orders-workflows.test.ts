// The merchant's order workflows of issue 18: search by number, name or phone and by days; lines
// edited before confirmation; confirming or marking ready several orders; the receipt's signed
// link; a phone order's own delivery fee; the timeline naming people.
// Over 400 lines on purpose: the cases share one test app (its database copy); a second file would
// pay that setup again, and the suite runs near its CI time limit.
import { schema } from '@flux/db';
import { listOrdersSql } from '@flux/db/queries/order-list';
import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { readReceiptToken, receiptToken, receiptView } from '../services/orders-receipt';
import { useTestApp } from '../testing';

const app = useTestApp();

/** A shop with two products and three customers. */
async function shop(options: { stock?: number } = {}) {
  const owner = await app.signUp({ name: 'Awa Ndiaye' });
  await owner.caller.business.update({ settings: { deliveryFee: 1000 } });
  const wax = await owner.caller.products.create({
    sku: 'WAX',
    name: 'Pagne wax',
    price: 7500,
    stock: options.stock ?? 20,
  });
  const soap = await owner.caller.products.create({
    sku: 'SOAP',
    name: 'Savon noir',
    price: 1250,
    stock: options.stock ?? 20,
  });
  const rand = () => String(Math.floor(Math.random() * 1e7)).padStart(7, '0');
  const customers = await app.services.db
    .insert(schema.prospects)
    .values([
      { businessId: owner.businessId, phone: `+22177${rand()}`, name: 'Ousmane Diallo' },
      { businessId: owner.businessId, phone: `+22178${rand()}`, name: 'Hélène Faye' },
      { businessId: owner.businessId, phone: '+33612345678', name: 'Marc Petit' },
    ])
    .returning();
  const [ousmane, helene, marc] = customers.map((row) => row.id);
  if (!ousmane || !helene || !marc) throw new Error('no prospects');
  return {
    owner,
    wax,
    soap,
    ousmane,
    helene,
    marc,
    ousmanePhone: customers[0]?.phone ?? '',
  };
}

describe('orders.list search', () => {
  it('finds orders by number, by the customer’s name without case or accents, by phone digits', async () => {
    const { owner, wax, ousmane, helene, marc, ousmanePhone } = await shop();
    const c = owner.caller.orders;
    for (const prospectId of [ousmane, helene, marc, ousmane]) {
      await c.create({ prospectId, lines: [{ productId: wax.id, quantity: 1 }] });
    }
    const refs = async (q: string) => (await c.list({ q })).items.map((o) => o.reference);
    expect(await refs('ousmane')).toEqual(['CMD-000004', 'CMD-000001']);
    expect(await refs('HELENE')).toEqual(['CMD-000002']);
    expect(await refs('hélène f')).toEqual(['CMD-000002']);
    // The digits of a number typed with spaces; the national form with its trunk 0.
    const spaced = ousmanePhone.slice(4).replace(/(\d{2})(\d{3})/, '$1 $2 ');
    expect(await refs(spaced)).toEqual(['CMD-000004', 'CMD-000001']);
    expect(await refs('06 12 34 56 78')).toEqual(['CMD-000003']);
    expect(await refs('CMD-000003')).toEqual(['CMD-000003']);
    expect(await refs('3')).toEqual(['CMD-000003']);
    expect(await refs('Fatou')).toEqual([]);
    // A LIKE wildcard typed is a character, not "anything".
    expect(await refs('%')).toEqual([]);
    // Another shop's customer of the same name is not found here.
    const other = await shop();
    await other.owner.caller.orders.create({
      prospectId: other.ousmane,
      lines: [{ productId: other.wax.id, quantity: 1 }],
    });
    expect(await refs('ousmane')).toEqual(['CMD-000004', 'CMD-000001']);
  });

  it('combines the search with status and days, and pages through the matches', async () => {
    const { owner, wax, ousmane, helene } = await shop();
    const c = owner.caller.orders;
    const made = [];
    for (const prospectId of [ousmane, ousmane, helene, ousmane]) {
      made.push(await c.create({ prospectId, lines: [{ productId: wax.id, quantity: 1 }] }));
    }
    // The first one, a week ago.
    await app.services.db
      .update(schema.orders)
      .set({ createdAt: new Date(Date.now() - 7 * 86_400_000) })
      .where(eq(schema.orders.id, made[0]?.id ?? ''));
    await c.confirm({ id: made[3]?.id ?? '' });
    const since = new Date(Date.now() - 86_400_000);
    expect((await c.list({ q: 'Ousmane', from: since })).items.map((o) => o.number)).toEqual([
      4, 2,
    ]);
    expect((await c.list({ q: 'Ousmane', to: since })).items.map((o) => o.number)).toEqual([1]);
    expect(
      (await c.list({ q: 'ousmane', status: ['confirmed'] })).items.map((o) => o.number),
    ).toEqual([4]);
    const first = await c.list({ q: 'ousmane', limit: 2 });
    expect(first.items.map((o) => o.number)).toEqual([4, 2]);
    const second = await c.list({ q: 'ousmane', limit: 2, cursor: first.nextCursor ?? '' });
    expect(second.items.map((o) => o.number)).toEqual([1]);
    expect(second.nextCursor).toBeNull();
  });

  it('is a prepared statement of its own: the default list keeps its name and carries no search', () => {
    const businessId = '0b7f5a3e-6f0c-4f4a-9a57-1f0c2b1d3e4f';
    const plain = listOrdersSql(app.services.db, { businessId, limit: 50 });
    expect(plain.name).toBe('orders_list_000000');
    expect(plain.text).not.toContain('translate(');
    const searched = listOrdersSql(app.services.db, {
      businessId,
      limit: 50,
      search: { text: 'Awa', number: null },
    });
    expect(searched.name).toBe('orders_list_000000_s');
    expect(searched.text).toContain('translate(');
  });

  it('refuses a period that ends before it starts, naming the field', async () => {
    const { owner } = await shop();
    await expect(
      owner.caller.orders.list({ from: new Date('2026-02-01'), to: new Date('2026-01-01') }),
    ).rejects.toMatchObject({
      code: 'BAD_REQUEST',
      cause: { issues: [expect.objectContaining({ path: ['to'] })] },
    });
  });
});

describe('orders.updateLines', () => {
  it('adds, removes and changes quantities of a pending order; totals computed again; audited', async () => {
    const { owner, wax, soap, ousmane } = await shop();
    const c = owner.caller.orders;
    const order = await c.create({
      prospectId: ousmane,
      lines: [{ productId: wax.id, quantity: 1 }],
    });
    // The wax's price changes after the order: its line keeps the price it was ordered at.
    await owner.caller.products.update({ id: wax.id, price: 9000 });
    const updated = await c.updateLines({
      id: order.id,
      lines: [
        { productId: wax.id, quantity: 3 },
        { productId: soap.id, quantity: 2 },
      ],
      // Sent by a client, ignored: totals are never trusted.
      ...({ total: 1 } as object),
    });
    expect(
      updated.items.map((i) => [i.name, i.quantity, i.unitPrice.minor, i.lineTotal.minor]),
    ).toEqual([
      ['Pagne wax', 3, 7500, 22_500],
      ['Savon noir', 2, 1250, 2500],
    ]);
    expect(updated.subtotal.minor).toBe(25_000);
    expect(updated.total.minor).toBe(26_000);
    expect(updated.cashDue.minor).toBe(26_000);

    const removed = await c.updateLines({
      id: order.id,
      lines: [{ productId: soap.id, quantity: 1 }],
    });
    expect(removed.items.map((i) => [i.name, i.quantity])).toEqual([['Savon noir', 1]]);
    expect(removed.total.minor).toBe(1250 + 1000);

    const detail = await c.byId({ id: order.id });
    expect(detail.history.map((h) => h.action)).toEqual([
      'order.create',
      'order.lines',
      'order.lines',
    ]);
    expect(detail.history[1]?.changes).toMatchObject({
      before: [{ name: 'Pagne wax', quantity: 1 }],
      after: [
        { name: 'Pagne wax', quantity: 3 },
        { name: 'Savon noir', quantity: 2 },
      ],
      total: { from: 8500, to: 26_000 },
    });
    // The list shows the new lines too.
    const [listed] = (await c.list({})).items;
    expect(listed?.items).toEqual([
      { name: 'Savon noir', quantity: 1, lineTotal: { minor: 1250, currency: 'XOF' } },
    ]);
  });

  it('is refused once confirmed, with a clear error, and nothing changes', async () => {
    const { owner, wax, soap, ousmane } = await shop();
    const c = owner.caller.orders;
    const order = await c.create({
      prospectId: ousmane,
      lines: [{ productId: wax.id, quantity: 1 }],
    });
    await c.confirm({ id: order.id });
    await expect(
      c.updateLines({ id: order.id, lines: [{ productId: soap.id, quantity: 1 }] }),
    ).rejects.toMatchObject({
      code: 'CONFLICT',
      message: 'Order CMD-000001 is confirmed: its lines can no longer change',
    });
    const detail = await c.byId({ id: order.id });
    expect(detail.items.map((i) => i.name)).toEqual(['Pagne wax']);
    expect(detail.total.minor).toBe(8500);
  });

  it('a draft’s edited lines are the ones stock is checked and taken for at confirmation', async () => {
    const { owner, wax, soap, ousmane } = await shop({ stock: 3 });
    const c = owner.caller.orders;
    const order = await c.create({
      prospectId: ousmane,
      lines: [{ productId: wax.id, quantity: 1 }],
      status: 'draft',
    });
    await c.updateLines({ id: order.id, lines: [{ productId: soap.id, quantity: 5 }] });
    await expect(c.confirm({ id: order.id })).rejects.toMatchObject({
      code: 'CONFLICT',
      message: 'Not enough stock for Savon noir: 3 left, 5 ordered',
    });
    await c.updateLines({ id: order.id, lines: [{ productId: soap.id, quantity: 3 }] });
    await c.confirm({ id: order.id });
    const stock = async (id: string) =>
      (await app.services.db.select().from(schema.products).where(eq(schema.products.id, id)))[0]
        ?.stock;
    expect(await stock(soap.id)).toBe(0);
    expect(await stock(wax.id)).toBe(3);
  });

  it('refuses bad input with field issues, and archived or foreign products', async () => {
    const { owner, wax, soap, ousmane } = await shop();
    const other = await shop();
    const c = owner.caller.orders;
    const order = await c.create({
      prospectId: ousmane,
      lines: [{ productId: wax.id, quantity: 1 }],
    });
    await expect(c.updateLines({ id: order.id, lines: [] })).rejects.toMatchObject({
      code: 'BAD_REQUEST',
    });
    await expect(
      c.updateLines({ id: order.id, lines: [{ productId: wax.id, quantity: 0 }] }),
    ).rejects.toMatchObject({ code: 'BAD_REQUEST' });
    await expect(
      c.updateLines({ id: order.id, lines: [{ productId: other.soap.id, quantity: 1 }] }),
    ).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await owner.caller.products.archive({ id: soap.id });
    await expect(
      c.updateLines({ id: order.id, lines: [{ productId: soap.id, quantity: 1 }] }),
    ).rejects.toMatchObject({ code: 'BAD_REQUEST', message: 'Savon noir is archived' });
    expect((await c.byId({ id: order.id })).items.map((i) => i.name)).toEqual(['Pagne wax']);
  });
});

describe('orders.bulkTransition', () => {
  it('confirms each order it can, and says for each one that fails why', async () => {
    const { owner, wax, soap, ousmane } = await shop({ stock: 2 });
    const c = owner.caller.orders;
    const a = await c.create({ prospectId: ousmane, lines: [{ productId: wax.id, quantity: 1 }] });
    const b = await c.create({ prospectId: ousmane, lines: [{ productId: soap.id, quantity: 5 }] });
    const d = await c.create({ prospectId: ousmane, lines: [{ productId: wax.id, quantity: 1 }] });
    await c.cancel({ id: d.id, reason: 'client injoignable' });
    const { results } = await c.bulkTransition({ ids: [a.id, b.id, d.id], to: 'confirmed' });
    expect(results).toEqual([
      { id: a.id, ok: true, reference: 'CMD-000001', status: 'confirmed' },
      expect.objectContaining({
        id: b.id,
        ok: false,
        reference: 'CMD-000002',
        code: 'CONFLICT',
        details: expect.objectContaining({ available: 2, ordered: 5 }),
      }),
      expect.objectContaining({
        id: d.id,
        ok: false,
        reference: 'CMD-000003',
        code: 'BAD_REQUEST',
        details: { from: 'cancelled', to: 'confirmed' },
      }),
    ]);
    expect((await c.byId({ id: a.id })).status).toBe('confirmed');
    expect((await c.byId({ id: b.id })).status).toBe('pending');
  });

  it('marks ready through preparing, both steps in the order’s history', async () => {
    const { owner, wax, ousmane } = await shop();
    const c = owner.caller.orders;
    const a = await c.create({ prospectId: ousmane, lines: [{ productId: wax.id, quantity: 1 }] });
    const b = await c.create({ prospectId: ousmane, lines: [{ productId: wax.id, quantity: 1 }] });
    await c.bulkTransition({ ids: [a.id, b.id], to: 'confirmed' });
    const { results } = await c.bulkTransition({ ids: [a.id, b.id, a.id], to: 'ready' });
    expect(results.map((r) => [r.reference, r.ok])).toEqual([
      ['CMD-000001', true],
      ['CMD-000002', true],
    ]);
    const detail = await c.byId({ id: a.id });
    expect(detail.status).toBe('ready');
    expect(
      detail.history
        .filter((h) => h.action === 'order.transition')
        .map((h) => (h.changes as { to: string }).to),
    ).toEqual(['confirmed', 'preparing', 'ready']);
  });

  it('an id that is not the business’s order moves nothing', async () => {
    const { owner, wax, ousmane } = await shop();
    const other = await shop();
    const mine = await owner.caller.orders.create({
      prospectId: ousmane,
      lines: [{ productId: wax.id, quantity: 1 }],
    });
    const theirs = await other.owner.caller.orders.create({
      prospectId: other.ousmane,
      lines: [{ productId: other.wax.id, quantity: 1 }],
    });
    await expect(
      owner.caller.orders.bulkTransition({ ids: [mine.id, theirs.id], to: 'confirmed' }),
    ).rejects.toMatchObject({ code: 'NOT_FOUND' });
    expect((await owner.caller.orders.byId({ id: mine.id })).status).toBe('pending');
    expect((await other.owner.caller.orders.byId({ id: theirs.id })).status).toBe('pending');
  });
});

describe('receipts', () => {
  const key = 'k'.repeat(64);
  const ids = {
    businessId: '0b7f5a3e-6f0c-4f4a-9a57-1f0c2b1d3e4f',
    orderId: 'c1d2e3f4-a5b6-4c7d-8e9f-0a1b2c3d4e5f',
  };

  it('a token names its order until it expires; a changed character or another key is refused', () => {
    const now = new Date('2026-11-27T12:00:00Z');
    const token = receiptToken(key, { ...ids, expiresAt: new Date('2026-12-27T12:00:00Z') });
    expect(token).toMatch(/^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]{22}$/);
    expect(readReceiptToken([key], token, now)).toMatchObject(ids);
    expect(readReceiptToken([key], token, new Date('2026-12-27T12:00:01Z'))).toBeNull();
    expect(readReceiptToken(['x'.repeat(64)], token, now)).toBeNull();
    // After a key rotation, with the old key as a previous one: still read.
    expect(readReceiptToken(['x'.repeat(64), key], token, now)).toMatchObject(ids);
    const [payload = '', mac = ''] = token.split('.');
    const flipped = `${payload.slice(0, 10)}${payload[10] === 'A' ? 'B' : 'A'}${payload.slice(11)}`;
    expect(readReceiptToken([key], `${flipped}.${mac}`, now)).toBeNull();
    expect(readReceiptToken([key], 'garbage', now)).toBeNull();
  });

  it('orders.receiptLink gives a link to the order’s receipt, audited', async () => {
    const { owner, wax, ousmane } = await shop();
    const order = await owner.caller.orders.create({
      prospectId: ousmane,
      lines: [{ productId: wax.id, quantity: 2 }],
    });
    const link = await owner.caller.orders.receiptLink({ id: order.id });
    const token = new URL(link.url).pathname.replace('/r/', '');
    const read = readReceiptToken([app.services.config.deliveryCodeKey], token, new Date());
    expect(read).toMatchObject({ businessId: owner.businessId, orderId: order.id });
    expect(link.expiresAt.getTime()).toBeGreaterThan(Date.now() + 29 * 86_400_000);
    const view = await receiptView(app.services.db, {
      businessId: owner.businessId,
      orderId: order.id,
    });
    expect(view).toMatchObject({
      reference: 'CMD-000001',
      customer: { name: 'Ousmane Diallo' },
      lines: [{ name: 'Pagne wax', quantity: 2 }],
      paymentStatus: 'unpaid',
    });
    expect(view?.total.replace(/\s/g, ' ')).toBe('16 000 F CFA');
    const history = await owner.caller.orders.byId({ id: order.id });
    expect(history.history.map((h) => h.action)).toContain('order.receipt-link');
  });
});

describe('a phone order', () => {
  it('takes the delivery fee the merchant typed, or the shop’s', async () => {
    const { owner, wax, ousmane } = await shop();
    const own = await owner.caller.orders.create({
      prospectId: ousmane,
      lines: [{ productId: wax.id, quantity: 1 }],
      deliveryFee: 2500,
    });
    expect([own.deliveryFee.minor, own.total.minor]).toEqual([2500, 10_000]);
    const free = await owner.caller.orders.create({
      prospectId: ousmane,
      lines: [{ productId: wax.id, quantity: 1 }],
      deliveryFee: 0,
    });
    expect(free.total.minor).toBe(7500);
    const shops = await owner.caller.orders.create({
      prospectId: ousmane,
      lines: [{ productId: wax.id, quantity: 1 }],
    });
    expect(shops.deliveryFee.minor).toBe(1000);
    await expect(
      owner.caller.orders.create({
        prospectId: ousmane,
        lines: [{ productId: wax.id, quantity: 1 }],
        deliveryFee: -1,
      }),
    ).rejects.toMatchObject({ code: 'BAD_REQUEST' });
  });
});

describe('the timeline', () => {
  it('names members by their name, the AI as the AI, never an email', async () => {
    const { owner, wax, ousmane } = await shop();
    const order = await owner.caller.orders.create({
      prospectId: ousmane,
      lines: [{ productId: wax.id, quantity: 1 }],
    });
    await app.services.db.insert(schema.auditLogs).values({
      businessId: owner.businessId,
      actorUserId: null,
      actorLabel: 'ai',
      action: 'order.transition',
      entityType: 'order',
      entityId: order.id,
      changes: { from: 'draft', to: 'pending' },
    });
    const { history } = await owner.caller.orders.byId({ id: order.id });
    expect(history.map((h) => h.actor)).toEqual([
      { kind: 'member', name: 'Awa Ndiaye' },
      { kind: 'ai', name: null },
    ]);
    expect(JSON.stringify(history)).not.toContain(owner.email);
  });
});
