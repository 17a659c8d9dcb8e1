// Messages' SQL beyond the inbox's list (conversations.ts): status receipts applied to our sends.
import { and, eq, inArray } from 'drizzle-orm';
import type { Db } from '../client';
import { type Message, messages } from '../schema';

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
