import { sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { useTestApp } from '../testing';

const app = useTestApp({ platformAdmins: ['ops@fluxasync.test'] });

describe('jobs (platform operators)', () => {
  it('a failed job is listed with its error and can be put back in its queue', async () => {
    const ops = await app.signUp({ email: 'ops@fluxasync.test' });
    const id = await app.services.jobs.send('order.status-changed', {
      businessId: ops.businessId,
      orderId: ops.businessId,
      number: 1,
      from: null,
      to: 'pending',
      reason: null,
      at: new Date().toISOString(),
    });
    await app.services.db.execute(
      sql`update pgboss.job set state = 'failed', output = '{"message":"boom"}', completed_on = now() where id = ${id}`,
    );
    const failed = await ops.caller.jobs.failed({ name: 'order.status-changed' });
    expect(failed.map((job) => job.id)).toContain(id);
    expect(failed.find((job) => job.id === id)?.error).toEqual({ message: 'boom' });
    await ops.caller.jobs.retry({ name: 'order.status-changed', ids: [id ?? ''] });
    const state = await app.services.db.execute<{ state: string }>(
      sql`select state::text from pgboss.job where id = ${id}`,
    );
    expect(state.rows[0]?.state).toBe('retry');
    await expect(
      ops.caller.jobs.failed({ name: 'nope' as 'order.status-changed' }),
    ).rejects.toMatchObject({ code: 'BAD_REQUEST' });
  });

  it('a business owner is not a platform operator', async () => {
    const owner = await app.signUp();
    await expect(owner.caller.jobs.failed({})).rejects.toMatchObject({ code: 'FORBIDDEN' });
    await expect(
      owner.caller.jobs.retry({ name: 'whatsapp.send', ids: [owner.userId] }),
    ).rejects.toMatchObject({ code: 'FORBIDDEN' });
  });
});
