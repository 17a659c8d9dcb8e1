// The batch's messages stored: each prospect's open conversation (created where there is none),
// one insert for every message (a wamid stored once), the conversations' counters, and the jobs
// a message triggers (its media's lookup, the AI's analysis).
import { type Db, schema } from '@flux/db';
import { describeMessage } from '@flux/integrations';
import { and, eq, inArray, ne, sql } from 'drizzle-orm';
import type { JobSender } from '../../jobs/sender';
import { chunks, column } from './batch-sql';
import type { WithProspect } from './prospects';

const { businesses, conversations, messages } = schema;

/** A message whose conversation is known. */
export interface Addressed extends WithProspect {
  conversationId: string;
}

/** A message stored by this batch (not one Meta sent again). */
export interface StoredMessage extends Addressed {
  messageId: string;
}

/** Each prospect's open WhatsApp conversation, created where there is none (race-safe). */
export async function openConversations(tx: Db, inbound: WithProspect[]): Promise<Addressed[]> {
  const wanted = new Map<string, string>(); // prospectId → businessId
  for (const item of inbound) wanted.set(item.prospectId, item.businessId);
  if (wanted.size === 0) return [];
  const found = new Map<string, string>();
  const find = async (prospects: [prospectId: string, businessId: string][]) => {
    for (const part of chunks(prospects)) {
      const rows = await tx
        .select({ id: conversations.id, prospectId: conversations.prospectId })
        .from(conversations)
        .where(
          and(
            inArray(conversations.businessId, [
              ...new Set(part.map(([, businessId]) => businessId)),
            ]),
            inArray(
              conversations.prospectId,
              part.map(([prospectId]) => prospectId),
            ),
            eq(conversations.channel, 'whatsapp'),
            ne(conversations.status, 'closed'),
          ),
        );
      for (const row of rows) if (row.prospectId) found.set(row.prospectId, row.id);
    }
  };
  await find([...wanted.entries()]);
  const missing = [...wanted.entries()]
    .filter(([prospectId]) => !found.has(prospectId))
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  if (missing.length > 0) {
    for (const part of chunks(missing)) {
      await tx
        .insert(conversations)
        .values(
          part.map(([prospectId, businessId]) => ({
            businessId,
            prospectId,
            channel: 'whatsapp' as const,
          })),
        )
        .onConflictDoNothing();
    }
    await find(missing);
  }
  return inbound.map((item) => {
    const conversationId = found.get(item.prospectId);
    if (!conversationId) throw new Error('conversation not found after insert');
    return { ...item, conversationId };
  });
}

/** One insert for every message of the batch; a wamid already stored is skipped (Meta re-sends). */
export async function insertMessages(
  tx: Db,
  inbound: Addressed[],
  jobs?: JobSender,
): Promise<StoredMessage[]> {
  const unique = new Map<string, Addressed>();
  for (const item of inbound) if (!unique.has(item.message.id)) unique.set(item.message.id, item);
  const stored: StoredMessage[] = [];
  const fresh = [...unique.values()];
  if (fresh.length === 0) return stored;
  const described = fresh.map((item) => describeMessage(item.message));
  const { rows } = await tx.execute<{ id: string; external_id: string }>(sql`
    insert into ${messages} (business_id, conversation_id, external_id, type, body, media, raw,
      created_at, direction, status, author_type)
    select *, 'in'::message_direction, 'received'::message_status, 'customer'::author_type
    from unnest(${column(fresh, (item) => item.businessId)}::uuid[],
      ${column(fresh, (item) => item.conversationId)}::uuid[],
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
  // Media: where to fetch it is asked of Meta by a job committed with the message.
  if (jobs) {
    for (const item of stored) {
      if (describeMessage(item.message).media?.mediaId) {
        await jobs.send('whatsapp.media', { messageId: item.messageId }, { db: tx });
      }
    }
  }
  return stored;
}

/**
 * Unread counts, last activity and the 24-hour customer-service window (from the customer's last
 * message), for every conversation that received messages, in one statement.
 */
export async function touchConversations(tx: Db, stored: StoredMessage[]) {
  const byConversation = new Map<string, { count: number; at: Date }>();
  for (const item of stored) {
    const seen = byConversation.get(item.conversationId);
    if (!seen) byConversation.set(item.conversationId, { count: 1, at: item.at });
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

/**
 * The AI reads each conversation that heard from its customer (one waiting analysis each), in the
 * businesses that have it on, `delaySeconds` later so a burst of messages gets one analysis.
 */
export async function requestAnalyses(
  tx: Db,
  stored: StoredMessage[],
  jobs: JobSender,
  delaySeconds: number,
) {
  if (stored.length === 0) return;
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
      .map((item) => [item.conversationId, item.businessId]),
  );
  await jobs.sendMany(
    'ai.analyze-conversation',
    [...byConversation].map(([conversationId, businessId]) => ({
      payload: { businessId, conversationId },
      singletonKey: conversationId,
      startAfterSeconds: delaySeconds,
    })),
    { db: tx },
  );
}
