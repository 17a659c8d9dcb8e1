// What the customer's tracking page shows of an order: read by its token's hash, checked for expiry, the
// courier's position coarsened and given an ETA, the door code only while it is needed. The
// rules live here; apps/server renders the result.
import type { Currency, OrderStatus, Vehicle } from '@flux/contracts';
import type { Db } from '@flux/db';
import {
  type TrackedDeliveryRow,
  type TrackedOrderRow,
  trackedDelivery,
  trackedOrderByTokenHash,
  trackedOrderLines,
  trackedOrderStatuses,
} from '@flux/db/queries/tracking';
import type { ServerKeys } from '../../lib/server-keys';
import { deliveryOtp } from '../dispatch/otp';
import { orderNumber } from '../orders';
import { TRACKING_TOKEN_PATTERN, trackingTokenAccepted, trackingTokenHash } from './link';

/** States after which the link counts down to its expiry. */
const FINISHED: readonly OrderStatus[] = ['delivered', 'cancelled', 'returned'];

/**
 * The grid a courier's position is snapped to before it leaves the server: about 125 m on each
 * side, so the page shows the neighbourhood the parcel is in, not the courier's doorstep nor
 * their exact route.
 */
export const POSITION_GRID_M = 125;

/**
 * Assumed average speeds in town (km/h) for the ETA, over the straight-line distance lengthened by
 * ROAD_FACTOR for the streets: rough Dakar / Abidjan / Lyon traffic figures, not measurements.
 */
export const URBAN_SPEED_KMH: Record<Vehicle, number> = {
  foot: 4.5,
  bicycle: 12,
  motorbike: 20,
  car: 15,
  van: 15,
};
export const ROAD_FACTOR = 1.3;

const EARTH_RADIUS_M = 6_371_000;
const METRES_PER_DEGREE = (Math.PI * EARTH_RADIUS_M) / 180;

export interface Point {
  lat: number;
  lng: number;
}

/** Great-circle distance in metres. */
export function haversineMetres(a: Point, b: Point): number {
  const rad = Math.PI / 180;
  const dLat = (b.lat - a.lat) * rad;
  const dLng = (b.lng - a.lng) * rad;
  const h =
    Math.sin(dLat / 2) ** 2 +
    Math.cos(a.lat * rad) * Math.cos(b.lat * rad) * Math.sin(dLng / 2) ** 2;
  return 2 * EARTH_RADIUS_M * Math.asin(Math.min(1, Math.sqrt(h)));
}

/** The position snapped to the POSITION_GRID_M grid (its cell's centre). */
export function coarsen(point: Point): Point {
  const latStep = POSITION_GRID_M / METRES_PER_DEGREE;
  const lat = (Math.floor(point.lat / latStep) + 0.5) * latStep;
  const lngStep =
    POSITION_GRID_M / (METRES_PER_DEGREE * Math.max(0.01, Math.cos((lat * Math.PI) / 180)));
  const lng = (Math.floor(point.lng / lngStep) + 0.5) * lngStep;
  const round = (value: number) => Math.round(value * 1e5) / 1e5;
  return { lat: round(lat), lng: round(lng) };
}

/** The courier as the customer sees them on the map. */
export interface CoarsePosition extends Point {
  /** When the courier's phone sent it. */
  at: Date;
  /** From the coarse position to the drop-off, rounded to 100 m. */
  distanceM: number;
  /** Minutes, at the vehicle's assumed urban speed; at least 1. */
  etaMinutes: number;
}

/** A position as the page shows it: coarse, with its distance and ETA to the drop-off. */
export function coarsePosition(
  exact: Point & { at: Date },
  dropoff: Point,
  vehicle: Vehicle,
): CoarsePosition {
  const coarse = coarsen(exact);
  const metres = haversineMetres(coarse, dropoff);
  const speedMps = (URBAN_SPEED_KMH[vehicle] * 1000) / 3600;
  return {
    ...coarse,
    at: exact.at,
    distanceM: Math.round(metres / 100) * 100,
    etaMinutes: Math.max(1, Math.ceil((metres * ROAD_FACTOR) / speedMps / 60)),
  };
}

export interface TrackingView {
  order: {
    id: string;
    businessId: string;
    number: string;
    status: OrderStatus;
    currency: Currency;
    lines: { name: string; quantity: number; unitPrice: number; lineTotal: number }[];
    subtotal: number;
    deliveryFee: number;
    total: number;
    /** What the courier collects at the door (0: nothing to pay). */
    cashDue: number;
    createdAt: Date;
  };
  shop: {
    name: string;
    timezone: string;
    locale: 'fr' | 'en';
    /** The shop's WhatsApp number in E.164 digits (no +), for wa.me and tel: links. */
    whatsapp: string | null;
    /** The same number as the shop shows it ("+221 77 000 00 01"). */
    whatsappDisplay: string | null;
  };
  /** Each status the order went through, oldest first. */
  timeline: { status: OrderStatus; at: Date }[];
  /** The live delivery while the order is on its way (ready or out for delivery). */
  delivery: {
    id: string;
    /** The courier's first name, once the parcel left the shop. */
    courierFirstName: string | null;
    courierId: string | null;
    vehicle: Vehicle;
    /** The code to give the courier at the door. */
    code: string;
    dropoff: Point | null;
    /** The courier's coarse position, while the parcel is on its way and a position is known. */
    position: CoarsePosition | null;
    /** Positions are pushed to the page (the parcel is picked up and on its way). */
    onTheWay: boolean;
  } | null;
}

/** When the link stops working: TRACKING_LINK_DAYS after the order ended; null while it is alive. */
export function linkExpiresAt(order: TrackedOrderRow, linkDays: number): Date | null {
  if (!FINISHED.includes(order.status)) return null;
  const ended = order.deliveredAt ?? order.cancelledAt ?? order.updatedAt;
  return new Date(ended.getTime() + linkDays * 86_400_000);
}

function deliveryView(
  order: TrackedOrderRow,
  row: TrackedDeliveryRow | undefined,
  codeKey: string,
): TrackingView['delivery'] {
  // Once delivered (or failed, cancelled) there is no door left to give a code at.
  if (!row || (order.status !== 'ready' && order.status !== 'out_for_delivery')) return null;
  if (row.status === 'delivered') return null;
  const onTheWay = order.status === 'out_for_delivery' && row.status === 'picked_up';
  const courier = row.courier;
  const dropoff =
    row.dropoffLat !== null && row.dropoffLng !== null
      ? { lat: row.dropoffLat, lng: row.dropoffLng }
      : order.deliveryLat !== null && order.deliveryLng !== null
        ? { lat: order.deliveryLat, lng: order.deliveryLng }
        : null;
  const vehicle = courier?.vehicle ?? 'motorbike';
  const position =
    onTheWay && dropoff && courier?.lastLat != null && courier.lastLng != null && courier.lastSeenAt
      ? coarsePosition(
          { lat: courier.lastLat, lng: courier.lastLng, at: courier.lastSeenAt },
          dropoff,
          vehicle,
        )
      : null;
  return {
    id: row.id,
    courierFirstName: onTheWay && courier?.firstName ? courier.firstName : null,
    courierId: courier?.id ?? null,
    vehicle,
    code: deliveryOtp(row.id, codeKey),
    dropoff,
    position,
    onTheWay,
  };
}

/**
 * The page of the order this token names; null when the token is malformed or unknown, the order
 * is a draft (not yet the customer's), or the link expired: the same answer for all of them.
 */
export async function trackingView(
  db: Db,
  params: { token: string; now: Date; linkDays: number; keys: ServerKeys },
): Promise<TrackingView | null> {
  if (!TRACKING_TOKEN_PATTERN.test(params.token)) return null;
  const tokenHash = trackingTokenHash(params.token);
  const order = await trackedOrderByTokenHash(db, { tokenHash });
  if (!order || order.status === 'draft') return null;
  // A derived token opens the page only under a server key still accepted (one HMAC, the current
  // key's, on the normal path); a random token from before migration 0029 has no key.
  if (order.tokenHash === tokenHash && !trackingTokenAccepted(params.token, order.id, params.keys))
    return null;
  const expires = linkExpiresAt(order, params.linkDays);
  if (expires && expires.getTime() <= params.now.getTime()) return null;
  const scope = { businessId: order.businessId, orderId: order.id };
  const [lines, statuses, delivery] = await Promise.all([
    trackedOrderLines(db, scope),
    trackedOrderStatuses(db, scope),
    trackedDelivery(db, scope),
  ]);
  return {
    order: {
      id: order.id,
      businessId: order.businessId,
      number: orderNumber(order.number),
      status: order.status,
      currency: order.currency,
      lines,
      subtotal: order.subtotal,
      deliveryFee: order.deliveryFee,
      total: order.total,
      cashDue: order.cashDue,
      createdAt: order.createdAt,
    },
    shop: {
      name: order.shop.name,
      timezone: order.shop.timezone,
      locale: order.shop.locale,
      whatsapp: order.shop.whatsapp ? order.shop.whatsapp.replace(/\D/g, '') || null : null,
      whatsappDisplay: order.shop.whatsapp,
    },
    timeline: statuses
      .filter((entry) => entry.status !== 'draft')
      .map((entry) => ({ status: entry.status as OrderStatus, at: entry.at })),
    delivery: deliveryView(order, delivery, params.keys.deliveryCodeKey),
  };
}
