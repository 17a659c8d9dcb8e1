// The customer's delivery code: derived, never stored, checked in constant time.
import { createHmac, timingSafeEqual } from 'node:crypto';

/**
 * The code the customer gives the courier at the door: derived from the delivery id and the
 * server's key, so it is stored nowhere (not even hashed: 10,000 codes are hashed in a blink), yet
 * the shop can always tell it again. `key`: AppServices.config.deliveryCodeKey.
 */
export function deliveryOtp(deliveryId: string, key: string): string {
  const digest = createHmac('sha256', key).update(`otp:${deliveryId}`).digest();
  return String(digest.readUInt32BE(0) % 10_000).padStart(4, '0');
}

/** Wrong codes in a row after which the delivery is locked for the courier. */
export const OTP_MAX_FAILURES = 5;

const otpMac = (deliveryId: string, code: string, key: string) =>
  createHmac('sha256', key).update(`otp-check:${deliveryId}:${code}`).digest();

/**
 * The given code against the delivery's, as two HMACs under the server key compared in constant
 * time: equal lengths whatever was typed, and nothing about the right code leaks through timing.
 * `keys`: the current server key first, then the previous ones (lib/server-keys.ts): during a key
 * rotation the code told before it still opens the door, as does the one shown since.
 */
export function otpMatches(deliveryId: string, given: string, keys: readonly string[]): boolean {
  return keys.some((key) =>
    timingSafeEqual(
      otpMac(deliveryId, given.trim(), key),
      otpMac(deliveryId, deliveryOtp(deliveryId, key), key),
    ),
  );
}
