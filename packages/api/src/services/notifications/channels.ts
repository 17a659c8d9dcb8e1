// One sender per channel, behind one interface: the send job hands it a claimed row and its
// rendered words, it calls its provider and answers the provider's message id, or throws a
// ChannelError saying what the failure means for the row (retry later, give up, fall back to SMS,
// or "the provider may have it": never sent blindly again unless the provider dedupes on our key).
//
// WhatsApp goes through the existing Graph client (services/whatsapp-client.ts). SMS, email and
// push go through the small provider interfaces below (SmsSender, Mailer, PushSender): the typed
// clients of packages/integrations (Africa's Talking / Twilio, nodemailer, Expo) satisfy them and
// are given to the app as AppServices.notificationProviders. In-app needs no provider: the bell
// reads the rows.
// Over 400 lines on purpose: the senders share ChannelError and the reading of their providers'
// failures; side by side they show what each failure means for a row.
import type { NotificationChannel } from '@flux/contracts';
import type { Database } from '@flux/db';
import { whatsappWindowOpen } from '@flux/db/queries/notification-recipients';
import type { NotificationRow } from '@flux/db/queries/notifications';
import { activeSmsAccount, type SmsAccountRow } from '@flux/db/queries/sms-accounts';
import { webPushSubscriptionById } from '@flux/db/queries/web-push';
import { whatsappAccountOf } from '@flux/db/queries/whatsapp-accounts';
import {
  type OutboundContent,
  ProviderError,
  WebPushError,
  type WebPushMessage,
  type WebPushSubscription,
  WhatsappError,
} from '@flux/integrations';
import { type RateLimiter, takeRateSlot } from '../../lib/rate-limit';
import { type WhatsappClientConfig, whatsappClientFor } from '../whatsapp-client';
import { RETRIED_META_CODES, takeSendSlot } from '../whatsapp-send';
import type { Rendered } from './templates';

export type ChannelErrorKind =
  /** The provider refused for now (rate, 5xx): the same send later may work. */
  | 'retryable'
  /** Refused for good (bad number format, template missing): no retry. */
  | 'permanent'
  /** The recipient cannot be reached on this channel (WhatsApp 131026, push DeviceNotRegistered): fall back. */
  | 'unreachable'
  /** No usable answer (timeout, cut connection): the provider may have it. */
  | 'mayHaveArrived'
  /** Nothing to send with (no provider configured, no account connected): skipped, not dead. */
  | 'unconfigured';

export class ChannelError extends Error {
  override readonly name = 'ChannelError';
  constructor(
    readonly kind: ChannelErrorKind,
    message: string,
    readonly code: string | null = null,
  ) {
    super(message);
  }
}

export interface SendOptions {
  /** Our id of the message: the provider dedupes on it where it can (same key, same message). */
  idempotencyKey: string;
  /** Aborts the call well inside the job's expiry. */
  signal: AbortSignal;
}

export interface ChannelSender {
  /** Stored on the row: who sent it ('whatsapp', 'twilio', 'smtp', 'expo', 'in_app'). */
  provider: string;
  /**
   * The provider dedupes on our idempotency key (or there is no provider): a send whose answer
   * was lost may be made again with the same key without a second message.
   */
  idempotent: boolean;
  send(
    row: NotificationRow,
    rendered: Rendered,
    options: SendOptions,
  ): Promise<{ providerMessageId: string | null; provider?: string }>;
}

export type ChannelSenders = Record<NotificationChannel, ChannelSender>;

// The provider interfaces SMS, email and push adapters are written against.

/** An SMS provider account's client (Africa's Talking or Twilio), as packages/integrations builds it. */
export interface SmsSender {
  /** 'africastalking' | 'twilio'. */
  provider: string;
  /** Whether the provider dedupes on `idempotencyKey` (a lost answer may then be retried). */
  idempotent: boolean;
  send(
    message: { to: string; text: string; idempotencyKey: string },
    options?: { signal?: AbortSignal },
  ): Promise<{ messageId: string }>;
}

export interface Mailer {
  send(
    /** `messageId`: our key; the mailer makes the Message-ID header of it (`<key@sender's domain>`). */
    message: { to: string; subject: string; text: string; html: string; messageId: string },
    options?: { signal?: AbortSignal },
  ): Promise<{ messageId: string }>;
}

/** One Expo push ticket: ok with its id, or an error (DeviceNotRegistered: the token is dead). */
export type PushTicket =
  | { status: 'ok'; id: string }
  | { status: 'error'; message: string; details?: { error?: string } };

/** What the device's push service (APNs, FCM) made of an accepted push, minutes later. */
export type PushReceipt =
  | { status: 'ok' }
  | { status: 'error'; message: string; details?: { error?: string } };

export interface PushSender {
  sendPush(
    messages: { to: string; title: string; body: string; data?: Record<string, string> }[],
    options?: { signal?: AbortSignal },
  ): Promise<PushTicket[]>;
  /**
   * The receipts of accepted tickets, by ticket id (at most EXPO_RECEIPT_IDS_PER_CALL ids a call):
   * an id missing from the answer has no receipt yet. Without it, receipts are not read.
   */
  getReceipts?(
    ids: string[],
    options?: { signal?: AbortSignal },
  ): Promise<Record<string, PushReceipt>>;
}

/** A member's browser, through its push service (RFC 8030). */
export interface WebPushSender {
  /** The VAPID public key browsers subscribe with (their applicationServerKey). */
  publicKey: string;
  send(
    subscription: WebPushSubscription,
    message: WebPushMessage,
    options?: { signal?: AbortSignal },
  ): Promise<{ status: number; location: string | null }>;
}

/** What the app is given to reach SMS, email and push; a missing one makes those rows `skipped`. */
export interface NotificationProviders {
  /** The client of a business's SMS account (sms_accounts). */
  sms?: (account: SmsAccountRow) => SmsSender;
  /**
   * Every SMS client given dedupes on the idempotency key: a claim abandoned mid-call is then sent
   * again under the same key instead of being marked unknown.
   */
  smsIdempotent?: boolean;
  mailer?: Mailer;
  push?: PushSender;
  /** Web Push with the server's VAPID keys (VAPID_PUBLIC_KEY / VAPID_PRIVATE_KEY). */
  webPush?: WebPushSender;
}

/**
 * Meta codes that mean this number cannot get WhatsApp messages from us: undeliverable (131026:
 * not on WhatsApp, old app, terms not accepted), not in the test number's allowed list (131030),
 * the recipient is the sender (131021), the user stopped the business's messages (131050). The
 * SMS fallback is tried at once.
 */
export const WHATSAPP_UNREACHABLE_CODES = new Set([131026, 131030, 131021, 131050]);

/** A provider's error as a ChannelError: what the failure means for the row. */
export function classifyProviderError(error: unknown): ChannelError {
  if (error instanceof ChannelError) return error;
  if (error instanceof ProviderError) {
    const code = error instanceof WhatsappError ? String(error.code) : String(error.status);
    const reason = error instanceof WhatsappError ? error.reason : error.message;
    if (error.mayHaveArrived) return new ChannelError('mayHaveArrived', reason, code);
    if (error instanceof WhatsappError && error.meta.code !== null) {
      if (WHATSAPP_UNREACHABLE_CODES.has(error.meta.code)) {
        return new ChannelError('unreachable', reason, code);
      }
      if (RETRIED_META_CODES.has(error.meta.code))
        return new ChannelError('retryable', reason, code);
    }
    return new ChannelError(error.retryable ? 'retryable' : 'permanent', reason, code);
  }
  // An abort (our timeout) or a network error after the request left: the provider may have it.
  if (error instanceof Error && (error.name === 'AbortError' || error.name === 'TimeoutError')) {
    return new ChannelError('mayHaveArrived', 'The provider did not answer in time');
  }
  return new ChannelError('mayHaveArrived', error instanceof Error ? error.message : String(error));
}

/** WhatsApp: a session text inside the customer's 24 h window, else the approved template. */
export function whatsappChannel(
  db: Database,
  rateLimiter: RateLimiter,
  config: WhatsappClientConfig & { whatsappSendRate: number },
): ChannelSender {
  return {
    provider: 'whatsapp',
    // Meta takes no idempotency key: a send whose answer was lost is never made again blindly.
    idempotent: false,
    async send(row, rendered, options) {
      const account = await whatsappAccountOf(db, { businessId: row.businessId });
      if (!account?.active)
        throw new ChannelError('unreachable', 'No WhatsApp number is connected', 'no_account');
      const windowOpen =
        row.recipientId !== null &&
        (await whatsappWindowOpen(db, { businessId: row.businessId, prospectId: row.recipientId }));
      let content: OutboundContent;
      if (windowOpen) content = { type: 'text', text: rendered.text };
      else if (rendered.whatsappTemplate) {
        content = {
          type: 'template',
          name: rendered.whatsappTemplate.name,
          language: row.language,
          parameters: rendered.whatsappTemplate.parameters,
        };
      } else {
        throw new ChannelError(
          'unreachable',
          'Outside the 24 h window and no template for this message',
          'no_template',
        );
      }
      // The number's throughput is shared with the inbox's replies (one limiter per number).
      try {
        await takeSendSlot({ rateLimiter, config }, account.phoneNumberId);
      } catch (error) {
        throw new ChannelError('retryable', error instanceof Error ? error.message : String(error));
      }
      // The wait used up the send's time: nothing went to Meta, so a plain retry (not unknown).
      if (options.signal.aborted) {
        throw new ChannelError('retryable', 'Timed out waiting for the number’s send rate');
      }
      const client = whatsappClientFor(config, account.accessToken, 'send');
      try {
        // Our id comes back in Meta's receipts (biz_opaque_callback_data).
        const wamid = await client.send(account.phoneNumberId, row.recipient, content, {
          callbackData: options.idempotencyKey,
        });
        return { providerMessageId: wamid };
      } catch (error) {
        throw classifyProviderError(error);
      }
    },
  };
}

/**
 * Waits for a slot of the provider account's send rate. A window that stays full, or a wait that
 * used up the send's time: nothing left for the provider, so a plain retry later (not `unknown`).
 */
async function paced(
  rateLimiter: RateLimiter,
  key: string,
  perSecond: number,
  busy: string,
  signal: AbortSignal,
) {
  try {
    await takeRateSlot(rateLimiter, key, perSecond, busy);
  } catch (error) {
    throw new ChannelError('retryable', error instanceof Error ? error.message : String(error));
  }
  if (signal.aborted) throw new ChannelError('retryable', `${busy} (timed out waiting)`);
}

export function smsChannel(
  db: Database,
  providers: NotificationProviders,
  pacing?: { rateLimiter: RateLimiter; perSecond: number },
): ChannelSender {
  return {
    provider: 'sms',
    // What the sweep goes by for an abandoned claim (it has no account at hand); a send decides
    // with its account's client below.
    idempotent: providers.smsIdempotent ?? false,
    async send(row, rendered, options) {
      if (!providers.sms) throw new ChannelError('unconfigured', 'No SMS provider is configured');
      const account = await activeSmsAccount(db, { businessId: row.businessId });
      if (!account) throw new ChannelError('unconfigured', 'No SMS account is connected');
      const sender = providers.sms(account);
      // Each SMS account has its own rate, shared by every process (like a WhatsApp number's).
      if (pacing) {
        await paced(
          pacing.rateLimiter,
          `sms:send:${account.provider}:${account.accountId}`,
          pacing.perSecond,
          'SMS throughput reached for this account; retrying',
          options.signal,
        );
      }
      try {
        const { messageId } = await sender.send(
          { to: row.recipient, text: rendered.text, idempotencyKey: options.idempotencyKey },
          { signal: options.signal },
        );
        return { providerMessageId: messageId, provider: sender.provider };
      } catch (error) {
        const classified = classifyProviderError(error);
        // A provider that dedupes on our key: the lost answer is retried safely.
        if (classified.kind === 'mayHaveArrived' && sender.idempotent) {
          throw new ChannelError('retryable', classified.message, classified.code);
        }
        throw classified;
      }
    },
  };
}

export function emailChannel(providers: NotificationProviders): ChannelSender {
  return {
    provider: 'smtp',
    idempotent: false,
    async send(row, rendered, options) {
      if (!providers.mailer)
        throw new ChannelError('unconfigured', 'No email server is configured');
      try {
        const { messageId } = await providers.mailer.send(
          {
            to: row.recipient,
            subject: rendered.subject,
            text: rendered.text,
            html: `<p>${escapeHtml(rendered.text).replaceAll('\n', '<br>')}</p>`,
            // The Message-ID header is made of it: a copy sent twice is recognisable as one by
            // mail clients. (The key alone: the client escapes what it is given, so a whole
            // `<key@domain>` came out as `<=3Ckey=40domain=3E@...>`.)
            messageId: options.idempotencyKey,
          },
          { signal: options.signal },
        );
        return { providerMessageId: messageId };
      } catch (error) {
        throw classifyProviderError(error);
      }
    },
  };
}

export function pushChannel(
  providers: NotificationProviders,
  pacing?: { rateLimiter: RateLimiter; perSecond: number },
): ChannelSender {
  return {
    provider: 'expo',
    idempotent: false,
    async send(row, rendered, options) {
      if (!providers.push) throw new ChannelError('unconfigured', 'No push service is configured');
      // Expo's rate is per project (one access token here): one shared window.
      if (pacing) {
        await paced(
          pacing.rateLimiter,
          'push:send:expo',
          pacing.perSecond,
          'Push throughput reached; retrying',
          options.signal,
        );
      }
      let tickets: PushTicket[];
      try {
        tickets = await providers.push.sendPush(
          [
            {
              to: row.recipient,
              title: rendered.subject,
              body: rendered.text,
              data: { notificationId: row.id, event: row.event },
            },
          ],
          { signal: options.signal },
        );
      } catch (error) {
        throw classifyProviderError(error);
      }
      const [ticket] = tickets;
      if (!ticket) throw new ChannelError('mayHaveArrived', 'Expo returned no ticket');
      if (ticket.status === 'ok') return { providerMessageId: ticket.id };
      if (ticket.details?.error === 'DeviceNotRegistered') {
        throw new ChannelError('unreachable', ticket.message, 'DeviceNotRegistered');
      }
      throw new ChannelError(
        ticket.details?.error === 'MessageRateExceeded' ? 'retryable' : 'permanent',
        ticket.message,
        ticket.details?.error ?? null,
      );
    },
  };
}

/** How long a push service keeps a message for a browser that is offline (a day). */
const WEB_PUSH_TTL_SECONDS = 24 * 60 * 60;
/** Events a phone should wake up for; the rest may wait for the phone's next wake. */
const URGENT_WEB_PUSH_EVENTS = new Set(['message.received', 'delivery.flagged', 'delivery.failed']);

/**
 * Where a tap on the notification leads, and what it replaces: the messages of one conversation
 * share a tag (one notification that updates, not a pile) and a Topic (a newer one replaces one
 * the push service still holds; 32 base64url characters: the uuid without its dashes).
 */
export function webPushTarget(row: NotificationRow): { url: string; tag: string; topic: string } {
  const facts = row.payload;
  const conversationId = typeof facts.conversationId === 'string' ? facts.conversationId : null;
  if (conversationId) {
    return {
      url: `/inbox?c=${encodeURIComponent(conversationId)}`,
      tag: `conversation:${conversationId}`,
      topic: conversationId.replaceAll('-', ''),
    };
  }
  const url =
    row.template === 'delivery_flagged' || row.template === 'delivery_failed_team'
      ? '/dispatch'
      : row.orderId
        ? `/orders/${row.orderId}`
        : '/notifications';
  return { url, tag: row.id, topic: row.id.replaceAll('-', '') };
}

/**
 * Web Push: the row's recipient is the browser's subscription (web_push_subscriptions). A push
 * service that no longer knows it (404, 410) makes the row `unreachable`: it dies and the engine
 * forgets the subscription. Push services take no idempotency key; the service worker shows one
 * notification per tag, so a copy replaces the first instead of stacking.
 */
export function webPushChannel(db: Database, providers: NotificationProviders): ChannelSender {
  return {
    provider: 'webpush',
    idempotent: false,
    async send(row, rendered, options) {
      if (!providers.webPush) {
        throw new ChannelError('unconfigured', 'Web Push is not configured (VAPID keys)');
      }
      const subscription = await webPushSubscriptionById(db, {
        businessId: row.businessId,
        subscriptionId: row.recipient,
      });
      if (!subscription) {
        throw new ChannelError('unreachable', 'The browser turned notifications off', 'gone');
      }
      const target = webPushTarget(row);
      try {
        const answer = await providers.webPush.send(
          subscription,
          {
            payload: {
              title: rendered.subject,
              body: rendered.text,
              url: target.url,
              tag: target.tag,
              notificationId: row.id,
            },
            ttlSeconds: WEB_PUSH_TTL_SECONDS,
            urgency: URGENT_WEB_PUSH_EVENTS.has(row.event) ? 'high' : 'normal',
            topic: target.topic,
          },
          { signal: options.signal },
        );
        return { providerMessageId: answer.location };
      } catch (error) {
        if (error instanceof WebPushError && error.gone) {
          throw new ChannelError('unreachable', error.message, String(error.status));
        }
        throw classifyProviderError(error);
      }
    },
  };
}

/** In-app: the bell reads the rows; being written is being sent. */
export const inAppChannel: ChannelSender = {
  provider: 'in_app',
  idempotent: true,
  send: async () => ({ providerMessageId: null }),
};

export function channelSenders(
  db: Database,
  rateLimiter: RateLimiter,
  config: WhatsappClientConfig & {
    publicUrl: string;
    whatsappSendRate: number;
    smsSendRate: number;
    pushSendRate: number;
  },
  providers: NotificationProviders = {},
): ChannelSenders {
  return {
    whatsapp: whatsappChannel(db, rateLimiter, config),
    sms: smsChannel(db, providers, { rateLimiter, perSecond: config.smsSendRate }),
    email: emailChannel(providers),
    push: pushChannel(providers, { rateLimiter, perSecond: config.pushSendRate }),
    in_app: inAppChannel,
    web_push: webPushChannel(db, providers),
  };
}

function escapeHtml(text: string) {
  return text
    .replaceAll('&', '&amp;')
    .replaceAll('<', '&lt;')
    .replaceAll('>', '&gt;')
    .replaceAll('"', '&quot;');
}
