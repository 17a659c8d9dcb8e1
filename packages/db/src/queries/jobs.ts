// The platform's view of pg-boss's own table: failed jobs, newest first. Platform operators only;
// jobs belong to no single business (their payload says whose), so no business_id here.
import { sql } from 'drizzle-orm';
import type { Db } from '../client';

export type FailedJobRow = {
  id: string;
  name: string;
  data: unknown;
  output: unknown;
  retry_count: number;
  created_on: string;
  completed_on: string | null;
};

export async function failedJobs(
  db: Db,
  params: { name?: string | undefined; limit: number },
): Promise<FailedJobRow[]> {
  const result = await db.execute<FailedJobRow>(sql`
        select id, name, data, output, retry_count, created_on, completed_on
          from pgboss.job
         where state = 'failed' ${params.name ? sql`and name = ${params.name}` : sql``}
         order by completed_on desc nulls last
         limit ${params.limit}`);
  return result.rows;
}
