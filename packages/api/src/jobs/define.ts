// A job is { name, schema, handler, queue options }: payloads are zod-parsed, enqueueing is type-checked.
// The name and schema are the job's contract (contracts.ts); this adds how it runs.
import type { QueueOptions, QueuePolicy, WorkOptions } from 'pg-boss';
import type { z } from 'zod';
import type { AppServices } from '../context';
import { type JobName, jobContracts } from './contracts';

/** What a handler knows of the job it runs. */
export interface JobContext {
  id: string;
  /** 0 on the first attempt; pg-boss counts it per job, so each item of a batch has its own. */
  retryCount: number;
  /**
   * Aborted when the process begins to stop or pg-boss gives up on the job (expired): a handler
   * that loops (the drain) stops taking new work and returns what it has finished.
   */
  signal?: AbortSignal;
}

export interface JobDefinition<Schema extends z.ZodType = z.ZodType, Name extends string = string> {
  name: Name;
  schema: Schema;
  queue: QueueOptions & { policy?: QueuePolicy };
  /** Enqueue one run when a worker starts (to catch up on what a crashed worker left). */
  runOnStart?: boolean;
  /** Cron (UTC) for recurring jobs. */
  cron?: string;
  handler: (payload: z.infer<Schema>, services: AppServices, job: JobContext) => Promise<unknown>;
}

/**
 * How every queue is worked unless registry.ts says otherwise: a worker takes up to 10 jobs at a
 * time and handles them at once (each settles on its own: one failure retries only its job), and
 * fetches again at once while batches come back full. Queues are created with `notify`, so a job
 * committed anywhere wakes an idle worker through PostgreSQL's LISTEN/NOTIFY within milliseconds;
 * polling is only the backstop (every 0.5 s when the listener is down, every 5 s when it is up).
 */
export const DEFAULT_WORK: WorkOptions = {
  batchSize: 10,
  localConcurrency: 1,
  burstWhenBatchFull: true,
  pollingIntervalSeconds: 0.5,
  notifyPollingIntervalSeconds: 5,
};

/**
 * The name is its own argument so it stays a literal type; the schema is the contract's of that
 * name, so the handler's payload is what senders were checked against.
 */
export const defineJob = <const Name extends JobName>(
  name: Name,
  definition: Omit<JobDefinition<(typeof jobContracts)[Name], Name>, 'name' | 'schema'>,
): JobDefinition<(typeof jobContracts)[Name], Name> => ({
  name,
  schema: jobContracts[name],
  ...definition,
});
