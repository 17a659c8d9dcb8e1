// Offers and changes to the courier's deliveries, live while the app is in front: the server's
// `courier.live` events (SSE, this courier's only). An event makes the lists be read again (they
// stay the one truth); the slow poll of use-courier-queries is only the backstop. A lost
// connection is tried again with backoff, and at once when the network or the app comes back; in
// the background it is closed (the push brings offers there).
import { onlineManager, useQueryClient } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { AppState } from 'react-native';
import { backoffDelay } from '../../lib/backoff';
import { api } from '../client';
import { useSignedIn } from '../session';
import { courierKeys } from './use-courier-queries';

/** `live`: connected, offers arrive at once; `connecting`: trying (the poll covers); `off`. */
export type LiveState = 'live' | 'connecting' | 'off';
export const LIVE_BACKOFF = { firstMs: 1_000, maxMs: 60_000 };

export function useCourierLive(enabled: boolean): LiveState {
  const { businessId } = useSignedIn();
  const queryClient = useQueryClient();
  const [state, setState] = useState<LiveState>('off');

  useEffect(() => {
    if (!enabled) {
      setState('off');
      return;
    }
    let subscription: { unsubscribe(): void } | null = null;
    let timer: ReturnType<typeof setTimeout> | null = null;
    let failures = 0;
    // Each connection's callbacks check it is still the current one (unsubscribing completes it).
    let generation = 0;

    const readAgain = () => {
      void queryClient.invalidateQueries({ queryKey: courierKeys.offers });
      void queryClient.invalidateQueries({ queryKey: courierKeys.deliveries });
    };
    const disconnect = () => {
      generation += 1;
      subscription?.unsubscribe();
      subscription = null;
      if (timer) clearTimeout(timer);
      timer = null;
    };
    const retryLater = (mine: number) => {
      if (mine !== generation) return;
      subscription = null;
      failures += 1;
      setState('connecting');
      timer = setTimeout(connect, backoffDelay(failures, LIVE_BACKOFF));
    };
    function connect() {
      disconnect();
      const mine = generation;
      setState('connecting');
      subscription = api.courier.live.subscribe(
        { businessId },
        {
          onStarted() {
            if (mine !== generation) return;
            failures = 0;
            setState('live');
            readAgain(); // what happened while the connection was down
          },
          onData() {
            if (mine === generation) readAgain();
          },
          onError: () => retryLater(mine),
          onComplete: () => retryLater(mine),
        },
      );
    }

    if (AppState.currentState !== 'background') connect();
    const appState = AppState.addEventListener('change', (next) => {
      if (next === 'active') {
        failures = 0;
        connect();
      } else if (next === 'background') {
        disconnect();
        setState('off');
      }
    });
    const offOnline = onlineManager.subscribe((online) => {
      if (online && subscription === null) {
        failures = 0;
        connect();
      }
    });
    return () => {
      disconnect();
      appState.remove();
      offOnline();
    };
  }, [enabled, businessId, queryClient]);

  return state;
}
