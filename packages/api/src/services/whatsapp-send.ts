// Outbound WhatsApp: a reply is stored `queued` with its send job in one transaction, then sent
// through the Graph API by the job, within the 24 h rule and the number's throughput.
import type { MessageMedia } from '@flux/contracts/media';
import type { Database, Db, schema } from '@flux/db';
import { lockConversation, updateConversation } from '@flux/db/queries/conversations';
import {
  claimQueuedMessage,
  insertOutboundMessage,
  messageByClientId,
  messageToSend,
  settleStaleSends,
  updateMessage,
} from '@flux/db/queries/messages';
import { activeWhatsappAccount } from '@flux/db/queries/whatsapp-accounts';
import { type MessageTemplate, type OutboundContent, WhatsappError } from '@flux/integrations';
import type { JobSender } from '../jobs/sender';
import { type Actor, writeAudit } from '../lib/audit';
import { notFound, refuse } from '../lib/errors';
import type { LiveBus } from '../lib/live';
import { type RateLimiter, takeRateSlot } from '../lib/rate-limit';
import { whatsappClientFor } from './whatsapp-client';

/** Meta errors worth retrying later: window (131047), throughput (130429), pair rate (131056). */
export const RETRIED_META_CODES = new Set([131047, 130429, 131056]);
export const SEND_ATTEMPTS = 5;

export async function queueMessage(
  db: Db,
  jobs: JobSender,
  actor: Actor,
  params: {
    businessId: string;
    conversationId: string;
    clientMessageId: string;
    content: OutboundContent;
    /** What the message shows besides its content (the product a card is of). */
    media?: MessageMedia;
    /** Who wrote it; by default the acting user (or the system). */
    authorType?: 'user' | 'ai' | 'system';
  },
) {
  return db.transaction(async (tx) => {
    const conversation = await lockConversation(tx, params);
    if (!conversation) throw notFound('Conversation');
    // A retried click finds its message: nothing is sent twice.
    const existing = await messageByClientId(tx, params);
    if (existing) {
      if (existing.conversationId !== params.conversationId) {
        throw refuse(
          'whatsapp.client_message_id_reused',
          'This clientMessageId was used in another conversation',
        );
      }
      return existing;
    }
    const windowOpen = (conversation.serviceWindowEndsAt?.getTime() ?? 0) > Date.now();
    if (params.content.type !== 'template' && !windowOpen) {
      throw refuse(
        'whatsapp.window_closed',
        'The 24-hour window is closed: the customer has not written for a day, so only an approved template can be sent',
        {},
        { windowEndsAt: conversation.serviceWindowEndsAt?.toISOString() ?? null },
      );
    }
    const account = await activeWhatsappAccount(tx, params);
    if (!account) throw refuse('whatsapp.not_connected', 'Connect a WhatsApp number first');
    const now = new Date();
    const created = await insertOutboundMessage(tx, {
      businessId: params.businessId,
      values: {
        conversationId: params.conversationId,
        clientMessageId: params.clientMessageId,
        ...storedContent(params.content, params.media),
        status: 'queued',
        authorType: params.authorType ?? (actor.userId ? 'user' : 'system'),
        authorUserId: actor.userId,
      },
    });
    if (!created) {
      const raced = await messageByClientId(tx, params);
      if (raced) return raced;
      throw new Error('message insert returned nothing');
    }
    await updateConversation(tx, {
      businessId: params.businessId,
      conversationId: params.conversationId,
      set: { lastMessageAt: now },
    });
    await jobs.send('whatsapp.send', { messageId: created.id }, { db: tx });
    await writeAudit(tx, actor, {
      businessId: params.businessId,
      action: 'conversation.send',
      entityType: 'conversation',
      entityId: params.conversationId,
      changes: { messageId: created.id, type: created.type },
    });
    return created;
  });
}

/** How a reply is stored: its type, the thread's words, and what the send job needs again. */
function storedContent(
  content: OutboundContent,
  extra: MessageMedia | undefined,
): { type: OutboundContent['type']; body: string | null; media: MessageMedia | null } {
  switch (content.type) {
    case 'text':
      return { type: 'text', body: content.text, media: extra ?? null };
    case 'template':
      return {
        type: 'template',
        body: content.name,
        media: {
          template: content.name,
          language: content.language,
          parameters: content.parameters ?? [],
        },
      };
    case 'image':
      return {
        type: 'image',
        body: content.caption ?? null,
        media: { ...extra, url: content.link },
      };
    case 'location':
      return {
        type: 'location',
        body: [content.name, content.address].filter(Boolean).join(', ') || null,
        media: {
          ...extra,
          latitude: content.latitude,
          longitude: content.longitude,
          name: content.name ?? null,
          address: content.address ?? null,
        },
      };
  }
}

/** The content to send again from a stored reply (what storedContent wrote). */
export function contentToSend(message: {
  type: string;
  body: string | null;
  media: MessageMedia | null;
}): OutboundContent {
  const media = message.media;
  if (message.type === 'template' && media?.template) {
    return {
      type: 'template',
      name: media.template,
      language: media.language ?? 'fr',
      parameters: media.parameters ?? [],
    };
  }
  if (message.type === 'image' && media?.url) {
    return { type: 'image', link: media.url, caption: message.body };
  }
  if (
    message.type === 'location' &&
    typeof media?.latitude === 'number' &&
    typeof media.longitude === 'number'
  ) {
    return {
      type: 'location',
      latitude: media.latitude,
      longitude: media.longitude,
      name: media.name ?? null,
      address: media.address ?? null,
    };
  }
  return { type: 'text', text: message.body ?? '' };
}

/**
 * A template as the inbox's picker offers it, or null when the composer could not send it: a
 * send fills the body's positional variables ({{1}}, {{2}}) and nothing else, so templates with
 * named variables, a media header or variables outside the body are left out.
 */
export function composableTemplate(template: MessageTemplate) {
  const body = template.components.find((c) => c.type.toUpperCase() === 'BODY')?.text ?? '';
  const variables = [...body.matchAll(/\{\{\s*([^}]*?)\s*\}\}/g)].map((m) => m[1] ?? '');
  if (variables.some((name) => !/^\d+$/.test(name))) return null;
  for (const component of template.components) {
    const type = component.type.toUpperCase();
    if (type === 'BODY') continue;
    if (type === 'HEADER' && component.format && component.format.toUpperCase() !== 'TEXT')
      return null;
    if (JSON.stringify(component).includes('{{')) return null;
  }
  return {
    name: template.name,
    language: template.language,
    category: template.category,
    body,
    parameterCount: new Set(variables).size,
  };
}

/**
 * A `sending` claim older than this was abandoned (its process died mid-call): it becomes
 * `unknown`. Above the longest allowed send timeout (WHATSAPP_SEND_TIMEOUT_MS, 30 s at most), so
 * a send still waiting for Meta is never taken for dead.
 */
export const SENDING_STALE_MS = 45_000;
/** The wait before a message Meta refused for now (throughput, window) is tried again, doubling. */
const RETRY_DELAY_SECONDS = 2;

export type SendOutcome = 'sent' | 'failed' | 'unknown' | 'skipped';

/**
 * Where a reply to this prospect goes: their WhatsApp id or phone (digits), else, for a customer
 * who hides their number behind a username, their business-scoped user id (the client sends that
 * as `recipient` instead of `to`). Null: nowhere to send.
 */
export function whatsappRecipient(prospect: {
  phone: string | null;
  waId: string | null;
  waUserId: string | null;
}): string | null {
  return prospect.waId ?? prospect.phone?.replace(/^\+/, '') ?? prospect.waUserId;
}

/**
 * The send job: one queued message to Meta, at most once. The message is claimed first
 * (`queued → sending`, one conditional UPDATE), so a second handler of the same job finds nothing
 * to send; then Meta is called with a timeout well inside the job's expiry and our message id as
 * `biz_opaque_callback_data`. Meta's answer settles it: `sent` with its wamid; an error Meta
 * answered (nothing was sent) is retried while attempts remain (`queued` again), else `failed`;
 * no usable answer (a timeout, a cut connection) means Meta may have it, and WhatsApp has no
 * idempotency key to ask again safely: it becomes `unknown`, never resent blindly. A receipt from
 * Meta carrying our id settles an `unknown` (or a `sending` whose process died) later.
 */
export async function sendQueuedMessage(
  services: {
    db: Database;
    jobs: JobSender;
    rateLimiter: RateLimiter;
    live?: LiveBus;
    config: {
      whatsappApiBaseUrl: string;
      whatsappSendRate: number;
      whatsappSendTimeoutMs: number;
    };
  },
  messageId: string,
): Promise<SendOutcome | 'retrying'> {
  const { db } = services;
  const row = await messageToSend(db, { messageId });
  if (!row) return 'skipped';
  const { businessId, conversationId } = row.message;
  const announce = (status: string) =>
    services.live?.publish(businessId, {
      type: 'message.status',
      conversationId,
      messageId,
      status,
    });
  // The job runs again (pg-boss retried it after its handler's process died): the claim it left
  // is settled as unknown, not sent again.
  if (row.message.status === 'sending') {
    const settled = await settleAbandonedSends(db, { messageIds: [messageId] });
    if (settled.length === 0) return 'skipped';
    await announce('unknown');
    return 'unknown';
  }
  if (row.message.status !== 'queued') return 'skipped';
  /** Settles the claimed message (only while it is still this send's claim). */
  const settle = async <S extends 'sent' | 'failed' | 'unknown' | 'queued'>(
    status: S,
    set: MessageUpdate,
  ): Promise<S> => {
    await updateMessage(db, {
      businessId,
      messageId,
      whileStatus: 'sending',
      set: { status, sendingSince: null, ...set },
    });
    if (status !== 'queued') await announce(status);
    return status;
  };
  const to = whatsappRecipient(row.prospect);
  if (!to) {
    await updateMessage(db, {
      businessId,
      messageId,
      whileStatus: 'queued',
      set: {
        status: 'failed',
        errorCode: 'no_recipient',
        errorTitle: 'This prospect has no WhatsApp number or user id',
      },
    });
    await announce('failed');
    return 'failed';
  }

  // The number's throughput, shared by every worker process (through Redis when there is one):
  // waiting for the next second costs less than a retry (and no attempt is used for it).
  await takeSendSlot(services, row.account.phoneNumberId);

  const attempts = await claimQueuedMessage(db, { businessId, messageId });
  if (attempts === undefined) return 'skipped'; // another handler has it

  const content = contentToSend(row.message);
  const client = whatsappClientFor(services.config, row.account.accessToken, 'send');
  let wamid: string;
  try {
    wamid = await client.send(row.account.phoneNumberId, to, content, { callbackData: messageId });
  } catch (error) {
    if (!(error instanceof WhatsappError) || error.mayHaveArrived) {
      return settle('unknown', {
        errorCode: 'no_answer',
        errorTitle:
          'WhatsApp did not confirm this message in time: it may have been delivered. Check with the customer before sending it again.',
      });
    }
    const { meta } = error;
    const retried = (meta.code !== null && RETRIED_META_CODES.has(meta.code)) || error.retryable;
    if (retried && attempts < SEND_ATTEMPTS) {
      // Meta answered an error: nothing was sent. Back in line with its own job, sent later with
      // a growing delay, in the same transaction: this message's calls are counted on its row,
      // and no other job's fate (a retry, a stop) can strand it in `queued`.
      await db.transaction(async (tx) => {
        const requeued = await updateMessage(tx, {
          businessId,
          messageId,
          whileStatus: 'sending',
          set: {
            status: 'queued',
            sendingSince: null,
            errorCode: String(error.code),
            errorTitle: error.reason,
          },
        });
        if (requeued) {
          await services.jobs.send(
            'whatsapp.send',
            { messageId },
            { db: tx, startAfterSeconds: RETRY_DELAY_SECONDS * 2 ** (attempts - 1) },
          );
        }
      });
      return 'retrying';
    }
    return settle('failed', {
      errorCode: String(error.code),
      errorTitle: meta.userMessage ?? error.reason,
    });
  }
  return settle('sent', {
    externalId: wamid,
    sentAt: new Date(),
    errorCode: null,
    errorTitle: null,
  });
}

type MessageUpdate = Partial<schema.NewMessage>;

/** Waits (a second at most, a few times) for a slot of the number's send rate. */
export function takeSendSlot(
  services: { rateLimiter: RateLimiter; config: { whatsappSendRate: number } },
  phoneNumberId: string,
) {
  return takeRateSlot(
    services.rateLimiter,
    `wa:send:${phoneNumberId}`,
    services.config.whatsappSendRate,
    'WhatsApp throughput reached for this number; retrying',
  );
}

/**
 * Claims abandoned by a sender that died mid-call (older than SENDING_STALE_MS; all of them, or
 * the given messages) become `unknown`: Meta may have the message. Returns what it settled.
 */
export async function settleAbandonedSends(
  db: Database,
  which: { messageIds?: string[] } = {},
): Promise<{ id: string; businessId: string; conversationId: string }[]> {
  return settleStaleSends(db, {
    staleSeconds: SENDING_STALE_MS / 1000,
    messageIds: which.messageIds,
    errorTitle:
      'The sender stopped before WhatsApp confirmed this message: it may have been delivered. Check with the customer before sending it again.',
  });
}
