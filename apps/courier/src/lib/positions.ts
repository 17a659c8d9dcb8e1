// Positions cost battery and data: a fix is sent only when the courier moved enough or enough
// time passed (throttle), and while the network is down the fixes wait in a small buffer, thinned
// to the newest few, sent in one batched request (tRPC batches the calls) when it returns.

export interface Fix {
  lat: number;
  lng: number;
  accuracy?: number;
  /** Epoch ms when the phone took it. */
  at: number;
}

export const THROTTLE = {
  /** Below this move, a fix is not worth sending… */
  minMeters: 50,
  /** …nor more often than this… */
  minMs: 15_000,
  /** …but the shop hears from an available courier at least this often. */
  maxMs: 120_000,
};

/** Buffered fixes kept while offline (the server takes 60 a minute at most). */
export const BUFFER_SIZE = 20;

const EARTH_M = 6_371_000;
export function metersBetween(a: Pick<Fix, 'lat' | 'lng'>, b: Pick<Fix, 'lat' | 'lng'>): number {
  const rad = Math.PI / 180;
  const dLat = (b.lat - a.lat) * rad;
  const dLng = (b.lng - a.lng) * rad;
  const h =
    Math.sin(dLat / 2) ** 2 +
    Math.cos(a.lat * rad) * Math.cos(b.lat * rad) * Math.sin(dLng / 2) ** 2;
  return 2 * EARTH_M * Math.asin(Math.sqrt(h));
}

export function shouldSend(last: Fix | null, next: Fix, limits = THROTTLE): boolean {
  if (!last) return true;
  const elapsed = next.at - last.at;
  if (elapsed >= limits.maxMs) return true;
  return elapsed >= limits.minMs && metersBetween(last, next) >= limits.minMeters;
}

/** Adds a fix to the offline buffer, dropping the oldest beyond `size`. */
export function buffered(buffer: readonly Fix[], fix: Fix, size = BUFFER_SIZE): Fix[] {
  const next = [...buffer, fix];
  return next.length > size ? next.slice(next.length - size) : next;
}
