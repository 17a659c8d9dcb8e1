// Outbound WhatsApp: a reply is stored `queued` with its send job in one transaction, then sent
// through the Graph API by the job, within the 24 h rule and the number's throughput.
import type { Database, Db } from '@flux/db';
import { schema } from '@flux/db';
import {
  createWhatsappClient,
  type MessageTemplate,
  type OutboundContent,
  ProviderError,
} from '@flux/integrations';
import { and, eq } from 'drizzle-orm';
import type { JobSender } from '../jobs/sender';
import { type Actor, writeAudit } from '../lib/audit';
import { AppError } from '../lib/errors';
import type { LiveBus } from '../lib/live';
import type { RateLimiter } from '../lib/rate-limit';

const { conversations, messages, prospects, whatsappAccounts } = schema;

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
    /** Who wrote it; by default the acting user (or the system). */
    authorType?: 'user' | 'ai' | 'system';
  },
) {
  return db.transaction(async (tx) => {
    const [conversation] = await tx
      .select()
      .from(conversations)
      .where(
        and(
          eq(conversations.businessId, params.businessId),
          eq(conversations.id, params.conversationId),
        ),
      )
      .for('update');
    if (!conversation) throw new AppError('NOT_FOUND', 'Conversation not found');
    // A retried click finds its message: nothing is sent twice.
    const existing = await byClientId(tx, params.businessId, params.clientMessageId);
    if (existing) {
      if (existing.conversationId !== params.conversationId) {
        throw new AppError('CONFLICT', 'This clientMessageId was used in another conversation');
      }
      return existing;
    }
    const windowOpen = (conversation.serviceWindowEndsAt?.getTime() ?? 0) > Date.now();
    if (params.content.type === 'text' && !windowOpen) {
      throw new AppError(
        'BAD_REQUEST',
        'The 24-hour window is closed: the customer has not written for a day, so only an approved template can be sent',
        { windowEndsAt: conversation.serviceWindowEndsAt?.toISOString() ?? null },
      );
    }
    const [account] = await tx
      .select({ id: whatsappAccounts.id })
      .from(whatsappAccounts)
      .where(
        and(eq(whatsappAccounts.businessId, params.businessId), eq(whatsappAccounts.active, true)),
      );
    if (!account) throw new AppError('PRECONDITION_FAILED', 'Connect a WhatsApp number first');
    const now = new Date();
    const [created] = await tx
      .insert(messages)
      .values({
        businessId: params.businessId,
        conversationId: params.conversationId,
        direction: 'out',
        clientMessageId: params.clientMessageId,
        type: params.content.type,
        body: params.content.type === 'text' ? params.content.text : params.content.name,
        media:
          params.content.type === 'template'
            ? {
                template: params.content.name,
                language: params.content.language,
                parameters: params.content.parameters ?? [],
              }
            : null,
        status: 'queued',
        authorType: params.authorType ?? (actor.userId ? 'user' : 'system'),
        authorUserId: actor.userId,
      })
      .onConflictDoNothing()
      .returning();
    if (!created) {
      const raced = await byClientId(tx, params.businessId, params.clientMessageId);
      if (raced) return raced;
      throw new Error('message insert returned nothing');
    }
    await tx
      .update(conversations)
      .set({ lastMessageAt: now })
      .where(eq(conversations.id, params.conversationId));
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

async function byClientId(db: import('@flux/db').Db, businessId: string, clientMessageId: string) {
  const [row] = await db
    .select()
    .from(messages)
    .where(and(eq(messages.businessId, businessId), eq(messages.clientMessageId, clientMessageId)));
  return row;
}

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

/** The send job: one queued message to Meta. Safe to run again: only a queued message is sent. */
export async function sendQueuedMessage(
  services: {
    db: Database;
    rateLimiter: RateLimiter;
    live?: LiveBus;
    config: { whatsappApiBaseUrl: string; whatsappSendRate: number };
  },
  messageId: string,
  attempt: number,
): Promise<'sent' | 'failed' | 'skipped'> {
  const { db } = services;
  const [row] = await db
    .select({
      message: messages,
      prospect: { phone: prospects.phone, waId: prospects.waId, waUserId: prospects.waUserId },
      account: whatsappAccounts,
    })
    .from(messages)
    .innerJoin(conversations, eq(conversations.id, messages.conversationId))
    .innerJoin(prospects, eq(prospects.id, conversations.prospectId))
    .innerJoin(whatsappAccounts, eq(whatsappAccounts.businessId, messages.businessId))
    .where(and(eq(messages.id, messageId), eq(whatsappAccounts.active, true)));
  if (row?.message.status !== 'queued') return 'skipped';
  const { businessId, conversationId } = row.message;
  const announce = (status: string) =>
    services.live?.publish(businessId, {
      type: 'message.status',
      conversationId,
      messageId,
      status,
    });
  const fail = async (code: string, title: string) => {
    await db
      .update(messages)
      .set({ status: 'failed', errorCode: code, errorTitle: title })
      .where(eq(messages.id, messageId));
    await announce('failed');
    return 'failed' as const;
  };
  const to = whatsappRecipient(row.prospect);
  if (!to) return fail('no_recipient', 'This prospect has no WhatsApp number or user id');

  // The number's throughput, shared by every worker process (through Redis when there is one).
  const slot = await services.rateLimiter.hit(
    `wa:send:${row.account.phoneNumberId}`,
    services.config.whatsappSendRate,
    1_000,
  );
  if (!slot.allowed) throw new Error('WhatsApp throughput reached for this number; retrying');

  const media = row.message.media as {
    template?: string;
    language?: string;
    parameters?: string[];
  } | null;
  const content: OutboundContent =
    row.message.type === 'template' && media?.template
      ? {
          type: 'template',
          name: media.template,
          language: media.language ?? 'fr',
          parameters: media.parameters ?? [],
        }
      : { type: 'text', text: row.message.body ?? '' };
  const client = createWhatsappClient({
    baseUrl: services.config.whatsappApiBaseUrl,
    accessToken: row.account.accessToken,
  });
  try {
    const wamid = await client.send(row.account.phoneNumberId, to, content);
    await db
      .update(messages)
      .set({ status: 'sent', externalId: wamid, sentAt: new Date() })
      .where(and(eq(messages.id, messageId), eq(messages.status, 'queued')));
    await announce('sent');
    return 'sent';
  } catch (error) {
    if (!(error instanceof ProviderError)) throw error;
    const meta = (
      error.body as { error?: { code?: number; message?: string; error_user_msg?: string } } | null
    )?.error;
    const retried =
      (meta?.code !== undefined && RETRIED_META_CODES.has(meta.code)) || error.retryable;
    if (retried && attempt + 1 < SEND_ATTEMPTS) throw error;
    return fail(
      String(meta?.code ?? error.status),
      meta?.error_user_msg ?? meta?.message ?? error.message,
    );
  }
}
