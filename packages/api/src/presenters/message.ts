// Messages as the inbox shows them. Never Meta's raw payload (the customer's whole webhook, kept
// for replays), nor the send claim's bookkeeping (`sendingSince`, `sendAttempts`): the thread
// needs the status, and the error's words when Meta refused.
import type { schema } from '@flux/db';

type MessageRow = typeof schema.messages.$inferSelect;

export function presentMessage(row: MessageRow) {
  return {
    id: row.id,
    conversationId: row.conversationId,
    direction: row.direction,
    type: row.type,
    body: row.body,
    /** The attachment's details (type, caption, file name, a location's point, a template's name). */
    media: row.media,
    status: row.status,
    errorCode: row.errorCode,
    errorTitle: row.errorTitle,
    authorType: row.authorType,
    authorUserId: row.authorUserId,
    sentAt: row.sentAt,
    deliveredAt: row.deliveredAt,
    readAt: row.readAt,
    createdAt: row.createdAt,
  };
}
export type MessageView = ReturnType<typeof presentMessage>;

/**
 * The answer to the one who sent it: with their own idempotency key, so a composer that retried
 * can tell its message from another. The thread does not carry it (nobody else needs it).
 */
export function presentSentMessage(row: MessageRow) {
  return { ...presentMessage(row), clientMessageId: row.clientMessageId };
}
