// Background position while available (screen off, app in the background), where the platform
// allows it: Android with a foreground-service notification, iOS with "Always" permission. The
// OS batches fixes (deferred updates: every 100 m or 60 s at most) to spare the battery; stopped
// when the courier goes off duty or signs out. The task runs outside React: it reads the session
// from the secret store itself.
import * as Location from 'expo-location';
import * as TaskManager from 'expo-task-manager';
import { setBearer } from '../api/client';
import { createPositionSender } from './position-sender';
import { secretStore } from './secret-store';

const TASK = 'flux.courier.background-location';

TaskManager.defineTask<{ locations: Location.LocationObject[] }>(TASK, async ({ data, error }) => {
  if (error || !data) return;
  const raw = await secretStore.get('flux.courier.session');
  if (!raw) return;
  const session = JSON.parse(raw) as { token: string; businessId: string };
  setBearer(session.token);
  const sender = createPositionSender(session.businessId);
  for (const location of data.locations) {
    await sender.push(
      {
        lat: location.coords.latitude,
        lng: location.coords.longitude,
        accuracy: location.coords.accuracy ?? undefined,
        at: location.timestamp,
      },
      true,
    );
  }
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
  try {
    if (await Location.hasStartedLocationUpdatesAsync(TASK)) {
      await Location.stopLocationUpdatesAsync(TASK);
    }
  } catch {
    // Never started.
  }
}
