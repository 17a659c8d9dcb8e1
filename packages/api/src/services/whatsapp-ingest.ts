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
  type CustomerIdentity,
  changeValueSchema,
  describeMessage,
  type InboundMessage,
  recipientOf,
  type StatusReceipt,
  senderOf,
  type UserIdUpdateValue,
  userIdUpdateValueSchema,
  webhookPayloadSchema,
} from '@flux/integrations';
import { and, asc, eq, inArray, ne, or, type SQL, sql } from 'drizzle-orm';
import type { JobSender } from '../jobs/sender';
import { writeAudit } from '../lib/audit';
import { isInfrastructureError, isTimeoutError } from '../lib/errors';
import type { LiveBus, LiveEvent } from '../lib/live';

const {
  businesses,
  webhookEvents,
  whatsappAccounts,
  prospects,
  conversations,
  messages,
  orders,
  emails,
} = schema;

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

/** Failures caused by an event itself before it is parked (`failed`). */
export const EVENT_ATTEMPTS = 5;
/**
 * When the sweep puts a parked event back in the inbox, after its 1st, 2nd... parking: a fix
 * deployed in the meantime gets it processed without anyone asking. After the last, it waits for
 * a platform admin (`webhooks.redrive`).
 */
export const REDRIVE_DELAYS = ['5 minutes', '30 minutes', '2 hours', '12 hours'] as const;

/**
 * Processes every stored, unprocessed WhatsApp event, oldest first, until none is left or
 * `signal` aborts (the process is stopping: the batch under way is finished, nothing new is
 * claimed): `concurrency` loops each claim up to `batch` events (FOR UPDATE SKIP LOCKED, so
 * several drains and several workers share the backlog) and ingest them in one transaction. Run
 * by the `whatsapp.drain` job (nudged after each acknowledged webhook, and swept every minute),
 * so an event committed by the webhook is processed even if the process that acknowledged it
 * died a moment later.
 *
 * An infrastructure error (database gone, jobs stopped, a deadlock) is thrown as it is: the events
 * stay in the inbox untouched and the job is retried. Only an error in an event itself counts
 * against it, and parks it after EVENT_ATTEMPTS.
 */
export async function drainWebhookEvents(
  db: Database,
  options: {
    batch?: number;
    concurrency?: number;
    live?: LiveBus;
    signal?: AbortSignal | undefined;
  } & IngestHooks = {},
): Promise<{ processed: number; messages: number; parked: number }> {
  const batch = options.batch ?? 100;
  const concurrency = options.concurrency ?? 1;
  const totals = { processed: 0, messages: 0, parked: 0 };
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
      while (!options.signal?.aborted) {
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
        } catch (error) {
          // A timeout may be one heavy event's: the batch is redone event by event like for a bad one.
          if (isInfrastructureError(error) && !isTimeoutError(error)) throw error;
          // One bad event spoils its batch: redo the batch event by event, so only it fails.
          let failedAgain = false;
          for (const id of claimed) {
            try {
              await count([await ingestWebhookEvent(db, id, options)]);
            } catch (eventError) {
              if (isInfrastructureError(eventError) && !isTimeoutError(eventError))
                throw eventError;
              if (await countEventFailure(db, id, eventError)) totals.parked += 1;
              failedAgain = true;
            }
          }
          // A failed event is still in the inbox: claim again, until it is processed or parked.
          if (failedAgain) continue;
        }
        if (claimed.length < batch) return;
      }
    }),
  );
  return totals;
}

/**
 * Counts a failure caused by the event itself; parks it at the last attempt, with the time the
 * sweep will put it back (none after the last redrive). True when it was parked.
 */
async function countEventFailure(db: Database, id: string, error: unknown): Promise<boolean> {
  const delays = sql.raw(`array[${REDRIVE_DELAYS.map((d) => `interval '${d}'`).join(', ')}]`);
  const { rows } = await db.execute<{ status: string }>(sql`
    update ${webhookEvents}
    set attempts = attempts + 1,
        error = ${String(error).slice(0, 2_000)},
        status = case when attempts + 1 >= ${EVENT_ATTEMPTS} then 'failed'::webhook_status else status end,
        next_attempt_at = case when attempts + 1 >= ${EVENT_ATTEMPTS}
          then now() + (${delays})[redrives + 1] end
    where id = ${id} and status = 'received'
    returning status`);
  return rows[0]?.status === 'failed';
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
  sender: CustomerIdentity;
  at: Date;
  prospectId?: string;
  conversationId?: string;
}

/** A customer's phone or BSUID changed: what identified them, and what does now. */
interface IdentityChange {
  result: IngestResult;
  businessId: string;
  previous: { waId: string | null; userId: string | null };
  next: { waId: string | null; userId: string | null };
}

type Change =
  | { field: 'messages'; result: IngestResult; value: ChangeValue; eventIndex: number }
  | { field: 'user_id_update'; result: IngestResult; value: UserIdUpdateValue; eventIndex: number };

/** Ingests claimed events (locked by the caller's transaction); one result per event, in order. */
async function ingestEvents(tx: Db, events: schema.WebhookEvent[], hooks: IngestHooks) {
  const results = events.map(
    (): IngestResult => ({ status: 'processed', messages: 0, statuses: 0, notes: [], live: [] }),
  );
  const businessOf = new Map<string, string | null>();
  const changes: Change[] = [];
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
        if (change.field !== 'messages' && change.field !== 'user_id_update') {
          result.notes.push(`field ${change.field} not handled`);
          continue;
        }
        const value =
          change.field === 'messages'
            ? changeValueSchema.safeParse(change.value)
            : userIdUpdateValueSchema.safeParse(change.value);
        if (!value.success) {
          result.notes.push(`unknown change shape: ${value.error.issues[0]?.message ?? ''}`);
          continue;
        }
        changes.push({ field: change.field, result, value: value.data, eventIndex } as Change);
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
  const identityChanges: IdentityChange[] = [];
  const receipts: Receipt[] = [];
  for (const change of changes) {
    const { result, value, eventIndex } = change;
    const businessId = businessOf.get(value.metadata.phone_number_id);
    if (!businessId) {
      result.notes.push(`unknown phone_number_id ${value.metadata.phone_number_id}`);
      continue;
    }
    if (!eventBusiness.has(eventIndex)) eventBusiness.set(eventIndex, businessId);
    if (change.field === 'user_id_update') {
      for (const item of change.value.user_id_update) {
        const nested = typeof item.user_id === 'object' ? item.user_id : undefined;
        const previous = item.previous_user_id ?? nested?.previous ?? null;
        const next = typeof item.user_id === 'string' ? item.user_id : (nested?.current ?? null);
        if (!previous || !next) {
          result.notes.push('user_id_update without previous and new user ids');
          continue;
        }
        identityChanges.push({
          result,
          businessId,
          previous: { waId: item.wa_id ?? null, userId: previous },
          next: { waId: null, userId: next },
        });
      }
      continue;
    }
    for (const message of change.value.messages ?? []) {
      // `system` messages say the customer's number or BSUID changed: not words of theirs.
      if (message.type === 'system' && message.system) {
        const { system } = message;
        if (system.type === 'user_changed_number' || system.type === 'user_changed_user_id') {
          identityChanges.push({
            result,
            businessId,
            previous: { waId: message.from ?? null, userId: system.previous_user_id ?? null },
            next: {
              waId: system.type === 'user_changed_number' ? (system.wa_id ?? null) : null,
              userId:
                system.user_id ??
                (system.type === 'user_changed_user_id' ? (message.from_user_id ?? null) : null),
            },
          });
          continue;
        }
      }
      const sender = senderOf(message, change.value.contacts);
      if (!sender.waId && !sender.userId) {
        result.notes.push(`message ${message.id} names no sender (no from, no from_user_id)`);
        continue;
      }
      inbound.push({ result, businessId, message, sender, at: toDate(message.timestamp) });
    }
    for (const receipt of change.value.statuses ?? []) {
      const recipient = recipientOf(receipt, change.value.contacts);
      receipts.push({ result, businessId, receipt, recipient });
    }
  }

  // Identity changes first, so this batch's messages find the customer as they are now.
  for (const item of identityChanges) await applyIdentityChange(tx, item);
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
  await learnRecipients(tx, receipts);
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

interface Receipt {
  result: IngestResult;
  businessId: string;
  receipt: StatusReceipt;
  recipient: CustomerIdentity;
}

/** One customer of a batch, as the prospect upserts write them. */
interface Customer {
  businessId: string;
  phone: string | null;
  waId: string | null;
  userId: string | null;
  name: string | null;
  username: string | null;
  at: Date;
}

/**
 * The batch's customers as prospects, found or created in a few set-based statements: those with
 * a phone by (business, E.164 phone) as always, those known only by their BSUID (a username
 * customer) by (business, BSUID). A phone and a BSUID seen together tie the two: the BSUID is
 * stored on the phone's prospect, and a prospect that had only the BSUID is merged with it (rare:
 * once per customer, when Meta first shares their phone). The name the team gave is kept; keys
 * are sorted so concurrent batches lock rows in the same order.
 */
async function upsertProspects(tx: Db, inbound: Inbound[]) {
  // Within the batch, a BSUID seen with a phone once is that phone everywhere.
  const phoneOfUser = new Map<string, { phone: string; waId: string }>();
  for (const { businessId, sender } of inbound) {
    const phone = sender.waId ? phoneOf(sender.waId) : null;
    if (phone && sender.waId && sender.userId) {
      phoneOfUser.set(`${businessId}|${sender.userId}`, { phone, waId: sender.waId });
    }
  }
  const byPhone = new Map<string, Customer>();
  const byUser = new Map<string, Customer>();
  const keyOf = new Map<Inbound, string>();
  for (const item of inbound) {
    const { businessId, sender } = item;
    let phone = sender.waId ? phoneOf(sender.waId) : null;
    let waId = phone ? sender.waId : null;
    if (!phone && sender.userId) {
      const tied = phoneOfUser.get(`${businessId}|${sender.userId}`);
      phone = tied?.phone ?? null;
      waId = tied?.waId ?? null;
    }
    const [map, key] = phone
      ? [byPhone, `${businessId}|${phone}`]
      : sender.userId
        ? [byUser, `${businessId}|${sender.userId}`]
        : [undefined, ''];
    if (!map) continue; // a wa_id that is not a phone number, and no BSUID: found by wa_id below
    keyOf.set(item, key);
    const seen = map.get(key);
    if (!seen) {
      map.set(key, {
        businessId,
        phone,
        waId,
        userId: sender.userId,
        name: sender.name,
        username: sender.username,
        at: item.at,
      });
    } else {
      seen.userId ??= sender.userId;
      seen.name ??= sender.name;
      if (item.at >= seen.at) {
        seen.username = sender.username ?? seen.username;
        seen.at = item.at;
      }
    }
  }
  const sorted = (map: Map<string, Customer>) =>
    [...map.entries()].sort(([a], [b]) => (a < b ? -1 : 1)).map(([, v]) => v);
  const phoned = sorted(byPhone);
  await tieUserIdsToPhones(tx, phoned);

  const ids = new Map<string, string>();
  if (phoned.length > 0) {
    const { rows } = await tx.execute<{ id: string; business_id: string; phone: string }>(sql`
      insert into ${prospects} (business_id, phone, wa_id, wa_user_id, username, name, last_contact_at)
      select * from unnest(${column(phoned, (v) => v.businessId)}::uuid[],
        ${column(phoned, (v) => v.phone)}::text[], ${column(phoned, (v) => v.waId)}::text[],
        ${column(phoned, (v) => v.userId)}::text[], ${column(phoned, (v) => v.username)}::text[],
        ${column(phoned, (v) => v.name)}::text[], ${column(phoned, (v) => v.at.toISOString())}::timestamptz[])
      on conflict (business_id, phone) do update
      set wa_id = excluded.wa_id,
          wa_user_id = coalesce(excluded.wa_user_id, ${prospects.waUserId}),
          username = coalesce(excluded.username, ${prospects.username}),
          name = coalesce(${prospects.name}, excluded.name),
          last_contact_at = greatest(${prospects.lastContactAt}, excluded.last_contact_at),
          updated_at = now()
      returning id, business_id, phone`);
    for (const row of rows) ids.set(`${row.business_id}|${row.phone}`, row.id);
  }
  // Username customers: by BSUID, which finds a phone's prospect that learned it too.
  const unphoned = sorted(byUser);
  if (unphoned.length > 0) {
    const { rows } = await tx.execute<{ id: string; business_id: string; wa_user_id: string }>(sql`
      insert into ${prospects} (business_id, wa_user_id, username, name, last_contact_at)
      select * from unnest(${column(unphoned, (v) => v.businessId)}::uuid[],
        ${column(unphoned, (v) => v.userId)}::text[], ${column(unphoned, (v) => v.username)}::text[],
        ${column(unphoned, (v) => v.name)}::text[], ${column(unphoned, (v) => v.at.toISOString())}::timestamptz[])
      on conflict (business_id, wa_user_id) do update
      set username = coalesce(excluded.username, ${prospects.username}),
          name = coalesce(${prospects.name}, excluded.name),
          last_contact_at = greatest(${prospects.lastContactAt}, excluded.last_contact_at),
          updated_at = now()
      returning id, business_id, wa_user_id`);
    for (const row of rows) ids.set(`${row.business_id}|${row.wa_user_id}`, row.id);
  }
  for (const item of inbound) {
    const key = keyOf.get(item);
    item.prospectId = key ? ids.get(key) : undefined;
    // A wa_id that is not a phone number (rare): found or created by wa_id.
    item.prospectId ??= await prospectByWaId(tx, item);
  }
}

/**
 * Before the phone upsert writes a BSUID on a phone's prospect, the prospects that already hold
 * those BSUIDs without that phone (one statement, empty in the steady state): a BSUID-only one
 * takes the phone, or is merged with the phone's prospect when there is one already. A BSUID held
 * with another phone stays where it is (Meta gives a new BSUID with a new number, so that phone
 * was typed by someone), and this batch's phone prospect goes without it.
 */
async function tieUserIdsToPhones(tx: Db, phoned: Customer[]) {
  const withUser = phoned.filter((v) => v.userId);
  if (withUser.length === 0) return;
  const { rows } = await tx.execute<{
    id: string;
    business_id: string;
    phone: string | null;
    wa_user_id: string;
  }>(sql`
    select p.id, p.business_id, p.phone, p.wa_user_id
    from unnest(${column(withUser, (v) => v.businessId)}::uuid[],
      ${column(withUser, (v) => v.userId)}::text[], ${column(withUser, (v) => v.phone)}::text[])
      as v(business_id, wa_user_id, phone)
    join ${prospects} p on p.business_id = v.business_id and p.wa_user_id = v.wa_user_id
    where p.phone is distinct from v.phone
    order by p.id
    for update of p`);
  for (const row of rows) {
    const customer = withUser.find(
      (v) => v.businessId === row.business_id && v.userId === row.wa_user_id,
    );
    if (!customer?.phone) continue;
    if (row.phone !== null) {
      customer.userId = null;
      continue;
    }
    const [phoneProspect] = await tx
      .select({ id: prospects.id })
      .from(prospects)
      .where(and(eq(prospects.businessId, row.business_id), eq(prospects.phone, customer.phone)));
    if (phoneProspect) await mergeProspects(tx, row.business_id, [phoneProspect.id, row.id]);
    else {
      await tx
        .update(prospects)
        .set({ phone: customer.phone, waId: customer.waId, updatedAt: new Date() })
        .where(eq(prospects.id, row.id));
    }
  }
}

async function prospectByWaId(tx: Db, item: Inbound): Promise<string | undefined> {
  const { businessId, sender, at } = item;
  if (!sender.waId) return undefined;
  const [existing] = await tx
    .select({ id: prospects.id })
    .from(prospects)
    .where(and(eq(prospects.businessId, businessId), eq(prospects.waId, sender.waId)));
  if (existing) return existing.id;
  const [created] = await tx
    .insert(prospects)
    .values({ businessId, waId: sender.waId, name: sender.name, lastContactAt: at })
    .returning({ id: prospects.id });
  if (!created) throw new Error('prospect insert returned nothing');
  return created.id;
}

/**
 * Makes several prospects of one business one, and returns the one kept: the oldest (the one
 * the team has known longest), which takes what it lacks from the others (phone, BSUID, username,
 * name, email...). Nothing is lost: their conversations, orders and emails move to it; of the
 * live conversations per channel the latest stays open and the others are closed, as history
 * (one live conversation per prospect and channel).
 */
export async function mergeProspects(tx: Db, businessId: string, ids: string[]): Promise<string> {
  const rows = await tx
    .select()
    .from(prospects)
    .where(and(eq(prospects.businessId, businessId), inArray(prospects.id, ids)))
    .orderBy(asc(prospects.createdAt), asc(prospects.id))
    .for('update');
  const [kept, ...gone] = rows;
  if (!kept) throw new Error('no prospect to merge');
  if (gone.length === 0) return kept.id;
  const goneIds = gone.map((row) => row.id);
  const live = await tx
    .select({
      id: conversations.id,
      channel: conversations.channel,
      lastMessageAt: conversations.lastMessageAt,
    })
    .from(conversations)
    .where(
      and(
        eq(conversations.businessId, businessId),
        inArray(conversations.prospectId, [kept.id, ...goneIds]),
        ne(conversations.status, 'closed'),
      ),
    );
  const latest = new Map<string, (typeof live)[number]>();
  for (const row of live) {
    const seen = latest.get(row.channel);
    if (!seen || (row.lastMessageAt?.getTime() ?? 0) > (seen.lastMessageAt?.getTime() ?? 0)) {
      latest.set(row.channel, row);
    }
  }
  const closing = live.filter((row) => latest.get(row.channel) !== row).map((row) => row.id);
  if (closing.length > 0) {
    await tx
      .update(conversations)
      .set({ status: 'closed', updatedAt: new Date() })
      .where(inArray(conversations.id, closing));
  }
  await tx
    .update(conversations)
    .set({ prospectId: kept.id })
    .where(inArray(conversations.prospectId, goneIds));
  await tx.update(orders).set({ prospectId: kept.id }).where(inArray(orders.prospectId, goneIds));
  await tx.update(emails).set({ prospectId: kept.id }).where(inArray(emails.prospectId, goneIds));
  // Deleted before their phone and BSUID go to the kept one (each is unique per business).
  await tx.delete(prospects).where(inArray(prospects.id, goneIds));
  const first = <T>(pick: (row: schema.Prospect) => T | null) =>
    [kept, ...gone].map(pick).find((value) => value !== null && value !== undefined) ?? null;
  const contacts = [kept, ...gone].map((row) => row.lastContactAt?.getTime() ?? 0);
  const notes = [kept, ...gone].map((row) => row.notes).filter((note) => note);
  await tx
    .update(prospects)
    .set({
      phone: first((row) => row.phone),
      waId: first((row) => row.waId),
      waUserId: first((row) => row.waUserId),
      username: first((row) => row.username),
      name: first((row) => row.name),
      email: first((row) => row.email),
      assignedUserId: first((row) => row.assignedUserId),
      notes: notes.length > 0 ? [...new Set(notes)].join('\n\n') : null,
      tags: [...new Set([kept, ...gone].flatMap((row) => row.tags))],
      lastContactAt: Math.max(...contacts) > 0 ? new Date(Math.max(...contacts)) : null,
      updatedAt: new Date(),
    })
    .where(eq(prospects.id, kept.id));
  await writeAudit(
    tx,
    { userId: null, label: 'whatsapp' },
    {
      businessId,
      action: 'prospect.merge',
      entityType: 'prospect',
      entityId: kept.id,
      changes: { merged: goneIds },
    },
  );
  return kept.id;
}

/**
 * A customer's number or BSUID changed (a `system` message, or `user_id_update`): the prospects
 * known by the previous or the new identifiers become one, which then carries the new ones. Rare,
 * so one change at a time.
 */
async function applyIdentityChange(tx: Db, change: IdentityChange) {
  const { businessId, previous, next } = change;
  const phones = [previous.waId, next.waId]
    .map((waId) => (waId ? phoneOf(waId) : null))
    .filter((phone): phone is string => phone !== null);
  const userIds = [previous.userId, next.userId].filter((id): id is string => id !== null);
  const matches: SQL[] = [];
  if (phones.length > 0) matches.push(inArray(prospects.phone, phones));
  if (userIds.length > 0) matches.push(inArray(prospects.waUserId, userIds));
  const found =
    matches.length === 0
      ? []
      : await tx
          .select({ id: prospects.id })
          .from(prospects)
          .where(and(eq(prospects.businessId, businessId), or(...matches)));
  if (found.length === 0) {
    change.result.notes.push('identity change for a customer we do not know');
    return;
  }
  const keptId = await mergeProspects(
    tx,
    businessId,
    found.map((row) => row.id),
  );
  const nextPhone = next.waId ? phoneOf(next.waId) : null;
  await tx
    .update(prospects)
    .set({
      ...(nextPhone ? { phone: nextPhone, waId: next.waId } : {}),
      ...(next.userId ? { waUserId: next.userId } : {}),
      updatedAt: new Date(),
    })
    .where(eq(prospects.id, keptId));
}

/**
 * Receipts name the recipient's BSUID (and username, on delivered/read): a prospect written to
 * by phone learns them, so a later message from the same customer without a phone finds it. One
 * statement for the batch; a BSUID another prospect holds is left where it is.
 */
async function learnRecipients(tx: Db, receipts: Receipt[]) {
  const known = receipts.filter((item) => item.recipient.userId);
  if (known.length === 0) return;
  await tx.execute(sql`
    update ${prospects} as p
    set wa_user_id = v.user_id, username = coalesce(v.username, p.username), updated_at = now()
    from unnest(${column(known, (item) => item.businessId)}::uuid[],
      ${column(known, (item) => item.receipt.id)}::text[],
      ${column(known, (item) => item.recipient.userId)}::text[],
      ${column(known, (item) => item.recipient.username)}::text[]) as v(business_id, wamid, user_id, username)
    join ${messages} m on m.business_id = v.business_id and m.external_id = v.wamid
    join ${conversations} c on c.id = m.conversation_id
    where p.id = c.prospect_id
      -- only what changes: most receipts repeat what the prospect already knows
      and (p.wa_user_id is null
        or (p.wa_user_id = v.user_id and p.username is distinct from coalesce(v.username, p.username)))
      and not exists (select 1 from ${prospects} o
        where o.business_id = v.business_id and o.wa_user_id = v.user_id and o.id <> p.id)`);
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
  const matched = await matchLostSend(tx, businessId, receipt, at, live);
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
  if (matched && updated.length === 0) return 1;
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

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * A receipt for a send whose answer we never stored (`unknown`, or `sending` when its process
 * died, or one we took for refused): Meta echoes our message id as `biz_opaque_callback_data`,
 * so the message gets its wamid and is known to be sent. True when it matched one.
 */
async function matchLostSend(
  tx: Db,
  businessId: string,
  receipt: StatusReceipt,
  at: Date,
  live: IngestResult['live'],
): Promise<boolean> {
  const ourId = receipt.biz_opaque_callback_data;
  if (!ourId || !UUID.test(ourId)) return false;
  const [row] = await tx
    .update(messages)
    .set({
      status: 'sent',
      externalId: receipt.id,
      sentAt: at,
      sendingSince: null,
      errorCode: null,
      errorTitle: null,
    })
    .where(
      and(
        eq(messages.businessId, businessId),
        eq(messages.id, ourId),
        eq(messages.direction, 'out'),
        // Meta has it, whatever we thought: a retry waiting (`queued`) or given up (`failed`).
        inArray(messages.status, ['queued', 'sending', 'unknown', 'failed']),
      ),
    )
    .returning({ id: messages.id, conversationId: messages.conversationId });
  if (!row) return false;
  live.push({
    businessId,
    event: {
      type: 'message.status',
      conversationId: row.conversationId,
      messageId: row.id,
      status: 'sent',
    },
  });
  return true;
}
