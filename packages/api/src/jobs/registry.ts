// Every job of the product, declared once: queues, retry policy, dead letters, schedules, workers.
import { type JobResult, PgBoss, type WorkOptions } from 'pg-boss';
import type { AppServices } from '../context';
import { notify } from '../services/notifications';
import { startInboxWaker } from '../webhook-inbox';
import { aiAnalyzeConversation, aiWork } from './ai/analyze';
import { passwordResetEmail } from './auth/password-reset-email';
import type { JobName } from './contracts';
import { DEFAULT_WORK, type JobDefinition } from './define';
import { deliveryAssign, deliveryExpireOffers, deliveryOfferWaiting } from './delivery/assign';
import { emailSync, emailSyncAll } from './email/sync';
import { emailTriage } from './email/triage';
import {
  notificationsDailyDigest,
  notificationsPushReceipts,
  notificationsSend,
  notificationsSettle,
} from './notifications/send';
import { orderStatusChanged } from './orders/status-changed';
import { purgeExpiredSessions } from './sessions/purge-expired';
import { uploadsPurge } from './uploads/purge';
import { webhooksDeliver, webhooksSettle } from './webhooks/deliver';
import { whatsappIngest, whatsappRedrive } from './whatsapp/ingest';
import { whatsappMedia } from './whatsapp/media';
import { purgeWebhooks } from './whatsapp/purge';
import { whatsappSend, whatsappSettleSends } from './whatsapp/send';

export const jobs = [
  purgeExpiredSessions,
  passwordResetEmail,
  orderStatusChanged,
  whatsappIngest,
  whatsappRedrive,
  whatsappSend,
  whatsappSettleSends,
  whatsappMedia,
  aiAnalyzeConversation,
  deliveryAssign,
  deliveryExpireOffers,
  deliveryOfferWaiting,
  purgeWebhooks,
  uploadsPurge,
  notificationsSend,
  notificationsSettle,
  notificationsPushReceipts,
  notificationsDailyDigest,
  emailSync,
  emailSyncAll,
  emailTriage,
  webhooksDeliver,
  webhooksSettle,
] as const;

/** Every contract has its handler here: a job sent with none would wait in its queue forever. */
type Unhandled = Exclude<JobName, (typeof jobs)[number]['name']>;
export const everyJobHandled: [Unhandled] extends [never] ? true : Unhandled = true;

/**
 * The queues that are not worked the default way (DEFAULT_WORK in define.ts), in one place.
 * Concurrency per worker process is batchSize × localConcurrency.
 */
export const workOverridesFor = (
  config: AppServices['config'],
): Partial<Record<JobName, WorkOptions>> => ({
  // AI_CONCURRENCY analyses in flight: they mostly wait for Gemini.
  'ai.analyze-conversation': aiWork(config.aiConcurrency),
  // One drain job loops over the inbox by itself (claiming 100 events at a time).
  'whatsapp.ingest': { batchSize: 1 },
  // 20 sends in flight per process, under WHATSAPP_SEND_RATE per number (the shared limiter).
  'whatsapp.send': { batchSize: 10, localConcurrency: 2 },
  'whatsapp.media': { batchSize: 10, localConcurrency: 2 },
  // Like whatsapp.send: 20 sends in flight per process, each mostly waiting for a provider.
  'notifications.send': { batchSize: 10, localConcurrency: 2 },
  // Every transition sends one, and most need nothing (only `ready` creates a delivery): at 10 a
  // batch, one batch at a time, a burst of ~110 transitions/s outran the worker and ready orders
  // waited 6 s on average for their delivery (bench:events). 50 in flight keep up.
  'order.status-changed': { batchSize: 25, localConcurrency: 2 },
  // 16 assignments in flight: a burst of ready orders is offered in seconds.
  'delivery.assign': { batchSize: 8, localConcurrency: 2 },
  // Mailbox syncs mostly wait for Gmail; 4 at once per process keeps a worker's pool free.
  'email.sync': { batchSize: 4, localConcurrency: 1 },
  // Merchants' endpoints: each call mostly waits for the endpoint (WEBHOOK_TIMEOUT_MS at most).
  'webhooks.deliver': { batchSize: 10, localConcurrency: 2 },
});

const deadLetterOf = (name: string) => `${name}.dead`;

/**
 * Queues of jobs renamed or removed, deleted when a worker starts. pg-boss keeps a queue, its
 * jobs and its cron schedule in the database, so a deployment upgraded past a rename still holds
 * them: the schedule would go on filling a queue no one works. `whatsapp.drain` (renamed
 * `whatsapp.ingest`) carried empty payloads meaning "drain the inbox": the events themselves wait
 * in webhook_events, and the new job drains them on start and every minute, so its queued jobs,
 * dead letters included, are dropped without loss. A name registered again is never deleted.
 */
const RETIRED_QUEUES = ['whatsapp.drain'];

async function retireQueues(boss: PgBoss) {
  const registered = new Set<string>(jobs.map((job) => job.name));
  for (const name of RETIRED_QUEUES) {
    if (registered.has(name)) continue;
    await boss.unschedule(name);
    // The queue first: its dead-letter queue cannot go while a queue names it.
    await boss.deleteQueue(name);
    await boss.deleteQueue(deadLetterOf(name));
  }
}

/** A queue's options as created: its own, a dead-letter queue, and NOTIFY on every new job. */
const queueOptions = (job: JobDefinition) => ({
  ...job.queue,
  notify: true,
  deadLetter: deadLetterOf(job.name),
});

export interface JobRunner {
  boss: PgBoss;
  /**
   * Graceful: stop fetching, tell running handlers to wrap up (their signal aborts), wait for them
   * within the budget, then close pg-boss's pool. Jobs still running at the deadline are failed
   * back to their queue (retried by the next worker). Enqueueing keeps working until the end, so a
   * finishing handler can still send its follow-up jobs.
   */
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
    // Workers are woken by a NOTIFY sent when a job commits (one listening connection per process).
    useListenNotify: options.work,
  });
  boss.on('error', (error: unknown) => services.log.error({ err: error }, 'pg-boss error'));
  boss.on('warning', (warning: { message?: string }) =>
    services.log.warn({ warning }, warning.message ?? 'pg-boss warning'),
  );
  await boss.start();
  // Attached before any handler runs: a job started on start-up (the drain) enqueues follow-ups.
  services.jobs.attach(boss);
  const stopping = new AbortController();
  try {
    if (options.work) await retireQueues(boss);
    await declareQueues(boss, services, { ...options, stopping: stopping.signal });
  } catch (error) {
    services.jobs.attach(null);
    await boss.stop({ graceful: false }).catch(() => {});
    throw error;
  }
  // Stored webhook events wake this worker's drain, whichever process acknowledged them.
  const waker = options.work
    ? startInboxWaker(connectionString, () => services.jobs.send('whatsapp.ingest', {}), {
        onError: (error) => services.log.warn({ err: error }, 'inbox listener: reconnecting'),
      })
    : null;
  return {
    boss,
    async stop() {
      stopping.abort();
      await waker?.stop();
      try {
        await boss.stop({ graceful: true, timeout: options.stopTimeoutMs ?? 20_000 });
      } finally {
        services.jobs.attach(null);
      }
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
    stopping: AbortSignal;
  },
) {
  const configured = workOverridesFor(services.config);
  for (const job of jobs as readonly JobDefinition[]) {
    await createQueues(boss, job);
    // The payload is `{}`: without one pg-boss sends null, which no job's schema accepts.
    if (job.cron && (options.schedule ?? options.work)) await boss.schedule(job.name, job.cron, {});
    if (options.work && job.runOnStart) await boss.send(job.name, {});
    if (!options.work) continue;
    const name = job.name as JobName;
    const work = { ...DEFAULT_WORK, ...configured[name], ...options.workOverrides?.[name] };
    // Each job of a batch runs at once and settles on its own (perJobResults): a failure retries
    // that job alone, with its own retry count.
    await boss.work(job.name, { ...work, perJobResults: true }, (batch) =>
      Promise.all(
        batch.map(async (item): Promise<JobResult> => {
          const log = services.log.child({ job: job.name, jobId: item.id });
          try {
            const payload = job.schema.parse(item.data);
            const output = await job.handler(
              payload,
              { ...services, log },
              {
                id: item.id,
                retryCount: item.retryCount,
                signal: AbortSignal.any([item.signal, options.stopping]),
              },
            );
            return { id: item.id, status: 'completed', output: asOutput(output) };
          } catch (error) {
            log.warn({ err: error, retryCount: item.retryCount }, 'job failed');
            // pg-boss's own default is 2 retries for a queue that sets none.
            if (item.retryCount >= (job.queue.retryLimit ?? 2)) {
              await tellTeamOfDeadJob(services, job.name, item, error);
            }
            return { id: item.id, status: 'failed', output: asOutput(serializeError(error)) };
          }
        }),
      ),
    );
  }
}

async function createQueues(boss: PgBoss, job: JobDefinition) {
  await boss.createQueue(deadLetterOf(job.name)).catch(ignoreExists);
  await boss.createQueue(job.name, queueOptions(job)).catch(ignoreExists);
  // Queues made before `notify` existed get it (createQueue leaves an existing queue as it is).
  await boss.updateQueue(job.name, { notify: true });
}

/**
 * A job of a business that failed its last retry goes to its dead-letter queue: the business's
 * owners and admins are told in-app (and by email). Not for notification sends (a send that dies
 * is told by the notification engine itself) nor jobs naming no business. Best effort: telling
 * must not change the job's own outcome.
 */
export async function tellTeamOfDeadJob(
  services: AppServices,
  name: string,
  item: { id: string; data: unknown },
  error: unknown,
) {
  const businessId = (item.data as { businessId?: unknown } | null)?.businessId;
  if (typeof businessId !== 'string' || name.startsWith('notifications.')) return;
  try {
    await services.db.transaction((tx) =>
      notify(tx, services.jobs, {
        type: 'job.dead',
        businessId,
        jobName: name,
        jobId: item.id,
        error: error instanceof Error ? error.message : String(error),
      }),
    );
  } catch (caught) {
    services.log.warn({ err: caught, job: name }, 'dead job: the team could not be told');
  }
}

/** pg-boss stores an object as the job's output. */
function asOutput(value: unknown): object | undefined {
  if (value === undefined || value === null) return undefined;
  return typeof value === 'object' ? value : { value };
}

function serializeError(error: unknown) {
  return error instanceof Error
    ? { name: error.name, message: error.message, stack: error.stack }
    : { message: String(error) };
}

/** Creates pg-boss's schema and every queue, then stops (tests build their template with it). */
export async function installJobSchema(connectionString: string): Promise<void> {
  const boss = new PgBoss({ connectionString, max: 2, schedule: false, supervise: false });
  await boss.start();
  try {
    for (const job of jobs as readonly JobDefinition[]) await createQueues(boss, job);
  } finally {
    await boss.stop({ graceful: false });
  }
}

function ignoreExists(error: unknown) {
  if (!String(error).includes('already exists')) throw error;
}
