import { schema } from '@flux/db';
import {
  type FakeGraph,
  inboundMessage,
  startFakeGraph,
  wamid,
  webhookPayload,
} from '@flux/integrations';
import { eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { useTestApp } from '../../testing';
import { ingestWebhookEvent } from '../../webhook-inbox';
import { whatsappMedia } from './media';

let graph: FakeGraph;
beforeAll(async () => {
  graph = await startFakeGraph();
});
afterAll(() => graph.close());
const app = useTestApp({ whatsappApiBaseUrl: () => graph.url });

it('a received image gets its media job in the same transaction; the job keeps where to fetch it', async () => {
  const owner = await app.signUp();
  const token = 'EAAGm0PX4ZCpsBAKZB-media-tests';
  graph.addNumber({
    phoneNumberId: '6000000000001',
    displayPhoneNumber: '+221 77 000 00 61',
    verifiedName: 'Shop',
    accessToken: token,
  });
  await owner.caller.settings.whatsapp.connect({
    phoneNumberId: '6000000000001',
    wabaId: '102290129340398',
    displayPhoneNumber: '+221 77 000 00 61',
    accessToken: token,
  });
  const image = inboundMessage('221770006001', 'image', {
    id: 'media-4242',
    mime_type: 'image/jpeg',
    caption: 'Ce modèle',
  });
  const [event] = await app.services.db
    .insert(schema.webhookEvents)
    .values({
      provider: 'whatsapp',
      externalId: wamid(),
      payload: webhookPayload({ phoneNumberId: '6000000000001', messages: [image] }),
      signatureValid: true,
    })
    .returning();
  await ingestWebhookEvent(app.services.db, event?.id ?? '', { jobs: app.services.jobs });
  const [message] = await app.services.db
    .select()
    .from(schema.messages)
    .where(eq(schema.messages.externalId, image.id));
  const jobs = await app.services.db.execute<{ n: number }>(
    sql`select count(*)::int as n from pgboss.job where name = 'whatsapp.media' and data->>'messageId' = ${message?.id ?? ''}`,
  );
  expect(jobs.rows[0]?.n).toBe(1);
  await whatsappMedia.handler({ messageId: message?.id ?? '' }, app.services, {
    id: 'job',
    retryCount: 0,
  });
  const [withMedia] = await app.services.db
    .select()
    .from(schema.messages)
    .where(eq(schema.messages.id, message?.id ?? ''));
  expect(withMedia?.media).toMatchObject({
    mediaId: 'media-4242',
    url: expect.stringContaining('mid=media-4242'),
    sizeBytes: 20480,
  });
  expect(withMedia?.body).toBe('Ce modèle');
});
