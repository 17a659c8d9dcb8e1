// Platform operations by hand: failed jobs sent again, audited (no business: the platform's).
import type { Db } from '@flux/db';
import type { JobSender } from '../jobs/sender';
import { type Actor, writeAudit } from '../lib/audit';

export async function retryJobsByHand(
  db: Db,
  jobs: JobSender,
  actor: Actor,
  params: { name: string; ids: string[] },
): Promise<{ retried: number }> {
  await jobs.retry(params.name, params.ids);
  await writeAudit(db, actor, {
    businessId: null,
    action: 'jobs.retry',
    entityType: 'job',
    changes: { name: params.name, ids: params.ids },
  });
  return { retried: params.ids.length };
}
