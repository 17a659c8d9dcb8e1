// This browser's Web Push subscription (the settings' "Notifications sur ce téléphone"): asking
// the browser's permission from the member's click, subscribing its push service with the
// server's VAPID key, and unsubscribing. The server keeps the subscription (webPush.subscribe);
// the service worker (public/sw.js) shows what arrives. Support varies: Android's Chrome and
// Firefox have it; an iPhone only for the app added to the home screen (iOS 16.4+).

export type WebPushSupport = 'supported' | 'unsupported';

export function webPushSupport(): WebPushSupport {
  return typeof window !== 'undefined' &&
    'serviceWorker' in navigator &&
    'PushManager' in window &&
    typeof Notification !== 'undefined'
    ? 'supported'
    : 'unsupported';
}

/** The worker that receives the pushes: the one main.tsx registered, else registered now. */
async function registration(): Promise<ServiceWorkerRegistration> {
  const existing = await navigator.serviceWorker.getRegistration('/');
  if (existing) return existing;
  await navigator.serviceWorker.register('/sw.js');
  return navigator.serviceWorker.ready;
}

/** This browser's subscription, if it has one (with permission still granted). */
export async function currentSubscription(): Promise<PushSubscription | null> {
  if (webPushSupport() !== 'supported' || Notification.permission !== 'granted') return null;
  const existing = await navigator.serviceWorker.getRegistration('/');
  return (await existing?.pushManager.getSubscription()) ?? null;
}

const keyBytes = (base64url: string) => {
  const text = atob(base64url.replace(/-/g, '+').replace(/_/g, '/'));
  return Uint8Array.from(text, (char) => char.charCodeAt(0));
};

const sameKey = (a: ArrayBuffer | null, b: Uint8Array) =>
  a !== null && a.byteLength === b.length && new Uint8Array(a).every((byte, i) => byte === b[i]);

export interface SubscriptionJson {
  endpoint: string;
  keys: { p256dh: string; auth: string };
}

/**
 * Asks permission (from a click) and subscribes under `publicKey`; 'denied' when the member or
 * the browser said no. A subscription made under another key (the server's keys changed) is
 * replaced.
 */
export async function subscribeThisBrowser(
  publicKey: string,
): Promise<SubscriptionJson | 'denied'> {
  const permission = await Notification.requestPermission();
  if (permission !== 'granted') return 'denied';
  const worker = await registration();
  const key = keyBytes(publicKey);
  let subscription = await worker.pushManager.getSubscription();
  if (subscription && !sameKey(subscription.options.applicationServerKey, key)) {
    await subscription.unsubscribe();
    subscription = null;
  }
  subscription ??= await worker.pushManager.subscribe({
    userVisibleOnly: true,
    applicationServerKey: key,
  });
  const json = subscription.toJSON();
  if (!json.endpoint || !json.keys?.p256dh || !json.keys.auth) {
    throw new Error('The browser gave a subscription without keys');
  }
  return { endpoint: json.endpoint, keys: { p256dh: json.keys.p256dh, auth: json.keys.auth } };
}

/** Unsubscribes this browser; its endpoint (for the server to forget), or null if none. */
export async function unsubscribeThisBrowser(): Promise<string | null> {
  const subscription = await currentSubscription();
  if (!subscription) return null;
  const endpoint = subscription.endpoint;
  await subscription.unsubscribe();
  return endpoint;
}

/** "Android · Chrome": enough for the member to tell their devices apart. */
export function deviceLabel(userAgent = navigator.userAgent): string {
  const system = /Android/.test(userAgent)
    ? 'Android'
    : /iPhone|iPad/.test(userAgent)
      ? 'iOS'
      : /Windows/.test(userAgent)
        ? 'Windows'
        : /Mac OS X/.test(userAgent)
          ? 'macOS'
          : /Linux/.test(userAgent)
            ? 'Linux'
            : '';
  const browser = /Edg\//.test(userAgent)
    ? 'Edge'
    : /Firefox\//.test(userAgent)
      ? 'Firefox'
      : /Chrome\//.test(userAgent)
        ? 'Chrome'
        : /Safari\//.test(userAgent)
          ? 'Safari'
          : '';
  return [system, browser].filter(Boolean).join(' · ') || 'Navigateur';
}

/**
 * A tapped notification names its page to a tab the service worker could not navigate itself (a
 * tab it does not control: opened before the worker was installed, or reloaded past it), in a
 * message (public/sw.js): the tab goes there. Returns what stops listening.
 */
export function followNotificationTaps(go: (href: string) => void): () => void {
  if (typeof navigator === 'undefined' || !('serviceWorker' in navigator)) return () => undefined;
  const onMessage = (event: MessageEvent) => {
    const data = event.data as { type?: unknown; url?: unknown } | null;
    if (data?.type !== 'open' || typeof data.url !== 'string') return;
    const url = new URL(data.url, window.location.origin);
    if (url.origin === window.location.origin) go(url.pathname + url.search + url.hash);
  };
  navigator.serviceWorker.addEventListener('message', onMessage);
  return () => navigator.serviceWorker.removeEventListener('message', onMessage);
}
