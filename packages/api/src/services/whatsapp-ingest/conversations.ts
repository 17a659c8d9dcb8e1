// The batch's messages stored: each prospect's open conversation (created where there is none),
// one insert for every message (a wamid stored once), the conversations' counters, and the jobs
// a message triggers (its media's lookup, the AI's analysis).
import type { Db } from '@flux/db';
import { businessesWithWebPush } from '@flux/db/queries/web-push';
import {
  businessesWithAi,
  insertInboundMessages,
  insertWhatsappConversations,
  openWhatsappConversations,
  touchConversations as touchConversationRows,
} from '@flux/db/queries/whatsapp-ingest';
import { describeMessage } from '@flux/integrations';
import type { JobSender } from '../../jobs/sender';
import { notify } from '../notifications';
import { chunks } from './batch-sql';
import type { WithProspect } from './prospects';

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
      const rows = await openWhatsappConversations(tx, {
        businessIds: [...new Set(part.map(([, businessId]) => businessId))],
        prospectIds: part.map(([prospectId]) => prospectId),
      });
      for (const row of rows) if (row.prospectId) found.set(row.prospectId, row.id);
    }
  };
  await find([...wanted.entries()]);
  const missing = [...wanted.entries()]
    .filter(([prospectId]) => !found.has(prospectId))
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  if (missing.length > 0) {
    for (const part of chunks(missing)) {
      await insertWhatsappConversations(
        tx,
        part.map(([prospectId, businessId]) => ({ businessId, prospectId })),
      );
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
  const rows = await insertInboundMessages(
    tx,
    fresh.map((item) => {
      const described = describeMessage(item.message);
      return {
        businessId: item.businessId,
        conversationId: item.conversationId,
        externalId: item.message.id,
        type: described.type,
        body: described.body,
        media: described.media,
        raw: item.message,
        at: item.at,
      };
    }),
  );
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
  await touchConversationRows(
    tx,
    rows.map(([conversationId, v]) => ({ conversationId, count: v.count, at: v.at })),
  );
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
  const withAi = await businessesWithAi(tx, {
    businessIds: [...new Set(stored.map((item) => item.businessId))],
  });
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

/**
 * The team's browsers hear of new messages by Web Push: one push per conversation of the batch
 * (its latest message), and nothing at all looked up for businesses where no browser asked.
 */
export async function notifyNewMessages(tx: Db, stored: StoredMessage[], jobs: JobSender) {
  const withPush = await businessesWithWebPush(tx, {
    businessIds: [...new Set(stored.map((item) => item.businessId))],
  });
  if (withPush.size === 0) return;
  const latest = new Map<string, StoredMessage>();
  for (const item of stored) {
    if (!withPush.has(item.businessId)) continue;
    const seen = latest.get(item.conversationId);
    if (!seen || item.at >= seen.at) latest.set(item.conversationId, item);
  }
  for (const item of latest.values()) {
    await notify(tx, jobs, {
      type: 'message.received',
      businessId: item.businessId,
      conversationId: item.conversationId,
      messageId: item.messageId,
    });
  }
}
