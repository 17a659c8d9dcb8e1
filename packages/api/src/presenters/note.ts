// The team's internal notes as the thread and the customer page show them: the words, who wrote
// them and when.
import type { schema } from '@flux/db';

export function presentNote(
  row: typeof schema.conversationNotes.$inferSelect,
  author: { id: string | null; name: string | null } | null,
) {
  return {
    id: row.id,
    conversationId: row.conversationId,
    body: row.body,
    author: author?.id ? { id: author.id, name: author.name ?? '' } : null,
    createdAt: row.createdAt,
  };
}
export type NoteView = ReturnType<typeof presentNote>;
