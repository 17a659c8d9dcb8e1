// What /metrics reads from the database: every pg-boss queue's backlog, the webhook inbox's lag
// and the notifications by state. Platform-wide (no business_id): the operators' view, like jobs.ts.
import { sql } from 'drizzle-orm';
import type { Db } from '../client';

export interface OperationalGauges {
  /** Every queue pg-boss knows, with its jobs ready to run and the age of the oldest (seconds). */
  queues: { queue: string; ready: number; oldestSeconds: number }[];
  /** Webhook events stored and not yet ingested, and the age of the oldest (seconds; 0 when none). */
  inbox: { pending: number; oldestSeconds: number };
  /** Notifications by status (every status of the enum, 0 when none). */
  notifications: Record<string, number>;
}

/**
 * One statement, one connection. A job counts when it could run now (`created` or `retry`, its
 * start_after passed): a debounced or scheduled job is not a backlog. The notifications' count
 * reads the (status, scheduled_at) index only.
 */
export async function operationalGauges(db: Db): Promise<OperationalGauges> {
  const result = await db.execute<{
    queues: OperationalGauges['queues'];
    inbox: OperationalGauges['inbox'];
    notifications: Record<string, number>;
  }>(sql`
    select
      (select coalesce(json_agg(json_build_object(
                'queue', q.name, 'ready', coalesce(j.ready, 0), 'oldestSeconds', coalesce(j.oldest, 0))
                order by q.name), '[]'::json)
         from pgboss.queue q
         left join (select name, count(*)::int as ready,
                           extract(epoch from now() - min(created_on))::float8 as oldest
                      from pgboss.job
                     where state in ('created', 'retry') and start_after <= now()
                     group by name) j on j.name = q.name) as queues,
      (select json_build_object(
                'pending', count(*)::int,
                'oldestSeconds', coalesce(extract(epoch from now() - min(received_at)), 0)::float8)
         from webhook_events where status = 'received') as inbox,
      (select json_object_agg(s.status, coalesce(n.count, 0))
         from unnest(enum_range(null::notification_status)) as s(status)
         left join (select status, count(*)::int as count from notifications group by status) n
           on n.status = s.status) as notifications`);
  const row = result.rows[0];
  return {
    queues: row?.queues ?? [],
    inbox: row?.inbox ?? { pending: 0, oldestSeconds: 0 },
    notifications: row?.notifications ?? {},
  };
}
