// Conversations as the inbox shows them: the list's row (with its prospect and last line) and the
// open conversation (with the whole prospect, the assignee and whether free text may be sent).
import type { schema } from '@flux/db';
import { sortLabels } from './label';

type ConversationRow = typeof schema.conversations.$inferSelect;
/**
 * The prospect fields a list row shows, named from the table rather than prospect.ts's view:
 * prospect.ts presents a prospect's conversations with this file, so importing it back would be
 * an import circle (the view copies these fields as they are).
 */
type ProspectSummary = Pick<
  typeof schema.prospects.$inferSelect,
  'id' | 'name' | 'phone' | 'username' | 'status'
>;

/** The list's preview line: the newest message's first 140 characters and its type. */
export type LastMessagePreview = { body: string | null; type: string } | null;

/** A conversation's labels (labels.ts presents the same fields). */
export type LabelSummary = { id: string; name: string; color: string };

export function presentConversation(row: ConversationRow) {
  return {
    id: row.id,
    prospectId: row.prospectId,
    channel: row.channel,
    status: row.status,
    unreadCount: row.unreadCount,
    lastMessageAt: row.lastMessageAt,
    /** WhatsApp allows free text until then (24 h after the customer's last message). */
    serviceWindowEndsAt: row.serviceWindowEndsAt,
    assignedUserId: row.assignedUserId,
    aiIntent: row.aiIntent,
    aiSentiment: row.aiSentiment,
    aiSummary: row.aiSummary,
    createdAt: row.createdAt,
    updatedAt: row.updatedAt,
  };
}
export type ConversationView = ReturnType<typeof presentConversation>;

/** A row of the inbox list: the few prospect fields the row shows. */
export function presentConversationListItem(
  row: ConversationRow,
  prospect: ProspectSummary,
  lastMessage: LastMessagePreview,
  labels: LabelSummary[] = [],
) {
  return {
    ...presentConversation(row),
    labels: sortLabels(labels).map(({ id, name, color }) => ({ id, name, color })),
    prospect: {
      id: prospect.id,
      name: prospect.name,
      phone: prospect.phone,
      username: prospect.username,
      status: prospect.status,
    },
    lastMessage,
  };
}

/** The open conversation, with its prospect as the caller presented it (presentProspect). */
export function presentConversationDetail<Prospect>(
  row: ConversationRow,
  parts: {
    prospect: Prospect;
    assignee: { id: string; name: string } | null;
    lastMessage: LastMessagePreview;
    labels?: LabelSummary[];
  },
  now = Date.now(),
) {
  return {
    ...presentConversation(row),
    labels: sortLabels(parts.labels ?? []).map(({ id, name, color }) => ({ id, name, color })),
    prospect: parts.prospect,
    assignee: parts.assignee,
    lastMessage: parts.lastMessage,
    windowOpen: (row.serviceWindowEndsAt?.getTime() ?? 0) > now,
  };
}
