// The /v1 routes: each declared once with createRoute (its OpenAPI entry and its parsing), and
// answered by the services the tRPC routers call. The key's scope for a route is its resource
// (the path's first segment) and its method (GET reads, POST writes): see api.ts requireScope.
import { createRoute, type RouteConfig, type z } from '@hono/zod-openapi';
import {
  Delivery,
  IdempotencyHeader,
  IdParam,
  Order,
  OrderCreateBody,
  OrderListQuery,
  OrderSummary,
  OrderTransitionBody,
  Problem,
  Product,
  ProductListQuery,
  ProductUpsertBody,
  Prospect,
  ProspectListQuery,
  ProspectUpsertBody,
  pageOf,
  StockBody,
} from './schemas';

const problemResponse = (description: string) => ({
  description,
  content: { 'application/problem+json': { schema: Problem } },
});

/** What any call may answer besides its success. */
const commonProblems = {
  400: problemResponse('Invalid request (validation_failed, bad_request)'),
  401: problemResponse('Missing, unknown, revoked or expired API key (unauthorized)'),
  403: problemResponse('The key lacks the scope (insufficient_scope)'),
  404: problemResponse('No such resource in your business (not_found)'),
  429: problemResponse(
    'Rate limit reached (rate_limited); see the RateLimit-* and Retry-After headers',
  ),
};
const postProblems = {
  ...commonProblems,
  409: problemResponse('A conflict, or the same Idempotency-Key still running'),
  422: problemResponse('Idempotency-Key reused with another request (idempotency_key_reused)'),
};

const json = <T extends z.ZodType>(schema: T, description: string) => ({
  description,
  content: { 'application/json': { schema } },
});

function scoped<R extends RouteConfig>(scope: string, config: R) {
  return createRoute({ ...config, security: [{ apiKey: [scope] }] });
}

// --- Orders --------------------------------------------------------------------------------

export const listOrdersRoute = scoped('orders:read', {
  method: 'get',
  path: '/v1/orders',
  tags: ['Orders'],
  summary: 'List orders',
  description: 'Newest first, filtered, a page at a time (pass `next_cursor` back as `cursor`).',
  request: { query: OrderListQuery },
  responses: {
    200: json(pageOf(OrderSummary, 'OrderPage'), 'A page of orders'),
    ...commonProblems,
  },
});

export const getOrderRoute = scoped('orders:read', {
  method: 'get',
  path: '/v1/orders/{id}',
  tags: ['Orders'],
  summary: 'Get an order',
  request: { params: IdParam },
  responses: { 200: json(Order, 'The order with its lines'), ...commonProblems },
});

export const createOrderRoute = scoped('orders:write', {
  method: 'post',
  path: '/v1/orders',
  tags: ['Orders'],
  summary: 'Create an order',
  description:
    'Prices come from the catalog (never from the request); totals are computed by the server. A `pending` order is waiting for the shop to confirm it.',
  request: {
    headers: IdempotencyHeader,
    body: { content: { 'application/json': { schema: OrderCreateBody } }, required: true },
  },
  responses: { 201: json(Order, 'The order created'), ...postProblems },
});

export const transitionOrderRoute = scoped('orders:write', {
  method: 'post',
  path: '/v1/orders/{id}/transition',
  tags: ['Orders'],
  summary: 'Move an order to another status',
  description:
    'draft → pending → confirmed → preparing → ready → out_for_delivery → delivered, or cancelled / failed → returned. `allowed_transitions` on the order says which moves are open. Confirming reserves stock; cancelling releases it.',
  request: {
    params: IdParam,
    headers: IdempotencyHeader,
    body: { content: { 'application/json': { schema: OrderTransitionBody } }, required: true },
  },
  responses: { 200: json(Order, 'The order after the move'), ...postProblems },
});

// --- Products ------------------------------------------------------------------------------

export const listProductsRoute = scoped('products:read', {
  method: 'get',
  path: '/v1/products',
  tags: ['Products'],
  summary: 'List products',
  request: { query: ProductListQuery },
  responses: { 200: json(pageOf(Product, 'ProductPage'), 'A page of products'), ...commonProblems },
});

export const upsertProductRoute = scoped('products:write', {
  method: 'post',
  path: '/v1/products',
  tags: ['Products'],
  summary: 'Create or update a product by SKU',
  description:
    'The product with this SKU is changed, or created (with a stock of 0) when there is none. The price must be in the shop’s currency.',
  request: {
    headers: IdempotencyHeader,
    body: { content: { 'application/json': { schema: ProductUpsertBody } }, required: true },
  },
  responses: {
    200: json(Product, 'The product, changed'),
    201: json(Product, 'The product, created'),
    ...postProblems,
  },
});

export const setStockRoute = scoped('products:write', {
  method: 'post',
  path: '/v1/products/{id}/stock',
  tags: ['Products'],
  summary: 'Set a product’s stock',
  description: 'Sets the count on hand (an inventory); recorded as a stock correction.',
  request: {
    params: IdParam,
    headers: IdempotencyHeader,
    body: { content: { 'application/json': { schema: StockBody } }, required: true },
  },
  responses: { 200: json(Product, 'The product with its new stock'), ...postProblems },
});

// --- Prospects -----------------------------------------------------------------------------

export const listProspectsRoute = scoped('prospects:read', {
  method: 'get',
  path: '/v1/prospects',
  tags: ['Prospects'],
  summary: 'List prospects',
  request: { query: ProspectListQuery },
  responses: {
    200: json(pageOf(Prospect, 'ProspectPage'), 'A page of prospects'),
    ...commonProblems,
  },
});

export const upsertProspectRoute = scoped('prospects:write', {
  method: 'post',
  path: '/v1/prospects',
  tags: ['Prospects'],
  summary: 'Create or update a prospect by phone',
  description:
    'The phone is read as a number of the shop’s country unless it starts with + and its country code; it is stored in E.164.',
  request: {
    headers: IdempotencyHeader,
    body: { content: { 'application/json': { schema: ProspectUpsertBody } }, required: true },
  },
  responses: {
    200: json(Prospect, 'The prospect, changed'),
    201: json(Prospect, 'The prospect, created'),
    ...postProblems,
  },
});

// --- Deliveries ----------------------------------------------------------------------------

export const getDeliveryRoute = scoped('deliveries:read', {
  method: 'get',
  path: '/v1/deliveries/{id}',
  tags: ['Deliveries'],
  summary: 'Get a delivery',
  description: 'With the customer’s tracking link when the order has one.',
  request: { params: IdParam },
  responses: { 200: json(Delivery, 'The delivery'), ...commonProblems },
});
