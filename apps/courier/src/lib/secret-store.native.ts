// The session token on a phone: expo-secure-store (Android Keystore, iOS Keychain).
import * as SecureStore from 'expo-secure-store';

export const secretStore = {
  get: (key: string) => SecureStore.getItemAsync(key),
  set: (key: string, value: string) => SecureStore.setItemAsync(key, value),
  remove: (key: string) => SecureStore.deleteItemAsync(key),
};
