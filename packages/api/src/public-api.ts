// What the public REST API (apps/server's /v1) calls: the same services as the tRPC routers,
// plus the API's own keys and Idempotency-Key store. One entry point keeps that surface visible.
export { scopeAllows } from '@flux/contracts';
export { AppError, appErrorFromDatabase } from './lib/errors';
export { presentOrderSummary } from './presenters/order';
export {
  type ApiCaller,
  type ApiKeyRow,
  apiKeyActor,
  authenticateApiKey,
  createApiKey,
  hashApiKey,
  lastUsedRecorder,
  revokeApiKey,
} from './services/api-keys';
export {
  getProduct,
  linesByProductId,
  listProducts,
  setStockLevel,
  upsertProductBySku,
} from './services/catalog';
export { deliveryWithTracking } from './services/deliveries-read';
export {
  IDEMPOTENCY_LEASE_SECONDS,
  requestFingerprint,
  runIdempotent,
} from './services/idempotency';
export { orderNumber } from './services/order-number';
export { createOrder, type OrderStatus, transitionOrder } from './services/orders';
export { listOrderPage, orderDetail } from './services/orders-read';
export { listProspects, phoneOrThrow, upsertProspectByPhone } from './services/prospects';
