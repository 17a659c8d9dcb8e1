// Replies from the inbox: reply or reply-all to one email, in its thread, through the mailbox's
// provider. Idempotent under a double click: the reply is claimed as an outbound row under the
// client's key before the provider is called, so the same key finds the row and sends nothing.
// A call that may have reached the provider without an answer (timeout, cut connection, 5xx)
// leaves the row `unknown`, never resent blindly: neither Gmail's messages.send nor Graph's send
// has an idempotency key, so the sent copy the next sync reads (same Message-ID) settles it, or a
// person does. Outlook replies through a Graph draft (sendOutlookReply): the draft's id and its
// Message-ID are stored on the claimed row before the send, so the copy in Sent Items (a new
// Graph id) is recognised as this reply, never stored twice.
import { randomUUID } from 'node:crypto';
import type { EmailProvider } from '@flux/contracts';
import { type EmailAccountRow, emailAccountById } from '@flux/db/queries/email-accounts';
import { claimEmailSend, markEmailSend, settleEmailSend } from '@flux/db/queries/email-sends';
import { DRAFT_ID_PREFIX, type EmailRow, emailById, updateEmail } from '@flux/db/queries/emails';
import {
  composeEmail,
  isUnauthorized,
  type OutgoingEmail,
  ProviderError,
  sendOutlookReply,
} from '@flux/integrations';
import type { AppServices } from '../../context';
import { type Actor, writeAudit } from '../../lib/audit';
import { AppError, notFound, refuse } from '../../lib/errors';
import { gmailFor } from './google';
import { graphFor } from './microsoft';
import { accessTokenFor } from './tokens';

type ReplyServices = Pick<AppServices, 'db' | 'log' | 'email' | 'jobs' | 'live'>;

/** What a provider answers for a sent message: its id and thread in the mailbox. */
export interface SentEmail {
  providerMessageId: string;
  threadId: string;
}

/** What a provider replying from its own draft needs besides the message (Outlook). */
export interface ReplyContext {
  /** The provider's id of the email replied to. */
  originalProviderMessageId: string;
  replyAll: boolean;
  /** The client's key of this reply (carried by the draft). */
  sendKey: string;
  /** Stores the provider's draft (its id, its Message-ID) on the claimed row, before the send. */
  onDraft: (draft: { id: string; messageIdHeader: string | null }) => Promise<void>;
}

/**
 * One provider's way to send a reply in a thread. Throws ProviderError: `mayHaveArrived` (or a
 * 5xx) when the message may have left.
 */
export type MailSendFunction = (
  services: ReplyServices,
  account: EmailAccountRow,
  message: OutgoingEmail & { threadId: string | null },
  reply: ReplyContext,
) => Promise<SentEmail>;

/** The call once, then once more with a refreshed access token if the provider answered 401. */
async function withRefreshOn401<T>(
  services: ReplyServices,
  account: EmailAccountRow,
  call: (accessToken: string) => Promise<T>,
): Promise<T> {
  const attempt = async (force: boolean) =>
    call(await accessTokenFor(services, account, { force }));
  return attempt(false).catch((error: unknown) => {
    if (isUnauthorized(error)) return attempt(true);
    throw error;
  });
}

/** Gmail: users.messages.send with the raw RFC 822 (base64url) in the thread; one refresh on 401. */
const sendWithGmail: MailSendFunction = async (services, account, message) => {
  const raw = (await composeEmail(message)).toString('base64url');
  const sent = await withRefreshOn401(services, account, (token) =>
    gmailFor(services, token).send({
      raw,
      ...(message.threadId ? { threadId: message.threadId } : {}),
    }),
  );
  return { providerMessageId: sent.id, threadId: sent.threadId };
};

/**
 * Outlook: Graph's createReply(All) on the original (Graph sets the recipients and the threading
 * headers), the draft stored on the row, then send; one refresh on 401, which sends the same
 * draft (never a second one). The row keeps `draft:<id>` until the sync reads the sent copy.
 */
const sendWithOutlook: MailSendFunction = async (services, account, message, reply) => {
  let draftId: string | null = null;
  const sent = await withRefreshOn401(services, account, (token) =>
    sendOutlookReply(graphFor(services, token), {
      messageId: reply.originalProviderMessageId,
      replyAll: reply.replyAll,
      text: message.text,
      idempotencyKey: reply.sendKey,
      draftId,
      onDraft: async (id, draft) => {
        await reply.onDraft({ id, messageIdHeader: draft.internetMessageId ?? null });
        draftId = id;
      },
    }),
  );
  const conversationId = sent.status === 'sent' ? sent.conversationId : null;
  return {
    providerMessageId: `${DRAFT_ID_PREFIX}${sent.draftId}`,
    threadId: conversationId ?? message.threadId ?? reply.originalProviderMessageId,
  };
};

/** The send function of each provider. */
export const mailSenders: Record<EmailProvider, MailSendFunction> = {
  gmail: sendWithGmail,
  outlook: sendWithOutlook,
};

/** The lease of a claim: longer than the send can take (the provider call's timeout and a refresh). */
export const SEND_LEASE_MS = 2 * 60_000;

const bare = (address: string) => (address.match(/<([^>]+)>/)?.[1] ?? address).trim().toLowerCase();

/** Who a reply goes to: the sender (or, replying to our own message, its recipients); all: everyone else too. */
export function replyRecipients(
  email: Pick<EmailRow, 'direction' | 'fromAddress' | 'toAddresses' | 'ccAddresses'>,
  own: string,
  all: boolean,
): { to: string[]; cc: string[] } {
  const me = bare(own);
  const unique = (list: string[], not: Set<string>) => {
    const seen = new Set(not);
    const out: string[] = [];
    for (const address of list.map(bare)) {
      if (!address || seen.has(address)) continue;
      seen.add(address);
      out.push(address);
    }
    return out;
  };
  const primary = email.direction === 'outbound' ? email.toAddresses : [email.fromAddress];
  const to = unique(primary, new Set([me]));
  if (!all) return { to: to.length > 0 ? to : unique(email.toAddresses, new Set()), cc: [] };
  const others = email.direction === 'outbound' ? [] : email.toAddresses;
  const cc = unique([...others, ...email.ccAddresses], new Set([me, ...to]));
  return { to, cc };
}

export const replySubject = (subject: string | null) => {
  const text = (subject ?? '').trim();
  return /^(re|r|tr|aw)\s*:/i.test(text) ? text : `Re: ${text}`.trim();
};

export async function replyToEmail(
  services: ReplyServices,
  params: {
    businessId: string;
    userId: string;
    actor: Actor;
    emailId: string;
    replyAll: boolean;
    text: string;
    sendKey: string;
  },
): Promise<EmailRow> {
  const { db } = services;
  const original = await emailById(db, { businessId: params.businessId, emailId: params.emailId });
  const account = original
    ? await emailAccountById(db, {
        businessId: params.businessId,
        accountId: original.emailAccountId,
      })
    : undefined;
  if (!original || !account || (!account.shared && account.userId !== params.userId)) {
    throw notFound('Email');
  }
  const send = mailSenders[account.provider];
  if (account.status !== 'active') {
    throw refuse('email.reconnect_required', 'The mailbox must be connected again before sending.');
  }
  const { to, cc } = replyRecipients(original, account.address, params.replyAll);
  if (to.length === 0) {
    throw refuse('email.no_sender', 'Nobody to reply to.', undefined, {
      issues: [{ path: ['emailId'], message: 'Cet email n’a pas d’expéditeur à qui répondre.' }],
    });
  }
  const domain = account.address.split('@')[1] ?? 'flux.local';
  const references = [original.inReplyTo, original.messageIdHeader].filter(
    (id): id is string => !!id,
  );
  const message = {
    from: { address: account.address },
    to,
    cc,
    subject: replySubject(original.subject),
    text: params.text,
    messageId: `<${randomUUID()}@${domain}>`,
    inReplyTo: original.messageIdHeader,
    references,
    threadId: original.threadId,
  };
  const claim = await db.transaction(async (tx) => {
    const claimed = await claimEmailSend(tx, {
      businessId: params.businessId,
      emailAccountId: account.id,
      providerMessageId: `pending:${params.sendKey}`,
      threadId: original.threadId ?? original.providerMessageId,
      direction: 'outbound',
      fromAddress: account.address,
      toAddresses: to,
      ccAddresses: cc,
      subject: message.subject,
      snippet: params.text.slice(0, 200),
      bodyText: params.text,
      messageIdHeader: message.messageId,
      inReplyTo: original.messageIdHeader,
      receivedAt: new Date(),
      prospectId: original.prospectId,
      sendKey: params.sendKey,
      sentByUserId: params.userId,
    });
    if (claimed.claimed) {
      await writeAudit(tx, params.actor, {
        businessId: params.businessId,
        action: params.replyAll ? 'email.reply_all' : 'email.reply',
        entityType: 'email',
        entityId: claimed.row.id,
        changes: { inReplyTo: original.id, to, cc },
      });
    }
    return claimed;
  });
  if (!claim.claimed) {
    // The same reply again: nothing is sent. A claim left by a dead process is `unknown` now.
    const stale =
      claim.row.sendStatus === 'sending' &&
      Date.now() - (claim.row.sendClaimedAt?.getTime() ?? 0) > SEND_LEASE_MS;
    if (!stale) return claim.row;
    return (
      (await markEmailSend(db, {
        businessId: params.businessId,
        emailId: claim.row.id,
        status: 'unknown',
        error: 'interrupted before the provider answered',
      })) ?? claim.row
    );
  }
  let outcome: EmailRow | undefined;
  try {
    const sent = await send(services, account, message, {
      originalProviderMessageId: original.providerMessageId,
      replyAll: params.replyAll,
      sendKey: params.sendKey,
      onDraft: (draft) =>
        updateEmail(db, {
          businessId: params.businessId,
          emailId: claim.row.id,
          set: {
            providerMessageId: `${DRAFT_ID_PREFIX}${draft.id}`,
            ...(draft.messageIdHeader ? { messageIdHeader: draft.messageIdHeader } : {}),
          },
        }),
    });
    outcome = await settleEmailSend(db, {
      businessId: params.businessId,
      emailId: claim.row.id,
      accountId: account.id,
      ...sent,
    });
  } catch (error) {
    // Refused (4xx), or stopped before the call (a grant to renew): it did not leave.
    const mayHaveLeft =
      error instanceof ProviderError
        ? error.mayHaveArrived || error.status >= 500
        : !(error instanceof AppError);
    services.log.warn(
      { err: error, emailId: claim.row.id, mayHaveLeft },
      'email reply not confirmed',
    );
    outcome = await markEmailSend(db, {
      businessId: params.businessId,
      emailId: claim.row.id,
      status: mayHaveLeft ? 'unknown' : 'failed',
      error: error instanceof Error ? error.message : String(error),
    });
  }
  await services.live
    .publish(params.businessId, { type: 'email.thread', accountId: account.id })
    .catch((error: unknown) => services.log.warn({ err: error }, 'email live event lost'));
  return outcome ?? claim.row;
}
