// Email attachments are listed when mail is synced, not stored: a member downloads one through a
// signed link (`/email-attachments/<business>/<email>/<n>?exp&sig`, an HMAC under the server's key,
// a few minutes long) that the server answers by fetching the raw message from the provider and
// handing out that part. Nothing is stored, a link cannot outlive its minutes, and the lookup stays
// scoped by the business the link names.
import { createHmac, timingSafeEqual } from 'node:crypto';
import { emailAccountById } from '@flux/db/queries/email-accounts';
import { emailById } from '@flux/db/queries/emails';
import { attachmentOf } from '@flux/integrations';
import type { AppServices } from '../../context';
import { gmailFor } from './google';
import { accessTokenFor } from './tokens';

export const ATTACHMENT_PREFIX = '/email-attachments';
/** How long a download link works: the thread is read again (with new links) long before. */
export const ATTACHMENT_LINK_SECONDS = 3_600;

interface AttachmentRef {
  businessId: string;
  emailId: string;
  index: number;
}

const key = (serverKey: string) =>
  createHmac('sha256', serverKey).update('flux:email-attachments:v1').digest();

const mac = (serverKey: string, ref: AttachmentRef, exp: number) =>
  createHmac('sha256', key(serverKey))
    .update(`${ref.businessId}.${ref.emailId}.${ref.index}.${exp}`)
    .digest()
    .subarray(0, 16);

/** The link (a path on this server) to one attachment, valid ATTACHMENT_LINK_SECONDS. */
export function attachmentPath(serverKey: string, ref: AttachmentRef, now = Date.now()): string {
  const exp = Math.floor(now / 1000) + ATTACHMENT_LINK_SECONDS;
  const sig = mac(serverKey, ref, exp).toString('base64url');
  return `${ATTACHMENT_PREFIX}/${ref.businessId}/${ref.emailId}/${ref.index}?exp=${exp}&sig=${sig}`;
}

/**
 * Whether a link's signature is right under one of `serverKeys` (the current key first, then the
 * previous ones of a key rotation) and its time not passed.
 */
export function attachmentLinkValid(
  serverKeys: readonly string[],
  ref: AttachmentRef,
  link: { exp: string | undefined; sig: string | undefined },
  now = Date.now(),
): boolean {
  const exp = Number(link.exp);
  if (!Number.isInteger(exp) || exp * 1000 <= now || !link.sig) return false;
  const given = Buffer.from(link.sig, 'base64url');
  return serverKeys.some((serverKey) => {
    const expected = mac(serverKey, ref, exp);
    return given.length === expected.length && timingSafeEqual(given, expected);
  });
}

/** The attachment's bytes, fetched from the mailbox's provider; null when there is none. */
export async function attachmentBytes(
  services: Pick<AppServices, 'db' | 'log' | 'email' | 'jobs'>,
  ref: AttachmentRef,
) {
  const email = await emailById(services.db, ref);
  if (!email || email.providerMessageId.startsWith('pending:')) return null;
  const account = await emailAccountById(services.db, {
    businessId: ref.businessId,
    accountId: email.emailAccountId,
  });
  if (account?.provider !== 'gmail') return null;
  const token = await accessTokenFor(services, account);
  const message = await gmailFor(services, token).getRawMessage(email.providerMessageId);
  return attachmentOf(Buffer.from(message.raw, 'base64url'), ref.index);
}
