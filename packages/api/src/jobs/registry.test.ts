// A deployment upgraded past a job's rename still holds the old queue, its jobs and its cron
// schedule in pg-boss's tables: a starting worker deletes them.
import { sql } from 'drizzle-orm';
import { PgBoss } from 'pg-boss';
import { expect, it } from 'vitest';
import { useTestApp } from '../testing';
import { startJobs } from './registry';

const app = useTestApp();

it('a worker starting over a deployment that ran `whatsapp.drain` leaves no queue, job or schedule of it', async () => {
  const old = new PgBoss({ connectionString: app.url, schedule: false, supervise: false });
  await old.start();
  await old.createQueue('whatsapp.drain.dead');
  await old.createQueue('whatsapp.drain', { policy: 'short', deadLetter: 'whatsapp.drain.dead' });
  await old.schedule('whatsapp.drain', '* * * * *', {});
  await old.send('whatsapp.drain', {});
  await old.stop({ graceful: false });

  const runner = await startJobs(app.url, app.services, {
    work: true,
    migrate: false,
    schedule: false,
  });
  await runner.stop();

  const left = await app.services.db.execute<{ n: number }>(sql`
    select (select count(*) from pgboss.queue where name like 'whatsapp.drain%')
         + (select count(*) from pgboss.schedule where name like 'whatsapp.drain%')
         + (select count(*) from pgboss.job where name like 'whatsapp.drain%') as n`);
  expect(Number(left.rows[0]?.n)).toBe(0);
  const ingest = await app.services.db.execute<{ n: number }>(
    sql`select count(*)::int as n from pgboss.queue where name = 'whatsapp.ingest'`,
  );
  expect(ingest.rows[0]?.n).toBe(1);
});
