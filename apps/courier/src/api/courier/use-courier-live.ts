// Offers and changes to the courier's deliveries, live while the app is in front: the server's
// `courier.live` events (SSE, this courier's only). An event makes the lists be read again (they
// stay the one truth); the slow poll of use-courier-queries is only the backstop. A lost
// connection is tried again with backoff (lib/reconnect), and at once when the network or the app
// comes back; in the background it is closed (the push brings offers there).
import { onlineManager, useQueryClient } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { AppState } from 'react-native';
import { createReconnector } from '../../lib/reconnect';
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
    const readAgain = () => {
      void queryClient.invalidateQueries({ queryKey: courierKeys.offers });
      void queryClient.invalidateQueries({ queryKey: courierKeys.deliveries });
    };
    const live = createReconnector({
      backoff: LIVE_BACKOFF,
      onState: (next) => setState(next === 'up' ? 'live' : next),
      open(connection) {
        const subscription = api.courier.live.subscribe(
          { businessId },
          {
            onStarted() {
              connection.up();
              readAgain(); // what happened while the connection was down
            },
            onData: readAgain,
            onError: connection.down,
            onComplete: connection.down,
          },
        );
        return () => subscription.unsubscribe();
      },
    });

    if (AppState.currentState !== 'background') live.start();
    const appState = AppState.addEventListener('change', (next) => {
      if (next === 'active') live.now();
      else if (next === 'background') live.stop();
    });
    const offOnline = onlineManager.subscribe((online) => {
      if (online) live.now();
    });
    return () => {
      live.stop();
      appState.remove();
      offOnline();
    };
  }, [enabled, businessId, queryClient]);

  return state;
}
