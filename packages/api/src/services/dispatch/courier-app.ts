// What the courier app reads: its deliveries under way as it works from them at the door (the
// customer, the lines, the code's state, whom to call when stuck) and the day's summary (done,
// cash still held, the last days' history).
import type { Db } from '@flux/db';
import {
  businessToday,
  courierFinished,
  courierTasks,
  dispatcherPhone,
  setCourierPushToken,
} from '@flux/db/queries/courier-app';
import { courierCash } from '@flux/db/queries/couriers';
import { businessSettings } from '@flux/db/queries/deliveries';
import { type Currency, money } from '../../lib/money';
import { orderNumber } from '../orders';
import type { CourierRef } from './courier-actions';
import { OTP_MAX_FAILURES } from './otp';

/** Days of history the app shows under today. */
export const HISTORY_DAYS = 7;
const HISTORY_LIMIT = 500;

/** The courier's deliveries under way, each with what is needed at the door. */
export async function courierDeliveries(db: Db, courier: CourierRef, locale: 'fr' | 'en') {
  const [rows, settings, phone] = await Promise.all([
    courierTasks(db, { businessId: courier.businessId, courierId: courier.id }),
    businessSettings(db, { businessId: courier.businessId }),
    dispatcherPhone(db, { businessId: courier.businessId }),
  ]);
  const photoProofAllowed = settings?.dispatch.photoProofAllowed ?? false;
  return rows.map((row) => ({
    id: row.id,
    status: row.status,
    orderReference: orderNumber(row.orderNumber),
    pickupAddress: row.pickupAddress,
    pickupLat: row.pickupLat,
    pickupLng: row.pickupLng,
    dropoffAddress: row.dropoffAddress,
    dropoffLat: row.dropoffLat,
    dropoffLng: row.dropoffLng,
    distanceM: row.distanceM,
    acceptedAt: row.acceptedAt,
    pickedUpAt: row.pickedUpAt,
    customerName: row.customerName,
    customerPhone: row.customerPhone,
    lines: row.lines,
    cashDue: money(row.cashDue, row.currency, locale),
    codeLocked: row.otpLockedAt !== null,
    codeWaived: row.proofWaivedAt !== null,
    wrongCodesLeft: Math.max(0, OTP_MAX_FAILURES - row.otpFailures),
    photoProofAllowed,
    dispatcherPhone: phone,
  }));
}

/** Today in the shop's time zone: deliveries done and failed, cash held, and the last days. */
export async function courierToday(
  db: Db,
  courier: CourierRef,
  params: { currency: Currency; locale: 'fr' | 'en'; now?: Date },
) {
  const now = params.now ?? new Date();
  const since = new Date(now.getTime() - (HISTORY_DAYS + 1) * 24 * 3_600_000);
  const [today, rows, cash] = await Promise.all([
    businessToday(db, { businessId: courier.businessId }),
    courierFinished(db, {
      businessId: courier.businessId,
      courierId: courier.id,
      since,
      limit: HISTORY_LIMIT,
    }),
    courierCash(db, { businessId: courier.businessId, courierId: courier.id }),
  ]);
  const held = Math.max(0, (cash[0]?.collected ?? 0) - (cash[0]?.handedOver ?? 0));
  const days = new Map<
    string,
    { day: string; delivered: number; failed: number; cash: number; items: typeof rows }
  >();
  for (const row of rows) {
    const day = days.get(row.day) ?? { day: row.day, delivered: 0, failed: 0, cash: 0, items: [] };
    if (row.status === 'delivered') {
      day.delivered += 1;
      day.cash += row.cashCollected;
    } else {
      day.failed += 1;
    }
    day.items.push(row);
    days.set(row.day, day);
  }
  const present = (day: {
    day: string;
    delivered: number;
    failed: number;
    cash: number;
    items: typeof rows;
  }) => ({
    day: day.day,
    delivered: day.delivered,
    failed: day.failed,
    cashCollected: money(day.cash, params.currency, params.locale),
    deliveries: day.items.map((item) => ({
      id: item.id,
      status: item.status,
      orderReference: orderNumber(item.orderNumber),
      dropoffAddress: item.dropoffAddress,
      cashCollected: money(item.cashCollected, item.currency, params.locale),
      failureReason: item.failureReason,
      at: item.at,
    })),
  });
  const todays = days.get(today) ?? { day: today, delivered: 0, failed: 0, cash: 0, items: [] };
  return {
    today: present(todays),
    /** Collected on every delivery and not yet handed over to the shop. */
    cashHeld: money(held, params.currency, params.locale),
    history: [...days.values()].filter((day) => day.day !== today).map(present),
  };
}

/** The device that receives this courier's offer pushes; null forgets it (sign-out). */
export function registerPushToken(db: Db, courier: CourierRef, pushToken: string | null) {
  return setCourierPushToken(db, {
    businessId: courier.businessId,
    courierId: courier.id,
    pushToken,
  });
}
