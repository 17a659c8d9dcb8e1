// The team's internal notes on a conversation (never sent to the customer), with their author.
import { and, asc, desc, eq } from 'drizzle-orm';
import type { Db } from '../client';
import { type ConversationNote, conversationNotes, conversations, users } from '../schema';

/** A conversation's notes, oldest first, with their author's name. */
export function notesOfConversation(
  db: Db,
  params: { businessId: string; conversationId: string; limit: number },
) {
  return db
    .select({ note: conversationNotes, author: { id: users.id, name: users.name } })
    .from(conversationNotes)
    .leftJoin(users, eq(users.id, conversationNotes.authorUserId))
    .where(
      and(
        eq(conversationNotes.businessId, params.businessId),
        eq(conversationNotes.conversationId, params.conversationId),
      ),
    )
    .orderBy(asc(conversationNotes.createdAt), asc(conversationNotes.id))
    .limit(params.limit);
}

/** The notes on all of a prospect's conversations, newest first (the customer page). */
export function notesOfProspect(
  db: Db,
  params: { businessId: string; prospectId: string; limit: number },
) {
  return db
    .select({ note: conversationNotes, author: { id: users.id, name: users.name } })
    .from(conversationNotes)
    .innerJoin(
      conversations,
      and(
        eq(conversations.id, conversationNotes.conversationId),
        eq(conversations.businessId, conversationNotes.businessId),
      ),
    )
    .leftJoin(users, eq(users.id, conversationNotes.authorUserId))
    .where(
      and(
        eq(conversationNotes.businessId, params.businessId),
        eq(conversations.prospectId, params.prospectId),
      ),
    )
    .orderBy(desc(conversationNotes.createdAt), desc(conversationNotes.id))
    .limit(params.limit);
}

export async function insertConversationNote(
  db: Db,
  params: {
    businessId: string;
    values: { conversationId: string; authorUserId: string | null; body: string };
  },
): Promise<ConversationNote> {
  const [row] = await db
    .insert(conversationNotes)
    .values({ ...params.values, businessId: params.businessId })
    .returning();
  if (!row) throw new Error('note insert returned nothing');
  return row;
}

/** A note removed by its author (or anyone, when `authorUserId` is not given). */
export async function deleteConversationNote(
  db: Db,
  params: { businessId: string; noteId: string; authorUserId?: string | undefined },
): Promise<ConversationNote | undefined> {
  const [row] = await db
    .delete(conversationNotes)
    .where(
      and(
        eq(conversationNotes.businessId, params.businessId),
        eq(conversationNotes.id, params.noteId),
        params.authorUserId ? eq(conversationNotes.authorUserId, params.authorUserId) : undefined,
      ),
    )
    .returning();
  return row;
}
