// Every PostgreSQL enum of the schema, built from @flux/contracts' arrays (the one source of the
// values: the apps import the same arrays). The short lists kept as text + check are re-exported
// for the table files.
import {
  aiInsightKinds,
  aiReviewStates,
  authorTypes,
  channels,
  conversationStatuses,
  courierStatuses,
  deliveryEventTypes,
  deliveryStatuses,
  emailCategories,
  emailProviders,
  membershipRoles,
  messageDirections,
  messageStatuses,
  messageTypes,
  notificationChannels,
  notificationRecipientTypes,
  notificationStatuses,
  orderStatuses,
  paymentMethods,
  paymentStatuses,
  priorities,
  prospectStatuses,
  subscriptionPlans,
  subscriptionStatuses,
  vehicles,
  webhookProviders,
  webhookStatuses,
} from '@flux/contracts';
import { pgEnum } from 'drizzle-orm/pg-core';

export type {
  AiInsightKind,
  AiReviewState,
  AuthorType,
  Channel,
  ConversationStatus,
  CourierStatus,
  Currency,
  DeliveryEventType,
  DeliveryStatus,
  EmailCategory,
  EmailProvider,
  Locale,
  MembershipRole,
  MessageDirection,
  MessageStatus,
  MessageType,
  NotificationChannel,
  NotificationRecipientType,
  NotificationStatus,
  OrderStatus,
  PaymentMethod,
  PaymentStatus,
  Priority,
  ProspectStatus,
  SessionKind,
  SmsProviderName,
  SubscriptionPlan,
  SubscriptionStatus,
  Vehicle,
  WebhookProvider,
  WebhookStatus,
} from '@flux/contracts';
export {
  currencies,
  locales,
  sessionKinds,
  smsProviders,
} from '@flux/contracts';

export const membershipRoleEnum = pgEnum('membership_role', membershipRoles);
export const subscriptionPlanEnum = pgEnum('subscription_plan', subscriptionPlans);
export const subscriptionStatusEnum = pgEnum('subscription_status', subscriptionStatuses);
export const prospectStatusEnum = pgEnum('prospect_status', prospectStatuses);
export const channelEnum = pgEnum('channel', channels);
export const conversationStatusEnum = pgEnum('conversation_status', conversationStatuses);
export const messageDirectionEnum = pgEnum('message_direction', messageDirections);
export const messageTypeEnum = pgEnum('message_type', messageTypes);
export const messageStatusEnum = pgEnum('message_status', messageStatuses);
export const authorTypeEnum = pgEnum('author_type', authorTypes);
export const aiInsightKindEnum = pgEnum('ai_insight_kind', aiInsightKinds);
export const aiReviewStateEnum = pgEnum('ai_review_state', aiReviewStates);
export const orderStatusEnum = pgEnum('order_status', orderStatuses);
export const paymentMethodEnum = pgEnum('payment_method', paymentMethods);
export const paymentStatusEnum = pgEnum('payment_status', paymentStatuses);
export const courierStatusEnum = pgEnum('courier_status', courierStatuses);
export const vehicleEnum = pgEnum('vehicle', vehicles);
export const deliveryStatusEnum = pgEnum('delivery_status', deliveryStatuses);
export const deliveryEventTypeEnum = pgEnum('delivery_event_type', deliveryEventTypes);
export const emailProviderEnum = pgEnum('email_provider', emailProviders);
export const emailCategoryEnum = pgEnum('email_category', emailCategories);
export const priorityEnum = pgEnum('priority', priorities);
export const notificationChannelEnum = pgEnum('notification_channel', notificationChannels);
export const notificationRecipientTypeEnum = pgEnum(
  'notification_recipient_type',
  notificationRecipientTypes,
);
export const notificationStatusEnum = pgEnum('notification_status', notificationStatuses);
export const webhookProviderEnum = pgEnum('webhook_provider', webhookProviders);
export const webhookStatusEnum = pgEnum('webhook_status', webhookStatuses);
