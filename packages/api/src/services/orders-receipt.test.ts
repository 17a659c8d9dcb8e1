// "Send the receipt on WhatsApp" from an order: through the real job runner to a fake Graph API,
// the customer gets one message with a working receipt link, however many times the button was
// clicked; without a WhatsApp conversation or outside the 24 h window it is refused, with a reason.
import { schema } from '@flux/db';
import { type FakeGraph, startFakeGraph } from '@flux/integrations';
import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type JobRunner, startJobs } from '../jobs/registry';
import { openConversation, useTestApp } from '../testing';
import { readReceiptToken } from './orders-receipt';

let graph: FakeGraph;
let runner: JobRunner;
beforeAll(async () => {
  graph = await startFakeGraph();
});
const app = useTestApp({ whatsappApiBaseUrl: () => graph.url });
beforeAll(async () => {
  runner = await startJobs(app.url, app.services, { work: true, migrate: false, schedule: false });
});
afterAll(async () => {
  await runner?.stop();
  await graph?.close();
});

let shops = 0;
/** A shop with a connected number, a customer who wrote on WhatsApp, and an order of theirs. */
async function orderOnWhatsapp(options: { windowOpen?: boolean } = {}) {
  shops += 1;
  const owner = await app.signUp();
  const phoneNumberId = `420000000${shops}`;
  const accessToken = `EAAG-receipt-${shops}`;
  graph.addNumber({
    phoneNumberId,
    displayPhoneNumber: '+221 77 000 00 03',
    verifiedName: 'Shop',
    accessToken,
  });
  await app.services.db.insert(schema.whatsappAccounts).values({
    businessId: owner.businessId,
    phoneNumberId,
    wabaId: '102290129340398',
    displayPhoneNumber: '+221 77 000 00 03',
    accessToken,
  });
  const customer = await openConversation(app, owner.businessId, {
    phone: `+22177660${String(shops).padStart(4, '0')}`,
  });
  if (options.windowOpen === false) {
    await app.services.db
      .update(schema.conversations)
      .set({ serviceWindowEndsAt: new Date(Date.now() - 60_000) })
      .where(eq(schema.conversations.id, customer.conversationId));
  }
  const wax = await owner.caller.products.create({
    sku: 'WAX',
    name: 'Pagne wax',
    price: 7500,
    stock: 10,
  });
  const order = await owner.caller.orders.create({
    prospectId: customer.prospectId,
    lines: [{ productId: wax.id, quantity: 2 }],
  });
  return { owner, phoneNumberId, order, wax, ...customer };
}

async function until(probe: () => Promise<boolean>, ms: number, what: string) {
  const deadline = Date.now() + ms;
  while (!(await probe())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

const messageStatus = async (id: string) =>
  (await app.services.db.select().from(schema.messages).where(eq(schema.messages.id, id)))[0]
    ?.status;

describe('orders.sendReceipt', () => {
  it('a double click sends one WhatsApp message with a working receipt link', async () => {
    const { owner, phoneNumberId, order, conversationId } = await orderOnWhatsapp();
    const click = { id: order.id, clientMessageId: 'receipt-click-0001' };
    const [first, second] = await Promise.all([
      owner.caller.orders.sendReceipt(click),
      owner.caller.orders.sendReceipt(click),
    ]);
    expect(second?.id).toBe(first?.id);
    const id = first?.id ?? '';
    await until(async () => (await messageStatus(id)) === 'sent', 10_000, 'the receipt sent');
    // A retry after the send: still the same message, nothing more goes out.
    expect((await owner.caller.orders.sendReceipt(click)).id).toBe(id);
    await new Promise((resolve) => setTimeout(resolve, 300));

    const toMeta = graph.sent.filter((sent) => sent.phoneNumberId === phoneNumberId);
    expect(toMeta).toHaveLength(1);
    const body = toMeta[0]?.body as { type: string; text: { body: string }; to: string };
    expect(body.type).toBe('text');
    expect(body.text.body).toMatch(/^Votre reçu pour la commande CMD-000001 : http/);
    const url = /(https?:\/\/\S+)/.exec(body.text.body)?.[1] ?? '';
    const token = new URL(url).pathname.replace(/^\/r\//, '');
    expect(readReceiptToken([app.services.config.deliveryCodeKey], token, new Date())).toEqual(
      expect.objectContaining({ businessId: owner.businessId, orderId: order.id }),
    );
    // In the conversation, as the team's reply, and one link made (audited) for the three clicks.
    const thread = await owner.caller.conversations.messages({ conversationId });
    expect(thread.items.filter((message) => message.body?.includes('/r/'))).toHaveLength(1);
    const audits = await app.services.db
      .select()
      .from(schema.auditLogs)
      .where(
        and(
          eq(schema.auditLogs.businessId, owner.businessId),
          eq(schema.auditLogs.action, 'order.receipt-link'),
        ),
      );
    expect(audits).toHaveLength(1);
  });

  it('a customer who never wrote on WhatsApp, or whose window closed, is refused with a reason', async () => {
    const closed = await orderOnWhatsapp({ windowOpen: false });
    await expect(
      closed.owner.caller.orders.sendReceipt({ id: closed.order.id, clientMessageId: 'closed-01' }),
    ).rejects.toMatchObject({ code: 'BAD_REQUEST' });

    const [walkIn] = await app.services.db
      .insert(schema.prospects)
      .values({ businessId: closed.owner.businessId, phone: '+221770009999', name: 'Awa' })
      .returning();
    const order = await closed.owner.caller.orders.create({
      prospectId: walkIn?.id ?? '',
      lines: [{ productId: closed.wax.id, quantity: 1 }],
    });
    await expect(
      closed.owner.caller.orders.sendReceipt({ id: order.id, clientMessageId: 'walk-in-01' }),
    ).rejects.toMatchObject({ code: 'PRECONDITION_FAILED' });
    // Another shop's order is not found.
    const other = await orderOnWhatsapp();
    await expect(
      other.owner.caller.orders.sendReceipt({ id: order.id, clientMessageId: 'other-shop-01' }),
    ).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });
});
