// The team's internal notes on a conversation: written by anyone in the inbox, never sent to the
// customer, removed only by their author. Audited in the same transaction, then announced so the
// open threads show them.
import type { Db } from '@flux/db';
import {
  deleteConversationNote,
  insertConversationNote,
} from '@flux/db/queries/conversation-notes';
import { lockConversation } from '@flux/db/queries/conversations';
import { type Actor, writeAudit } from '../lib/audit';
import { notFound } from '../lib/errors';
import type { LiveBus } from '../lib/live';

export async function addConversationNote(
  db: Db,
  live: LiveBus,
  actor: Actor,
  params: { businessId: string; conversationId: string; body: string },
) {
  const { businessId, conversationId } = params;
  const note = await db.transaction(async (tx) => {
    const conversation = await lockConversation(tx, { businessId, conversationId });
    if (!conversation) throw notFound('Conversation');
    const row = await insertConversationNote(tx, {
      businessId,
      values: { conversationId, authorUserId: actor.userId, body: params.body },
    });
    await writeAudit(tx, actor, {
      businessId,
      action: 'conversation.note',
      entityType: 'conversation',
      entityId: conversationId,
      changes: { noteId: row.id },
    });
    return row;
  });
  await live.publish(businessId, { type: 'conversation.note', conversationId });
  return note;
}

export async function removeConversationNote(
  db: Db,
  live: LiveBus,
  actor: Actor & { userId: string },
  params: { businessId: string; noteId: string },
) {
  const note = await db.transaction(async (tx) => {
    // Only its author removes a note: someone else's words are not theirs to erase.
    const row = await deleteConversationNote(tx, {
      businessId: params.businessId,
      noteId: params.noteId,
      authorUserId: actor.userId,
    });
    if (!row) throw notFound('Note');
    await writeAudit(tx, actor, {
      businessId: params.businessId,
      action: 'conversation.note_remove',
      entityType: 'conversation',
      entityId: row.conversationId,
      changes: { noteId: row.id },
    });
    return row;
  });
  await live.publish(params.businessId, {
    type: 'conversation.note',
    conversationId: note.conversationId,
  });
  return note;
}
