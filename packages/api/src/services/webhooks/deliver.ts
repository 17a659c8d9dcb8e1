// One attempt of one delivery: claimed first (so two workers never send it twice), signed with
// the endpoint's secrets, POSTed through the SSRF guard with a deadline, then recorded in one
// transaction: the attempt in the log, the delivery's state (succeeded, or failed with its next
// attempt's job, or dead after the 24-hour window) and the endpoint's health (an endpoint with
// no success for 5 days is disabled and its owners told).
import type { Db } from '@flux/db';
import {
  claimWebhookDelivery,
  endpointOfDelivery,
  insertWebhookAttempt,
  markWebhookEndpointFailing,
  settleAbandonedWebhookDeliveries,
  updateWebhookDelivery,
  updateWebhookEndpoint,
  type WebhookDeliveryRow,
  type WebhookEndpointRow,
} from '@flux/db/queries/webhook-endpoints';
import { addressPolicy, postWebhook, webhookHeaders } from '@flux/integrations';
import type { AppServices } from '../../context';
import { notify } from '../notifications';

/** Retries run for this long from the event (or from a manual resend), then the delivery is dead. */
export const RETRY_WINDOW_MS = 24 * 60 * 60 * 1000;
/** An endpoint with no success for this long (while events keep failing) is disabled. */
export const DISABLE_AFTER_MS = 5 * 24 * 60 * 60 * 1000;
const FIRST_DELAY_SECONDS = 5;
const MAX_DELAY_SECONDS = 2 * 60 * 60;
/** The first KiB of an answer is kept in the log. */
const KEEP_BYTES = 1_024;

/**
 * Exponential backoff with jitter: 5 s, 10 s, 20 s, … doubling up to 2 h, each ±25 % so that an
 * endpoint coming back is not hit by every delivery at the same second.
 */
export function retryDelaySeconds(attempt: number, random: () => number = Math.random): number {
  const base = Math.min(MAX_DELAY_SECONDS, FIRST_DELAY_SECONDS * 2 ** Math.max(0, attempt - 1));
  return Math.max(1, Math.round(base * (0.75 + random() * 0.5)));
}

/** The secrets that sign now: the current one, and the previous one during its grace period. */
export function signingSecrets(endpoint: WebhookEndpointRow, now: Date): string[] {
  const previousValid =
    endpoint.previousSecret &&
    endpoint.previousSecretExpiresAt &&
    endpoint.previousSecretExpiresAt > now;
  return previousValid && endpoint.previousSecret
    ? [endpoint.secret, endpoint.previousSecret]
    : [endpoint.secret];
}

export type AttemptOutcome = 'skipped' | 'succeeded' | 'failed' | 'dead';

/**
 * Makes the delivery's next attempt if it is due and no one else has it. `now` is the clock the
 * attempt reads (tests move it forward to reach the end of the window).
 */
export async function attemptWebhookDelivery(
  services: Pick<AppServices, 'db' | 'jobs' | 'config' | 'log'>,
  deliveryId: string,
  options: { now?: Date } = {},
): Promise<AttemptOutcome> {
  const now = options.now ?? new Date();
  const delivery = await claimWebhookDelivery(services.db, { deliveryId, now });
  if (!delivery) return 'skipped';
  const endpoint = await endpointOfDelivery(services.db, delivery);
  if (!endpoint?.enabled) {
    await updateWebhookDelivery(services.db, {
      businessId: delivery.businessId,
      deliveryId: delivery.id,
      set: {
        status: 'dead',
        sendingSince: null,
        lastError: 'The endpoint is disabled',
        updatedAt: now,
      },
    });
    return 'dead';
  }
  const body = JSON.stringify(delivery.payload);
  const result = await postWebhook({
    url: endpoint.url,
    body,
    headers: webhookHeaders({
      msgId: delivery.messageId,
      timestamp: Math.floor(now.getTime() / 1000),
      body,
      secrets: signingSecrets(endpoint, now),
    }),
    policy: addressPolicy(services.config.webhooks.allowedNetworks),
    timeoutMs: services.config.webhooks.timeoutMs,
    keepBytes: KEEP_BYTES,
  });
  const succeeded =
    result.statusCode !== null && result.statusCode >= 200 && result.statusCode < 300;
  const error = succeeded
    ? null
    : (result.error?.message ??
      (result.statusCode !== null && result.statusCode >= 300 && result.statusCode < 400
        ? `Redirect ${result.statusCode} not followed`
        : `HTTP ${result.statusCode}`));
  const settledAt = new Date(now.getTime() + result.durationMs);
  return services.db.transaction(async (tx) => {
    await insertWebhookAttempt(tx, {
      businessId: delivery.businessId,
      deliveryId: delivery.id,
      attempt: delivery.attempts,
      outcome: succeeded ? 'succeeded' : 'failed',
      statusCode: result.statusCode,
      durationMs: result.durationMs,
      responseBody: result.body,
      error,
      createdAt: now,
    });
    if (succeeded) {
      await updateWebhookDelivery(tx, {
        businessId: delivery.businessId,
        deliveryId: delivery.id,
        set: {
          status: 'succeeded',
          sendingSince: null,
          lastStatusCode: result.statusCode,
          lastError: null,
          succeededAt: settledAt,
          updatedAt: settledAt,
        },
      });
      await updateWebhookEndpoint(tx, {
        businessId: delivery.businessId,
        endpointId: endpoint.id,
        set: { lastSuccessAt: settledAt, failingSince: null },
      });
      return 'succeeded';
    }
    const outcome = await scheduleRetry(tx, services, delivery, settledAt, {
      statusCode: result.statusCode,
      error,
    });
    await countFailure(tx, services, endpoint, now);
    return outcome;
  });
}

async function scheduleRetry(
  tx: Db,
  services: Pick<AppServices, 'jobs'>,
  delivery: WebhookDeliveryRow,
  at: Date,
  last: { statusCode: number | null; error: string | null },
): Promise<'failed' | 'dead'> {
  const delay = retryDelaySeconds(delivery.attempts);
  const next = new Date(at.getTime() + delay * 1000);
  const dead = next.getTime() - delivery.windowStartedAt.getTime() > RETRY_WINDOW_MS;
  await updateWebhookDelivery(tx, {
    businessId: delivery.businessId,
    deliveryId: delivery.id,
    set: {
      status: dead ? 'dead' : 'failed',
      sendingSince: null,
      nextAttemptAt: next,
      lastStatusCode: last.statusCode,
      lastError: last.error,
      updatedAt: at,
    },
  });
  if (!dead) {
    await services.jobs.send(
      'webhooks.deliver',
      { deliveryId: delivery.id },
      { db: tx, startAfterSeconds: delay },
    );
  }
  return dead ? 'dead' : 'failed';
}

/** The endpoint's first failure since its last success is kept; 5 days of it disable the endpoint. */
async function countFailure(
  tx: Db,
  services: Pick<AppServices, 'jobs'>,
  endpoint: WebhookEndpointRow,
  now: Date,
) {
  const updated = await markWebhookEndpointFailing(tx, {
    businessId: endpoint.businessId,
    endpointId: endpoint.id,
    at: now,
  });
  if (!updated?.enabled || !updated.failingSince) return;
  if (now.getTime() - updated.failingSince.getTime() < DISABLE_AFTER_MS) return;
  await updateWebhookEndpoint(tx, {
    businessId: endpoint.businessId,
    endpointId: endpoint.id,
    set: { enabled: false, disabledReason: 'failing', disabledAt: now, updatedAt: now },
  });
  await notify(tx, services.jobs, {
    type: 'webhook.endpoint_disabled',
    businessId: endpoint.businessId,
    endpointId: endpoint.id,
    url: endpoint.url,
    key: now.toISOString(),
  });
}

/**
 * The minute's sweep: deliveries whose worker died in the call become `unknown` (the endpoint may
 * have got it: a person decides to resend), and deliveries overdue for a minute (their job lost)
 * get a new job.
 */
export async function settleWebhookDeliveries(
  services: Pick<AppServices, 'db' | 'jobs' | 'config'>,
  now = new Date(),
) {
  // Past the call's deadline and the job's: no call can still be waiting.
  const staleMs = services.config.webhooks.timeoutMs + 30_000;
  const { abandoned, overdue } = await settleAbandonedWebhookDeliveries(services.db, {
    sendingBefore: new Date(now.getTime() - staleMs),
    dueBefore: new Date(now.getTime() - 60_000),
    now,
  });
  await services.jobs.sendMany(
    'webhooks.deliver',
    overdue.map((row) => ({ payload: { deliveryId: row.id } })),
  );
  return { unknown: abandoned.length, requeued: overdue.length };
}
