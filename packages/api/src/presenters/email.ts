// Email threads and their messages as the inbox shows them: who, what, when, the AI's triage and
// draft, attachments listed (downloaded through signed links), a reply's sending state. Never
// the raw HTML here (its own procedure, for a sandboxed frame), never a token.
import { type Triage, triageSchema } from '@flux/contracts';
import type { EmailRow, EmailThreadRow } from '@flux/db/queries/emails';

/** A thread's id in the inbox: its mailbox and its key there. */
export const emailThreadId = (accountId: string, threadKey: string) => `${accountId}:${threadKey}`;

export function presentEmailThread(row: EmailThreadRow) {
  return {
    id: emailThreadId(row.accountId, row.threadKey),
    accountId: row.accountId,
    /** The thread within its mailbox (Gmail threadId, or the lone email id). */
    threadRef: row.threadKey,
    subject: row.subject,
    from: { address: row.fromAddress, name: row.fromName },
    snippet: row.snippet,
    direction: row.direction,
    lastAt: row.lastAt,
    count: row.count,
    /** Its inbound emails no member has opened yet (the list shows them as a WhatsApp chat's). */
    unreadCount: row.unreadCount,
    prospectId: row.prospectId,
    triage: row.aiCategory
      ? { category: row.aiCategory, priority: row.aiPriority, summary: row.aiSummary }
      : null,
  };
}

export function presentEmail(
  row: EmailRow,
  triage: Triage | null,
  /** A signed download link of the attachment; none: listed only. */
  attachmentUrl?: (index: number) => string,
) {
  return {
    id: row.id,
    direction: row.direction,
    from: { address: row.fromAddress, name: row.fromName },
    to: row.toAddresses,
    cc: row.ccAddresses,
    subject: row.subject,
    text: row.bodyText ?? row.snippet ?? '',
    /** It has an HTML part (email.html gives it). */
    formatted: !!row.bodyHtml,
    attachments: row.attachments.map((attachment, index) => ({
      index,
      filename: attachment.filename,
      contentType: attachment.contentType,
      size: attachment.size,
      inline: attachment.inline,
      url: attachmentUrl?.(index) ?? null,
    })),
    receivedAt: row.receivedAt,
    prospectId: row.prospectId,
    unread: row.unread,
    triage,
    send: row.sendStatus
      ? { status: row.sendStatus, error: row.sendError, byUserId: row.sentByUserId }
      : null,
  };
}

/** A stored triage read back through its contract (older ones take the defaults). */
export const parseTriage = (output: unknown): Triage | null => {
  const parsed = triageSchema.safeParse(output);
  return parsed.success ? parsed.data : null;
};
