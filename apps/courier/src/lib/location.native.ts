// Position sharing on a phone, in front: expo-location's watch at "balanced" accuracy (network
// and GPS as needed), a fix every 50 m or 15 s at most, throttled again before sending
// (lib/positions). The background part is location-task.native.ts.
import { onlineManager } from '@tanstack/react-query';
import * as Location from 'expo-location';
import { useEffect, useState } from 'react';
import { notePosition } from './last-position';
import { createPositionSender } from './position-sender';

export function useLocationSharing(enabled: boolean, businessId: string): 'on' | 'off' | 'denied' {
  const [state, setState] = useState<'on' | 'off' | 'denied'>('off');
  useEffect(() => {
    if (!enabled) {
      setState('off');
      return;
    }
    let subscription: Location.LocationSubscription | null = null;
    let cancelled = false;
    const sender = createPositionSender(businessId);
    let first = true;
    void (async () => {
      const permission = await Location.requestForegroundPermissionsAsync();
      if (cancelled) return;
      if (permission.status !== 'granted') {
        setState('denied');
        return;
      }
      subscription = await Location.watchPositionAsync(
        { accuracy: Location.Accuracy.Balanced, distanceInterval: 50, timeInterval: 15_000 },
        (position) => {
          setState('on');
          notePosition({
            lat: position.coords.latitude,
            lng: position.coords.longitude,
            at: position.timestamp || Date.now(),
          });
          void sender.push(
            [
              {
                lat: position.coords.latitude,
                lng: position.coords.longitude,
                accuracy: position.coords.accuracy ?? undefined,
                at: position.timestamp,
              },
            ],
            first,
          );
          first = false;
        },
      );
    })();
    const off = onlineManager.subscribe((online) => {
      if (online) void sender.drain();
    });
    return () => {
      cancelled = true;
      subscription?.remove();
      off();
      sender.stop();
    };
  }, [enabled, businessId]);
  return state;
}
