// WhatsApp Cloud API webhooks: the payload as Meta documents it, its signature, and the mapping of
// each message type to what we store.
// Over 400 lines on purpose: Meta's payload schema and the mapping of each message type to what we
// store, side by side, so that a new type is added in one place.

import { createHmac, timingSafeEqual } from 'node:crypto';
import type { MessageType } from '@flux/contracts/enums';
import type { MessageMedia } from '@flux/contracts/media';
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

/** A pin's coordinate: a number, or a number written as text; anything else is no coordinate. */
const coordinate = z
  .union([
    z.number(),
    z
      .string()
      .trim()
      .regex(/^-?\d+(\.\d+)?$/)
      .transform(Number),
  ])
  .optional()
  .catch(undefined);

/**
 * Usernames (2026): Meta adds a business-scoped user id (BSUID) to every webhook and may leave the
 * phone out for a customer who adopted a username. Each identifying field is therefore optional;
 * a message is known by `from` (phone), `from_user_id` (BSUID), or both.
 */
export const inboundMessageSchema = z.looseObject({
  /** The customer's phone (wa_id); absent when they hide it behind a username. */
  from: z.string().optional(),
  /** Their BSUID ("US.13491208655302741918"), in every message once Meta sends them. */
  from_user_id: z.string().optional(),
  /** A BSUID shared by linked business portfolios ("US.ENT.…"), when enabled. */
  from_parent_user_id: z.string().optional(),
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
  // Each field on its own: a pin with an odd field (coordinates as text, a name that is not one)
  // is still a pin, and must not cost the other messages of its change.
  location: z
    .looseObject({
      latitude: coordinate,
      longitude: coordinate,
      name: z.string().optional().catch(undefined),
      address: z.string().optional().catch(undefined),
      url: z.string().optional().catch(undefined),
    })
    .optional()
    .catch(undefined),
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
  /**
   * `type: "system"`: the customer's identity changed. `user_changed_number` carries the new
   * number in `wa_id` (and, since the BSUID changes with the number, the new and previous BSUIDs);
   * `user_changed_user_id` only the BSUID change.
   */
  system: z
    .looseObject({
      type: z.string().optional(),
      body: z.string().optional(),
      wa_id: z.string().optional(),
      user_id: z.string().optional(),
      previous_user_id: z.string().optional(),
      parent_user_id: z.string().optional(),
      previous_parent_user_id: z.string().optional(),
    })
    .optional(),
});
export type InboundMessage = z.infer<typeof inboundMessageSchema>;

/** What every message has, whatever its content: who sent it, its id, when, its type. */
const messageEnvelopeSchema = z.looseObject({
  from: z.string().optional(),
  from_user_id: z.string().optional(),
  id: z.string(),
  timestamp: z.string(),
  type: z.string(),
});

/** The type given to a message whose content we could not read (stored as `unsupported`). */
export const UNREADABLE_MESSAGE_TYPE = 'unreadable';

/**
 * The messages of a change, each on its own: one whose content has a shape we have not seen (an
 * image without its id, say) is kept with only its envelope and the type `unreadable`, so it is
 * stored as unsupported with its raw payload, and the messages beside it are stored as usual.
 * Only a message without even an id, a sender's timestamp and a type is dropped.
 */
const messagesSchema = z.array(z.unknown()).transform((items) =>
  items.flatMap((item): InboundMessage[] => {
    const message = inboundMessageSchema.safeParse(item);
    if (message.success) return [message.data];
    const envelope = messageEnvelopeSchema.safeParse(item);
    if (!envelope.success) return [];
    // Everything Meta sent stays (the raw payload is stored); only its type says it is unread.
    const { type, ...rest } = envelope.data;
    return [{ ...rest, type: UNREADABLE_MESSAGE_TYPE, received_type: type } as InboundMessage];
  }),
);

export const statusSchema = z.looseObject({
  id: z.string(),
  status: z.enum(['sent', 'delivered', 'read', 'failed']),
  timestamp: z.string(),
  /** The phone the message went to; absent when it was sent to a BSUID with no phone known. */
  recipient_id: z.string().optional(),
  /** The recipient's BSUID: on sent/delivered/read, and on failed when sent to a BSUID. */
  recipient_user_id: z.string().optional(),
  recipient_parent_user_id: z.string().optional(),
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
  /**
   * Who wrote (messages) or received (sent/delivered/read statuses; failed ones have none).
   * `wa_id` is absent for a customer with a username whose phone Meta does not share;
   * `profile.username` is there when they have one (not on `sent` statuses).
   */
  contacts: z
    .array(
      z.looseObject({
        wa_id: z.string().optional(),
        user_id: z.string().optional(),
        parent_user_id: z.string().optional(),
        profile: z
          .looseObject({ name: z.string().optional(), username: z.string().optional() })
          .optional(),
      }),
    )
    .optional(),
  messages: messagesSchema.optional(),
  statuses: z.array(statusSchema).optional(),
});
export type ChangeValue = z.infer<typeof changeValueSchema>;

/**
 * The `user_id_update` change field. Meta's BSUID guide listed it for BSUID changes, then (changelog
 * of Aug 11, 2026) said it is not a subscribable field: those changes come as `system` messages on
 * `messages` (see inboundMessageSchema). Its item shape is not in the documents we could read, so
 * this accepts, leniently, a flat item (`previous_user_id`, `user_id`) or a nested one
 * (`user_id: { previous, current }`), each with an optional phone (`wa_id`).
 */
export const userIdUpdateValueSchema = z.looseObject({
  metadata: z.looseObject({ phone_number_id: z.string() }),
  user_id_update: z
    .array(
      z.looseObject({
        wa_id: z.string().optional(),
        previous_user_id: z.string().optional(),
        user_id: z
          .union([
            z.string(),
            z.looseObject({ previous: z.string().optional(), current: z.string().optional() }),
          ])
          .optional(),
        timestamp: z.union([z.string(), z.number()]).optional(),
      }),
    )
    .default([]),
});
export type UserIdUpdateValue = z.infer<typeof userIdUpdateValueSchema>;

/** A customer as a webhook names them: phone and/or BSUID, and their profile. */
export interface CustomerIdentity {
  /** The phone as Meta writes it (digits, no '+'), when shared. */
  waId: string | null;
  /** The business-scoped user id, when sent. */
  userId: string | null;
  name: string | null;
  /** Without the '@'. */
  username: string | null;
}

const bareUsername = (username: string | undefined) => username?.replace(/^@/, '') || null;

/**
 * Who wrote `message`: `from` / `from_user_id`, completed by the `contacts[]` entry with the same
 * phone or BSUID (a username customer's phone may be in neither).
 */
export function senderOf(
  message: InboundMessage,
  contacts: ChangeValue['contacts'],
): CustomerIdentity {
  const contact = (contacts ?? []).find(
    (c) =>
      (message.from !== undefined && c.wa_id === message.from) ||
      (message.from_user_id !== undefined && c.user_id === message.from_user_id),
  );
  return {
    waId: message.from ?? contact?.wa_id ?? null,
    userId: message.from_user_id ?? contact?.user_id ?? null,
    name: contact?.profile?.name ?? null,
    username: bareUsername(contact?.profile?.username),
  };
}

/** The recipient of an outbound message a status is about, with the profile Meta adds to it. */
export function recipientOf(
  receipt: StatusReceipt,
  contacts: ChangeValue['contacts'],
): CustomerIdentity {
  const contact = (contacts ?? []).find(
    (c) =>
      (receipt.recipient_user_id !== undefined && c.user_id === receipt.recipient_user_id) ||
      (receipt.recipient_id !== undefined && c.wa_id === receipt.recipient_id),
  );
  return {
    waId: receipt.recipient_id ?? contact?.wa_id ?? null,
    userId: receipt.recipient_user_id ?? contact?.user_id ?? null,
    name: contact?.profile?.name ?? null,
    username: bareUsername(contact?.profile?.username),
  };
}

/** `CC.` then alphanumerics (a parent BSUID has `.ENT.` inside): never a phone number. */
export function isBusinessScopedUserId(value: string): boolean {
  return /^[A-Z]{2}\.[A-Za-z0-9.]{1,140}$/.test(value);
}

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
] as const satisfies readonly MessageType[];
export type StoredType = (typeof MESSAGE_TYPES)[number] | 'unsupported';

/** What we keep of a message: our type, a readable body, and media/structured details. */
export function describeMessage(message: InboundMessage): {
  type: StoredType;
  body: string | null;
  media: MessageMedia | null;
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
    case 'location': {
      if (!message.location) break;
      const { latitude, longitude } = message.location;
      const name = message.location.name?.trim() || null;
      const address = message.location.address?.trim() || null;
      // A point is kept only when it is one: a pin without usable coordinates keeps its words.
      const point =
        latitude !== undefined &&
        longitude !== undefined &&
        Number.isFinite(latitude) &&
        Number.isFinite(longitude) &&
        Math.abs(latitude) <= 90 &&
        Math.abs(longitude) <= 180
          ? { latitude, longitude }
          : {};
      return {
        type: 'location',
        body: [name, address].filter(Boolean).join(', ') || null,
        media: { ...point, name, address },
      };
    }
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
