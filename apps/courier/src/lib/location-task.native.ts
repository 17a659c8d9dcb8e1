// Background position while available (screen off, app in the background), where the platform
// allows it: Android with a foreground-service notification, iOS with "Always" permission. The
// OS batches fixes (deferred updates: every 100 m or 60 s at most) to spare the battery; they go
// through the same batcher as the foreground's (throttled, kept while offline, sent as one
// request when the network returns). Started and stopped with the courier's availability as the
// app shows it (courier-provider), stopped at sign-out. The task runs outside React: it reads the
// session from the secret store itself; its batcher lives as long as the JS runtime does.
import * as Location from 'expo-location';
import * as TaskManager from 'expo-task-manager';
import { setBearer } from '../api/client';
import type { PositionBatcher } from './position-batcher';
import { createPositionSender } from './position-sender';
import type { Fix } from './positions';
import { secretStore } from './secret-store';

const TASK = 'flux.courier.background-location';
let batcher: { businessId: string; sender: PositionBatcher } | null = null;

TaskManager.defineTask<{ locations: Location.LocationObject[] }>(TASK, async ({ data, error }) => {
  if (error || !data) return;
  const raw = await secretStore.get('flux.courier.session');
  if (!raw) return;
  const session = JSON.parse(raw) as { token: string; businessId: string };
  setBearer(session.token);
  if (batcher?.businessId !== session.businessId) {
    batcher?.sender.stop();
    batcher = { businessId: session.businessId, sender: createPositionSender(session.businessId) };
  }
  const fixes: Fix[] = data.locations.map((location) => ({
    lat: location.coords.latitude,
    lng: location.coords.longitude,
    accuracy: location.coords.accuracy ?? undefined,
    at: location.timestamp,
  }));
  await batcher.sender.push(fixes, true);
});

export async function startBackgroundLocation(): Promise<void> {
  try {
    const foreground = await Location.requestForegroundPermissionsAsync();
    if (foreground.status !== 'granted') return;
    const background = await Location.requestBackgroundPermissionsAsync();
    if (background.status !== 'granted') return; // the foreground watch still runs
    if (await Location.hasStartedLocationUpdatesAsync(TASK)) return;
    await Location.startLocationUpdatesAsync(TASK, {
      accuracy: Location.Accuracy.Balanced,
      distanceInterval: 100,
      timeInterval: 60_000,
      deferredUpdatesInterval: 60_000,
      deferredUpdatesDistance: 100,
      pausesUpdatesAutomatically: true,
      showsBackgroundLocationIndicator: true,
      foregroundService: {
        notificationTitle: 'FluxAsync Coursier',
        notificationBody: 'Position partagée avec la boutique pendant votre service',
      },
    });
  } catch {
    // Expo Go cannot run background tasks: the foreground watch is what remains.
  }
}

export async function stopBackgroundLocation(): Promise<void> {
  batcher?.sender.stop();
  batcher = null;
  try {
    if (await Location.hasStartedLocationUpdatesAsync(TASK)) {
      await Location.stopLocationUpdatesAsync(TASK);
    }
  } catch {
    // Never started.
  }
}
