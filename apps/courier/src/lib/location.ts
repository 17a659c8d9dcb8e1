// Position sharing on the web build: the browser's geolocation while the page is open (no
// background on the web). Phones use location.native.ts.
import { onlineManager } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { notePosition } from './last-position';
import { createPositionSender } from './position-sender';

export function useLocationSharing(enabled: boolean, businessId: string): 'on' | 'off' | 'denied' {
  const [state, setState] = useState<'on' | 'off' | 'denied'>('off');
  useEffect(() => {
    const geo = globalThis.navigator?.geolocation;
    if (!enabled || !geo) {
      setState('off');
      return;
    }
    const sender = createPositionSender(businessId);
    let first = true;
    const watch = geo.watchPosition(
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
              accuracy: position.coords.accuracy,
              at: position.timestamp || Date.now(),
            },
          ],
          first,
        );
        first = false;
      },
      (error) => setState(error.code === error.PERMISSION_DENIED ? 'denied' : 'off'),
      { enableHighAccuracy: false, maximumAge: 15_000, timeout: 30_000 },
    );
    const off = onlineManager.subscribe((online) => {
      if (online) void sender.drain();
    });
    return () => {
      geo.clearWatch(watch);
      off();
      sender.stop();
    };
  }, [enabled, businessId]);
  return state;
}
