// An order's receipt: what it shows (the shop, the customer, the lines, the totals, the payment
// state) and its shareable link `/r/<token>`: no sign-in, signed with the server's key and
// expiring, so the merchant can paste it in WhatsApp. Unlike the tracking token (an HMAC of the
// order's id, found by its hash stored on the order), the receipt token is the order's ids and an
// expiry under an HMAC: nothing is stored, a link cannot outlive its date, and the lookup stays
// scoped by business.
import { createHmac, timingSafeEqual } from 'node:crypto';
import type { Db } from '@flux/db';
import { lockConversation, whatsappConversationOfProspect } from '@flux/db/queries/conversations';
import { messageByClientId } from '@flux/db/queries/messages';
import { orderLines, receiptOf } from '@flux/db/queries/orders';
import type { JobSender } from '../jobs/sender';
import { type Actor, writeAudit } from '../lib/audit';
import { notFound, refuse } from '../lib/errors';
import { type Currency, formatMoney } from '../lib/money';
import { orderNumber } from './order-number';
import { queueMessage } from './whatsapp-send';

/** Where the public receipts are served (apps/server mounts its route here). */
export const RECEIPT_PREFIX = '/r';
/** How long a shared receipt link works. */
export const RECEIPT_LINK_DAYS = 30;

const b64 = (bytes: Buffer) => bytes.toString('base64url');
const uuidBytes = (id: string) => Buffer.from(id.replace(/-/g, ''), 'hex');
const uuidOf = (bytes: Buffer) => {
  const hex = bytes.toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
};

/** The receipts' own key, derived from the server's (a leak of one use's key reveals no other). */
const receiptKey = (serverKey: string) =>
  createHmac('sha256', serverKey).update('flux:receipts:v1').digest();

const mac = (serverKey: string, payload: string) =>
  createHmac('sha256', receiptKey(serverKey)).update(payload).digest().subarray(0, 16);

/**
 * `<business><order><expiry>.<mac>`: both uuids as 16 bytes each and the expiry in seconds as 6
 * bytes, base64url (58 characters), then 128 bits of HMAC-SHA256 (22 characters).
 */
export function receiptToken(
  serverKey: string,
  params: { businessId: string; orderId: string; expiresAt: Date },
): string {
  const expiry = Buffer.alloc(6);
  expiry.writeUIntBE(Math.floor(params.expiresAt.getTime() / 1000), 0, 6);
  const payload = b64(
    Buffer.concat([uuidBytes(params.businessId), uuidBytes(params.orderId), expiry]),
  );
  return `${payload}.${b64(mac(serverKey, payload))}`;
}

/**
 * The ids a token names, when its signature is right under one of `serverKeys` (the current key
 * first, then the previous ones of a key rotation: links shared before it keep working) and its
 * date not passed; else null.
 */
export function readReceiptToken(
  serverKeys: readonly string[],
  token: string,
  now: Date,
): { businessId: string; orderId: string; expiresAt: Date } | null {
  const match = /^([A-Za-z0-9_-]{51,52})\.([A-Za-z0-9_-]{22})$/.exec(token);
  if (!match?.[1] || !match[2]) return null;
  const payload = match[1];
  const given = Buffer.from(match[2], 'base64url');
  const signed = serverKeys.some((serverKey) => {
    const expected = mac(serverKey, payload);
    return given.length === expected.length && timingSafeEqual(given, expected);
  });
  if (!signed) return null;
  const bytes = Buffer.from(match[1], 'base64url');
  if (bytes.length !== 38) return null;
  const expiresAt = new Date(bytes.readUIntBE(32, 6) * 1000);
  if (expiresAt <= now) return null;
  return {
    businessId: uuidOf(bytes.subarray(0, 16)),
    orderId: uuidOf(bytes.subarray(16, 32)),
    expiresAt,
  };
}

/** The absolute link: `publicUrl` is the server's public origin (APP_ORIGIN). */
export function receiptUrl(publicUrl: string, token: string): string {
  const base = publicUrl.endsWith('/') ? publicUrl : `${publicUrl}/`;
  return new URL(`${RECEIPT_PREFIX.slice(1)}/${token}`, base).href;
}

/**
 * A new link for one of the business's orders, valid RECEIPT_LINK_DAYS. Audited: a link shows the
 * customer's name, phone and address to whoever holds it, so who made one, and when, is kept.
 */
export async function receiptLink(
  db: Db,
  config: { publicUrl: string; deliveryCodeKey: string },
  actor: Actor,
  params: { businessId: string; orderId: string; now?: Date },
) {
  const scope = { businessId: params.businessId, orderId: params.orderId };
  const found = await receiptOf(db, scope);
  if (!found) throw notFound('Order');
  const expiresAt = new Date((params.now ?? new Date()).getTime() + RECEIPT_LINK_DAYS * 86_400_000);
  const token = receiptToken(config.deliveryCodeKey, { ...scope, expiresAt });
  await writeAudit(db, actor, {
    businessId: params.businessId,
    action: 'order.receipt-link',
    entityType: 'order',
    entityId: params.orderId,
    changes: { number: found.order.number, expiresAt: expiresAt.toISOString() },
  });
  return { url: receiptUrl(config.publicUrl, token), expiresAt };
}

export interface ReceiptView {
  shop: { name: string; locale: 'fr' | 'en'; timezone: string };
  reference: string;
  createdAt: Date;
  status: string;
  customer: { name: string | null; phone: string | null };
  deliveryAddress: string | null;
  lines: { name: string; quantity: number; unitPrice: string; lineTotal: string }[];
  subtotal: string;
  deliveryFee: string;
  total: string;
  currency: Currency;
  paymentMethod: string;
  paymentStatus: string;
  /**
   * What the customer reads about paying: `collected` is cash on delivery the courier took at the
   * door (the order was delivered), `paid` any other payment received.
   */
  paymentState: 'unpaid' | 'paid' | 'collected' | 'refunded';
  /** Still to pay to the courier at the door (cash on delivery, unpaid), formatted; else null. */
  dueOnDelivery: string | null;
}

function paymentStateOf(order: {
  paymentMethod: string;
  paymentStatus: 'unpaid' | 'paid' | 'refunded';
  status: string;
}): ReceiptView['paymentState'] {
  if (order.paymentStatus !== 'paid') return order.paymentStatus;
  return order.paymentMethod === 'cash_on_delivery' && order.status === 'delivered'
    ? 'collected'
    : 'paid';
}

/** What a receipt shows, amounts formatted in the shop's language; null for none. */
export async function receiptView(
  db: Db,
  params: { businessId: string; orderId: string },
): Promise<ReceiptView | null> {
  const found = await receiptOf(db, params);
  if (!found) return null;
  const { order, customer, shop } = found;
  const locale = shop.locale === 'en' ? 'en' : 'fr';
  const lines = await orderLines(db, params);
  const amount = (minor: number) => formatMoney(minor, order.currency, locale);
  return {
    shop: { name: shop.name, locale, timezone: shop.timezone },
    reference: orderNumber(order.number),
    createdAt: order.createdAt,
    status: order.status,
    customer,
    deliveryAddress: order.deliveryAddress,
    lines: lines.map((line) => ({
      name: line.name,
      quantity: line.quantity,
      unitPrice: amount(line.unitPrice),
      lineTotal: amount(line.lineTotal),
    })),
    subtotal: amount(order.subtotal),
    deliveryFee: amount(order.deliveryFee),
    total: amount(order.total),
    currency: order.currency,
    paymentMethod: order.paymentMethod,
    paymentStatus: order.paymentStatus,
    paymentState: paymentStateOf(order),
    dueOnDelivery: order.cashDue > 0 ? amount(order.cashDue) : null,
  };
}

const RECEIPT_MESSAGE = {
  fr: (reference: string, url: string) => `Votre reçu pour la commande ${reference} : ${url}`,
  en: (reference: string, url: string) => `Your receipt for order ${reference}: ${url}`,
};

/**
 * "Send the receipt on WhatsApp": a new link, in a message to the customer's WhatsApp
 * conversation, through the outbound path (stored `queued` with its send job, sent once by the
 * job). `clientMessageId` is the click's: a double click or a retried request finds the message
 * already queued and makes neither a second message nor a second link.
 */
export async function sendReceipt(
  db: Db,
  jobs: JobSender,
  config: { publicUrl: string; deliveryCodeKey: string },
  actor: Actor,
  params: { businessId: string; orderId: string; clientMessageId: string },
) {
  const { businessId, orderId } = params;
  return db.transaction(async (tx) => {
    const found = await receiptOf(tx, { businessId, orderId });
    if (!found) throw notFound('Order');
    const conversation = await whatsappConversationOfProspect(tx, {
      businessId,
      prospectId: found.order.prospectId,
      preferredId: found.order.conversationId,
    });
    if (!conversation) {
      throw refuse(
        'receipt.no_whatsapp',
        'This customer has never written on WhatsApp: copy the link and share it another way',
      );
    }
    // Clicks on one conversation wait for each other: the second finds the first's message.
    await lockConversation(tx, { businessId, conversationId: conversation.id });
    const sent = await messageByClientId(tx, params);
    if (sent?.conversationId === conversation.id) return { message: sent, conversation };
    const link = await receiptLink(tx, config, actor, { businessId, orderId });
    const locale = found.shop.locale === 'en' ? 'en' : 'fr';
    const message = await queueMessage(tx, jobs, actor, {
      businessId,
      conversationId: conversation.id,
      clientMessageId: params.clientMessageId,
      content: {
        type: 'text',
        text: RECEIPT_MESSAGE[locale](orderNumber(found.order.number), link.url),
      },
    });
    return { message, conversation };
  });
}
