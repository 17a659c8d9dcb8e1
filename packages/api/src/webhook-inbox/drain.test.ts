// The drain of the webhook inbox: a backlog processed once by racing drains, one batch across
// events, and a poison event parked instead of blocking the others.
import { schema } from '@flux/db';
import { textMessage, wamid, webhookPayload } from '@flux/integrations';
import { asc, eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { ingestTesting } from '../services/whatsapp-ingest/ingest-testing';
import { useTestApp } from '../testing';
import { drainWebhookEvents } from '.';

const app = useTestApp();
const { connectedShop, messagesOf } = ingestTesting(app);

describe('whatsapp.ingest: the drain', () => {
  it('events stored while no worker ran are all processed by the next drains, once, even racing', async () => {
    const { owner, phoneNumberId } = await connectedShop();
    const stored = await app.services.db
      .insert(schema.webhookEvents)
      .values(
        Array.from({ length: 60 }, (_, i) => ({
          provider: 'whatsapp' as const,
          externalId: wamid(),
          payload: webhookPayload({
            phoneNumberId,
            messages: [textMessage(`2217700010${String(i % 7).padStart(2, '0')}`, `Message ${i}`)],
          }),
          signatureValid: true,
        })),
      )
      .returning({ id: schema.webhookEvents.id });
    expect(stored).toHaveLength(60);
    // Two drains at once (two worker processes after a restart): SKIP LOCKED splits the work.
    const [a, b] = await Promise.all([
      drainWebhookEvents(app.services.db, { batch: 10, concurrency: 4 }),
      drainWebhookEvents(app.services.db, { batch: 10, concurrency: 4 }),
    ]);
    expect((a?.messages ?? 0) + (b?.messages ?? 0)).toBe(60);
    expect(await messagesOf(owner.businessId)).toHaveLength(60);
    expect((await drainWebhookEvents(app.services.db)).processed).toBe(0);
  });

  it('one batch: a customer across several events, and a message Meta sent twice, counted once', async () => {
    const { owner, phoneNumberId } = await connectedShop();
    const twice = textMessage('221770003001', 'Vous livrez à Pikine ?');
    const payloads = [
      webhookPayload({ phoneNumberId, messages: [textMessage('221770003001', 'Bonjour')] }),
      webhookPayload({ phoneNumberId, messages: [twice] }),
      webhookPayload({ phoneNumberId, messages: [twice] }),
      webhookPayload({
        phoneNumberId,
        contacts: [{ waId: '221770003002', name: 'Fatou' }],
        messages: [textMessage('221770003002', 'Salut'), textMessage('221770003001', 'Merci')],
      }),
    ];
    await app.services.db.insert(schema.webhookEvents).values(
      payloads.map((payload) => ({
        provider: 'whatsapp' as const,
        externalId: wamid(),
        payload,
        signatureValid: true,
      })),
    );
    await drainWebhookEvents(app.services.db, { batch: 50 });
    expect(await messagesOf(owner.businessId)).toHaveLength(4);
    const rows = await app.services.db
      .select({
        phone: schema.prospects.phone,
        name: schema.prospects.name,
        unread: schema.conversations.unreadCount,
      })
      .from(schema.conversations)
      .innerJoin(schema.prospects, eq(schema.prospects.id, schema.conversations.prospectId))
      .where(eq(schema.conversations.businessId, owner.businessId))
      .orderBy(asc(schema.prospects.phone));
    expect(rows).toEqual([
      { phone: '+221770003001', name: null, unread: 3 },
      { phone: '+221770003002', name: 'Fatou', unread: 1 },
    ]);
    const events = await app.services.db
      .select({ status: schema.webhookEvents.status, businessId: schema.webhookEvents.businessId })
      .from(schema.webhookEvents)
      .where(eq(schema.webhookEvents.businessId, owner.businessId));
    expect(events.map((e) => e.status)).toEqual(Array(4).fill('processed'));
  });

  it('a poison event is parked after 5 failed tries instead of blocking the others', async () => {
    const { owner, phoneNumberId } = await connectedShop();
    // A timestamp that is not one makes its event fail every time.
    await app.services.db.insert(schema.webhookEvents).values([
      {
        provider: 'whatsapp',
        externalId: wamid(),
        payload: webhookPayload({
          phoneNumberId,
          messages: [textMessage('221770002001', 'Hier', { timestamp: 'yesterday' })],
        }),
        signatureValid: true,
      },
      {
        provider: 'whatsapp',
        externalId: wamid(),
        payload: webhookPayload({
          phoneNumberId,
          messages: [textMessage('221770002002', 'Bonjour')],
        }),
        signatureValid: true,
      },
    ]);
    for (let i = 0; i < 5; i++) await drainWebhookEvents(app.services.db);
    expect((await messagesOf(owner.businessId)).map((m) => m.body)).toEqual(['Bonjour']);
    const failed = await app.services.db
      .select()
      .from(schema.webhookEvents)
      .where(eq(schema.webhookEvents.status, 'failed'));
    expect(failed).toHaveLength(1);
    expect(failed[0]?.attempts).toBe(5);
  });
});
