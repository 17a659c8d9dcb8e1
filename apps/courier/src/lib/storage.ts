// Storage, wrapped once: AsyncStorage (localStorage on the web) for the action queue and
// preferences; the session token goes to lib/secret-store (the Keystore / Keychain on a phone).
import AsyncStorage from '@react-native-async-storage/async-storage';
import type { KeyValueStore } from './queue';

export const kv: KeyValueStore & { removeItem(key: string): Promise<void> } = {
  getItem: (key) => AsyncStorage.getItem(key),
  setItem: (key, value) => AsyncStorage.setItem(key, value),
  removeItem: (key) => AsyncStorage.removeItem(key),
};
