export * from './gemini/client';
export * from './gemini/fake';
export { createHttpClient, type HttpClientOptions, ProviderError } from './http';
export * from './s3/fake';
export * from './whatsapp/client';
export * from './whatsapp/errors';
export * from './whatsapp/fake';
export * from './whatsapp/payloads';
export * from './whatsapp/webhook';
