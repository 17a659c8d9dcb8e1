// The public API's answers: rows as the REST shapes of schemas.ts (snake_case, money as
// { amount_minor, currency }, times as ISO strings). Never a hash, a token or a secret: an
// order's tracking token leaves only as the customer's link.
import { orderNumber as reference } from '@flux/api/public-api';
import { type Currency, orderTransitions } from '@flux/contracts';
import type { schema } from '@flux/db';
import type { OrderSummary } from '@flux/db/queries/order-list';

type OrderRow = typeof schema.orders.$inferSelect;
type OrderItemRow = typeof schema.orderItems.$inferSelect;
type ProductRow = typeof schema.products.$inferSelect;
type ProspectRow = typeof schema.prospects.$inferSelect;
type DeliveryRow = typeof schema.deliveries.$inferSelect;

const money = (amountMinor: number, currency: Currency) => ({
  amount_minor: amountMinor,
  currency,
});
const iso = (date: Date) => date.toISOString();
const isoOrNull = (date: Date | null) => (date ? date.toISOString() : null);

export function restOrderSummary(row: OrderSummary) {
  return {
    id: row.id,
    reference: row.reference,
    number: row.number,
    status: row.status,
    payment_method: row.paymentMethod,
    total: money(row.total.minor, row.total.currency),
    delivery_address: row.deliveryAddress,
    customer: { name: row.prospect.name, phone: row.prospect.phone },
    items: row.items.map((item) => ({
      name: item.name,
      quantity: item.quantity,
      line_total: money(item.lineTotal.minor, item.lineTotal.currency),
    })),
    created_at: iso(row.createdAt),
  };
}

export function restOrder(order: OrderRow, items: OrderItemRow[]) {
  const currency = order.currency;
  return {
    id: order.id,
    reference: reference(order.number),
    number: order.number,
    status: order.status,
    allowed_transitions: [...orderTransitions[order.status]],
    prospect_id: order.prospectId,
    payment_method: order.paymentMethod,
    payment_status: order.paymentStatus,
    subtotal: money(order.subtotal, currency),
    delivery_fee: money(order.deliveryFee, currency),
    total: money(order.total, currency),
    cash_due: money(order.cashDue, currency),
    delivery_address: order.deliveryAddress,
    delivery_lat: order.deliveryLat,
    delivery_lng: order.deliveryLng,
    note: order.note,
    items: items.map((item) => ({
      product_id: item.productId,
      name: item.name,
      quantity: item.quantity,
      unit_price: money(item.unitPrice, currency),
      line_total: money(item.lineTotal, currency),
    })),
    created_at: iso(order.createdAt),
    updated_at: iso(order.updatedAt),
    confirmed_at: isoOrNull(order.confirmedAt),
    delivered_at: isoOrNull(order.deliveredAt),
    cancelled_at: isoOrNull(order.cancelledAt),
  };
}

export function restProduct(row: ProductRow) {
  return {
    id: row.id,
    sku: row.sku,
    name: row.name,
    description: row.description,
    image_url: row.imageUrl,
    price: money(row.price, row.currency),
    stock: row.stock,
    active: row.active,
    created_at: iso(row.createdAt),
    updated_at: iso(row.updatedAt),
  };
}

export function restProspect(row: ProspectRow) {
  return {
    id: row.id,
    name: row.name,
    phone: row.phone,
    email: row.email,
    status: row.status,
    tags: row.tags,
    last_contact_at: isoOrNull(row.lastContactAt),
    created_at: iso(row.createdAt),
    updated_at: iso(row.updatedAt),
  };
}

export function restDelivery(found: {
  delivery: DeliveryRow;
  orderReference: string;
  trackingUrl: string | null;
}) {
  const row = found.delivery;
  return {
    id: row.id,
    order_id: row.orderId,
    order_reference: found.orderReference,
    status: row.status,
    courier_id: row.courierId,
    pickup_address: row.pickupAddress,
    dropoff_address: row.dropoffAddress,
    distance_m: row.distanceM,
    attempts: row.attempts,
    accepted_at: isoOrNull(row.acceptedAt),
    picked_up_at: isoOrNull(row.pickedUpAt),
    delivered_at: isoOrNull(row.deliveredAt),
    failed_at: isoOrNull(row.failedAt),
    failure_reason: row.failureReason,
    tracking_url: found.trackingUrl,
    created_at: iso(row.createdAt),
    updated_at: iso(row.updatedAt),
  };
}
