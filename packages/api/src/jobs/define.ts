// A job is { name, schema, handler, queue options }: payloads are zod-parsed, enqueueing is type-checked.
import type { QueueOptions } from 'pg-boss';
import type { z } from 'zod';
import type { AppServices } from '../trpc';

export interface JobDefinition<Schema extends z.ZodType = z.ZodType> {
  name: string;
  schema: Schema;
  queue: QueueOptions;
  /** Cron (UTC) for recurring jobs. */
  cron?: string;
  handler: (payload: z.infer<Schema>, services: AppServices) => Promise<unknown>;
}

export const defineJob = <Schema extends z.ZodType>(definition: JobDefinition<Schema>) =>
  definition;
