// Every PostgreSQL enum of the schema, plus the short value lists kept as text + check.
import { pgEnum } from 'drizzle-orm/pg-core';

export const membershipRoleEnum = pgEnum('membership_role', [
  'owner',
  'admin',
  'agent',
  'dispatcher',
  'courier',
]);
export type MembershipRole = (typeof membershipRoleEnum.enumValues)[number];

export const subscriptionPlanEnum = pgEnum('subscription_plan', [
  'trial',
  'starter',
  'pro',
  'business',
]);
export type SubscriptionPlan = (typeof subscriptionPlanEnum.enumValues)[number];

export const subscriptionStatusEnum = pgEnum('subscription_status', [
  'trialing',
  'active',
  'past_due',
  'cancelled',
]);
export type SubscriptionStatus = (typeof subscriptionStatusEnum.enumValues)[number];

export const prospectStatusEnum = pgEnum('prospect_status', [
  'new',
  'contacted',
  'qualified',
  'customer',
  'lost',
]);
export type ProspectStatus = (typeof prospectStatusEnum.enumValues)[number];

export const channelEnum = pgEnum('channel', ['whatsapp', 'email', 'sms', 'web']);
export type Channel = (typeof channelEnum.enumValues)[number];

export const conversationStatusEnum = pgEnum('conversation_status', ['open', 'pending', 'closed']);
export type ConversationStatus = (typeof conversationStatusEnum.enumValues)[number];

export const messageDirectionEnum = pgEnum('message_direction', ['in', 'out']);
export type MessageDirection = (typeof messageDirectionEnum.enumValues)[number];

/** WhatsApp Cloud API message types, plus `system` for notes the product writes itself. */
export const messageTypeEnum = pgEnum('message_type', [
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
]);
export type MessageType = (typeof messageTypeEnum.enumValues)[number];

export const messageStatusEnum = pgEnum('message_status', [
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
]);
export type MessageStatus = (typeof messageStatusEnum.enumValues)[number];

export const authorTypeEnum = pgEnum('author_type', ['customer', 'user', 'ai', 'system']);
export type AuthorType = (typeof authorTypeEnum.enumValues)[number];

export const aiInsightKindEnum = pgEnum('ai_insight_kind', [
  'analysis',
  'reply_draft',
  'email_triage',
  'order_extraction',
]);
export type AiInsightKind = (typeof aiInsightKindEnum.enumValues)[number];

export const aiReviewStateEnum = pgEnum('ai_review_state', [
  'pending',
  'accepted',
  'edited',
  'rejected',
  'not_applicable',
]);
export type AiReviewState = (typeof aiReviewStateEnum.enumValues)[number];

export const orderStatusEnum = pgEnum('order_status', [
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
]);
export type OrderStatus = (typeof orderStatusEnum.enumValues)[number];

export const paymentMethodEnum = pgEnum('payment_method', [
  'cash_on_delivery',
  'mobile_money',
  'card',
]);
export type PaymentMethod = (typeof paymentMethodEnum.enumValues)[number];

export const paymentStatusEnum = pgEnum('payment_status', ['unpaid', 'paid', 'refunded']);
export type PaymentStatus = (typeof paymentStatusEnum.enumValues)[number];

export const courierStatusEnum = pgEnum('courier_status', ['offline', 'available', 'busy']);
export type CourierStatus = (typeof courierStatusEnum.enumValues)[number];

export const vehicleEnum = pgEnum('vehicle', ['foot', 'bicycle', 'motorbike', 'car', 'van']);
export type Vehicle = (typeof vehicleEnum.enumValues)[number];

export const deliveryStatusEnum = pgEnum('delivery_status', [
  'pending',
  'offered',
  'accepted',
  'picked_up',
  'delivered',
  'failed',
  'cancelled',
]);
export type DeliveryStatus = (typeof deliveryStatusEnum.enumValues)[number];

export const deliveryEventTypeEnum = pgEnum('delivery_event_type', [
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
]);
export type DeliveryEventType = (typeof deliveryEventTypeEnum.enumValues)[number];

export const emailProviderEnum = pgEnum('email_provider', ['gmail', 'outlook']);
export type EmailProvider = (typeof emailProviderEnum.enumValues)[number];

export const emailCategoryEnum = pgEnum('email_category', [
  'order',
  'question',
  'complaint',
  'invoice',
  'spam',
  'other',
]);
export type EmailCategory = (typeof emailCategoryEnum.enumValues)[number];

export const priorityEnum = pgEnum('priority', ['low', 'normal', 'high', 'urgent']);
export type Priority = (typeof priorityEnum.enumValues)[number];

export const notificationChannelEnum = pgEnum('notification_channel', [
  'whatsapp',
  'sms',
  'email',
  'push',
  'in_app',
]);
export type NotificationChannel = (typeof notificationChannelEnum.enumValues)[number];

export const notificationStatusEnum = pgEnum('notification_status', [
  'pending',
  'sent',
  'failed',
  'dead',
]);
export type NotificationStatus = (typeof notificationStatusEnum.enumValues)[number];

export const webhookProviderEnum = pgEnum('webhook_provider', [
  'whatsapp',
  'gmail',
  'outlook',
  'sms',
]);
export type WebhookProvider = (typeof webhookProviderEnum.enumValues)[number];

export const webhookStatusEnum = pgEnum('webhook_status', [
  'received',
  'processing',
  'processed',
  'failed',
  'ignored',
  'invalid',
]);
export type WebhookStatus = (typeof webhookStatusEnum.enumValues)[number];

// Short closed lists stored as text/varchar with a check constraint rather than an enum type.
// The tuples type the columns (`{ enum: currencies }`) and feed zod input schemas.

/** ISO 4217 codes the product bills in. XOF has no minor unit, EUR has 2. */
export const currencies = ['XOF', 'EUR'] as const;
export type Currency = (typeof currencies)[number];

export const locales = ['fr', 'en'] as const;
export type Locale = (typeof locales)[number];

/** How a session token travels: the web dashboard's cookie or the courier app's bearer header. */
export const sessionKinds = ['cookie', 'bearer'] as const;
export type SessionKind = (typeof sessionKinds)[number];
