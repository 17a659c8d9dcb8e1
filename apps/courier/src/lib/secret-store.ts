// The session token on the web: localStorage (a browser has no keystore; the token is a bearer
// session the courier can end from the app). Phones use secret-store.native.ts.
export const secretStore = {
  async get(key: string): Promise<string | null> {
    return globalThis.localStorage?.getItem(key) ?? null;
  },
  async set(key: string, value: string): Promise<void> {
    globalThis.localStorage?.setItem(key, value);
  },
  async remove(key: string): Promise<void> {
    globalThis.localStorage?.removeItem(key);
  },
};
