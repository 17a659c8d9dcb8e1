// Prospects (the merchant's contacts) as answers show them: the card's fields. WhatsApp's own ids
// of the customer (`waId`, `waUserId`) stay on the server: ingest and sending use them, people
// recognise a customer by phone, name or username.
import type { schema } from '@flux/db';
import { type Currency, money } from '../lib/money';
import { orderNumber } from '../services/orders';
import { presentConversation } from './conversation';
import { presentNote } from './note';

type ProspectRow = typeof schema.prospects.$inferSelect;
type ConversationRow = typeof schema.conversations.$inferSelect;
type Locale = 'fr' | 'en';

export function presentProspect(row: ProspectRow) {
  return {
    id: row.id,
    name: row.name,
    phone: row.phone,
    username: row.username,
    email: row.email,
    address: row.address,
    status: row.status,
    tags: row.tags,
    assignedUserId: row.assignedUserId,
    notes: row.notes,
    /** The customer's language for notifications; null: the business's. */
    locale: row.locale,
    lastContactAt: row.lastContactAt,
    createdAt: row.createdAt,
    updatedAt: row.updatedAt,
  };
}
export type ProspectView = ReturnType<typeof presentProspect>;

/** An order as the prospect card lists it. */
export interface ProspectOrderRow {
  id: string;
  number: number;
  status: (typeof schema.orderStatusEnum.enumValues)[number];
  total: number;
  currency: Currency;
  paymentStatus: (typeof schema.paymentStatusEnum.enumValues)[number];
  createdAt: Date;
}

/** A customer's totals in one currency (prospectTotals). */
export interface ProspectTotalsRow {
  currency: string;
  orders: number;
  booked: number;
  collected: number;
  cashDue: number;
  lastOrderAt: Date | null;
}

/**
 * The card and the customer page: the prospect, who follows them, their latest conversations and
 * orders, what they are worth (booked vs collected, cash still due at the door) and the team's
 * notes on their conversations.
 */
export function presentProspectDetail(
  row: ProspectRow,
  parts: {
    assignee: { id: string; name: string } | null;
    conversations: ConversationRow[];
    orders: ProspectOrderRow[];
    totals?: ProspectTotalsRow[];
    notes?: {
      note: typeof schema.conversationNotes.$inferSelect;
      author: { id: string | null; name: string | null } | null;
    }[];
  },
  locale: Locale,
) {
  return {
    ...presentProspect(row),
    assignedUser: parts.assignee,
    totals: (parts.totals ?? []).map((t) => {
      const currency = t.currency as Currency;
      return {
        currency,
        /** Orders confirmed or further (cancelled and returned ones left out). */
        orders: t.orders,
        booked: money(t.booked, currency, locale),
        collected: money(t.collected, currency, locale),
        cashDue: money(t.cashDue, currency, locale),
        lastOrderAt: t.lastOrderAt,
      };
    }),
    notes: (parts.notes ?? []).map((n) => presentNote(n.note, n.author)),
    conversations: parts.conversations.map(presentConversation),
    orders: parts.orders.map((order) => ({
      id: order.id,
      number: order.number,
      reference: orderNumber(order.number),
      status: order.status,
      paymentStatus: order.paymentStatus,
      total: money(order.total, order.currency, locale),
      createdAt: order.createdAt,
    })),
  };
}
