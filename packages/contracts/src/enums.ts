// Every closed list of values the product knows (roles, statuses, message types, currencies, ...),
// once: the database's enums are built from these arrays (packages/db/src/schema/enums.ts), and
// the apps import them instead of copying them.

export const membershipRoles = ['owner', 'admin', 'agent', 'dispatcher', 'courier'] as const;
export type MembershipRole = (typeof membershipRoles)[number];

export const subscriptionPlans = ['trial', 'starter', 'pro', 'business'] as const;
export type SubscriptionPlan = (typeof subscriptionPlans)[number];

export const subscriptionStatuses = ['trialing', 'active', 'past_due', 'cancelled'] as const;
export type SubscriptionStatus = (typeof subscriptionStatuses)[number];

export const prospectStatuses = ['new', 'contacted', 'qualified', 'customer', 'lost'] as const;
export type ProspectStatus = (typeof prospectStatuses)[number];

export const channels = ['whatsapp', 'email', 'sms', 'web'] as const;
export type Channel = (typeof channels)[number];

export const conversationStatuses = ['open', 'pending', 'closed'] as const;
export type ConversationStatus = (typeof conversationStatuses)[number];

export const messageDirections = ['in', 'out'] as const;
export type MessageDirection = (typeof messageDirections)[number];

/** WhatsApp Cloud API message types, plus `system` for notes the product writes itself. */
export const messageTypes = [
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
  'template',
  'unsupported',
  'system',
] as const;
export type MessageType = (typeof messageTypes)[number];

export const messageStatuses = [
  'queued',
  /** Claimed by one send job, which is calling the provider now. */
  'sending',
  /**
   * The provider may or may not have it: the call timed out or its sender died before the answer
   * was stored. Never resent blindly; settled by the provider's receipt, or by a person.
   */
  'unknown',
  'sent',
  'delivered',
  'read',
  'failed',
  'received',
] as const;
export type MessageStatus = (typeof messageStatuses)[number];

export const authorTypes = ['customer', 'user', 'ai', 'system'] as const;
export type AuthorType = (typeof authorTypes)[number];

export const aiInsightKinds = [
  'analysis',
  'reply_draft',
  'email_triage',
  'order_extraction',
] as const;
export type AiInsightKind = (typeof aiInsightKinds)[number];

export const aiReviewStates = [
  'pending',
  'accepted',
  'edited',
  'rejected',
  'not_applicable',
] as const;
export type AiReviewState = (typeof aiReviewStates)[number];

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

export const paymentMethods = ['cash_on_delivery', 'mobile_money', 'card'] as const;
export type PaymentMethod = (typeof paymentMethods)[number];

export const paymentStatuses = ['unpaid', 'paid', 'refunded'] as const;
export type PaymentStatus = (typeof paymentStatuses)[number];

export const courierStatuses = ['offline', 'available', 'busy'] as const;
export type CourierStatus = (typeof courierStatuses)[number];

export const vehicles = ['foot', 'bicycle', 'motorbike', 'car', 'van'] as const;
export type Vehicle = (typeof vehicles)[number];

export const deliveryStatuses = [
  'pending',
  'offered',
  'accepted',
  'picked_up',
  'delivered',
  'failed',
  'cancelled',
] as const;
export type DeliveryStatus = (typeof deliveryStatuses)[number];

export const deliveryEventTypes = [
  'created',
  'offered',
  'accepted',
  'rejected',
  'expired',
  'location',
  'picked_up',
  'delivered',
  'failed',
  'cancelled',
  'assigned',
  // Too many wrong codes; a dispatcher unlocked it or waived the code.
  'code_locked',
  'code_released',
] as const;
export type DeliveryEventType = (typeof deliveryEventTypes)[number];

export const emailProviders = ['gmail', 'outlook'] as const;
export type EmailProvider = (typeof emailProviders)[number];

export const emailCategories = [
  'order',
  /** A supplier writing to the shop: stock, delivery of goods, price lists (not a bill). */
  'supplier',
  'question',
  'complaint',
  'invoice',
  'spam',
  'other',
] as const;
export type EmailCategory = (typeof emailCategories)[number];

export const priorities = ['low', 'normal', 'high', 'urgent'] as const;
export type Priority = (typeof priorities)[number];

export const notificationChannels = [
  'whatsapp',
  'sms',
  'email',
  'push',
  'in_app',
  /** A member's browser (the PWA dashboard), through its push service. */
  'web_push',
] as const;
export type NotificationChannel = (typeof notificationChannels)[number];

export const notificationStatuses = [
  /** Waiting for its send job (maybe deferred by quiet hours: scheduled_at). */
  'pending',
  /** Claimed by one send job, which is calling the provider now. */
  'sending',
  /**
   * The provider may or may not have it (a timeout, or the sender died mid-call): never resent
   * blindly; a person resends it, or a delivery report settles it.
   */
  'unknown',
  'sent',
  'delivered',
  /** Seen: a read receipt, or the in-app bell opened on it. */
  'read',
  /** The provider refused it for now: its send job runs again later (attempts < N). */
  'failed',
  /** Given up after N attempts or a permanent refusal; last_error says why. */
  'dead',
  /** Not sent on purpose (opt-out, preference off, nowhere to send): kept to be seen and audited. */
  'skipped',
] as const;
export type NotificationStatus = (typeof notificationStatuses)[number];

/** Who a notification is for: a business's customer (prospect), a courier, or a team member. */
export const notificationRecipientTypes = ['customer', 'courier', 'member'] as const;
export type NotificationRecipientType = (typeof notificationRecipientTypes)[number];

/** SMS providers a business can connect (sms_accounts.provider). */
export const smsProviders = ['africastalking', 'twilio'] as const;
export type SmsProviderName = (typeof smsProviders)[number];

export const webhookProviders = ['whatsapp', 'gmail', 'outlook', 'sms'] as const;
export type WebhookProvider = (typeof webhookProviders)[number];

export const webhookStatuses = [
  'received',
  'processing',
  'processed',
  'failed',
  'ignored',
  'invalid',
] as const;
export type WebhookStatus = (typeof webhookStatuses)[number];

// Short closed lists the database stores as text/varchar with a check constraint rather than an
// enum type. The tuples type the columns (`{ enum: currencies }`) and feed zod input schemas.

/** ISO 4217 codes the product bills in. XOF has no minor unit, EUR has 2. */
export const currencies = ['XOF', 'EUR'] as const;
export type Currency = (typeof currencies)[number];

export const locales = ['fr', 'en'] as const;
export type Locale = (typeof locales)[number];

/** How a session token travels: the web dashboard's cookie or the courier app's bearer header. */
export const sessionKinds = ['cookie', 'bearer'] as const;
export type SessionKind = (typeof sessionKinds)[number];

/** Why a password is refused beyond its length: the apps word each reason in the user's language. */
export const passwordReasons = [
  'common',
  'repetitive',
  'sequence',
  'email',
  'businessName',
] as const;
export type PasswordReason = (typeof passwordReasons)[number];

/**
 * Why a person moved a product's stock by hand (products.adjustStock): the dashboard words each
 * one, the audit log keeps it. The order is the one the stock dialog offers.
 */
export const stockReasons = [
  'restock',
  'sale_offline',
  'correction',
  'damaged',
  'returned',
  'other',
] as const;
export type StockReason = (typeof stockReasons)[number];
