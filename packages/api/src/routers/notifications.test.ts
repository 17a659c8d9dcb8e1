import { schema } from '@flux/db';
import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { type TestUser, useTestApp } from '../testing';

const app = useTestApp();

/** A notification row as the engine writes it, in the state a test needs. */
async function written(
  user: TestUser,
  values: Partial<typeof schema.notifications.$inferInsert> & {
    channel: 'whatsapp' | 'in_app' | 'sms';
    status: 'sent' | 'dead' | 'unknown' | 'pending';
  },
) {
  const inApp = values.channel === 'in_app';
  const [row] = await app.services.db
    .insert(schema.notifications)
    .values({
      businessId: user.businessId,
      recipientType: inApp ? 'member' : 'customer',
      recipientId: inApp ? user.userId : null,
      recipient: inApp ? user.userId : '+221770000001',
      event: inApp ? 'conversation.handoff' : 'order.out_for_delivery',
      template: inApp ? 'conversation_handoff' : 'order_on_the_way',
      payload: inApp
        ? { customerName: 'Awa Diop' }
        : {
            businessName: 'Chez Awa',
            customerName: 'Fatou',
            orderNumber: 'CMD-000012',
            cashDue: 15000,
            currency: 'XOF',
            courierFirstName: 'Moussa',
            deliveryId: crypto.randomUUID(),
          },
      dedupeKey: `test:${crypto.randomUUID()}`,
      ...values,
    })
    .returning();
  if (!row) throw new Error('insert returned nothing');
  return row;
}

describe('notifications.bell', () => {
  it('shows a member their own in-app notifications with their words, counts the unread, and opens them', async () => {
    const owner = await app.signUp();
    const agent = await app.signUp();
    await app.join(owner, agent, 'agent');
    const first = await written(owner, { channel: 'in_app', status: 'sent' });
    await written(owner, { channel: 'in_app', status: 'sent' });
    // Another member's, and one not yet sent: neither is in the owner's bell.
    await written(owner, { channel: 'in_app', status: 'sent', recipientId: agent.userId });
    await written(owner, { channel: 'in_app', status: 'pending' });

    const bell = await owner.caller.notifications.bell();
    expect(bell.unread).toBe(2);
    expect(bell.items).toHaveLength(2);
    expect(bell.items[0]?.words?.text).toMatch(/Awa Diop/);
    expect((await agent.caller.notifications.bell({ businessId: owner.businessId })).unread).toBe(
      1,
    );

    expect(await owner.caller.notifications.markRead({ id: first.id })).toEqual({ marked: 1 });
    expect((await owner.caller.notifications.bell()).unread).toBe(1);
    // The agent cannot open the owner's.
    expect(
      await agent.caller.notifications.markRead({ id: first.id, businessId: owner.businessId }),
    ).toEqual({ marked: 0 });
    expect(await owner.caller.notifications.markRead({ all: true })).toEqual({ marked: 1 });
    const after = await owner.caller.notifications.bell();
    expect(after.unread).toBe(0);
    expect(after.items.every((item) => item.readAt instanceof Date)).toBe(true);
  });
});

describe('notifications on an order, and the failed ones', () => {
  it('the timeline says what was sent, with the door code and links masked', async () => {
    const owner = await app.signUp();
    const orderId = await anOrderOf(owner);
    const row = await written(owner, { channel: 'whatsapp', status: 'sent', orderId });
    const { items } = await owner.caller.notifications.forOrder({ orderId });
    expect(items).toHaveLength(1);
    expect(items[0]).toMatchObject({
      channel: 'whatsapp',
      status: 'sent',
      recipientType: 'customer',
    });
    expect(items[0]?.words?.text).toMatch(/Moussa vous livre votre commande CMD-000012/);
    expect(items[0]?.words?.text).toMatch(/Code à donner au livreur : ••••/);
    // Neither the delivery's id (the code derives from it) nor the dedupe key leaves the server.
    const answer = JSON.stringify(items);
    expect(answer).not.toContain(String(row.payload.deliveryId));
    expect(answer).not.toContain(row.dedupeKey);
  });

  it('dead and unknown ones are listed; retry puts a dead one back in the queue, resend makes a new one', async () => {
    const owner = await app.signUp();
    const dead = await written(owner, {
      channel: 'sms',
      status: 'dead',
      attempts: 5,
      lastError: 'provider answered 500',
    });
    const unknown = await written(owner, { channel: 'whatsapp', status: 'unknown', attempts: 1 });
    await written(owner, { channel: 'whatsapp', status: 'sent' });
    const failed = await owner.caller.notifications.failed();
    expect(failed.items.map((item) => item.id).sort()).toEqual([dead.id, unknown.id].sort());
    expect(failed.items.find((item) => item.id === dead.id)?.lastError).toBe(
      'provider answered 500',
    );

    expect(await owner.caller.notifications.retry({ ids: [dead.id, unknown.id] })).toEqual({
      retried: [dead.id],
    });
    const [again] = await app.services.db
      .select()
      .from(schema.notifications)
      .where(eq(schema.notifications.id, dead.id));
    expect(again).toMatchObject({ status: 'pending', attempts: 0, lastError: null });

    const fresh = await owner.caller.notifications.resend({ id: unknown.id });
    expect(fresh.id).not.toBe(unknown.id);
    expect(fresh.status).toBe('pending');
    expect((await owner.caller.notifications.failed()).items.map((item) => item.id)).toEqual([
      unknown.id,
    ]);
  });
});

async function anOrderOf(owner: TestUser): Promise<string> {
  const prospect = await owner.caller.prospects.create({ phone: '+221770001122', name: 'Fatou' });
  const product = await owner.caller.products.create({
    sku: `SKU-${crypto.randomUUID().slice(0, 6)}`,
    name: 'Bissap',
    price: '1500',
    stock: 10,
  });
  const order = await owner.caller.orders.create({
    prospectId: prospect.id,
    lines: [{ productId: product.id, quantity: 1 }],
  });
  return order.id;
}
