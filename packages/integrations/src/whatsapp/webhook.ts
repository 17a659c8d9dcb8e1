// WhatsApp Cloud API webhooks: the payload as Meta documents it, its signature, and the mapping of
// each message type to what we store.
import { createHmac, timingSafeEqual } from 'node:crypto';
import { z } from 'zod';

/** `X-Hub-Signature-256: sha256=<hex HMAC-SHA256 of the raw body with the app secret>`. */
export function signWebhook(rawBody: string | Buffer, appSecret: string): string {
  return `sha256=${createHmac('sha256', appSecret).update(rawBody).digest('hex')}`;
}

export function verifyWebhookSignature(
  rawBody: Buffer,
  header: string | undefined | null,
  appSecret: string,
): boolean {
  if (!header?.startsWith('sha256=')) return false;
  const expected = Buffer.from(signWebhook(rawBody, appSecret));
  const given = Buffer.from(header);
  return given.length === expected.length && timingSafeEqual(given, expected);
}

const media = z.looseObject({
  id: z.string(),
  mime_type: z.string().optional(),
  sha256: z.string().optional(),
  caption: z.string().optional(),
  filename: z.string().optional(),
});

export const inboundMessageSchema = z.looseObject({
  from: z.string(),
  id: z.string(),
  timestamp: z.string(),
  type: z.string(),
  context: z.looseObject({ id: z.string().optional() }).optional(),
  text: z.looseObject({ body: z.string() }).optional(),
  image: media.optional(),
  audio: media.optional(),
  video: media.optional(),
  document: media.optional(),
  sticker: media.optional(),
  location: z
    .looseObject({
      latitude: z.number(),
      longitude: z.number(),
      name: z.string().optional(),
      address: z.string().optional(),
    })
    .optional(),
  contacts: z
    .array(
      z.looseObject({ name: z.looseObject({ formatted_name: z.string().optional() }).optional() }),
    )
    .optional(),
  interactive: z
    .looseObject({
      type: z.string(),
      button_reply: z.looseObject({ id: z.string(), title: z.string() }).optional(),
      list_reply: z
        .looseObject({ id: z.string(), title: z.string(), description: z.string().optional() })
        .optional(),
    })
    .optional(),
  button: z.looseObject({ payload: z.string().optional(), text: z.string() }).optional(),
  reaction: z.looseObject({ message_id: z.string(), emoji: z.string().optional() }).optional(),
  order: z
    .looseObject({
      catalog_id: z.string().optional(),
      text: z.string().optional(),
      product_items: z.array(
        z.looseObject({
          product_retailer_id: z.string(),
          quantity: z.coerce.number(),
          item_price: z.coerce.number().optional(),
          currency: z.string().optional(),
        }),
      ),
    })
    .optional(),
});
export type InboundMessage = z.infer<typeof inboundMessageSchema>;

export const statusSchema = z.looseObject({
  id: z.string(),
  status: z.enum(['sent', 'delivered', 'read', 'failed']),
  timestamp: z.string(),
  recipient_id: z.string().optional(),
  /** What we sent with the message (our message id): matches a receipt to a send we lost the answer of. */
  biz_opaque_callback_data: z.string().optional(),
  errors: z
    .array(
      z.looseObject({
        code: z.number(),
        title: z.string().optional(),
        message: z.string().optional(),
      }),
    )
    .optional(),
});
export type StatusReceipt = z.infer<typeof statusSchema>;

export const changeValueSchema = z.looseObject({
  messaging_product: z.literal('whatsapp'),
  metadata: z.looseObject({
    display_phone_number: z.string().optional(),
    phone_number_id: z.string(),
  }),
  contacts: z
    .array(
      z.looseObject({
        wa_id: z.string(),
        profile: z.looseObject({ name: z.string().optional() }).optional(),
      }),
    )
    .optional(),
  messages: z.array(inboundMessageSchema).optional(),
  statuses: z.array(statusSchema).optional(),
});
export type ChangeValue = z.infer<typeof changeValueSchema>;

export const webhookPayloadSchema = z.looseObject({
  object: z.literal('whatsapp_business_account'),
  entry: z.array(
    z.looseObject({
      id: z.string(),
      changes: z.array(z.looseObject({ field: z.string(), value: z.unknown() })),
    }),
  ),
});
export type WebhookPayload = z.infer<typeof webhookPayloadSchema>;

export const MESSAGE_TYPES = [
  'text',
  'image',
  'audio',
  'video',
  'document',
  'sticker',
  'location',
  'contacts',
  'interactive',
  'button',
  'reaction',
  'order',
] as const;
export type StoredType = (typeof MESSAGE_TYPES)[number] | 'unsupported';

/** What we keep of a message: our type, a readable body, and media/structured details. */
export function describeMessage(message: InboundMessage): {
  type: StoredType;
  body: string | null;
  media: Record<string, unknown> | null;
} {
  switch (message.type) {
    case 'text':
      return { type: 'text', body: message.text?.body ?? '', media: null };
    case 'image':
    case 'audio':
    case 'video':
    case 'document':
    case 'sticker': {
      const item = message[message.type];
      if (!item) break;
      return {
        type: message.type,
        body: item.caption ?? item.filename ?? null,
        media: {
          mediaId: item.id,
          mimeType: item.mime_type ?? null,
          sha256: item.sha256 ?? null,
          filename: item.filename ?? null,
        },
      };
    }
    case 'location':
      if (!message.location) break;
      return {
        type: 'location',
        body: [message.location.name, message.location.address].filter(Boolean).join(', ') || null,
        media: { latitude: message.location.latitude, longitude: message.location.longitude },
      };
    case 'contacts':
      return {
        type: 'contacts',
        body:
          (message.contacts ?? [])
            .map((c) => c.name?.formatted_name)
            .filter(Boolean)
            .join(', ') || null,
        media: { contacts: message.contacts ?? [] },
      };
    case 'interactive': {
      const reply = message.interactive?.button_reply ?? message.interactive?.list_reply;
      if (!reply) break;
      return {
        type: 'interactive',
        body: reply.title,
        media: { replyId: reply.id, kind: message.interactive?.type },
      };
    }
    case 'button':
      if (!message.button) break;
      return {
        type: 'button',
        body: message.button.text,
        media: { payload: message.button.payload ?? null },
      };
    case 'reaction':
      if (!message.reaction) break;
      return {
        type: 'reaction',
        body: message.reaction.emoji ?? null,
        media: { messageId: message.reaction.message_id },
      };
    case 'order':
      if (!message.order) break;
      return {
        type: 'order',
        body: message.order.text ?? null,
        media: { items: message.order.product_items, catalogId: message.order.catalog_id ?? null },
      };
  }
  return { type: 'unsupported', body: null, media: null };
}
