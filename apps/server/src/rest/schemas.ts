// The public API's shapes, in zod: they parse the requests and generate the OpenAPI document
// (/openapi.json), so what is documented is what is checked. Field names are snake_case, money
// is { amount_minor, currency }, times are ISO 8601 strings.
import {
  apiScopes,
  currencies,
  deliveryStatuses,
  orderStatuses,
  paymentMethods,
  paymentStatuses,
  prospectStatuses,
} from '@flux/contracts';
import { z } from '@hono/zod-openapi';

export const Money = z
  .object({
    amount_minor: z.number().int().openapi({
      description: 'Integer amount in the currency’s minor unit (XOF has none: francs; EUR: cents)',
      example: 12500,
    }),
    currency: z.enum(currencies).openapi({ example: 'XOF' }),
  })
  .openapi('Money');

const timestamp = z.string().openapi({ format: 'date-time', example: '2026-11-27T10:15:00.000Z' });
const uuid = z.uuid().openapi({ example: '0b7c3c1e-5a55-4f4e-9f0c-3d2f1d8a9b10' });

export const Problem = z
  .object({
    type: z.string().openapi({ example: 'urn:fluxasync:problem:validation_failed' }),
    title: z.string().openapi({ example: 'Your request is not valid' }),
    status: z.number().int().openapi({ example: 400 }),
    detail: z.string().optional(),
    instance: z.string().optional(),
    code: z.string().openapi({ description: 'Stable error code', example: 'validation_failed' }),
    request_id: z.string().optional(),
    errors: z
      .array(
        z.object({
          path: z.string().openapi({ example: 'lines.0.quantity' }),
          message: z.string(),
        }),
      )
      .optional()
      .openapi({ description: 'Field issues (validation_failed)' }),
  })
  .openapi('Problem', { description: 'RFC 9457 problem details (application/problem+json)' });

export const Customer = z
  .object({ name: z.string().nullable(), phone: z.string().nullable() })
  .openapi('OrderCustomer');

export const OrderSummary = z
  .object({
    id: uuid,
    reference: z.string().openapi({ example: 'CMD-000042' }),
    number: z.number().int(),
    status: z.enum(orderStatuses),
    payment_method: z.enum(paymentMethods),
    total: Money,
    delivery_address: z.string().nullable(),
    customer: Customer,
    items: z.array(z.object({ name: z.string(), quantity: z.number().int(), line_total: Money })),
    created_at: timestamp,
  })
  .openapi('OrderSummary');

export const OrderItem = z
  .object({
    product_id: uuid.nullable(),
    name: z.string(),
    quantity: z.number().int(),
    unit_price: Money,
    line_total: Money,
  })
  .openapi('OrderItem');

export const Order = z
  .object({
    id: uuid,
    reference: z.string().openapi({ example: 'CMD-000042' }),
    number: z.number().int(),
    status: z.enum(orderStatuses),
    allowed_transitions: z.array(z.enum(orderStatuses)),
    prospect_id: uuid,
    payment_method: z.enum(paymentMethods),
    payment_status: z.enum(paymentStatuses),
    subtotal: Money,
    delivery_fee: Money,
    total: Money,
    cash_due: Money.openapi({ description: 'What the courier collects at the door' }),
    delivery_address: z.string().nullable(),
    delivery_lat: z.number().nullable(),
    delivery_lng: z.number().nullable(),
    note: z.string().nullable(),
    items: z.array(OrderItem),
    created_at: timestamp,
    updated_at: timestamp,
    confirmed_at: timestamp.nullable(),
    delivered_at: timestamp.nullable(),
    cancelled_at: timestamp.nullable(),
  })
  .openapi('Order');

export const Product = z
  .object({
    id: uuid,
    sku: z.string().openapi({ example: 'THIEB-01' }),
    name: z.string(),
    description: z.string().nullable(),
    image_url: z.string().nullable(),
    price: Money,
    stock: z.number().int(),
    active: z.boolean(),
    created_at: timestamp,
    updated_at: timestamp,
  })
  .openapi('Product');

export const Prospect = z
  .object({
    id: uuid,
    name: z.string().nullable(),
    phone: z.string().nullable().openapi({ example: '+221771234567' }),
    email: z.string().nullable(),
    status: z.enum(prospectStatuses),
    tags: z.array(z.string()),
    last_contact_at: timestamp.nullable(),
    created_at: timestamp,
    updated_at: timestamp,
  })
  .openapi('Prospect');

export const Delivery = z
  .object({
    id: uuid,
    order_id: uuid,
    order_reference: z.string(),
    status: z.enum(deliveryStatuses),
    courier_id: uuid.nullable(),
    pickup_address: z.string().nullable(),
    dropoff_address: z.string().nullable(),
    distance_m: z.number().nullable(),
    attempts: z.number().int(),
    accepted_at: timestamp.nullable(),
    picked_up_at: timestamp.nullable(),
    delivered_at: timestamp.nullable(),
    failed_at: timestamp.nullable(),
    failure_reason: z.string().nullable(),
    tracking_url: z.string().nullable().openapi({
      description: 'The customer’s tracking page (no sign-in), when the order has one',
      example: 'https://shop.example/t/3q2-7wPnK0mYc9Vv0Gm1bA',
    }),
    created_at: timestamp,
    updated_at: timestamp,
  })
  .openapi('Delivery');

export const pageOf = <T extends z.ZodType>(item: T, name: string) =>
  z
    .object({
      data: z.array(item),
      next_cursor: z.string().nullable().openapi({
        description: 'Pass as `cursor` for the next page; null on the last one',
      }),
    })
    .openapi(name);

// --- Requests -------------------------------------------------------------------------------

export const IdParam = z.object({
  id: z.uuid().openapi({
    param: { name: 'id', in: 'path' },
    example: '0b7c3c1e-5a55-4f4e-9f0c-3d2f1d8a9b10',
  }),
});

export const IdempotencyHeader = z.object({
  'idempotency-key': z
    .string()
    .min(1)
    .max(255)
    .regex(/^[\x21-\x7e]+$/, 'Printable ASCII, no spaces')
    .optional()
    .openapi({
      description:
        'Makes the POST safe to retry: the same key with the same body gets the first answer for 24 hours; another body gets 422, a retry while the first runs 409.',
      example: 'c1a7b0b4-2f0e-4b59-9b8e-6f1d2a3c4e5f',
    }),
});

const limit = z.coerce.number().int().min(1).max(100).default(25);
const cursor = z.string().max(200).optional();
const csv = <T extends readonly [string, ...string[]]>(values: T) =>
  z
    .string()
    .transform((text) => text.split(',').map((part) => part.trim()))
    .pipe(z.array(z.enum(values)).max(10));

export const OrderListQuery = z.object({
  status: csv(orderStatuses).optional().openapi({
    description: 'One or more statuses, comma-separated',
    example: 'pending,confirmed',
  }),
  prospect_id: z.uuid().optional(),
  created_from: z.iso
    .datetime({ offset: true })
    .optional()
    .openapi({ description: 'Created at or after' }),
  created_to: z.iso
    .datetime({ offset: true })
    .optional()
    .openapi({ description: 'Created before' }),
  q: z
    .string()
    .max(100)
    .optional()
    .openapi({ description: 'An order number, or a customer’s name or phone' }),
  cursor,
  limit,
});

const sku = z
  .string()
  .trim()
  .min(1)
  .max(64)
  .regex(/^[A-Za-z0-9][A-Za-z0-9._-]*$/, 'Letters, digits, dot, dash and underscore only')
  .transform((value) => value.toUpperCase())
  .openapi({ example: 'THIEB-01' });

const quantity = z.number().int().min(1).max(10_000);

export const OrderCreateBody = z
  .object({
    prospect_id: z.uuid(),
    lines: z
      .array(z.union([z.object({ product_id: z.uuid(), quantity }), z.object({ sku, quantity })]))
      .min(1)
      .max(100)
      .openapi({ description: 'Each line names its product by `product_id` or by `sku`' }),
    delivery_address: z.string().trim().max(500).optional(),
    delivery_lat: z.number().min(-90).max(90).optional(),
    delivery_lng: z.number().min(-180).max(180).optional(),
    payment_method: z.enum(paymentMethods).default('cash_on_delivery'),
    delivery_fee_minor: z
      .number()
      .int()
      .min(0)
      .max(100_000_000)
      .optional()
      .openapi({ description: 'In minor units; the business’s delivery fee when left out' }),
    note: z.string().trim().max(2_000).optional(),
    status: z.enum(['draft', 'pending']).default('pending'),
  })
  .refine((input) => (input.delivery_lat === undefined) === (input.delivery_lng === undefined), {
    message: 'Give both latitude and longitude, or neither',
    path: ['delivery_lat'],
  })
  .openapi('OrderCreate');

export const OrderTransitionBody = z
  .object({
    to: z.enum(orderStatuses).openapi({ example: 'confirmed' }),
    reason: z.string().trim().min(1).max(500).optional().openapi({
      description: 'Required to cancel or to mark failed',
    }),
  })
  .openapi('OrderTransition');

export const ProductListQuery = z.object({
  q: z.string().max(100).optional(),
  active: z
    .enum(['true', 'false'])
    .transform((value) => value === 'true')
    .optional(),
  cursor,
  limit,
});

export const ProductUpsertBody = z
  .object({
    sku,
    name: z.string().trim().min(1).max(200),
    description: z.string().trim().max(5_000).nullable().optional(),
    image_url: z
      .url({ protocol: /^https?$/ })
      .max(2_000)
      .nullable()
      .optional(),
    price: Money,
    active: z.boolean().optional(),
  })
  .openapi('ProductUpsert');

export const StockBody = z
  .object({
    stock: z.number().int().min(0).max(1_000_000),
    note: z.string().trim().max(500).optional(),
  })
  .openapi('StockLevel');

export const ProspectListQuery = z.object({
  status: z.enum(prospectStatuses).optional(),
  tag: z.string().max(32).optional(),
  q: z.string().max(100).optional(),
  cursor,
  limit,
});

export const ProspectUpsertBody = z
  .object({
    phone: z.string().trim().min(3).max(40).openapi({ example: '+221771234567' }),
    name: z.string().trim().max(200).nullable().optional(),
    email: z.email().max(320).nullable().optional(),
    tags: z.array(z.string().max(32)).max(20).optional(),
  })
  .openapi('ProspectUpsert');

export { apiScopes };
