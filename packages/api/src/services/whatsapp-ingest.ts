// Turns a stored WhatsApp webhook event into prospects, conversations, messages and status
// updates. Idempotent: an event is processed once, a message (wamid) stored once, and a status
// never moves backwards, so Meta's re-deliveries and job retries change nothing.
import type { Database, Db } from '@flux/db';
import { schema } from '@flux/db';
import {
  type ChangeValue,
  changeValueSchema,
  describeMessage,
  type InboundMessage,
  type StatusReceipt,
  webhookPayloadSchema,
} from '@flux/integrations';
import { and, eq, inArray, ne, sql } from 'drizzle-orm';
import type { JobSender } from '../jobs/sender';
import type { LiveBus, LiveEvent } from '../lib/live';

const { webhookEvents, whatsappAccounts, prospects, conversations, messages } = schema;
const WINDOW_MS = 24 * 60 * 60 * 1000;

export interface IngestResult {
  status: 'processed' | 'ignored' | 'invalid' | 'already';
  messages: number;
  statuses: number;
  notes: string[];
  /** What the dashboard should hear about, once the transaction has committed. */
  live: { businessId: string; event: LiveEvent }[];
}

/**
 * Processes every stored, unprocessed WhatsApp event, oldest first, `concurrency` at a time, until
 * none is left. Run by the `whatsapp.drain` job (nudged after each acknowledged webhook, and swept
 * every minute), so an event committed by the webhook is processed even if the process that
 * acknowledged it died a moment later.
 */
export async function drainWebhookEvents(
  db: Database,
  options: { batch?: number; concurrency?: number; live?: LiveBus; jobs?: JobSender } = {},
): Promise<{ processed: number; messages: number }> {
  const batch = options.batch ?? 200;
  const concurrency = options.concurrency ?? 8;
  const totals = { processed: 0, messages: 0 };
  for (;;) {
    const pending = await db
      .select({ id: webhookEvents.id })
      .from(webhookEvents)
      .where(and(eq(webhookEvents.provider, 'whatsapp'), eq(webhookEvents.status, 'received')))
      .orderBy(webhookEvents.receivedAt, webhookEvents.id)
      .limit(batch);
    let next = 0;
    await Promise.all(
      Array.from({ length: Math.min(concurrency, pending.length) }, async () => {
        while (next < pending.length) {
          const event = pending[next++];
          if (!event) break;
          try {
            const result = await ingestWebhookEvent(db, event.id, options.jobs);
            if (result.status !== 'already') totals.processed += 1;
            totals.messages += result.messages;
            for (const { businessId, event } of result.live)
              await options.live?.publish(businessId, event);
          } catch (error) {
            // A poison event must not block the others: count the failure, park it after 5.
            await db
              .update(webhookEvents)
              .set({
                attempts: sql`${webhookEvents.attempts} + 1`,
                error: String(error).slice(0, 2_000),
                status: sql`case when ${webhookEvents.attempts} + 1 >= 5 then 'failed'::webhook_status else ${webhookEvents.status} end`,
              })
              .where(eq(webhookEvents.id, event.id));
          }
        }
      }),
    );
    if (pending.length < batch) return totals;
  }
}

const toDate = (unixSeconds: string) => new Date(Number(unixSeconds) * 1000);

/** wa_id is the international number without '+'; E.164 when it looks like one. */
function phoneOf(waId: string): string | null {
  const phone = `+${waId.replace(/\D/g, '')}`;
  return /^\+[1-9][0-9]{6,14}$/.test(phone) ? phone : null;
}

export async function ingestWebhookEvent(
  db: Database,
  eventId: string,
  jobs?: JobSender,
): Promise<IngestResult> {
  return db.transaction(async (tx) => {
    // SKIP LOCKED: an event another drain is processing right now is theirs.
    const [event] = await tx
      .select()
      .from(webhookEvents)
      .where(eq(webhookEvents.id, eventId))
      .for('update', { skipLocked: true });
    if (!event) return { status: 'already', messages: 0, statuses: 0, notes: [], live: [] };
    if (event.status === 'processed' || event.status === 'ignored' || event.status === 'invalid') {
      return { status: 'already', messages: 0, statuses: 0, notes: [], live: [] };
    }
    const result: IngestResult = {
      status: 'processed',
      messages: 0,
      statuses: 0,
      notes: [],
      live: [],
    };
    let businessId: string | null = null;
    const payload = webhookPayloadSchema.safeParse(event.payload);
    if (!payload.success) {
      result.status = 'invalid';
      result.notes.push(`unknown payload shape: ${payload.error.issues[0]?.message ?? ''}`);
    } else {
      for (const entry of payload.data.entry) {
        for (const change of entry.changes) {
          if (change.field !== 'messages') {
            result.notes.push(`field ${change.field} not handled`);
            continue;
          }
          const value = changeValueSchema.safeParse(change.value);
          if (!value.success) {
            result.notes.push(`unknown change shape: ${value.error.issues[0]?.message ?? ''}`);
            continue;
          }
          const [account] = await tx
            .select({ businessId: whatsappAccounts.businessId })
            .from(whatsappAccounts)
            .where(
              and(
                eq(whatsappAccounts.phoneNumberId, value.data.metadata.phone_number_id),
                eq(whatsappAccounts.active, true),
              ),
            );
          if (!account) {
            result.notes.push(`unknown phone_number_id ${value.data.metadata.phone_number_id}`);
            continue;
          }
          businessId ??= account.businessId;
          result.messages += await storeMessages(
            tx,
            account.businessId,
            value.data,
            result.live,
            jobs,
          );
          result.statuses += await applyStatuses(
            tx,
            account.businessId,
            value.data.statuses ?? [],
            result.live,
          );
        }
      }
      if (result.messages === 0 && result.statuses === 0 && result.notes.length > 0) {
        result.status = 'ignored';
      }
    }
    await tx
      .update(webhookEvents)
      .set({
        status: result.status === 'already' ? 'processed' : result.status,
        businessId,
        processedAt: new Date(),
        error: result.notes.length ? result.notes.join('; ').slice(0, 2_000) : null,
        attempts: sql`${webhookEvents.attempts} + 1`,
      })
      .where(eq(webhookEvents.id, eventId));
    return result;
  });
}

async function storeMessages(
  tx: Db,
  businessId: string,
  value: ChangeValue,
  live: IngestResult['live'],
  jobs?: JobSender,
): Promise<number> {
  let stored = 0;
  const names = new Map((value.contacts ?? []).map((c) => [c.wa_id, c.profile?.name ?? null]));
  for (const message of value.messages ?? []) {
    const at = toDate(message.timestamp);
    const prospectId = await upsertProspect(
      tx,
      businessId,
      message.from,
      names.get(message.from) ?? null,
      at,
    );
    const conversationId = await openConversation(tx, businessId, prospectId);
    const messageId = await insertMessage(tx, businessId, conversationId, message, at);
    if (messageId) {
      stored += 1;
      live.push({ businessId, event: { type: 'message.created', conversationId, messageId } });
      // Media: where to fetch it is asked of Meta by a job committed with the message.
      if (jobs && describeMessage(message).media?.mediaId) {
        await jobs.send('whatsapp.media', { messageId }, { db: tx });
      }
      // The 24-hour customer-service window runs from the customer's last message.
      await tx
        .update(conversations)
        .set({
          unreadCount: sql`${conversations.unreadCount} + 1`,
          lastMessageAt: sql`greatest(${conversations.lastMessageAt}, ${at})`,
          serviceWindowEndsAt: sql`greatest(${conversations.serviceWindowEndsAt}, ${new Date(at.getTime() + WINDOW_MS)})`,
          status: 'open',
        })
        .where(eq(conversations.id, conversationId));
    }
  }
  return stored;
}

async function upsertProspect(
  tx: Db,
  businessId: string,
  waId: string,
  name: string | null,
  at: Date,
) {
  const phone = phoneOf(waId);
  if (phone) {
    const [row] = await tx
      .insert(prospects)
      .values({ businessId, phone, waId, name, lastContactAt: at })
      .onConflictDoUpdate({
        target: [prospects.businessId, prospects.phone],
        set: {
          waId,
          name: sql`coalesce(${prospects.name}, excluded.name)`,
          lastContactAt: sql`greatest(${prospects.lastContactAt}, excluded.last_contact_at)`,
        },
      })
      .returning({ id: prospects.id });
    if (row) return row.id;
  }
  const [existing] = await tx
    .select({ id: prospects.id })
    .from(prospects)
    .where(and(eq(prospects.businessId, businessId), eq(prospects.waId, waId)));
  if (existing) return existing.id;
  const [created] = await tx
    .insert(prospects)
    .values({ businessId, waId, name, lastContactAt: at })
    .returning({ id: prospects.id });
  if (!created) throw new Error('prospect insert returned nothing');
  return created.id;
}

/** The prospect's open WhatsApp conversation, created if there is none (race-safe). */
async function openConversation(tx: Db, businessId: string, prospectId: string): Promise<string> {
  const find = () =>
    tx
      .select({ id: conversations.id })
      .from(conversations)
      .where(
        and(
          eq(conversations.businessId, businessId),
          eq(conversations.prospectId, prospectId),
          eq(conversations.channel, 'whatsapp'),
          ne(conversations.status, 'closed'),
        ),
      );
  const [existing] = await find();
  if (existing) return existing.id;
  await tx
    .insert(conversations)
    .values({ businessId, prospectId, channel: 'whatsapp' })
    .onConflictDoNothing();
  const [created] = await find();
  if (!created) throw new Error('conversation not found after insert');
  return created.id;
}

async function insertMessage(
  tx: Db,
  businessId: string,
  conversationId: string,
  message: InboundMessage,
  at: Date,
): Promise<string | null> {
  const described = describeMessage(message);
  const inserted = await tx
    .insert(messages)
    .values({
      businessId,
      conversationId,
      direction: 'in',
      externalId: message.id,
      type: described.type,
      body: described.body,
      media: described.media,
      status: 'received',
      authorType: 'customer',
      raw: message,
      createdAt: at,
    })
    .onConflictDoNothing({ target: messages.externalId })
    .returning({ id: messages.id });
  return inserted[0]?.id ?? null;
}

const RANK = { queued: 0, sent: 1, delivered: 2, read: 3 } as const;

/** Moves outbound messages forward only: a late "sent" after "read" changes nothing. */
async function applyStatuses(
  tx: Db,
  businessId: string,
  receipts: StatusReceipt[],
  live: IngestResult['live'],
): Promise<number> {
  let applied = 0;
  for (const receipt of receipts) {
    const at = toDate(receipt.timestamp);
    const from =
      receipt.status === 'failed'
        ? (['queued', 'sent'] as const)
        : (Object.keys(RANK) as (keyof typeof RANK)[]).filter(
            (s) => RANK[s] < RANK[receipt.status as keyof typeof RANK],
          );
    const error = receipt.errors?.[0];
    const updated = await tx
      .update(messages)
      .set({
        status: receipt.status,
        ...(receipt.status === 'sent' ? { sentAt: at } : {}),
        ...(receipt.status === 'delivered' ? { deliveredAt: at } : {}),
        ...(receipt.status === 'read' ? { readAt: at } : {}),
        ...(error
          ? { errorCode: String(error.code), errorTitle: error.title ?? error.message ?? null }
          : {}),
      })
      .where(
        and(
          eq(messages.businessId, businessId),
          eq(messages.externalId, receipt.id),
          eq(messages.direction, 'out'),
          inArray(messages.status, [...from]),
        ),
      )
      .returning({ id: messages.id, conversationId: messages.conversationId });
    applied += updated.length;
    for (const row of updated) {
      live.push({
        businessId,
        event: {
          type: 'message.status',
          conversationId: row.conversationId,
          messageId: row.id,
          status: receipt.status,
        },
      });
    }
  }
  return applied;
}
