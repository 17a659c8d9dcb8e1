export * from './delivery-error';
export * from './email/client';
export * from './email/compose';
export * from './email/fake';
export * from './email/parse';
export * from './gemini/client';
export * from './gemini/fake';
export * from './google/fake';
export * from './google/gmail';
export * from './google/oauth';
export * from './google/push';
export * from './google/schemas';
export {
  createHttpClient,
  type HttpClientOptions,
  ProviderError,
  type RequestOptions,
} from './http';
export * from './lazy';
export * from './microsoft/fake';
export * from './microsoft/graph';
export * from './microsoft/oauth';
export * from './microsoft/reply';
export * from './microsoft/schemas';
export * from './oauth/client';
export * from './push/client';
export * from './push/fake';
export * from './s3/fake';
export * from './sms/africastalking';
export * from './sms/fake';
export * from './sms/twilio';
export * from './sms/types';
export * from './web-push/client';
export * from './web-push/crypto';
export * from './web-push/fake';
export * from './webhooks/address-guard';
export * from './webhooks/send';
export * from './webhooks/signature';
export * from './whatsapp/client';
export * from './whatsapp/errors';
export * from './whatsapp/fake';
export * from './whatsapp/payloads';
export * from './whatsapp/webhook';
