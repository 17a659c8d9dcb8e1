// What the ingest's tests share: a delivery stored and ingested as the drain would, and the rows a
// business ends up with.
import { schema } from '@flux/db';
import { type WebhookPayload, wamid } from '@flux/integrations';
import { asc, eq } from 'drizzle-orm';
import { connectedShop, type TestApp } from '../../testing';
import { ingestWebhookEvent } from '../../webhook-inbox';

export function ingestTesting(app: TestApp) {
  /** Stores the payload as the webhook does, then ingests that one event. */
  async function deliver(payload: WebhookPayload) {
    const [event] = await app.services.db
      .insert(schema.webhookEvents)
      .values({ provider: 'whatsapp', externalId: wamid(), payload, signatureValid: true })
      .returning();
    return {
      eventId: event?.id ?? '',
      result: await ingestWebhookEvent(app.services.db, event?.id ?? ''),
    };
  }

  const messagesOf = (businessId: string) =>
    app.services.db
      .select()
      .from(schema.messages)
      .where(eq(schema.messages.businessId, businessId))
      .orderBy(asc(schema.messages.createdAt), asc(schema.messages.id));

  const prospectsOf = (businessId: string) =>
    app.services.db
      .select()
      .from(schema.prospects)
      .where(eq(schema.prospects.businessId, businessId))
      .orderBy(asc(schema.prospects.createdAt));

  const conversationsOf = (businessId: string) =>
    app.services.db
      .select()
      .from(schema.conversations)
      .where(eq(schema.conversations.businessId, businessId))
      .orderBy(asc(schema.conversations.createdAt));

  /** An outbound message (already sent, wamid known) in a conversation, for receipts to move. */
  async function sentReply(businessId: string, conversationId: string) {
    const externalId = wamid();
    await app.services.db.insert(schema.messages).values({
      businessId,
      conversationId,
      direction: 'out',
      externalId,
      type: 'text',
      body: 'Oui, il reste du wax bleu',
      status: 'sent',
      authorType: 'user',
    });
    return externalId;
  }

  return {
    connectedShop: () => connectedShop(app),
    deliver,
    messagesOf,
    prospectsOf,
    conversationsOf,
    sentReply,
  };
}
