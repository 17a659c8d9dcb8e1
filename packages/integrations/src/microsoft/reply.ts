// A reply (or reply-all) in an Outlook conversation through Graph, sent at most once per
// client-generated key. Graph has no idempotency key on sends, so the guard is the draft:
// `createReply` makes a draft in the conversation (Graph sets the recipients, the subject and the
// In-Reply-To/References headers) carrying the key as an `X-Flux-Idempotency-Key` header; its id
// is handed to `onDraft` (the caller stores it) before `send`. A retry with that draft id sends
// the draft if it is still one, and learns it was sent if Graph no longer has it as a draft (a
// sent draft moves to Sent Items under a new id): never a second message. A crash before the
// draft id is stored leaves at worst an unsent draft, never a second send.
import { ProviderError } from '../http';
import type { GraphClient } from './graph';
import type { GraphMessage } from './schemas';

export const IDEMPOTENCY_HEADER = 'X-Flux-Idempotency-Key';

export interface OutlookReplyInput {
  /** The Graph id of the message replied to (emails.provider_message_id). */
  messageId: string;
  /** Reply to the sender and every other recipient. */
  replyAll?: boolean;
  /** The reply's text (sent as text); `html` instead when the caller has formatted it. */
  text: string;
  html?: string;
  /** Client-generated and the same on every retry of this reply (a double click: one key). */
  idempotencyKey: string;
  /** The draft an earlier attempt with this key created (what `onDraft` stored); none at first. */
  draftId?: string | null;
  /**
   * Called with the draft's id before it is sent (and the draft: its internetMessageId is the one
   * the sent copy keeps): store it with the key, then return.
   */
  onDraft?: (draftId: string, draft: GraphMessage) => Promise<void>;
}

export type OutlookReplyResult =
  /** Sent now. */
  | { status: 'sent'; draftId: string; conversationId: string | null }
  /** An earlier attempt with this key sent it: nothing sent now. */
  | { status: 'already-sent'; draftId: string };

const notFound = (error: unknown) => error instanceof ProviderError && error.status === 404;

export async function sendOutlookReply(
  graph: GraphClient,
  input: OutlookReplyInput,
): Promise<OutlookReplyResult> {
  if (input.draftId) {
    const draft = await graph.message(input.draftId).catch((error: unknown) => {
      if (notFound(error)) return null;
      throw error;
    });
    if (!draft?.isDraft) return { status: 'already-sent', draftId: input.draftId };
    await graph.sendDraft(draft.id);
    return { status: 'sent', draftId: draft.id, conversationId: draft.conversationId ?? null };
  }
  const draft = await graph.createReply(input.messageId, {
    all: input.replyAll ?? false,
    body: input.html
      ? { contentType: 'html', content: input.html }
      : { contentType: 'text', content: input.text },
    headers: [{ name: IDEMPOTENCY_HEADER, value: input.idempotencyKey }],
  });
  await input.onDraft?.(draft.id, draft);
  await graph.sendDraft(draft.id);
  return { status: 'sent', draftId: draft.id, conversationId: draft.conversationId ?? null };
}
