// Enqueueing jobs, optionally inside the caller's transaction: a job sent with `{ db: tx }` exists
// only if the transaction commits (a transactional outbox with no table of its own). Payloads are
// checked against the job contracts, so a service can send a job without importing its handler.
import type { Db } from '@flux/db';
import { type SQL, sql } from 'drizzle-orm';
import type { PgBoss } from 'pg-boss';
import { isJobName, type JobName, type JobPayload, jobContracts } from './contracts';

export interface SendOptions {
  /** Enqueue inside this transaction: the job exists only if it commits. */
  db?: Db;
  /** With a `short`/`stately` queue: at most one job waiting per key (others are dropped). */
  singletonKey?: string;
  /** Seconds to wait before the job may run (a debounce, with `singletonKey`). */
  startAfterSeconds?: number;
}

/** Thrown when a job is sent while pg-boss is not running: an infrastructure error, never the payload's. */
export class JobsUnavailableError extends Error {
  override readonly name = 'JobsUnavailableError';
  constructor(jobName: string) {
    super(`Jobs are not started: cannot send ${jobName}`);
  }
}

export interface JobSender {
  send<N extends JobName>(
    name: N,
    payload: JobPayload<N>,
    options?: SendOptions,
  ): Promise<string | null>;
  /** Several jobs of one queue in one statement (each may have its own singleton key and delay). */
  sendMany<N extends JobName>(
    name: N,
    items: { payload: JobPayload<N>; singletonKey?: string; startAfterSeconds?: number }[],
    options?: { db?: Db },
  ): Promise<void>;
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

function contract(name: string) {
  if (!isJobName(name)) throw new Error(`Unknown job ${name}`);
  return jobContracts[name];
}

/** pg-boss's statements run on the caller's transaction. */
function onTransaction(db: Db | undefined) {
  return db
    ? {
        db: {
          executeSql: async (text: string, values: unknown[] = []) => ({
            rows: (await db.execute(boundSql(text, values))).rows,
          }),
        },
      }
    : {};
}

export function createJobSender(): JobSender {
  let boss: PgBoss | null = null;
  return {
    attach(value) {
      boss = value;
    },
    async retry(name, ids) {
      if (!boss) throw new JobsUnavailableError(name);
      await boss.retry(name, ids);
    },
    async send(name, payload, options = {}) {
      if (!boss) throw new JobsUnavailableError(name);
      const data = contract(name).parse(payload) as object;
      return boss.send(name, data, {
        ...(options.singletonKey ? { singletonKey: options.singletonKey } : {}),
        ...(options.startAfterSeconds ? { startAfter: options.startAfterSeconds } : {}),
        ...onTransaction(options.db),
      });
    },
    async sendMany(name, items, options = {}) {
      if (items.length === 0) return;
      if (!boss) throw new JobsUnavailableError(name);
      const schema = contract(name);
      await boss.insert(
        name,
        items.map((item) => ({
          data: schema.parse(item.payload) as object,
          ...(item.singletonKey ? { singletonKey: item.singletonKey } : {}),
          ...(item.startAfterSeconds ? { startAfter: item.startAfterSeconds } : {}),
        })),
        onTransaction(options.db),
      );
    },
  };
}
