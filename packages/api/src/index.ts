export { SESSION_COOKIE, validateSessionToken } from './auth/session';
export { type Bootstrapped, createAppServices, fileUrlSecret } from './bootstrap';
export type {
  AppServices,
  EmailConfig,
  ProcedureObserver,
  RequestInfo,
  SandboxOutbox,
} from './context';
export { apiEnv, DEV_VAPID_KEYS, DEV_VAPID_SUBJECT, vapidConfig } from './env';
export { aiWork } from './jobs/ai/analyze';
export { installJobSchema, type JobRunner, jobs, startJobs } from './jobs/registry';
export { AppError } from './lib/errors';
export { type JsonTexts, spliceJsonTexts } from './lib/json-text';
export { createLogger, loggableError, loggerOptions } from './lib/log';
export { acceptedKeys, type ServerKeys } from './lib/server-keys';
export {
  createFolderStorage,
  createS3Storage,
  type FileStorage,
  type FolderStorage,
  isFolderStorage,
  sniffImage,
} from './lib/storage';
export { type AppRouter, appRouter, createCaller } from './root';
export {
  ATTACHMENT_PREFIX,
  attachmentBytes,
  attachmentLinkValid,
} from './services/email/attachments';
export { completeGmailConnect, completeMailConnect } from './services/email/connect';
export { microsoftConfigForFake } from './services/email/microsoft';
export { syncOnOutlookNotifications } from './services/email/outlook-push';
export { syncOnGmailPush } from './services/email/push';
export {
  type NotificationProvidersConfig,
  notificationProviders,
} from './services/notifications/providers';
export { applyInboundSms, applySmsReport } from './services/notifications/sms-callbacks';
export { ordersCsv, ordersCsvHeader } from './services/orders-export';
export {
  RECEIPT_PREFIX,
  type ReceiptView,
  readReceiptToken,
  receiptToken,
  receiptView,
} from './services/orders-receipt';
export { smsCallbackKeys } from './services/sms-accounts';
export {
  type CoarsePosition,
  POSITION_GRID_M,
  TRACKING_PREFIX,
  type TrackingUpdate,
  type TrackingView,
  trackingPath,
  trackingUpdates,
  trackingUrl,
  trackingView,
  URBAN_SPEED_KMH,
} from './services/tracking';
export {
  CONVERSATION_PHOTO_MAX_BYTES,
  PROOF_PHOTO_MAX_BYTES,
  storeConversationPhoto,
  storeProofPhoto,
} from './services/uploads';
export { type Context, createContext, MAX_BATCH_SIZE } from './trpc';
export { createInboxWriter, type InboxEvent } from './webhook-inbox';
