export { createHttpClient, type HttpClientOptions, ProviderError } from './http';
