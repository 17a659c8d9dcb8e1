// The app's configuration, read once. EXPO_PUBLIC_* variables are inlined at build time by Expo.
import Constants from 'expo-constants';
import { Platform } from 'react-native';

/**
 * Where the API is: EXPO_PUBLIC_API_URL when set (a build for production); on the web the page's
 * own origin (the server serves the app beside /trpc); in Expo Go the computer running Metro, on
 * the server's port 3000.
 */
export function apiBaseUrl(): string {
  const configured = process.env.EXPO_PUBLIC_API_URL;
  if (configured) return configured.replace(/\/$/, '');
  if (Platform.OS === 'web' && typeof window !== 'undefined') return window.location.origin;
  const host = Constants.expoConfig?.hostUri?.split(':')[0];
  return host ? `http://${host}:3000` : 'http://localhost:3000';
}

/** EAS's project id, needed for an Expo push token (absent in Expo Go without a project). */
export const easProjectId: string | undefined =
  (Constants.expoConfig?.extra as { eas?: { projectId?: string } } | undefined)?.eas?.projectId ??
  undefined;
