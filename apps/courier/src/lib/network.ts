// Is the network there? TanStack Query's online manager: the browser's online/offline events on
// the web; on a phone the queue simply retries (every 15 s and when the app comes back).
import { onlineManager } from '@tanstack/react-query';
import { useSyncExternalStore } from 'react';

export function useOnline(): boolean {
  return useSyncExternalStore(
    (notify) => onlineManager.subscribe(notify),
    () => onlineManager.isOnline(),
    () => true,
  );
}
