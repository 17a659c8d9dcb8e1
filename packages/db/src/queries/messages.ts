// Messages' SQL beyond the inbox's list (conversations.ts): our replies queued, claimed and settled
// by the send job, status receipts applied to them, and a received media's reference kept. The
// send and media jobs name only a message (their payload is `{ messageId }`): the first read of
// each finds its business (`messageToSend`, `messageWithActiveAccount`), the writes then filter
// on it. The sweep of abandoned sends runs over every business.
import { and, eq, inArray, lt, sql } from 'drizzle-orm';
import type { Db } from '../client';
import { conversations, type Message, messages, prospects, whatsappAccounts } from '../schema';

type MessageChange = Partial<Omit<typeof messages.$inferInsert, 'id' | 'businessId'>>;

/**
 * Our message with this wamid, changed while its status is one of `from` (a status only moves
 * forward: the caller says which it may move from). What moved.
 */
export function moveOutboundStatus(
  db: Db,
  params: {
    businessId: string;
    externalId: string;
    from: Message['status'][];
    set: MessageChange;
  },
) {
  return db
    .update(messages)
    .set(params.set)
    .where(
      and(
        eq(messages.businessId, params.businessId),
        eq(messages.externalId, params.externalId),
        eq(messages.direction, 'out'),
        inArray(messages.status, params.from),
      ),
    )
    .returning({ id: messages.id, conversationId: messages.conversationId });
}

/**
 * Our message, known by our id, given its wamid and marked sent, unless it was already settled
 * otherwise (`sent`, `delivered`, `read`). Undefined when nothing matched.
 */
export async function settleLostSend(
  db: Db,
  params: { businessId: string; messageId: string; externalId: string; at: Date },
) {
  const [row] = await db
    .update(messages)
    .set({
      status: 'sent',
      externalId: params.externalId,
      sentAt: params.at,
      sendingSince: null,
      errorCode: null,
      errorTitle: null,
    })
    .where(
      and(
        eq(messages.businessId, params.businessId),
        eq(messages.id, params.messageId),
        eq(messages.direction, 'out'),
        // Meta has it, whatever we thought: a retry waiting (`queued`) or given up (`failed`).
        inArray(messages.status, ['queued', 'sending', 'unknown', 'failed']),
      ),
    )
    .returning({ id: messages.id, conversationId: messages.conversationId });
  return row;
}

export async function messageByClientId(
  db: Db,
  params: { businessId: string; clientMessageId: string },
): Promise<Message | undefined> {
  const [row] = await db
    .select()
    .from(messages)
    .where(
      and(
        eq(messages.businessId, params.businessId),
        eq(messages.clientMessageId, params.clientMessageId),
      ),
    );
  return row;
}

/** A reply of ours; undefined when its clientMessageId was taken meanwhile (a double click). */
export async function insertOutboundMessage(
  db: Db,
  params: {
    businessId: string;
    values: Omit<typeof messages.$inferInsert, 'businessId' | 'direction'>;
  },
): Promise<Message | undefined> {
  const [row] = await db
    .insert(messages)
    .values({ ...params.values, businessId: params.businessId, direction: 'out' })
    .onConflictDoNothing()
    .returning();
  return row;
}

/**
 * The send job's message with its recipient's identifiers and its business's active WhatsApp
 * number; undefined when the business has no active number (or the message is gone).
 */
export async function messageToSend(db: Db, params: { messageId: string }) {
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
    .where(and(eq(messages.id, params.messageId), eq(whatsappAccounts.active, true)));
  return row;
}

/** A message with its business's active WhatsApp number (the media job's read). */
export async function messageWithActiveAccount(db: Db, params: { messageId: string }) {
  const [row] = await db
    .select({ message: messages, account: whatsappAccounts })
    .from(messages)
    .innerJoin(whatsappAccounts, eq(whatsappAccounts.businessId, messages.businessId))
    .where(and(eq(messages.id, params.messageId), eq(whatsappAccounts.active, true)));
  return row;
}

/**
 * Changes a message, only while its status is `whileStatus` when given (a send's claim is
 * settled only by that send). What changed: its id, undefined when nothing matched.
 */
export async function updateMessage(
  db: Db,
  params: {
    businessId: string;
    messageId: string;
    whileStatus?: Message['status'];
    set: MessageChange;
  },
): Promise<string | undefined> {
  const [row] = await db
    .update(messages)
    .set(params.set)
    .where(
      and(
        eq(messages.businessId, params.businessId),
        eq(messages.id, params.messageId),
        params.whileStatus ? eq(messages.status, params.whileStatus) : undefined,
      ),
    )
    .returning({ id: messages.id });
  return row?.id;
}

/**
 * A queued message claimed for sending (`queued → sending`, its attempts counted, the claim's
 * time the database's). The attempts so far with this one; undefined when another send has it.
 */
export async function claimQueuedMessage(
  db: Db,
  params: { businessId: string; messageId: string },
): Promise<number | undefined> {
  const [row] = await db
    .update(messages)
    .set({
      status: 'sending',
      sendingSince: sql`now()`,
      sendAttempts: sql`${messages.sendAttempts} + 1`,
    })
    .where(
      and(
        eq(messages.businessId, params.businessId),
        eq(messages.id, params.messageId),
        eq(messages.status, 'queued'),
      ),
    )
    .returning({ attempts: messages.sendAttempts });
  return row?.attempts;
}

/**
 * Sends claimed (`sending`) more than `staleSeconds` ago, of every business (or only the given
 * messages), become `unknown` with this error. The database's clock, which set sending_since, is
 * the judge: no skew with the caller's. What it settled.
 */
export function settleStaleSends(
  db: Db,
  params: { staleSeconds: number; messageIds?: string[] | undefined; errorTitle: string },
): Promise<{ id: string; businessId: string; conversationId: string }[]> {
  return db
    .update(messages)
    .set({
      status: 'unknown',
      sendingSince: null,
      errorCode: 'no_answer',
      errorTitle: params.errorTitle,
    })
    .where(
      and(
        eq(messages.status, 'sending'),
        lt(messages.sendingSince, sql`now() - make_interval(secs => ${params.staleSeconds})`),
        params.messageIds ? inArray(messages.id, params.messageIds) : undefined,
      ),
    )
    .returning({
      id: messages.id,
      businessId: messages.businessId,
      conversationId: messages.conversationId,
    });
}
