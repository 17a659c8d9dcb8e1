// Webhook payloads shaped like Meta's documented examples, for tests, the sandbox and benches.
import type { InboundMessage, StatusReceipt, WebhookPayload } from './webhook';

let counter = 0;
export const wamid = () => `wamid.HBgL${Date.now().toString(36)}${(counter++).toString(36)}AA==`;
const now = () => String(Math.floor(Date.now() / 1000));

export function inboundMessage(
  from: string,
  type: string,
  content: Record<string, unknown>,
  overrides: Partial<InboundMessage> = {},
): InboundMessage {
  return {
    from,
    id: wamid(),
    timestamp: now(),
    type,
    [type]: content,
    ...overrides,
  } as InboundMessage;
}

export const textMessage = (from: string, body: string, overrides: Partial<InboundMessage> = {}) =>
  inboundMessage(from, 'text', { body }, overrides);

export function statusReceipt(
  id: string,
  status: StatusReceipt['status'],
  recipient: string | undefined,
  overrides: Partial<StatusReceipt> = {},
): StatusReceipt {
  return {
    id,
    status,
    timestamp: now(),
    ...(recipient === undefined ? {} : { recipient_id: recipient }),
    ...overrides,
  };
}

/**
 * A text from a customer who hides their number behind a username: no `from`, only their
 * business-scoped user id in `from_user_id` (pass `{ from }` in overrides once Meta shares it).
 */
export const usernameTextMessage = (
  userId: string,
  body: string,
  overrides: Partial<InboundMessage> = {},
): InboundMessage => {
  const { from: _phone, ...message } = textMessage('', body);
  return { ...message, from_user_id: userId, ...overrides };
};

/** Meta's `system` message for a customer whose BSUID changed (`user_changed_user_id`). */
export const userChangedUserId = (previousUserId: string, userId: string): InboundMessage => ({
  from_user_id: userId,
  id: wamid(),
  timestamp: now(),
  type: 'system',
  system: {
    body: 'User changed their business-scoped user ID',
    type: 'user_changed_user_id',
    previous_user_id: previousUserId,
    user_id: userId,
  },
});

/** Meta's `system` message for a customer who changed their number (`user_changed_number`). */
export const userChangedNumber = (
  from: string,
  newWaId: string,
  ids: { previousUserId?: string; userId?: string } = {},
): InboundMessage => ({
  from,
  id: wamid(),
  timestamp: now(),
  type: 'system',
  system: {
    body: `User changed from ${from} to ${newWaId}`,
    wa_id: newWaId,
    type: 'user_changed_number',
    ...(ids.previousUserId ? { previous_user_id: ids.previousUserId } : {}),
    ...(ids.userId ? { user_id: ids.userId } : {}),
  },
});

/** One entry with one `messages` change; pass several values for a batched delivery. */
export function webhookPayload(
  ...values: {
    phoneNumberId: string;
    messages?: InboundMessage[];
    statuses?: StatusReceipt[];
    /** A username customer may come with no `waId`, only their BSUID (`userId`). */
    contacts?: { waId?: string; userId?: string; name?: string; username?: string }[];
  }[]
): WebhookPayload {
  return {
    object: 'whatsapp_business_account',
    entry: values.map((value) => ({
      id: '102290129340398',
      changes: [
        {
          field: 'messages',
          value: {
            messaging_product: 'whatsapp',
            metadata: {
              display_phone_number: '221770000001',
              phone_number_id: value.phoneNumberId,
            },
            ...(value.contacts
              ? {
                  contacts: value.contacts.map((c) => ({
                    profile: {
                      ...(c.name ? { name: c.name } : {}),
                      ...(c.username ? { username: c.username } : {}),
                    },
                    ...(c.waId ? { wa_id: c.waId } : {}),
                    ...(c.userId ? { user_id: c.userId } : {}),
                  })),
                }
              : {}),
            ...(value.messages ? { messages: value.messages } : {}),
            ...(value.statuses ? { statuses: value.statuses } : {}),
          },
        },
      ],
    })),
  };
}

/** One message of every type we support, from `from`. */
export function oneOfEachType(from: string): InboundMessage[] {
  return [
    textMessage(from, 'Bonjour, vous avez le wax bleu ?'),
    inboundMessage(from, 'image', {
      id: 'media-img',
      mime_type: 'image/jpeg',
      sha256: 'abc',
      caption: 'Celui-ci',
    }),
    inboundMessage(from, 'audio', { id: 'media-audio', mime_type: 'audio/ogg; codecs=opus' }),
    inboundMessage(from, 'video', { id: 'media-video', mime_type: 'video/mp4' }),
    inboundMessage(from, 'document', {
      id: 'media-doc',
      mime_type: 'application/pdf',
      filename: 'facture.pdf',
    }),
    inboundMessage(from, 'sticker', { id: 'media-sticker', mime_type: 'image/webp' }),
    inboundMessage(from, 'location', {
      latitude: 14.6928,
      longitude: -17.4467,
      name: 'Pikine',
      address: 'Rue 10',
    }),
    {
      from,
      id: wamid(),
      timestamp: now(),
      type: 'contacts',
      contacts: [{ name: { formatted_name: 'Moussa Ndiaye' } }],
    },
    inboundMessage(from, 'interactive', {
      type: 'button_reply',
      button_reply: { id: 'confirm', title: 'Je confirme' },
    }),
    inboundMessage(from, 'interactive', {
      type: 'list_reply',
      list_reply: { id: 'wax-2', title: 'Wax rouge' },
    }),
    inboundMessage(from, 'button', { payload: 'OUI', text: 'Oui' }),
    inboundMessage(from, 'reaction', { message_id: 'wamid.previous', emoji: '🙏' }),
    inboundMessage(from, 'order', {
      catalog_id: 'cat-1',
      text: 'Ma commande',
      product_items: [
        { product_retailer_id: 'WAX-001', quantity: 2, item_price: 7500, currency: 'XOF' },
      ],
    }),
    { from, id: wamid(), timestamp: now(), type: 'ephemeral', ephemeral: {} } as InboundMessage,
  ];
}
