// The server's enums and shapes the dashboard copies by hand, kept in this one file so that the
// switch to the shared @flux/contracts package (being written beside this change) replaces one
// module. Each list is in the order the screens show it, which is the server's except `vehicles`
// (the motorbike, the usual one, first: it is the new courier's default).

export const conversationStatuses = ['open', 'pending', 'closed'] as const;
export type ConversationStatus = (typeof conversationStatuses)[number];

export const orderStatuses = [
  'draft',
  'pending',
  'confirmed',
  'preparing',
  'ready',
  'out_for_delivery',
  'delivered',
  'cancelled',
  'failed',
  'returned',
] as const;
export type OrderStatus = (typeof orderStatuses)[number];

export const prospectStatuses = ['new', 'contacted', 'qualified', 'customer', 'lost'] as const;
export type ProspectStatus = (typeof prospectStatuses)[number];

/** Where a prospect may go from here (the server refuses the rest). */
export function nextProspectStatuses(status: ProspectStatus): ProspectStatus[] {
  if (status === 'lost') return ['contacted'];
  const order: ProspectStatus[] = ['new', 'contacted', 'qualified', 'customer'];
  return [...order.slice(order.indexOf(status) + 1), 'lost'];
}

export const memberRoles = ['owner', 'admin', 'agent', 'dispatcher', 'courier'] as const;
export type MemberRole = (typeof memberRoles)[number];

/** In the server's `vehicle` enum, but ordered for the new-courier form. */
export const vehicles = ['motorbike', 'bicycle', 'car', 'van', 'foot'] as const;
export type Vehicle = (typeof vehicles)[number];

export const stockReasons = [
  'restock',
  'sale_offline',
  'correction',
  'damaged',
  'returned',
  'other',
] as const;

/** The reasons the server names when it refuses a password (worded by the sign-up form). */
export const passwordReasons = [
  'common',
  'repetitive',
  'sequence',
  'email',
  'businessName',
] as const;
export type PasswordReason = (typeof passwordReasons)[number];

/** The message types shown with an attachment line (a media file, a place, a card, a reaction). */
export const mediaMessageTypes = [
  'image',
  'audio',
  'video',
  'document',
  'sticker',
  'location',
  'contacts',
  'order',
  'reaction',
] as const;

/** `messages.media` as the webhook stores it: the API types it as unknown jsonb for now. */
export type MessageMedia = {
  mimeType?: string;
  filename?: string;
  caption?: string;
  latitude?: number;
  longitude?: number;
  name?: string;
};

/** `ai_insights.output` as the analyzer writes it: the API types it as unknown jsonb for now. */
export type AiAnalysis = {
  intent?: string;
  sentiment?: string;
  summary?: string;
  confidence?: number;
  replyDraft?: string;
};
