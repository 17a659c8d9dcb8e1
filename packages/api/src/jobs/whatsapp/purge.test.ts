import { schema } from '@flux/db';
import { wamid } from '@flux/integrations';
import { inArray } from 'drizzle-orm';
import { expect, it } from 'vitest';
import { useTestApp } from '../../testing';
import { purgeProcessedWebhooks } from './purge';

const app = useTestApp();

it('deletes processed events past the retention, keeps recent, pending and failed ones', async () => {
  const old = new Date(Date.now() - 40 * 86_400_000);
  const rows = await app.services.db
    .insert(schema.webhookEvents)
    .values(
      (
        [
          ['processed', old],
          ['ignored', old],
          ['processed', new Date()],
          ['failed', old],
          ['received', null],
        ] as const
      ).map(([status, processedAt]) => ({
        provider: 'whatsapp' as const,
        externalId: wamid(),
        payload: {},
        signatureValid: true,
        status,
        processedAt,
      })),
    )
    .returning({ id: schema.webhookEvents.id, status: schema.webhookEvents.status });
  expect(await purgeProcessedWebhooks(app.services.db, 30)).toBe(2);
  const left = await app.services.db
    .select({ status: schema.webhookEvents.status })
    .from(schema.webhookEvents)
    .where(
      inArray(
        schema.webhookEvents.id,
        rows.map((r) => r.id),
      ),
    );
  expect(left.map((r) => r.status).sort()).toEqual(['failed', 'processed', 'received']);
});
