export { createHttpClient, type HttpClientOptions, ProviderError } from './http';
export * from './whatsapp/payloads';
export * from './whatsapp/webhook';
