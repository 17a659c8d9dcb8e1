// Saved answers as the composer and the settings show them.
import type { schema } from '@flux/db';

export function presentQuickReply(row: typeof schema.quickReplies.$inferSelect) {
  return {
    id: row.id,
    title: row.title,
    shortcut: row.shortcut,
    body: row.body,
    updatedAt: row.updatedAt,
  };
}
export type QuickReplyView = ReturnType<typeof presentQuickReply>;
