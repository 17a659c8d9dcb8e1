// Turns stored WhatsApp webhook events into prospects, conversations, messages and status
// updates, a batch of events per transaction with set-based statements (one upsert of the
// prospects, one of the conversations, one insert of the messages...), so the backlog drains at
// thousands of messages a second. Idempotent: an event is processed once, a message (wamid)
// stored once, and a status never moves backwards, so Meta's re-deliveries and job retries change
// nothing. A batch that fails is redone event by event, so one poison event spoils nothing else.
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
import { and, asc, eq, inArray, ne, sql } from 'drizzle-orm';
import type { JobSender } from '../jobs/sender';
import type { LiveBus, LiveEvent } from '../lib/live';

const { businesses, webhookEvents, whatsappAccounts, prospects, conversations, messages } = schema;

export interface IngestResult {
  status: 'processed' | 'ignored' | 'invalid' | 'already';
  messages: number;
  statuses: number;
  notes: string[];
  /** What the dashboard should hear about, once the transaction has committed. */
  live: { businessId: string; event: LiveEvent }[];
}

const already = (): IngestResult => ({
  status: 'already',
  messages: 0,
  statuses: 0,
  notes: [],
  live: [],
});

/** What ingestion triggers besides storing: media lookups, and the AI's analysis. */
export interface IngestHooks {
  jobs?: JobSender | undefined;
  /** Set: each conversation with new messages gets an `ai.analyze-conversation` this much later. */
  analysisDelaySeconds?: number | undefined;
}

/** Ids per `IN (...)` list and rows per `values (...)`: far below PostgreSQL's 65,535 parameters. */
const CHUNK = 500;

/**
 * One column of a multi-row statement as a single array parameter, for `unnest(...)`: the
 * statement's text stays the same whatever the number of rows, and building it costs nothing
 * (an `insert(...).values(rows)` costs the query builder work per value, measured as a quarter of
 * the server's time under a webhook burst).
 */
function column<T>(rows: T[], value: (row: T) => string | number | null) {
  return sql.param(rows.map(value));
}

function chunks<T>(items: T[]): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += CHUNK) out.push(items.slice(i, i + CHUNK));
  return out;
}

/**
 * Processes every stored, unprocessed WhatsApp event, oldest first, until none is left:
 * `concurrency` loops each claim up to `batch` events (FOR UPDATE SKIP LOCKED, so several drains
 * and several workers share the backlog) and ingest them in one transaction. Run by the
 * `whatsapp.drain` job (nudged after each acknowledged webhook, and swept every minute), so an
 * event committed by the webhook is processed even if the process that acknowledged it died a
 * moment later.
 */
export async function drainWebhookEvents(
  db: Database,
  options: { batch?: number; concurrency?: number; live?: LiveBus } & IngestHooks = {},
): Promise<{ processed: number; messages: number }> {
  const batch = options.batch ?? 100;
  const concurrency = options.concurrency ?? 1;
  const totals = { processed: 0, messages: 0 };
  const count = async (results: IngestResult[]) => {
    const published: Promise<void>[] = [];
    for (const result of results) {
      if (result.status !== 'already') totals.processed += 1;
      totals.messages += result.messages;
      // Published together, in order: the bus sends them to the other processes in one NOTIFY
      // (one round trip each capped the drain at ~2,900 events/s).
      for (const { businessId, event } of result.live) {
        if (options.live) published.push(options.live.publish(businessId, event));
      }
    }
    await Promise.all(published);
  };
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      for (;;) {
        let claimed: string[] = [];
        try {
          const results = await db.transaction(async (tx) => {
            // Processed events leave dead entries at the head of the inbox index until VACUUM
            // runs. A plain index scan skips them once seen (it marks them dead in the index); a
            // bitmap scan, which the planner picks for a few rows, re-reads every one of them on
            // each claim (measured: 101 ms per claim after 180,000 events, 1 ms this way).
            await tx.execute(sql`set local enable_bitmapscan = off`);
            // No wait for the WAL flush: what this transaction writes is derived from events
            // already durable in webhook_events, and a crash can only lose it whole (events
            // marked processed included), so they are processed again. On network disks (1-5 ms
            // per flush) each batch would otherwise wait for one; this machine's disk flushes in
            // 0.14 ms, so the bench cannot show the difference.
            await tx.execute(sql`set local synchronous_commit = off`);
            const events = await tx
              .select()
              .from(webhookEvents)
              .where(
                and(eq(webhookEvents.provider, 'whatsapp'), eq(webhookEvents.status, 'received')),
              )
              .orderBy(asc(webhookEvents.receivedAt), asc(webhookEvents.id))
              .limit(batch)
              .for('update', { skipLocked: true });
            await tx.execute(sql`set local enable_bitmapscan to default`); // the claim only
            claimed = events.map((event) => event.id);
            return ingestEvents(tx, events, options);
          });
          await count(results);
        } catch {
          // One bad event spoils its batch: redo the batch event by event, so only it fails.
          for (const id of claimed) {
            try {
              await count([await ingestWebhookEvent(db, id, options)]);
            } catch (error) {
              // A poison event must not block the others: count the failure, park it after 5.
              await db
                .update(webhookEvents)
                .set({
                  attempts: sql`${webhookEvents.attempts} + 1`,
                  error: String(error).slice(0, 2_000),
                  status: sql`case when ${webhookEvents.attempts} + 1 >= 5 then 'failed'::webhook_status else ${webhookEvents.status} end`,
                })
                .where(eq(webhookEvents.id, id));
            }
          }
        }
        if (claimed.length < batch) return;
      }
    }),
  );
  return totals;
}

/** Processes one stored event in its own transaction ('already' when done or being done). */
export async function ingestWebhookEvent(
  db: Database,
  eventId: string,
  hooks: IngestHooks = {},
): Promise<IngestResult> {
  return db.transaction(async (tx) => {
    // SKIP LOCKED: an event another drain is processing right now is theirs. A parked (failed)
    // event can be retried this way.
    const [event] = await tx
      .select()
      .from(webhookEvents)
      .where(
        and(eq(webhookEvents.id, eventId), inArray(webhookEvents.status, ['received', 'failed'])),
      )
      .for('update', { skipLocked: true });
    if (!event) return already();
    return (await ingestEvents(tx, [event], hooks))[0] ?? already();
  });
}

const toDate = (unixSeconds: string) => {
  const at = new Date(Number(unixSeconds) * 1000);
  if (Number.isNaN(at.getTime())) throw new Error(`invalid timestamp ${unixSeconds}`);
  return at;
};

/** wa_id is the international number without '+'; E.164 when it looks like one. */
function phoneOf(waId: string): string | null {
  const phone = `+${waId.replace(/\D/g, '')}`;
  return /^\+[1-9][0-9]{6,14}$/.test(phone) ? phone : null;
}

interface Inbound {
  result: IngestResult;
  businessId: string;
  message: InboundMessage;
  name: string | null;
  at: Date;
  prospectId?: string;
  conversationId?: string;
}

/** Ingests claimed events (locked by the caller's transaction); one result per event, in order. */
async function ingestEvents(tx: Db, events: schema.WebhookEvent[], hooks: IngestHooks) {
  const results = events.map(
    (): IngestResult => ({ status: 'processed', messages: 0, statuses: 0, notes: [], live: [] }),
  );
  const businessOf = new Map<string, string | null>();
  const changes: { result: IngestResult; value: ChangeValue; eventIndex: number }[] = [];
  events.forEach((event, eventIndex) => {
    const result = results[eventIndex] as IngestResult;
    const payload = webhookPayloadSchema.safeParse(event.payload);
    if (!payload.success) {
      result.status = 'invalid';
      result.notes.push(`unknown payload shape: ${payload.error.issues[0]?.message ?? ''}`);
      return;
    }
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
        changes.push({ result, value: value.data, eventIndex });
        businessOf.set(value.data.metadata.phone_number_id, null);
      }
    }
  });

  // The businesses, from the numbers the events were sent to.
  if (businessOf.size > 0) {
    const accounts = await tx
      .select({
        phoneNumberId: whatsappAccounts.phoneNumberId,
        businessId: whatsappAccounts.businessId,
      })
      .from(whatsappAccounts)
      .where(
        and(
          inArray(whatsappAccounts.phoneNumberId, [...businessOf.keys()]),
          eq(whatsappAccounts.active, true),
        ),
      );
    for (const account of accounts) businessOf.set(account.phoneNumberId, account.businessId);
  }
  const eventBusiness = new Map<number, string>();
  const inbound: Inbound[] = [];
  const receipts: { result: IngestResult; businessId: string; receipt: StatusReceipt }[] = [];
  for (const { result, value, eventIndex } of changes) {
    const businessId = businessOf.get(value.metadata.phone_number_id);
    if (!businessId) {
      result.notes.push(`unknown phone_number_id ${value.metadata.phone_number_id}`);
      continue;
    }
    if (!eventBusiness.has(eventIndex)) eventBusiness.set(eventIndex, businessId);
    const names = new Map((value.contacts ?? []).map((c) => [c.wa_id, c.profile?.name ?? null]));
    for (const message of value.messages ?? []) {
      const name = names.get(message.from) ?? null;
      inbound.push({ result, businessId, message, name, at: toDate(message.timestamp) });
    }
    for (const receipt of value.statuses ?? []) receipts.push({ result, businessId, receipt });
  }

  await upsertProspects(tx, inbound);
  await openConversations(tx, inbound);
  const stored = await insertMessages(tx, inbound, hooks.jobs);
  await touchConversations(tx, stored);
  // The AI reads each conversation that heard from its customer (one waiting analysis each), in
  // the businesses that have it on.
  if (hooks.jobs && hooks.analysisDelaySeconds !== undefined && stored.length > 0) {
    const withAi = await tx
      .select({ id: businesses.id })
      .from(businesses)
      .where(
        and(
          inArray(businesses.id, [...new Set(stored.map((item) => item.businessId))]),
          sql`(${businesses.settings}->>'aiEnabled')::boolean`,
        ),
      );
    const on = new Set(withAi.map((row) => row.id));
    const byConversation = new Map(
      stored
        .filter((item) => on.has(item.businessId))
        .map((item) => [item.conversationId ?? '', item.businessId]),
    );
    await hooks.jobs.sendMany(
      'ai.analyze-conversation',
      [...byConversation].map(([conversationId, businessId]) => ({
        payload: { businessId, conversationId },
        singletonKey: conversationId,
        startAfterSeconds: hooks.analysisDelaySeconds,
      })),
      { db: tx },
    );
  }
  // Statuses one by one, in the order Meta sent them: few, and each must see the previous.
  for (const { result, businessId, receipt } of receipts) {
    result.statuses += await applyStatus(tx, businessId, receipt, result.live);
  }

  for (const result of results) {
    if (
      result.status === 'processed' &&
      result.messages === 0 &&
      result.statuses === 0 &&
      result.notes.length > 0
    ) {
      result.status = 'ignored';
    }
  }
  // Each event's outcome, in one statement.
  const outcomes = events.map((event, index) => {
    const result = results[index] as IngestResult;
    const error = result.notes.length ? result.notes.join('; ').slice(0, 2_000) : null;
    return {
      id: event.id,
      status: result.status,
      businessId: eventBusiness.get(index) ?? null,
      error,
    };
  });
  // Array parameters: one statement whatever the number of rows (no parameter limit to chunk for).
  await tx.execute(sql`
    update ${webhookEvents} as w
    set status = v.status, business_id = v.business_id, error = v.error,
        processed_at = now(), attempts = w.attempts + 1
    from unnest(${column(outcomes, (o) => o.id)}::uuid[], ${column(outcomes, (o) => o.status)}::webhook_status[],
      ${column(outcomes, (o) => o.businessId)}::uuid[], ${column(outcomes, (o) => o.error)}::text[])
      as v(id, status, business_id, error)
    where w.id = v.id`);
  return results;
}

/**
 * One upsert for every customer of the batch, found by (business, E.164 phone); the name the team
 * gave is kept. Keys are sorted so concurrent batches lock rows in the same order.
 */
async function upsertProspects(tx: Db, inbound: Inbound[]) {
  const byPhone = new Map<
    string,
    { businessId: string; phone: string; waId: string; name: string | null; at: Date }
  >();
  for (const item of inbound) {
    const phone = phoneOf(item.message.from);
    if (!phone) continue;
    const key = `${item.businessId}|${phone}`;
    const seen = byPhone.get(key);
    if (!seen) {
      byPhone.set(key, {
        businessId: item.businessId,
        phone,
        waId: item.message.from,
        name: item.name,
        at: item.at,
      });
    } else {
      seen.name ??= item.name;
      if (item.at > seen.at) seen.at = item.at;
    }
  }
  const ids = new Map<string, string>();
  const values = [...byPhone.entries()].sort(([a], [b]) => (a < b ? -1 : 1)).map(([, v]) => v);
  if (values.length > 0) {
    const { rows } = await tx.execute<{ id: string; business_id: string; phone: string }>(sql`
      insert into ${prospects} (business_id, phone, wa_id, name, last_contact_at)
      select * from unnest(${column(values, (v) => v.businessId)}::uuid[],
        ${column(values, (v) => v.phone)}::text[], ${column(values, (v) => v.waId)}::text[],
        ${column(values, (v) => v.name)}::text[], ${column(values, (v) => v.at.toISOString())}::timestamptz[])
      on conflict (business_id, phone) do update
      set wa_id = excluded.wa_id, name = coalesce(${prospects.name}, excluded.name),
          last_contact_at = greatest(${prospects.lastContactAt}, excluded.last_contact_at),
          updated_at = now()
      returning id, business_id, phone`);
    for (const row of rows) ids.set(`${row.business_id}|${row.phone}`, row.id);
  }
  for (const item of inbound) {
    const phone = phoneOf(item.message.from);
    item.prospectId = phone ? ids.get(`${item.businessId}|${phone}`) : undefined;
    // A wa_id that is not a phone number (rare): found or created by wa_id.
    item.prospectId ??= await prospectByWaId(tx, item);
  }
}

async function prospectByWaId(tx: Db, item: Inbound): Promise<string> {
  const { businessId, message, name, at } = item;
  const [existing] = await tx
    .select({ id: prospects.id })
    .from(prospects)
    .where(and(eq(prospects.businessId, businessId), eq(prospects.waId, message.from)));
  if (existing) return existing.id;
  const [created] = await tx
    .insert(prospects)
    .values({ businessId, waId: message.from, name, lastContactAt: at })
    .returning({ id: prospects.id });
  if (!created) throw new Error('prospect insert returned nothing');
  return created.id;
}

/** Each prospect's open WhatsApp conversation, created where there is none (race-safe). */
async function openConversations(tx: Db, inbound: Inbound[]) {
  const wanted = new Map<string, string>(); // prospectId → businessId
  for (const item of inbound) if (item.prospectId) wanted.set(item.prospectId, item.businessId);
  if (wanted.size === 0) return;
  const found = new Map<string, string>();
  const find = async (prospectIds: string[]) => {
    for (const part of chunks(prospectIds)) {
      const rows = await tx
        .select({ id: conversations.id, prospectId: conversations.prospectId })
        .from(conversations)
        .where(
          and(
            inArray(conversations.businessId, [...new Set(part.map((p) => wanted.get(p) ?? ''))]),
            inArray(conversations.prospectId, part),
            eq(conversations.channel, 'whatsapp'),
            ne(conversations.status, 'closed'),
          ),
        );
      for (const row of rows) if (row.prospectId) found.set(row.prospectId, row.id);
    }
  };
  await find([...wanted.keys()]);
  const missing = [...wanted.keys()].filter((id) => !found.has(id)).sort();
  if (missing.length > 0) {
    for (const part of chunks(missing)) {
      await tx
        .insert(conversations)
        .values(
          part.map((prospectId) => ({
            businessId: wanted.get(prospectId) ?? '',
            prospectId,
            channel: 'whatsapp' as const,
          })),
        )
        .onConflictDoNothing();
    }
    await find(missing);
  }
  for (const item of inbound) {
    item.conversationId = item.prospectId ? found.get(item.prospectId) : undefined;
    if (!item.conversationId) throw new Error('conversation not found after insert');
  }
}

/** One insert for every message of the batch; a wamid already stored is skipped (Meta re-sends). */
async function insertMessages(tx: Db, inbound: Inbound[], jobs?: JobSender) {
  const unique = new Map<string, Inbound>();
  for (const item of inbound) if (!unique.has(item.message.id)) unique.set(item.message.id, item);
  const stored: (Inbound & { messageId: string })[] = [];
  const fresh = [...unique.values()];
  if (fresh.length === 0) return stored;
  const described = fresh.map((item) => describeMessage(item.message));
  const { rows } = await tx.execute<{ id: string; external_id: string }>(sql`
    insert into ${messages} (business_id, conversation_id, external_id, type, body, media, raw,
      created_at, direction, status, author_type)
    select *, 'in'::message_direction, 'received'::message_status, 'customer'::author_type
    from unnest(${column(fresh, (item) => item.businessId)}::uuid[],
      ${column(fresh, (item) => item.conversationId ?? '')}::uuid[],
      ${column(fresh, (item) => item.message.id)}::text[],
      ${column(described, (d) => d.type)}::message_type[],
      ${column(described, (d) => d.body)}::text[],
      ${column(described, (d) => (d.media ? JSON.stringify(d.media) : null))}::jsonb[],
      ${column(fresh, (item) => JSON.stringify(item.message))}::jsonb[],
      ${column(fresh, (item) => item.at.toISOString())}::timestamptz[])
    on conflict (external_id) do nothing
    returning id, external_id`);
  for (const row of rows) {
    const item = unique.get(row.external_id);
    if (item) stored.push({ ...item, messageId: row.id });
  }
  for (const item of stored) {
    item.result.messages += 1;
    item.result.live.push({
      businessId: item.businessId,
      event: {
        type: 'message.created',
        conversationId: item.conversationId ?? '',
        messageId: item.messageId,
      },
    });
    // Media: where to fetch it is asked of Meta by a job committed with the message.
    if (jobs && describeMessage(item.message).media?.mediaId) {
      await jobs.send('whatsapp.media', { messageId: item.messageId }, { db: tx });
    }
  }
  return stored;
}

/**
 * Unread counts, last activity and the 24-hour customer-service window (from the customer's last
 * message), for every conversation that received messages, in one statement.
 */
async function touchConversations(tx: Db, stored: Inbound[]) {
  const byConversation = new Map<string, { count: number; at: Date }>();
  for (const item of stored) {
    const id = item.conversationId ?? '';
    const seen = byConversation.get(id);
    if (!seen) byConversation.set(id, { count: 1, at: item.at });
    else {
      seen.count += 1;
      if (item.at > seen.at) seen.at = item.at;
    }
  }
  const rows = [...byConversation.entries()].sort(([a], [b]) => (a < b ? -1 : 1));
  if (rows.length === 0) return;
  await tx.execute(sql`
    update ${conversations} as c
    set unread_count = c.unread_count + v.count,
        last_message_at = greatest(c.last_message_at, v.at),
        service_window_ends_at = greatest(c.service_window_ends_at, v.at + interval '24 hours'),
        status = 'open', updated_at = now()
    from unnest(${column(rows, ([id]) => id)}::uuid[], ${column(rows, ([, v]) => v.count)}::int[],
      ${column(rows, ([, v]) => v.at.toISOString())}::timestamptz[]) as v(id, count, at)
    where c.id = v.id`);
}

const RANK = { queued: 0, sent: 1, delivered: 2, read: 3 } as const;

/** Moves an outbound message forward only: a late "sent" after "read" changes nothing. */
async function applyStatus(
  tx: Db,
  businessId: string,
  receipt: StatusReceipt,
  live: IngestResult['live'],
): Promise<number> {
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
  return updated.length;
}
