// GET /email-attachments/<business>/<email>/<n>?exp&sig: one attachment of a synced email, for
// whoever holds the signed link the inbox gave them (services/email/attachments.ts). Forged or
// expired → 404, nothing fetched. The bytes come from the provider and are handed out as a
// download (never rendered here: an attachment's HTML or SVG is the sender's, not ours).
import {
  type AppServices,
  ATTACHMENT_PREFIX,
  acceptedKeys,
  attachmentBytes,
  attachmentLinkValid,
} from '@flux/api';
import { Hono } from 'hono';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export { ATTACHMENT_PREFIX };

export function emailAttachmentRoutes(services: AppServices) {
  const app = new Hono();
  app.get('/:businessId/:emailId/:index', async (c) => {
    const { businessId, emailId } = c.req.param();
    const index = Number(c.req.param('index'));
    const ref = { businessId, emailId, index };
    const valid =
      UUID.test(businessId) &&
      UUID.test(emailId) &&
      Number.isInteger(index) &&
      index >= 0 &&
      attachmentLinkValid(acceptedKeys(services.config), ref, {
        exp: c.req.query('exp'),
        sig: c.req.query('sig'),
      });
    if (!valid) return c.text('Not found', 404);
    const attachment = await attachmentBytes(services, ref).catch((error: unknown) => {
      services.log.warn({ err: error, emailId }, 'email attachment not fetched');
      return undefined;
    });
    if (attachment === undefined) return c.text('The mailbox did not answer', 502);
    if (!attachment) return c.text('Not found', 404);
    const name = (attachment.filename ?? 'piece-jointe').replace(/["\\\r\n]/g, '_');
    return c.body(new Uint8Array(attachment.content), 200, {
      'content-type': 'application/octet-stream',
      'content-disposition': `attachment; filename="${name.replace(/[^\x20-\x7e]/g, '_')}"; filename*=UTF-8''${encodeURIComponent(name)}`,
      'x-content-type-options': 'nosniff',
      'cache-control': 'private, no-store',
      'content-security-policy': "default-src 'none'; sandbox",
    });
  });
  return app;
}
