// A job is { name, schema, handler, queue options }: payloads are zod-parsed, enqueueing is type-checked.
import type { QueueOptions, QueuePolicy, WorkOptions } from 'pg-boss';
import type { z } from 'zod';
import type { AppServices } from '../trpc';

export interface JobDefinition<Schema extends z.ZodType = z.ZodType, Name extends string = string> {
  name: Name;
  schema: Schema;
  queue: QueueOptions & { policy?: QueuePolicy };
  /** How the worker fetches: a batch size and how many batches run at once in one process. */
  work?: WorkOptions;
  /**
   * Handle a fetched batch's jobs at once rather than one after the other (jobs that mostly wait:
   * on Gemini, on row locks). A failure fails the batch, whose jobs must then be safe to rerun.
   */
  parallel?: boolean;
  /** Enqueue one run when a worker starts (to catch up on what a crashed worker left). */
  runOnStart?: boolean;
  /** Cron (UTC) for recurring jobs. */
  cron?: string;
  handler: (
    payload: z.infer<Schema>,
    services: AppServices,
    job: { id: string; retryCount: number },
  ) => Promise<unknown>;
}

/** The name is its own argument so it stays a literal type: `enqueue(name, payload)` is then checked. */
export const defineJob = <const Name extends string, Schema extends z.ZodType>(
  name: Name,
  definition: Omit<JobDefinition<Schema, Name>, 'name'>,
): JobDefinition<Schema, Name> => ({ name, ...definition });
