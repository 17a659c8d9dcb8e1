// Offer pushes: the device's Expo push token goes to `courier.registerPushToken`; the
// notification engine (server side) sends the offer to it. Shown even with the app in front, as
// a heads-up with sound (an offer expires in 45 s).
import * as Notifications from 'expo-notifications';
import { Platform } from 'react-native';
import { api } from '../api/client';
import { easProjectId } from './env';

Notifications.setNotificationHandler({
  handleNotification: async () => ({
    shouldShowBanner: true,
    shouldShowList: true,
    shouldPlaySound: true,
    shouldSetBadge: false,
  }),
});

export async function registerForPush(businessId: string): Promise<void> {
  try {
    if (Platform.OS === 'android') {
      await Notifications.setNotificationChannelAsync('offers', {
        name: 'Nouvelles courses',
        importance: Notifications.AndroidImportance.MAX,
        vibrationPattern: [0, 400, 200, 400],
      });
    }
    const current = await Notifications.getPermissionsAsync();
    const granted = current.granted || (await Notifications.requestPermissionsAsync()).granted;
    if (!granted) return;
    const token = await Notifications.getExpoPushTokenAsync(
      easProjectId ? { projectId: easProjectId } : undefined,
    );
    await api.courier.registerPushToken.mutate({ businessId, token: token.data });
  } catch {
    // Expo Go without an EAS project, or no network: the next start tries again.
  }
}
