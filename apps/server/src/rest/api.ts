// The public REST API (/v1): API-key authentication (keys cached for a few seconds beside the
// sessions: auth/auth-cache.ts), scopes, a rate limit per key, an audit row per call (queued),
// Idempotency-Key on POSTs, problem+json errors; the routes themselves are routes.ts, answered by
// the same services as tRPC. Mounted by app.ts; documented by docs.ts.
// Over 400 lines on purpose: createRestApi is the chain every request goes through, read in its
// order.
import { type AppServices, acceptedKeys } from '@flux/api';
import {
  type ApiCaller,
  AppError,
  apiKeyActor,
  appErrorFromDatabase,
  authenticateApiKey,
  createOrder,
  deliveryWithTracking,
  getProduct,
  lastUsedRecorder,
  linesByProductId,
  listOrderPage,
  listProducts,
  listProspects,
  orderDetail,
  phoneOrThrow,
  presentOrderSummary,
  requestFingerprint,
  runIdempotent,
  scopeAllows,
  setStockLevel,
  transitionOrder,
  upsertProductBySku,
  upsertProspectByPhone,
} from '@flux/api/public-api';
import { type ApiResource, apiResources, toMajor } from '@flux/contracts';
import type { Db } from '@flux/db';
import { OpenAPIHono } from '@hono/zod-openapi';
import type { Context, MiddlewareHandler } from 'hono';
import { HTTPException } from 'hono/http-exception';
import { restDelivery, restOrder, restOrderSummary, restProduct, restProspect } from './presenters';
import { appErrorProblem, problem, validationProblem } from './problem';
import {
  createOrderRoute,
  getDeliveryRoute,
  getOrderRoute,
  listOrdersRoute,
  listProductsRoute,
  listProspectsRoute,
  setStockRoute,
  transitionOrderRoute,
  upsertProductRoute,
  upsertProspectRoute,
} from './routes';

export interface RestApiOptions {
  /** Calls per key per minute; 0: no limit. */
  rateLimitPerMinute: number;
  clientIp: (c: Context) => string | null;
}

export type RestEnv = {
  Variables: {
    requestId: string;
    caller: ApiCaller;
    actor: ReturnType<typeof apiKeyActor>;
    /** The work's transaction under an Idempotency-Key; the pool otherwise. */
    db: Db;
  };
};

class RefusedInTransaction extends Error {
  constructor(readonly response: Response) {
    super('refused');
  }
}

const resourceOf = (path: string): ApiResource | undefined => {
  const segment = path.split('/')[2];
  return apiResources.find((resource) => resource === segment);
};

export function createRestApi(services: AppServices, options: RestApiOptions) {
  const api = new OpenAPIHono<RestEnv>({
    defaultHook: (result, c) => {
      if (!result.success) return validationProblem(c, result.error);
    },
  });
  const serverKeys = acceptedKeys(services.config);
  const recordUse = lastUsedRecorder(services.db, (error) =>
    services.log.warn({ err: error }, 'api key last-used not recorded'),
  );

  // Who calls: the key in `Authorization: Bearer flx_…`, then its scope for this route.
  const authenticate: MiddlewareHandler<RestEnv> = async (c, next) => {
    const header = c.req.header('authorization') ?? '';
    const presented = /^bearer\s+/i.test(header) ? header.replace(/^bearer\s+/i, '').trim() : '';
    if (!presented) {
      return problem(c, 'unauthorized', {
        detail: 'Send your API key as `Authorization: Bearer flx_live_…`',
        headers: { 'www-authenticate': 'Bearer' },
      });
    }
    let caller: ApiCaller;
    try {
      caller = await authenticateApiKey(services.db, serverKeys, presented, {
        cache: services.authCache,
      });
    } catch (error) {
      if (error instanceof AppError) return appErrorProblem(c, error);
      throw error;
    }
    c.set('caller', caller);
    c.set('db', services.db);
    c.set(
      'actor',
      apiKeyActor(caller.key, {
        ip: options.clientIp(c),
        userAgent: c.req.header('user-agent') ?? null,
      }),
    );
    recordUse(caller.key.id);
    return next();
  };

  const rateLimit: MiddlewareHandler<RestEnv> = async (c, next) => {
    const limit = options.rateLimitPerMinute;
    if (limit <= 0) return next();
    const hit = await services.rateLimiter.hit(`api:${c.var.caller.key.id}`, limit, 60_000);
    const headers = {
      'ratelimit-policy': `${limit};w=60`,
      'ratelimit-limit': String(limit),
      'ratelimit-remaining': String(hit.remaining),
      'ratelimit-reset': String(Math.max(0, Math.ceil(hit.resetMs / 1000))),
    };
    if (!hit.allowed) {
      return problem(c, 'rate_limited', {
        detail: `At most ${limit} calls a minute per API key`,
        headers: {
          ...headers,
          'retry-after': String(Math.max(1, Math.ceil(hit.retryAfterMs / 1000))),
        },
      });
    }
    await next();
    for (const [name, value] of Object.entries(headers)) c.res.headers.set(name, value);
  };

  // Every call leaves a row with the key's id (the services add their own for what they change),
  // queued: the answer does not wait for its INSERT (lib/audit.ts, flushed on a graceful stop).
  const audit: MiddlewareHandler<RestEnv> = async (c, next) => {
    await next();
    services.auditQueue.add(c.var.actor, {
      businessId: c.var.caller.key.businessId,
      action: 'api.request',
      entityType: 'api_key',
      entityId: c.var.caller.key.id,
      changes: {
        method: c.req.method,
        path: c.req.path,
        status: c.res.status,
        requestId: c.var.requestId,
      },
    });
  };

  const requireScope: MiddlewareHandler<RestEnv> = async (c, next) => {
    const resource = resourceOf(c.req.path);
    // No such resource: the 404 that follows says so, whatever the key's scopes.
    if (!resource) return next();
    const access = c.req.method === 'GET' || c.req.method === 'HEAD' ? 'read' : 'write';
    if (!scopeAllows(c.var.caller.key.scopes, resource, access)) {
      return problem(c, 'insufficient_scope', {
        detail: `This key needs the scope ${resource}:${access}`,
      });
    }
    return next();
  };

  // A POST with an Idempotency-Key: the work and its stored answer in one transaction.
  const idempotency: MiddlewareHandler<RestEnv> = async (c, next) => {
    const key = c.req.header('idempotency-key');
    if (c.req.method !== 'POST' || key === undefined) return next();
    if (!/^[\x21-\x7e]{1,255}$/.test(key)) {
      return problem(c, 'validation_failed', {
        errors: [{ path: 'Idempotency-Key', message: '1 to 255 printable ASCII characters' }],
      });
    }
    const caller = c.var.caller;
    const body = await c.req.text();
    try {
      const outcome = await runIdempotent(
        services.db,
        {
          businessId: caller.key.businessId,
          apiKeyId: caller.key.id,
          key,
          requestHash: requestFingerprint('POST', c.req.path, body),
        },
        async (tx) => {
          c.set('db', tx);
          await next();
          // A refusal rolls the work back (and frees the key for a corrected retry).
          if (c.res.status >= 300) throw new RefusedInTransaction(c.res);
          return { status: c.res.status, body: await c.res.clone().json() };
        },
      );
      switch (outcome.kind) {
        case 'done':
          return;
        case 'replayed':
          return c.json(outcome.body as object, outcome.status as 200, {
            'idempotent-replayed': 'true',
          });
        case 'mismatch':
          return problem(c, 'idempotency_key_reused', {
            detail: 'Use a new Idempotency-Key for a different request',
          });
        case 'in_flight':
          return problem(c, 'idempotency_in_flight', {
            detail: 'Wait for the first request’s answer, then retry',
            headers: { 'retry-after': '1' },
          });
      }
    } catch (error) {
      if (error instanceof RefusedInTransaction) {
        c.res = error.response;
        return;
      }
      throw error;
    }
  };

  api.use('/v1/*', authenticate, rateLimit, audit, requireScope, idempotency);

  api.openAPIRegistry.registerComponent('securitySchemes', 'apiKey', {
    type: 'http',
    scheme: 'bearer',
    description:
      'An API key made in Settings → API (`flx_live_…` or `flx_test_…`), as `Authorization: Bearer <key>`. Each route names the scope it needs.',
  });

  // --- Orders ------------------------------------------------------------------------------
  api.openapi(listOrdersRoute, async (c) => {
    const query = c.req.valid('query');
    const result = await listOrderPage(services.db, c.var.caller.key.businessId, {
      status: query.status,
      prospectId: query.prospect_id,
      from: query.created_from ? new Date(query.created_from) : undefined,
      to: query.created_to ? new Date(query.created_to) : undefined,
      q: query.q,
      cursor: query.cursor,
      limit: query.limit,
    });
    return c.json(
      {
        data: result.items.map((row) => restOrderSummary(presentOrderSummary(row))),
        next_cursor: result.nextCursor,
      },
      200,
    );
  });

  api.openapi(getOrderRoute, async (c) => {
    const found = await orderDetail(
      services.db,
      c.var.caller.key.businessId,
      c.req.valid('param').id,
    );
    return c.json(restOrder(found.order, found.items), 200);
  });

  api.openapi(createOrderRoute, async (c) => {
    const input = c.req.valid('json');
    const db = c.var.db;
    const businessId = c.var.caller.key.businessId;
    const lines = await linesByProductId(
      db,
      businessId,
      input.lines.map((line) =>
        'sku' in line
          ? { sku: line.sku, quantity: line.quantity }
          : { productId: line.product_id, quantity: line.quantity },
      ),
    );
    const { order, items } = await createOrder(db, services.jobs, c.var.actor, businessId, {
      prospectId: input.prospect_id,
      lines,
      deliveryAddress: input.delivery_address,
      deliveryLat: input.delivery_lat,
      deliveryLng: input.delivery_lng,
      paymentMethod: input.payment_method,
      deliveryFee: input.delivery_fee_minor,
      note: input.note,
      status: input.status,
    });
    return c.json(restOrder(order, items), 201);
  });

  api.openapi(transitionOrderRoute, async (c) => {
    const input = c.req.valid('json');
    const db = c.var.db;
    const businessId = c.var.caller.key.businessId;
    const orderId = c.req.valid('param').id;
    await transitionOrder(db, services.jobs, c.var.actor, {
      businessId,
      orderId,
      to: input.to,
      reason: input.reason,
    });
    const found = await orderDetail(db, businessId, orderId);
    return c.json(restOrder(found.order, found.items), 200);
  });

  // --- Products ----------------------------------------------------------------------------
  api.openapi(listProductsRoute, async (c) => {
    const query = c.req.valid('query');
    const result = await listProducts(services.db, c.var.caller.key.businessId, {
      ...(query.q ? { q: query.q } : {}),
      ...(query.active !== undefined ? { active: query.active } : {}),
      ...(query.cursor ? { cursor: query.cursor } : {}),
      sort: 'newest',
      limit: query.limit,
    });
    return c.json({ data: result.items.map(restProduct), next_cursor: result.nextCursor }, 200);
  });

  api.openapi(upsertProductRoute, async (c) => {
    const input = c.req.valid('json');
    const business = c.var.caller.business;
    if (input.price.currency !== business.currency) {
      throw new AppError('BAD_REQUEST', `This shop sells in ${business.currency}`, {
        field: 'price.currency',
      });
    }
    const { product, created } = await upsertProductBySku(c.var.db, c.var.actor, {
      businessId: business.id,
      currency: business.currency,
      sku: input.sku,
      fields: {
        name: input.name,
        description: input.description,
        imageUrl: input.image_url,
        active: input.active,
      },
      price: toMajor(input.price.amount_minor, business.currency),
    });
    return created ? c.json(restProduct(product), 201) : c.json(restProduct(product), 200);
  });

  api.openapi(setStockRoute, async (c) => {
    const input = c.req.valid('json');
    const businessId = c.var.caller.key.businessId;
    const productId = c.req.valid('param').id;
    // NOT_FOUND before anything else, for a product of another business too.
    await getProduct(c.var.db, businessId, productId);
    const product = await setStockLevel(c.var.db, c.var.actor, {
      businessId,
      productId,
      stock: input.stock,
      note: input.note,
    });
    return c.json(restProduct(product), 200);
  });

  // --- Prospects ---------------------------------------------------------------------------
  api.openapi(listProspectsRoute, async (c) => {
    const query = c.req.valid('query');
    const result = await listProspects(services.db, c.var.caller.key.businessId, {
      status: query.status,
      tag: query.tag,
      q: query.q,
      cursor: query.cursor,
      limit: query.limit,
    });
    return c.json({ data: result.items.map(restProspect), next_cursor: result.nextCursor }, 200);
  });

  api.openapi(upsertProspectRoute, async (c) => {
    const input = c.req.valid('json');
    const business = c.var.caller.business;
    const phone = phoneOrThrow(input.phone, business.country);
    const { prospect, created } = await upsertProspectByPhone(
      c.var.db,
      services.jobs,
      c.var.actor,
      business.id,
      phone,
      {
        ...(input.name !== undefined ? { name: input.name } : {}),
        ...(input.email !== undefined ? { email: input.email?.toLowerCase() ?? null } : {}),
        ...(input.tags !== undefined ? { tags: input.tags } : {}),
      },
    );
    return created ? c.json(restProspect(prospect), 201) : c.json(restProspect(prospect), 200);
  });

  // --- Deliveries --------------------------------------------------------------------------
  api.openapi(getDeliveryRoute, async (c) => {
    const found = await deliveryWithTracking(services.db, services.config, {
      businessId: c.var.caller.key.businessId,
      deliveryId: c.req.valid('param').id,
    });
    return c.json(restDelivery(found), 200);
  });

  api.onError((error, c) => {
    if (error instanceof AppError) return appErrorProblem(c, error);
    const fromDatabase = appErrorFromDatabase(error);
    if (fromDatabase) return appErrorProblem(c, fromDatabase);
    if (error instanceof HTTPException) {
      if (error.status === 400) return problem(c, 'validation_failed', { detail: error.message });
      if (error.status === 413) return problem(c, 'payload_too_large');
      if (error.status === 415) return problem(c, 'unsupported_media_type');
    }
    services.log.error({ err: error, requestId: c.get('requestId') }, 'public api call failed');
    return problem(c, 'internal_error', { detail: 'It has been logged.' });
  });
  api.notFound((c) =>
    problem(c, 'not_found', { detail: `No route ${c.req.method} ${c.req.path}` }),
  );
  return api;
}
