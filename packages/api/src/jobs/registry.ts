// Every job of the product, declared once: queues, retry policy, dead letters, schedules, workers.
import { PgBoss, type WorkOptions } from 'pg-boss';
import type { z } from 'zod';
import type { AppServices } from '../trpc';
import { aiAnalyzeConversation } from './ai/analyze';
import type { JobDefinition } from './define';
import { deliveryAssign, deliveryExpireOffers, deliveryOfferWaiting } from './delivery/assign';
import { emailTriage } from './email/triage';
import { orderStatusChanged } from './orders/status-changed';
import { purgeExpiredSessions } from './sessions/purge-expired';
import { whatsappDrain } from './whatsapp/ingest';
import { whatsappMedia } from './whatsapp/media';
import { purgeWebhooks } from './whatsapp/purge';
import { whatsappSend } from './whatsapp/send';

export const jobs = [
  purgeExpiredSessions,
  orderStatusChanged,
  whatsappDrain,
  whatsappSend,
  whatsappMedia,
  aiAnalyzeConversation,
  emailTriage,
  deliveryAssign,
  deliveryExpireOffers,
  deliveryOfferWaiting,
  purgeWebhooks,
] as const;

type AnyJob = (typeof jobs)[number];
export type JobName = AnyJob['name'];
export type JobPayload<N extends JobName> = z.input<Extract<AnyJob, { name: N }>['schema']>;

const deadLetterOf = (name: string) => `${name}.dead`;

export interface JobRunner {
  boss: PgBoss;
  enqueue<N extends JobName>(name: N, payload: JobPayload<N>): Promise<string | null>;
  stop(): Promise<void>;
}

/**
 * Starts pg-boss on the app's database, makes sure every queue and its dead-letter queue exist,
 * and (with `work`) runs the handlers in this process.
 */
export async function startJobs(
  connectionString: string,
  services: AppServices,
  options: {
    work: boolean;
    schedule?: boolean;
    stopTimeoutMs?: number;
    migrate?: boolean;
    /** Per-queue worker settings over the defaults (a bench varies concurrency this way). */
    workOverrides?: Partial<Record<JobName, WorkOptions>>;
  },
): Promise<JobRunner> {
  const boss = new PgBoss({
    connectionString,
    max: 4,
    migrate: options.migrate ?? true,
    schedule: options.schedule ?? options.work,
    supervise: options.work,
  });
  boss.on('error', (error: unknown) => services.log.error({ err: error }, 'pg-boss error'));
  await boss.start();
  try {
    await declareQueues(boss, services, options);
  } catch (error) {
    await boss.stop({ graceful: false }).catch(() => {});
    throw error;
  }
  services.jobs.attach(boss);
  return {
    boss,
    enqueue: (name, payload) => services.jobs.send(name, payload),
    // Graceful: stop fetching, let in-flight handlers finish within the budget, then close the pool.
    async stop() {
      services.jobs.attach(null);
      await boss.stop({ graceful: true, timeout: options.stopTimeoutMs ?? 20_000 });
    },
  };
}

async function declareQueues(
  boss: PgBoss,
  services: AppServices,
  options: {
    work: boolean;
    schedule?: boolean;
    workOverrides?: Partial<Record<JobName, WorkOptions>>;
  },
) {
  for (const job of jobs as readonly JobDefinition[]) {
    await boss.createQueue(deadLetterOf(job.name)).catch(ignoreExists);
    await boss
      .createQueue(job.name, { ...job.queue, deadLetter: deadLetterOf(job.name) })
      .catch(ignoreExists);
    // The payload is `{}`: without one pg-boss sends null, which no job's schema accepts.
    if (job.cron && (options.schedule ?? options.work)) await boss.schedule(job.name, job.cron, {});
    if (options.work && job.runOnStart) await boss.send(job.name, {});
    if (options.work) {
      const work = { ...job.work, ...options.workOverrides?.[job.name as JobName] };
      await boss.work(job.name, work, async (batch) => {
        const run = async (item: (typeof batch)[number]) => {
          const payload = job.schema.parse(item.data);
          const log = services.log.child({ job: job.name, jobId: item.id });
          await job.handler(
            payload,
            { ...services, log },
            { id: item.id, retryCount: item.retryCount },
          );
        };
        if (!job.parallel) {
          for (const item of batch) await run(item);
          return;
        }
        const failed = (await Promise.allSettled(batch.map(run))).find(
          (result) => result.status === 'rejected',
        );
        if (failed) throw failed.reason;
      });
    }
  }
}

/** Creates pg-boss's schema and every queue, then stops (tests build their template with it). */
export async function installJobSchema(connectionString: string): Promise<void> {
  const boss = new PgBoss({ connectionString, max: 2, schedule: false, supervise: false });
  await boss.start();
  try {
    for (const job of jobs as readonly JobDefinition[]) {
      await boss.createQueue(deadLetterOf(job.name)).catch(ignoreExists);
      await boss
        .createQueue(job.name, { ...job.queue, deadLetter: deadLetterOf(job.name) })
        .catch(ignoreExists);
    }
  } finally {
    await boss.stop({ graceful: false });
  }
}

function ignoreExists(error: unknown) {
  if (!String(error).includes('already exists')) throw error;
}
