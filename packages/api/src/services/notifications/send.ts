// Sending one notification, at most once, modelled on the WhatsApp reply's send
// (services/whatsapp-send.ts). The row is claimed first (pending/failed → sending, one more
// attempt, one conditional UPDATE), so a second handler of the same row finds nothing to send;
// then the channel is called with a timeout well inside the job's expiry and the row's id as the
// provider's idempotency key. The answer settles it in one transaction with what follows from it:
//   sent                      → `sent` with the provider's message id;
//   refused for now           → `failed` and a new send job later (doubling delay), while
//                               attempts < NOTIFY_ATTEMPTS; then `dead` with the last error;
//   refused for good / unreachable → `dead`; a WhatsApp or push row with a fallback gets its SMS
//                               row (fallback_of) in the same transaction; without one the team
//                               is told in-app (notification.dead);
//   no usable answer          → the provider may have it: `unknown`, never resent blindly, unless
//                               the channel dedupes on our key (then retried like a refusal);
//   nothing to send with      → `skipped` (no SMS account, no email server configured).
// A claim left by a sender that died mid-call is settled by the sweep (`settleNotifications`).
// Over 400 lines on purpose: a row's send is one sequence (claim, call, settle, fall back, retry or
// die) whose steps share its at-most-once invariants; cut into files, that reasoning would be too.
import { essentialCustomerEvents, type Locale } from '@flux/contracts';
import { type Database, type Db, secretBox } from '@flux/db';
import { clearCourierPushToken, prospectOptOut } from '@flux/db/queries/notification-recipients';
import {
  claimNotification,
  type NotificationInsert,
  type NotificationRow,
  notificationById,
  notificationToSend,
  overdueNotifications,
  settleStaleNotifications,
  updateNotification,
} from '@flux/db/queries/notifications';
import { deleteGoneWebPushSubscription } from '@flux/db/queries/web-push';
import type { AppServices } from '../../context';
import type { JobSender } from '../../jobs/sender';
import { type Actor, writeAudit } from '../../lib/audit';
import { notFound, refuse } from '../../lib/errors';
import { deliveryOtp } from '../dispatch/otp';
import { joinPath } from '../invitations';
import {
  type ChannelError,
  type ChannelSenders,
  channelSenders,
  classifyProviderError,
} from './channels';
import { insertAndEnqueue, notify } from './index';
import { factsSchema, render } from './templates';
import { trackingLinkFor } from './tracking';

/** The one waiting receipts job (a `short` queue keeps one per key). */
export const PUSH_RECEIPTS_KEY = 'push-receipts';

/** Calls per notification before it is dead. */
export const NOTIFY_ATTEMPTS = 5;
/** The first retry waits this long, then twice as long each time. */
const RETRY_DELAY_SECONDS = 2;
// A `sending` claim older than config.notifyStaleSeconds (NOTIFY_STALE_SECONDS, 45 s: above the
// longest send timeout, below the send job's 60 s expiry) was abandoned by a process that died
// mid-call; a waiting row untouched config.notifyOverdueSeconds (120 s) after it was due lost its
// job. The sweep settles both.

export type NotifyServices = Pick<
  AppServices,
  'db' | 'jobs' | 'config' | 'rateLimiter' | 'notificationProviders'
> &
  Partial<Pick<AppServices, 'live'>> & {
    /** Tests give their own senders; by default those of the configured providers. */
    senders?: ChannelSenders;
  };

export type NotifyOutcome = 'sent' | 'retrying' | 'dead' | 'unknown' | 'skipped';

const sendersOf = (services: NotifyServices) =>
  services.senders ??
  channelSenders(
    services.db,
    services.rateLimiter,
    services.config,
    services.notificationProviders ?? {},
  );

export async function sendNotification(
  services: NotifyServices,
  notificationId: string,
): Promise<NotifyOutcome> {
  const { db } = services;
  const row = await notificationToSend(db, { notificationId });
  if (!row) return 'skipped';
  const { businessId } = row;
  // The job runs again after its handler's process died: the claim it left is settled by the
  // sweep's rule (unknown, or retried where the provider dedupes), never sent blindly here.
  if (row.status === 'sending') {
    const settled = await settleNotifications(services, { notificationIds: [row.id] });
    return settled.unknown > 0 ? 'unknown' : 'skipped';
  }
  if (row.status !== 'pending' && row.status !== 'failed') return 'skipped';

  // The customer may have opted out since the row was written (a quiet-hours wait, a retry).
  const optedOut = await stillOptedOut(db, row);
  if (optedOut) {
    await updateNotification(db, {
      businessId,
      notificationId: row.id,
      whileStatus: ['pending', 'failed'],
      set: { status: 'skipped', lastError: optedOut },
    });
    return 'skipped';
  }

  // Before the claim: a database error here fails the job (retried), not the send.
  const trackingLink = await trackingLinkFor(db, services.config, row);
  const attempts = await claimNotification(db, { businessId, notificationId: row.id });
  if (attempts === undefined) return 'skipped'; // another handler has it
  const sender = sendersOf(services)[row.channel];

  let result: { providerMessageId: string | null; provider?: string };
  try {
    const rendered = render(
      row.template,
      row.payload,
      row.language as Locale,
      sendTimeFacts(services, row, trackingLink),
    );
    result = await sender.send(row, rendered, {
      idempotencyKey: row.id,
      signal: AbortSignal.timeout(services.config.whatsappSendTimeoutMs),
    });
  } catch (caught) {
    const error = classifyProviderError(caught);
    return settleFailure(services, row, attempts, error, sender.idempotent);
  }
  await updateNotification(db, {
    businessId,
    notificationId: row.id,
    whileStatus: ['sending'],
    set: {
      status: 'sent',
      sendingSince: null,
      sentAt: new Date(),
      provider: result.provider ?? sender.provider,
      providerMessageId: result.providerMessageId,
      lastError: null,
    },
  });
  // Expo's receipt says later whether the device's push service took it (push-receipts.ts).
  if (row.channel === 'push') {
    await services.jobs.send(
      'notifications.push-receipts',
      {},
      {
        singletonKey: PUSH_RECEIPTS_KEY,
        startAfterSeconds: services.config.pushReceiptDelaySeconds,
      },
    );
  }
  // The member's bell counts it at once (the dashboard reads the bell again on this event).
  if (row.channel === 'in_app') {
    await services.live?.publish(businessId, {
      type: 'notification.created',
      userId: row.recipient,
    });
  }
  return 'sent';
}

/** The reason a customer's row must not go now, or null. */
async function stillOptedOut(db: Db, row: NotificationRow): Promise<string | null> {
  if (row.recipientType !== 'customer' || !row.recipientId) return null;
  const customer = await prospectOptOut(db, {
    businessId: row.businessId,
    prospectId: row.recipientId,
  });
  if (!customer?.optedOutAt) return null;
  const essential = (essentialCustomerEvents as readonly string[]).includes(row.event);
  if (essential && !(row.channel === 'sms' && customer.optedOutChannel === 'sms')) return null;
  return `The customer opted out (${customer.optedOutChannel ?? 'unknown channel'})`;
}

/** The door code, the tracking and join links: derived or decrypted now, stored nowhere. */
function sendTimeFacts(
  services: NotifyServices,
  row: NotificationRow,
  trackingLink: string | null,
) {
  const facts = factsSchema.parse(row.payload);
  const { publicUrl, deliveryCodeKey } = services.config;
  return {
    deliveryCode:
      row.template === 'order_on_the_way' && facts.deliveryId
        ? deliveryOtp(facts.deliveryId, deliveryCodeKey)
        : null,
    trackingLink,
    joinLink: facts.joinTokenEncrypted
      ? `${publicUrl.replace(/\/$/, '')}${joinPath(secretBox().decrypt(facts.joinTokenEncrypted))}`
      : null,
  };
}

async function settleFailure(
  services: NotifyServices,
  row: NotificationRow,
  attempts: number,
  error: ChannelError,
  idempotent: boolean,
): Promise<NotifyOutcome> {
  const { db, jobs } = services;
  const { businessId } = row;
  const lastError = `${error.code ? `${error.code}: ` : ''}${error.message}`.slice(0, 1_000);
  if (error.kind === 'unconfigured') {
    await updateNotification(db, {
      businessId,
      notificationId: row.id,
      whileStatus: ['sending'],
      set: { status: 'skipped', sendingSince: null, lastError },
    });
    return 'skipped';
  }
  if (error.kind === 'mayHaveArrived' && !idempotent) {
    await updateNotification(db, {
      businessId,
      notificationId: row.id,
      whileStatus: ['sending'],
      set: {
        status: 'unknown',
        sendingSince: null,
        lastError: `No answer from the provider: it may have been delivered. Check before resending. (${lastError})`,
      },
    });
    return 'unknown';
  }
  const retried = error.kind === 'retryable' || error.kind === 'mayHaveArrived';
  if (retried && attempts < NOTIFY_ATTEMPTS) {
    // Nothing was sent (or the provider dedupes on our key): back in line with its own job, later.
    await db.transaction(async (tx) => {
      const requeued = await updateNotification(tx, {
        businessId,
        notificationId: row.id,
        whileStatus: ['sending'],
        set: { status: 'failed', sendingSince: null, lastError },
      });
      if (requeued) {
        await jobs.send(
          'notifications.send',
          { notificationId: row.id },
          { db: tx, startAfterSeconds: RETRY_DELAY_SECONDS * 2 ** (attempts - 1) },
        );
      }
    });
    return 'retrying';
  }
  await db.transaction((tx) =>
    killNotification(tx, jobs, row, {
      whileStatus: ['sending'],
      lastError,
      deviceGone:
        (row.channel === 'push' || row.channel === 'web_push') && error.kind === 'unreachable',
    }),
  );
  return 'dead';
}

/**
 * The row dies (while in `whileStatus`) with its provider's last words, and what follows in the
 * same transaction: a push token the device no longer has is forgotten (audited), the SMS
 * fallback the row named goes, or without one the team is told. False when the row had moved on.
 */
export async function killNotification(
  tx: Db,
  jobs: JobSender,
  row: NotificationRow,
  params: { whileStatus: NotificationRow['status'][]; lastError: string; deviceGone: boolean },
): Promise<boolean> {
  const { businessId } = row;
  const dead = await updateNotification(tx, {
    businessId,
    notificationId: row.id,
    whileStatus: params.whileStatus,
    set: { status: 'dead', sendingSince: null, lastError: params.lastError },
  });
  if (!dead) return false;
  if (params.deviceGone && row.channel === 'push' && row.recipientId) {
    const cleared = await clearCourierPushToken(tx, {
      businessId,
      courierId: row.recipientId,
      token: row.recipient,
    });
    if (cleared) {
      await writeAudit(tx, SYSTEM, {
        businessId,
        action: 'courier.push_token_cleared',
        entityType: 'courier',
        entityId: row.recipientId,
        changes: { reason: params.lastError.slice(0, 200), notificationId: row.id },
      });
    }
  }
  if (params.deviceGone && row.channel === 'web_push') {
    const removed = await deleteGoneWebPushSubscription(tx, {
      businessId,
      subscriptionId: row.recipient,
    });
    if (removed) {
      await writeAudit(tx, SYSTEM, {
        businessId,
        action: 'web_push.subscription_removed',
        entityType: 'user',
        entityId: removed.userId,
        changes: { reason: params.lastError.slice(0, 200), notificationId: row.id },
      });
    }
  }
  const fallback = await insertFallback(tx, jobs, row);
  // A browser's push is a convenience beside the bell and the inbox: its loss tells nobody.
  const tellsTeam = row.channel !== 'in_app' && row.channel !== 'web_push';
  if (!fallback && tellsTeam && row.event !== 'notification.dead') {
    await notify(tx, jobs, {
      type: 'notification.dead',
      businessId,
      notificationId: row.id,
      error: params.lastError,
    });
  }
  return true;
}

/** The engine acting on a provider's word, not a person. */
const SYSTEM: Actor = { userId: null, label: 'system' };

/**
 * Meta's `failed` receipt for a WhatsApp notification it had accepted (an unreachable number is
 * often told this way, after the send answered 200): the row dies with Meta's words and its SMS
 * fallback goes; without one the team is told. False when the row was not waiting for this.
 */
export async function failFromReceipt(
  tx: Db,
  jobs: JobSender,
  params: { businessId: string; notificationId: string; providerMessageId: string; error: string },
): Promise<boolean> {
  const row = await updateNotification(tx, {
    businessId: params.businessId,
    notificationId: params.notificationId,
    whileStatus: ['sending', 'unknown', 'sent'],
    set: {
      status: 'dead',
      sendingSince: null,
      lastError: params.error,
      provider: 'whatsapp',
      providerMessageId: params.providerMessageId,
    },
  });
  if (!row || row.channel !== 'whatsapp') return row !== undefined;
  const fallback = await insertFallback(tx, jobs, row);
  if (!fallback) {
    await notify(tx, jobs, {
      type: 'notification.dead',
      businessId: params.businessId,
      notificationId: row.id,
      error: params.error,
    });
  }
  return true;
}

/** The SMS row standing in for a dead WhatsApp or push row, when it named one. */
async function insertFallback(tx: Db, jobs: JobSender, row: NotificationRow) {
  const facts = factsSchema.parse(row.payload);
  if (!facts.fallback || row.fallbackOf) return null;
  if (row.recipientType === 'customer' && row.recipientId) {
    const customer = await prospectOptOut(tx, {
      businessId: row.businessId,
      prospectId: row.recipientId,
    });
    if (customer?.optedOutChannel === 'sms') return null;
  }
  const [inserted] = await insertAndEnqueue(tx, jobs, row.businessId, [
    copyOf(row, {
      channel: facts.fallback.channel,
      recipient: facts.fallback.to,
      payload: { ...row.payload, fallback: null },
      fallbackOf: row.id,
      dedupeKey: `${row.dedupeKey}:fallback:${facts.fallback.channel}`,
    }),
  ]);
  return inserted ?? null;
}

function copyOf(
  row: NotificationRow,
  change: Partial<NotificationInsert> & { dedupeKey: string },
): NotificationInsert {
  return {
    recipientType: row.recipientType,
    recipientId: row.recipientId,
    recipient: row.recipient,
    channel: row.channel,
    event: row.event,
    template: row.template,
    language: row.language,
    payload: row.payload,
    orderId: row.orderId,
    fallbackOf: row.fallbackOf,
    ...change,
  };
}

/**
 * The sweep (every minute, and a send job that finds its row still claimed): claims abandoned
 * longer than the stale delay become `unknown` (the provider may have the message) or, on a
 * channel that dedupes on our key, `failed` with a new send job; waiting rows whose job was lost
 * get a new one. The delays are the configuration's (NOTIFY_STALE_SECONDS, NOTIFY_OVERDUE_SECONDS)
 * unless given.
 */
export async function settleNotifications(
  services: NotifyServices,
  options: { notificationIds?: string[]; staleSeconds?: number; overdueSeconds?: number } = {},
): Promise<{ unknown: number; retried: number; requeued: number }> {
  const senders = sendersOf(services);
  const retryChannels = (Object.keys(senders) as (keyof ChannelSenders)[]).filter(
    (channel) => senders[channel].idempotent,
  );
  return services.db.transaction(async (tx) => {
    const settled = await settleStaleNotifications(tx, {
      staleSeconds: options.staleSeconds ?? services.config.notifyStaleSeconds,
      retryChannels,
      notificationIds: options.notificationIds,
      errorText:
        'The sender stopped before the provider confirmed this message: it may have been delivered. Check before resending.',
    });
    const retried = settled.filter((row) => row.status === 'failed').map((row) => row.id);
    const overdue = options.notificationIds
      ? []
      : await overdueNotifications(tx, {
          overdueSeconds: options.overdueSeconds ?? services.config.notifyOverdueSeconds,
          limit: 500,
        });
    const ids = [...new Set([...retried, ...overdue.map((row) => row.id)])];
    await services.jobs.sendMany(
      'notifications.send',
      ids.map((id) => ({ payload: { notificationId: id } })),
      { db: tx },
    );
    return {
      unknown: settled.length - retried.length,
      retried: retried.length,
      requeued: overdue.length,
    };
  });
}

/**
 * A person sends a notification again (one marked unknown after they checked with the customer,
 * one dead, or one sent that the customer says they never got): a fresh row, the old one kept as
 * it was, audited. A skipped row (opt-out, preference off) is not resent.
 */
export async function resendNotification(
  db: Database,
  jobs: JobSender,
  actor: Actor,
  params: { businessId: string; notificationId: string },
): Promise<NotificationRow> {
  return db.transaction(async (tx) => {
    const row = await notificationById(tx, { ...params, lock: true });
    if (!row) throw notFound('Notification');
    if (!['unknown', 'dead', 'sent', 'delivered'].includes(row.status)) {
      throw refuse('notification.not_resendable', `A ${row.status} notification cannot be resent`);
    }
    const [fresh] = await insertAndEnqueue(tx, jobs, params.businessId, [
      copyOf(row, { dedupeKey: `${row.dedupeKey}:resend:${crypto.randomUUID()}` }),
    ]);
    if (!fresh) throw new Error('notification insert returned nothing');
    await writeAudit(tx, actor, {
      businessId: params.businessId,
      action: 'notification.resend',
      entityType: 'notification',
      entityId: row.id,
      changes: { status: row.status, resentAs: fresh.id },
    });
    return fresh;
  });
}

/** The dead page's "retry": dead rows back to pending with their attempts reset, audited. */
export async function retryDead(
  db: Database,
  jobs: JobSender,
  actor: Actor,
  params: { businessId: string; notificationIds: string[] },
): Promise<string[]> {
  return db.transaction(async (tx) => {
    const retried: string[] = [];
    for (const notificationId of params.notificationIds) {
      const row = await updateNotification(tx, {
        businessId: params.businessId,
        notificationId,
        whileStatus: ['dead'],
        set: { status: 'pending', attempts: 0, lastError: null, scheduledAt: new Date() },
      });
      if (row) retried.push(row.id);
    }
    await jobs.sendMany(
      'notifications.send',
      retried.map((id) => ({ payload: { notificationId: id } })),
      { db: tx },
    );
    if (retried.length) {
      await writeAudit(tx, actor, {
        businessId: params.businessId,
        action: 'notification.retry_dead',
        entityType: 'notification',
        ...(retried.length === 1 && retried[0] ? { entityId: retried[0] } : {}),
        changes: { notificationIds: retried },
      });
    }
    return retried;
  });
}
