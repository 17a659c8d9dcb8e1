import { schema } from '@flux/db';
import { and, eq, sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { type TestUser, useTestApp } from '../testing';

const app = useTestApp();

/** A shop with a delivery fee, two products and a prospect. */
async function shop(options: { stock?: number; fee?: number } = {}) {
  const owner = await app.signUp();
  await owner.caller.business.update({ settings: { deliveryFee: options.fee ?? 1500 } });
  const wax = await owner.caller.products.create({
    sku: 'WAX',
    name: 'Pagne wax',
    price: 7500,
    stock: options.stock ?? 10,
  });
  const soap = await owner.caller.products.create({
    sku: 'SOAP',
    name: 'Savon noir',
    price: 1250,
    stock: options.stock ?? 10,
  });
  const [prospect] = await app.services.db
    .insert(schema.prospects)
    .values({
      businessId: owner.businessId,
      phone: `+22177${String(Math.floor(Math.random() * 1e7)).padStart(7, '0')}`,
      name: 'Fatou',
    })
    .returning();
  return { owner: await fresh(owner), wax, soap, prospectId: prospect?.id ?? '' };
}

/** A caller that sees the session as it is now. */
async function fresh(user: TestUser) {
  return { ...user, caller: await app.as(user.token) };
}

const stockOf = async (id: string) =>
  (await app.services.db.select().from(schema.products).where(eq(schema.products.id, id)))[0]
    ?.stock;

const eventsOf = async (orderId: string) =>
  (
    await app.services.db.execute<{ data: { from: string | null; to: string } }>(
      sql`select data from pgboss.job where name = 'order.status-changed' and data->>'orderId' = ${orderId} order by created_on`,
    )
  ).rows.map((row) => `${row.data.from ?? '∅'}→${row.data.to}`);

describe('orders.create', () => {
  it('computes lines, subtotal, the business’s delivery fee and total on the server', async () => {
    const { owner, wax, soap, prospectId } = await shop();
    const order = await owner.caller.orders.create({
      prospectId,
      lines: [
        { productId: wax.id, quantity: 2 },
        { productId: soap.id, quantity: 3 },
        { productId: wax.id, quantity: 1 },
      ],
      deliveryAddress: 'Pikine, rue 10',
      // Sent by a client, ignored: totals are never trusted.
      ...({ total: 1, subtotal: 1 } as object),
    });
    expect(order.reference).toBe('CMD-000001');
    expect(order.items.map((i) => [i.name, i.quantity, i.lineTotal.minor])).toEqual([
      ['Pagne wax', 3, 22500],
      ['Savon noir', 3, 3750],
    ]);
    expect(order.subtotal.minor).toBe(26250);
    expect(order.deliveryFee.minor).toBe(1500);
    expect(order.total).toMatchObject({ minor: 27750, amount: '27750', currency: 'XOF' });
    expect(order.cashDue.minor).toBe(27750);
    expect(order.status).toBe('pending');
  });

  it('snapshots prices: a later price change leaves the order alone', async () => {
    const { owner, wax, prospectId } = await shop();
    const order = await owner.caller.orders.create({
      prospectId,
      lines: [{ productId: wax.id, quantity: 1 }],
    });
    await owner.caller.products.update({ id: wax.id, price: 9000 });
    const again = await owner.caller.orders.byId({ id: order.id });
    expect(again.items[0]?.unitPrice.minor).toBe(7500);
    expect(again.total.minor).toBe(9000);
  });

  it('refuses archived products, other businesses’ products and prospects, and half coordinates', async () => {
    const { owner, wax, prospectId } = await shop();
    const other = await shop();
    await expect(
      owner.caller.orders.create({ prospectId, lines: [{ productId: other.wax.id, quantity: 1 }] }),
    ).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await expect(
      owner.caller.orders.create({
        prospectId: other.prospectId,
        lines: [{ productId: wax.id, quantity: 1 }],
      }),
    ).rejects.toMatchObject({ code: 'NOT_FOUND', message: 'Prospect not found' });
    await expect(
      owner.caller.orders.create({
        prospectId,
        lines: [{ productId: wax.id, quantity: 1 }],
        deliveryLat: 14.7,
      }),
    ).rejects.toMatchObject({ code: 'BAD_REQUEST' });
    await owner.caller.products.archive({ id: wax.id });
    await expect(
      owner.caller.orders.create({ prospectId, lines: [{ productId: wax.id, quantity: 1 }] }),
    ).rejects.toMatchObject({ code: 'BAD_REQUEST', message: 'Pagne wax is archived' });
    // Nothing failed half-way: the counter did not move.
    const next = await owner.caller.orders.create({
      prospectId,
      lines: [
        { productId: (await owner.caller.products.unarchive({ id: wax.id })).id, quantity: 1 },
      ],
    });
    expect(next.number).toBe(1);
  });

  it('50 orders created at once get 50 distinct, consecutive numbers', async () => {
    const { owner, soap, prospectId } = await shop();
    const created = await Promise.all(
      Array.from({ length: 50 }, () =>
        owner.caller.orders.create({ prospectId, lines: [{ productId: soap.id, quantity: 1 }] }),
      ),
    );
    const numbers = created.map((order) => order.number).sort((a, b) => a - b);
    expect(numbers).toEqual(Array.from({ length: 50 }, (_, i) => i + 1));
  });

  it('from a conversation: it must be the same prospect’s', async () => {
    const { owner, wax, prospectId } = await shop();
    const [conversation] = await app.services.db
      .insert(schema.conversations)
      .values({ businessId: owner.businessId, prospectId, channel: 'whatsapp' })
      .returning();
    const order = await owner.caller.orders.create({
      prospectId,
      conversationId: conversation?.id,
      lines: [{ productId: wax.id, quantity: 1 }],
      status: 'draft',
    });
    expect(order).toMatchObject({ conversationId: conversation?.id, status: 'draft' });
    const [otherProspect] = await app.services.db
      .insert(schema.prospects)
      .values({ businessId: owner.businessId, phone: '+221780000001' })
      .returning();
    await expect(
      owner.caller.orders.create({
        prospectId: otherProspect?.id ?? '',
        conversationId: conversation?.id,
        lines: [{ productId: wax.id, quantity: 1 }],
      }),
    ).rejects.toMatchObject({ code: 'BAD_REQUEST' });
  });
});

describe('the lifecycle', () => {
  it('goes draft → … → delivered: stock taken on confirm, cash collected, prospect becomes a customer', async () => {
    const { owner, wax, prospectId } = await shop({ stock: 5 });
    const order = await owner.caller.orders.create({
      prospectId,
      lines: [{ productId: wax.id, quantity: 2 }],
      status: 'draft',
    });
    const c = owner.caller.orders;
    await c.submit({ id: order.id });
    expect(await stockOf(wax.id)).toBe(5);
    const confirmed = await c.confirm({ id: order.id });
    expect(confirmed.confirmedAt).toBeInstanceOf(Date);
    expect(await stockOf(wax.id)).toBe(3);
    await c.startPreparing({ id: order.id });
    await c.markReady({ id: order.id });
    await c.markOutForDelivery({ id: order.id });
    const delivered = await c.markDelivered({ id: order.id });
    expect(delivered).toMatchObject({
      status: 'delivered',
      paymentStatus: 'paid',
      allowedTransitions: [],
    });
    expect(delivered.cashDue.minor).toBe(0);
    expect(await stockOf(wax.id)).toBe(3);
    const [prospect] = await app.services.db
      .select()
      .from(schema.prospects)
      .where(eq(schema.prospects.id, prospectId));
    expect(prospect?.status).toBe('customer');

    const detail = await c.byId({ id: order.id });
    expect(detail.history.map((h) => h.action)).toEqual([
      'order.create',
      ...Array(6).fill('order.transition'),
    ]);
    expect(detail.history.at(-1)?.changes).toMatchObject({
      from: 'out_for_delivery',
      to: 'delivered',
    });
    expect(await eventsOf(order.id)).toEqual([
      '∅→draft',
      'draft→pending',
      'pending→confirmed',
      'confirmed→preparing',
      'preparing→ready',
      'ready→out_for_delivery',
      'out_for_delivery→delivered',
    ]);
  });

  it('an illegal move is a BAD_REQUEST naming both states', async () => {
    const { owner, wax, prospectId } = await shop();
    const order = await owner.caller.orders.create({
      prospectId,
      lines: [{ productId: wax.id, quantity: 1 }],
    });
    await expect(owner.caller.orders.markDelivered({ id: order.id })).rejects.toMatchObject({
      code: 'BAD_REQUEST',
      message: 'Order CMD-000001 cannot go from pending to delivered',
    });
    await expect(
      owner.caller.orders.transition({ id: order.id, to: 'returned' }),
    ).rejects.toMatchObject({ message: 'Order CMD-000001 cannot go from pending to returned' });
  });

  it('cancelling needs a reason, gives the stock back, and is impossible once out for delivery', async () => {
    const { owner, wax, prospectId } = await shop({ stock: 4 });
    const c = owner.caller.orders;
    const order = await c.create({ prospectId, lines: [{ productId: wax.id, quantity: 3 }] });
    await c.confirm({ id: order.id });
    expect(await stockOf(wax.id)).toBe(1);
    await expect(c.cancel({ id: order.id })).rejects.toMatchObject({ code: 'BAD_REQUEST' });
    const cancelled = await c.cancel({ id: order.id, reason: 'Client injoignable' });
    expect(cancelled).toMatchObject({ status: 'cancelled' });
    expect(cancelled.cashDue.minor).toBe(0);
    expect(await stockOf(wax.id)).toBe(4);

    const second = await c.create({ prospectId, lines: [{ productId: wax.id, quantity: 1 }] });
    for (const step of [c.confirm, c.startPreparing, c.markReady, c.markOutForDelivery]) {
      await step({ id: second.id });
    }
    await expect(c.cancel({ id: second.id, reason: 'trop tard' })).rejects.toMatchObject({
      message: 'Order CMD-000002 cannot go from out_for_delivery to cancelled',
    });
  });

  it('a failed delivery comes back as returned, and its stock with it', async () => {
    const { owner, wax, prospectId } = await shop({ stock: 2 });
    const c = owner.caller.orders;
    const order = await c.create({ prospectId, lines: [{ productId: wax.id, quantity: 2 }] });
    for (const step of [c.confirm, c.startPreparing, c.markReady, c.markOutForDelivery]) {
      await step({ id: order.id });
    }
    expect(await stockOf(wax.id)).toBe(0);
    await c.markFailed({ id: order.id, reason: 'Client absent' });
    const returned = await c.markReturned({ id: order.id });
    expect(returned.status).toBe('returned');
    expect(await stockOf(wax.id)).toBe(2);
  });

  it('20 orders of the last unit confirmed at once: exactly one wins, the others say why, and emit nothing', async () => {
    const { owner, wax, prospectId } = await shop({ stock: 1 });
    const created = await Promise.all(
      Array.from({ length: 20 }, () =>
        owner.caller.orders.create({ prospectId, lines: [{ productId: wax.id, quantity: 1 }] }),
      ),
    );
    const results = await Promise.allSettled(
      created.map((order) => owner.caller.orders.confirm({ id: order.id })),
    );
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    const failure = results.find((r) => r.status === 'rejected');
    expect(failure?.status === 'rejected' && failure.reason).toMatchObject({
      code: 'CONFLICT',
      message: 'Not enough stock for Pagne wax: 0 left, 1 ordered',
    });
    expect(await stockOf(wax.id)).toBe(0);
    const confirmedEvents = await app.services.db.execute<{ n: number }>(
      sql`select count(*)::int as n from pgboss.job where name = 'order.status-changed'
          and data->>'to' = 'confirmed' and data->>'businessId' = ${owner.businessId}`,
    );
    expect(confirmedEvents.rows[0]?.n).toBe(1);
  });
});

describe('payment', () => {
  it('cash due follows the method and the payment status', async () => {
    const { owner, wax, prospectId } = await shop();
    const mobile = await owner.caller.orders.create({
      prospectId,
      lines: [{ productId: wax.id, quantity: 1 }],
      paymentMethod: 'mobile_money',
    });
    expect(mobile.cashDue.minor).toBe(0);
    const cod = await owner.caller.orders.create({
      prospectId,
      lines: [{ productId: wax.id, quantity: 1 }],
    });
    expect(cod.cashDue.minor).toBe(9000);
    const paid = await owner.caller.orders.setPaymentStatus({ id: cod.id, status: 'paid' });
    expect(paid.cashDue.minor).toBe(0);
    await expect(
      owner.caller.orders.setPaymentStatus({ id: mobile.id, status: 'refunded' }),
    ).rejects.toMatchObject({ code: 'BAD_REQUEST' });
    await expect(
      owner.caller.orders.setPaymentStatus({ id: cod.id, status: 'refunded' }),
    ).resolves.toMatchObject({ paymentStatus: 'refunded' });
  });
});

describe('orders.list', () => {
  it('filters by status, prospect, date and number, pages newest first with the lines', async () => {
    const { owner, wax, soap, prospectId } = await shop();
    const c = owner.caller.orders;
    for (let i = 0; i < 5; i++) {
      await c.create({
        prospectId,
        lines: [
          { productId: wax.id, quantity: 1 },
          { productId: soap.id, quantity: i + 1 },
        ],
      });
    }
    await c.confirm({ id: (await c.list({ q: 'CMD-000002' })).items[0]?.id ?? '' });

    const firstPage = await c.list({ limit: 2 });
    expect(firstPage.items.map((o) => o.number)).toEqual([5, 4]);
    expect(firstPage.items[0]?.items).toHaveLength(2);
    expect(firstPage.items[0]?.prospect.name).toBe('Fatou');
    const seen = [...firstPage.items];
    let cursor = firstPage.nextCursor;
    while (cursor) {
      const next = await c.list({ limit: 2, cursor });
      seen.push(...next.items);
      cursor = next.nextCursor;
    }
    expect(seen.map((o) => o.number)).toEqual([5, 4, 3, 2, 1]);

    expect((await c.list({ status: ['confirmed'] })).items.map((o) => o.number)).toEqual([2]);
    expect((await c.list({ q: '3' })).items.map((o) => o.reference)).toEqual(['CMD-000003']);
    expect((await c.list({ q: 'hello' })).items).toEqual([]);
    expect((await c.list({ prospectId })).items).toHaveLength(5);
    expect((await c.list({ from: new Date(Date.now() + 60_000) })).items).toEqual([]);
    const other = await shop();
    expect((await other.owner.caller.orders.list({})).items).toEqual([]);
    const [row] = await app.services.db
      .select()
      .from(schema.orders)
      .where(and(eq(schema.orders.businessId, owner.businessId), eq(schema.orders.number, 1)));
    expect(row?.total).toBe(7500 + 1250 + 1500);
  });

  it("answers each order as its screens show it, the same values as orders.byId's", async () => {
    const { owner, wax, soap, prospectId } = await shop();
    const created = await owner.caller.orders.create({
      prospectId,
      lines: [
        { productId: wax.id, quantity: 2 },
        { productId: soap.id, quantity: 1 },
      ],
      deliveryAddress: 'Dakar, Plateau',
      status: 'draft',
    });
    const [listed] = (await owner.caller.orders.list({})).items;
    const full = await owner.caller.orders.byId({ id: created.id });
    expect(listed).toEqual({
      id: full.id,
      number: full.number,
      reference: full.reference,
      status: 'draft',
      paymentMethod: full.paymentMethod,
      total: { minor: full.total.minor, currency: 'XOF' },
      deliveryAddress: 'Dakar, Plateau',
      conversationId: null,
      createdAt: full.createdAt,
      prospect: { name: 'Fatou', phone: full.prospect.phone },
      items: full.items.map((item) => ({
        name: item.name,
        quantity: item.quantity,
        lineTotal: { minor: item.lineTotal.minor, currency: 'XOF' },
      })),
    });
    expect(listed?.createdAt).toBeInstanceOf(Date);
  });
});
