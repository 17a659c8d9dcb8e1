// The courier's last known position on this phone (from the foreground watch), for the delivery
// screen's map. Kept in memory only: the server has its own copy.
import { useSyncExternalStore } from 'react';

export interface Position {
  lat: number;
  lng: number;
  at: number;
}

let last: Position | null = null;
const listeners = new Set<() => void>();

export function notePosition(position: Position): void {
  last = position;
  for (const listener of listeners) listener();
}

export function useLastPosition(): Position | null {
  return useSyncExternalStore(
    (listener) => {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    () => last,
    () => last,
  );
}
