// Parked webhook events: an event that fails because of its own content is parked after a few
// attempts, shown to the platform admins and put back in the inbox by them or by the sweep; an
// infrastructure error never counts against an event.
import { schema } from '@flux/db';
import { textMessage, wamid, webhookPayload } from '@flux/integrations';
import { eq, sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { createJobSender } from '../jobs/sender';
import { whatsappRedrive } from '../jobs/whatsapp/ingest';
import { connectedShop, useTestApp } from '../testing';
import { drainWebhookEvents, EVENT_ATTEMPTS } from './drain';

const app = useTestApp({ platformAdmins: ['ops@fluxasync.test'] });
const shopNumber = async () => (await connectedShop(app)).phoneNumberId;

async function store(payload: object) {
  const [event] = await app.services.db
    .insert(schema.webhookEvents)
    .values({ provider: 'whatsapp', externalId: wamid(), payload, signatureValid: true })
    .returning();
  return event?.id ?? '';
}

const eventRow = async (id: string) =>
  (
    await app.services.db.select().from(schema.webhookEvents).where(eq(schema.webhookEvents.id, id))
  )[0];

describe('the webhook inbox', () => {
  it('an event that fails by itself is parked after its attempts, listed for the admins, and redriven', async () => {
    const phoneNumberId = await shopNumber();
    // A timestamp no date can be made of: this event fails whatever the infrastructure does.
    const poison = await store(
      webhookPayload({
        phoneNumberId,
        messages: [textMessage('221771234567', 'Bonjour', { timestamp: 'not-a-time' })],
      }),
    );
    const healthy = await store(
      webhookPayload({ phoneNumberId, messages: [textMessage('221771234568', 'Salut')] }),
    );
    const result = await drainWebhookEvents(app.services.db);
    expect(result.parked).toBe(1);
    expect((await eventRow(healthy))?.status).toBe('processed');
    const parked = await eventRow(poison);
    expect(parked).toMatchObject({ status: 'failed', attempts: EVENT_ATTEMPTS, redrives: 0 });
    expect(parked?.error).toMatch(/invalid timestamp/);
    // The sweep will put it back in about 5 minutes.
    const wait = (parked?.nextAttemptAt?.getTime() ?? 0) - Date.now();
    expect(wait).toBeGreaterThan(4 * 60_000);
    expect(wait).toBeLessThan(6 * 60_000);

    const ops = await app.signUp({ email: 'ops@fluxasync.test' });
    const page = await ops.caller.jobs.parkedWebhooks({});
    const listed = page.items.find((item) => item.id === poison);
    expect(listed).toMatchObject({ provider: 'whatsapp', attempts: EVENT_ATTEMPTS });
    expect(listed?.error).toMatch(/invalid timestamp/);
    expect(listed?.payloadBytes).toBeGreaterThan(100);
    expect(listed).not.toHaveProperty('payload');

    const redriven = await ops.caller.jobs.redriveWebhooks({ ids: [poison, healthy] });
    expect(redriven).toMatchObject({ redriven: 1, ids: [poison] }); // a processed one stays
    expect(await eventRow(poison)).toMatchObject({
      status: 'received',
      attempts: 0,
      redrives: 1,
      nextAttemptAt: null,
    });
    const audit = await app.services.db
      .select()
      .from(schema.auditLogs)
      .where(eq(schema.auditLogs.action, 'webhooks.redrive'));
    expect(audit).toHaveLength(1);
    const owner = await app.signUp();
    await expect(owner.caller.jobs.parkedWebhooks({})).rejects.toMatchObject({ code: 'FORBIDDEN' });
  });

  it('the sweep puts back parked events whose delay has passed, then waits longer each time', async () => {
    const phoneNumberId = await shopNumber();
    const poison = await store(
      webhookPayload({
        phoneNumberId,
        messages: [textMessage('221771234569', 'Bonjour', { timestamp: 'never' })],
      }),
    );
    await drainWebhookEvents(app.services.db);
    // Not yet due: the sweep leaves it.
    await whatsappRedrive.handler({}, app.services, { id: 'sweep', retryCount: 0 });
    expect((await eventRow(poison))?.status).toBe('failed');
    await app.services.db
      .update(schema.webhookEvents)
      .set({ nextAttemptAt: sql`now() - interval '1 second'` })
      .where(eq(schema.webhookEvents.id, poison));
    const swept = await whatsappRedrive.handler({}, app.services, { id: 'sweep', retryCount: 0 });
    expect(swept).toEqual({ redriven: 1 });
    expect((await eventRow(poison))?.status).toBe('received');
    // Still broken: parked again, and the next try is further away (30 minutes).
    await drainWebhookEvents(app.services.db);
    const again = await eventRow(poison);
    expect(again).toMatchObject({ status: 'failed', redrives: 1 });
    expect((again?.nextAttemptAt?.getTime() ?? 0) - Date.now()).toBeGreaterThan(25 * 60_000);
  });

  it('an infrastructure error (jobs not running) counts nothing against the events: they stay in the inbox', async () => {
    const phoneNumberId = await shopNumber();
    const id = await store(
      webhookPayload({ phoneNumberId, messages: [textMessage('221771234570', 'Bonjour')] }),
    );
    // A sender with no pg-boss behind it, as during a stop: the AI's analysis cannot be enqueued.
    const detached = createJobSender();
    for (let i = 0; i < EVENT_ATTEMPTS + 1; i++) {
      await expect(
        drainWebhookEvents(app.services.db, { jobs: detached, analysisDelaySeconds: 0 }),
      ).rejects.toThrow(/Jobs are not started/);
    }
    expect(await eventRow(id)).toMatchObject({ status: 'received', attempts: 0, error: null });
    // Once jobs run again, it is processed.
    await drainWebhookEvents(app.services.db, { jobs: app.services.jobs, analysisDelaySeconds: 0 });
    expect((await eventRow(id))?.status).toBe('processed');
  });
});
