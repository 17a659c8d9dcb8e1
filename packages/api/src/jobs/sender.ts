// Enqueueing jobs, optionally inside the caller's transaction: a job sent with `{ db: tx }` exists
// only if the transaction commits (a transactional outbox with no table of its own).
import type { Db } from '@flux/db';
import { type SQL, sql } from 'drizzle-orm';
import type { PgBoss } from 'pg-boss';
import { type JobName, type JobPayload, jobs } from './registry';

export interface JobSender {
  send<N extends JobName>(
    name: N,
    payload: JobPayload<N>,
    options?: { db?: Db },
  ): Promise<string | null>;
  /** The server attaches pg-boss once it has started it. */
  attach(boss: PgBoss | null): void;
  /** Puts failed jobs back in their queue. */
  retry(name: string, ids: string[]): Promise<void>;
}

/** pg-boss's parameterised SQL ($1, $2, …) as a drizzle query, so it runs on our transaction. */
function boundSql(text: string, values: unknown[]): SQL {
  const chunks: SQL[] = [];
  let last = 0;
  for (const match of text.matchAll(/\$(\d+)/g)) {
    chunks.push(sql.raw(text.slice(last, match.index)));
    chunks.push(sql`${values[Number(match[1]) - 1]}`);
    last = match.index + match[0].length;
  }
  chunks.push(sql.raw(text.slice(last)));
  return sql.join(chunks);
}

export function createJobSender(): JobSender {
  let boss: PgBoss | null = null;
  return {
    attach(value) {
      boss = value;
    },
    async retry(name, ids) {
      if (!boss) throw new Error('Jobs are not started');
      await boss.retry(name, ids);
    },
    async send(name, payload, options = {}) {
      if (!boss) throw new Error(`Jobs are not started: cannot send ${name}`);
      const job = jobs.find((candidate) => candidate.name === name);
      if (!job) throw new Error(`Unknown job ${name}`);
      const data = job.schema.parse(payload) as object;
      const db = options.db;
      return boss.send(
        name,
        data,
        db
          ? {
              db: {
                executeSql: async (text: string, values: unknown[] = []) => ({
                  rows: (await db.execute(boundSql(text, values))).rows,
                }),
              },
            }
          : {},
      );
    },
  };
}
