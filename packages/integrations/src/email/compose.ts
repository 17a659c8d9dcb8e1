// A reply as RFC 822 bytes, built by nodemailer's stream transport (it encodes headers and the
// body, folds lines, writes CRLF): what Gmail's `messages.send` takes in base64url. The
// In-Reply-To and References headers keep the reply in the recipient's thread; Gmail's own
// threadId keeps it in ours.
import { lazy } from '../lazy';
import { loadNodemailer } from './client';

export interface OutgoingEmail {
  from: { address: string; name?: string | null };
  to: string[];
  cc: string[];
  subject: string;
  text: string;
  /** Our Message-ID (`<…@…>`): the sync recognises the sent copy by it. */
  messageId: string;
  inReplyTo: string | null;
  references: string[];
}

const transport = lazy(async () =>
  (await loadNodemailer()).createTransport({
    streamTransport: true,
    buffer: true,
    newline: 'windows',
  }),
);

export async function composeEmail(mail: OutgoingEmail): Promise<Buffer> {
  const info = await (await transport()).sendMail({
    from: mail.from.name ? { name: mail.from.name, address: mail.from.address } : mail.from.address,
    to: mail.to,
    ...(mail.cc.length > 0 ? { cc: mail.cc } : {}),
    subject: mail.subject,
    text: mail.text,
    messageId: mail.messageId,
    ...(mail.inReplyTo ? { inReplyTo: mail.inReplyTo } : {}),
    ...(mail.references.length > 0 ? { references: mail.references } : {}),
  });
  const message: unknown = info.message;
  if (!Buffer.isBuffer(message)) throw new Error('nodemailer did not build the message');
  return message;
}
