// RFC 822 → the fields an inbox stores, through mailparser: charsets and transfer encodings
// decoded, an HTML-only message turned into plain text (tags, scripts and styles dropped), and
// attachments listed (name, type, size, inline or not) without keeping their bytes.
import type { AddressObject } from 'mailparser';
import { lazy } from '../lazy';

/** mailparser and its charset tables, loaded on the first message parsed (lazy.ts). */
const mailparser = lazy(() => import('mailparser'));

export interface ParsedAttachment {
  filename: string | null;
  contentType: string;
  size: number;
  /** Referenced from the HTML (cid:) rather than attached. */
  inline: boolean;
  contentId: string | null;
}

export interface ParsedEmail {
  messageId: string | null;
  inReplyTo: string | null;
  references: string[];
  from: { address: string; name: string | null } | null;
  to: string[];
  cc: string[];
  subject: string | null;
  date: Date | null;
  text: string;
  /** The HTML part as sent: untrusted, never rendered outside a sandbox. */
  html: string | null;
  attachments: ParsedAttachment[];
}

const addresses = (value: AddressObject | AddressObject[] | undefined): string[] =>
  (Array.isArray(value) ? value : value ? [value] : [])
    .flatMap((group) => group.value)
    .flatMap((entry) => (entry.group ? entry.group : [entry]))
    .map((entry) => entry.address?.toLowerCase())
    .filter((address): address is string => Boolean(address));

/** Text of an HTML body, for a message with no text part: no markup, no script or style content. */
export function htmlToText(html: string): string {
  return html
    .replace(/<(script|style|head)[\s\S]*?<\/\1\s*>/gi, '')
    .replace(/<br\s*\/?>/gi, '\n')
    .replace(/<\/(p|div|tr|li|h[1-6])\s*>/gi, '\n')
    .replace(/<[^>]*>/g, '')
    .replace(/&nbsp;/gi, ' ')
    .replace(/&lt;/gi, '<')
    .replace(/&gt;/gi, '>')
    .replace(/&quot;/gi, '"')
    .replace(/&#39;|&apos;/gi, "'")
    .replace(/&#(\d+);/g, (_, code: string) => String.fromCodePoint(Number(code)))
    .replace(/&amp;/gi, '&')
    .replace(/[ \t]+\n/g, '\n')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
}

export async function parseEmail(raw: Buffer | string): Promise<ParsedEmail> {
  const { simpleParser } = await mailparser();
  const mail = await simpleParser(raw, { skipTextToHtml: true, skipImageLinks: true });
  const html = typeof mail.html === 'string' ? mail.html : null;
  const from = mail.from?.value[0];
  const references = Array.isArray(mail.references)
    ? mail.references
    : mail.references
      ? [mail.references]
      : [];
  return {
    messageId: mail.messageId ?? null,
    inReplyTo: mail.inReplyTo ?? null,
    references,
    from: from?.address ? { address: from.address.toLowerCase(), name: from.name || null } : null,
    to: addresses(mail.to),
    cc: addresses(mail.cc),
    subject: mail.subject ?? null,
    date: mail.date ?? null,
    // mailparser's text of an HTML-only message keeps entities and layout loosely; ours is plain.
    text: (mail.text?.trim() ? mail.text : html ? htmlToText(html) : '').trim(),
    html,
    attachments: mail.attachments.map((attachment) => ({
      filename: attachment.filename ?? null,
      contentType: attachment.contentType,
      size: attachment.size,
      inline: attachment.contentDisposition === 'inline' || Boolean(attachment.related),
      contentId: attachment.contentId ?? null,
    })),
  };
}

/**
 * The bytes of the message's `index`-th attachment, in the order `parseEmail` lists them (the
 * same parser over the same message), or null when it has no such attachment.
 */
export async function attachmentOf(
  raw: Buffer | string,
  index: number,
): Promise<{ filename: string | null; contentType: string; content: Buffer } | null> {
  const { simpleParser } = await mailparser();
  const mail = await simpleParser(raw, { skipTextToHtml: true, skipImageLinks: true });
  const attachment = mail.attachments[index];
  if (!attachment) return null;
  return {
    filename: attachment.filename ?? null,
    contentType: attachment.contentType,
    content: attachment.content,
  };
}
