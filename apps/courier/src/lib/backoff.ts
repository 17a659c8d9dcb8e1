// How long to wait before trying again after a failure: doubling from `firstMs` up to `maxMs`,
// with jitter (a few hundred couriers coming back from the same network cut do not all retry in
// the same second). Used by the live connection and by the action queue.

export interface Backoff {
  firstMs: number;
  maxMs: number;
}

/** The delay before try `failures + 1`, after `failures` failures in a row (0: at once). */
export function backoffDelay(
  failures: number,
  backoff: Backoff,
  random: () => number = Math.random,
): number {
  if (failures <= 0) return 0;
  const ceiling = Math.min(backoff.maxMs, backoff.firstMs * 2 ** (failures - 1));
  // Between half and all of the ceiling: never 0, never more than the cap.
  return Math.round(ceiling / 2 + (random() * ceiling) / 2);
}
