// The inbox's email side: a thread as the member reads it (mailbox visibility checked, the
// triage and its order lines with product names), a thread marked read once opened, and a sender
// made a prospect in one click.
import { emailAccountById } from '@flux/db/queries/email-accounts';
import {
  emailById,
  emailThread,
  linkSenderEmails,
  markThreadEmailsRead,
  triagesOfEmails,
} from '@flux/db/queries/emails';
import { productsByIds } from '@flux/db/queries/products';
import { prospectIdByEmail } from '@flux/db/queries/prospects';
import type { AppServices } from '../../context';
import { type Actor, writeAudit } from '../../lib/audit';
import { notFound } from '../../lib/errors';
import { phonesInSignature } from '../../lib/phone';
import { emailThreadId, parseTriage, presentEmail } from '../../presenters/email';
import { createProspect, findProspectByPhone } from '../prospects';
import { attachmentPath } from './attachments';

export async function readEmailThread(
  services: Pick<AppServices, 'db' | 'config'>,
  params: { businessId: string; userId: string; accountId: string; threadKey: string },
) {
  const { db } = services;
  const account = await emailAccountById(db, params);
  const rows = await emailThread(db, params);
  if (!account || rows.length === 0) throw notFound('Email thread');
  const triages = new Map(
    (
      await triagesOfEmails(db, { businessId: params.businessId, emailIds: rows.map((r) => r.id) })
    ).map((insight) => [insight.emailId, parseTriage(insight.output)]),
  );
  const emails = rows.map((row) =>
    presentEmail(row, triages.get(row.id) ?? null, (index) =>
      attachmentPath(services.config.deliveryCodeKey, {
        businessId: params.businessId,
        emailId: row.id,
        index,
      }),
    ),
  );
  const latest = emails.findLast((email) => email.direction === 'inbound' && email.triage);
  const lineIds = latest?.triage?.orderLines.map((line) => line.productId) ?? [];
  const products =
    lineIds.length > 0
      ? await productsByIds(db, { businessId: params.businessId, productIds: lineIds })
      : [];
  const names = new Map(products.map((p) => [p.id, p.name]));
  return {
    account: {
      id: account.id,
      address: account.address,
      provider: account.provider,
      status: account.status,
    },
    emails,
    /** The latest inbound email's triage: what the panel shows and the draft the reply starts from. */
    triage: latest?.triage
      ? {
          emailId: latest.id,
          ...latest.triage,
          orderLines: latest.triage.orderLines.map((line) => ({
            ...line,
            name: names.get(line.productId) ?? null,
          })),
        }
      : null,
    prospectId: rows.findLast((row) => row.prospectId)?.prospectId ?? null,
    /** Inbound emails no member has opened yet: the inbox reads the thread (markThreadRead). */
    unreadCount: rows.filter((row) => row.unread).length,
  };
}

/**
 * The thread opened in the inbox: its unread emails read, for the whole team (as a WhatsApp
 * conversation's unread count), audited in the same transaction, and the business's open
 * dashboards told once it is committed.
 */
export async function markEmailThreadRead(
  services: Pick<AppServices, 'db' | 'live' | 'log'>,
  params: {
    businessId: string;
    userId: string;
    accountId: string;
    threadKey: string;
    actor: Actor;
  },
) {
  const account = await emailAccountById(services.db, params);
  if (!account || (!account.shared && account.userId !== params.userId)) {
    throw notFound('Email thread');
  }
  const read = await services.db.transaction(async (tx) => {
    const count = await markThreadEmailsRead(tx, params);
    await writeAudit(tx, params.actor, {
      businessId: params.businessId,
      action: 'email_thread.read',
      entityType: 'email_thread',
      entityId: emailThreadId(account.id, params.threadKey),
      changes: { unread: count },
    });
    return count;
  });
  if (read > 0) {
    await services.live
      .publish(params.businessId, { type: 'email.thread', accountId: account.id })
      .catch((error: unknown) => services.log.warn({ err: error }, 'email live event lost'));
  }
  return { read };
}

/**
 * The sender of an email becomes a prospect (name, address, a phone of the signature not already
 * someone's), and every email of theirs is linked to it, in one transaction. A sender who already
 * is one (a second click) gets theirs back.
 */
export async function prospectFromEmail(
  services: Pick<AppServices, 'db' | 'jobs'>,
  params: { businessId: string; userId: string; emailId: string; country: string; actor: Actor },
) {
  const { db } = services;
  const email = await emailById(db, params);
  const account = email
    ? await emailAccountById(db, { businessId: params.businessId, accountId: email.emailAccountId })
    : undefined;
  if (!email || !account || (!account.shared && account.userId !== params.userId)) {
    throw notFound('Email');
  }
  const address = email.fromAddress.trim().toLowerCase();
  // Already someone's (linked, or an address on file): that prospect, with the sender's emails.
  const known =
    email.prospectId ?? (await prospectIdByEmail(db, { businessId: params.businessId, address }));
  if (known) {
    const linked = await linkSenderEmails(db, {
      businessId: params.businessId,
      prospectId: known,
      address,
    });
    return { prospectId: known, linked };
  }
  return db.transaction(async (tx) => {
    let phone: string | null = null;
    for (const candidate of phonesInSignature(email.bodyText ?? '', params.country)) {
      if (!(await findProspectByPhone(tx, params.businessId, candidate))) {
        phone = candidate;
        break;
      }
    }
    const prospect = await createProspect(tx, services.jobs, params.actor, params.businessId, {
      name: email.fromName,
      email: address,
      phone,
    });
    const linked = await linkSenderEmails(tx, {
      businessId: params.businessId,
      prospectId: prospect.id,
      address,
    });
    return { prospectId: prospect.id, linked };
  });
}
