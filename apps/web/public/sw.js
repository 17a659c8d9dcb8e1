// The dashboard's service worker: it makes the app installable, when the network is down it
// answers a page visit with the offline page instead of the browser's error, and it shows the
// Web Push messages the server sends to members who turned on "Notifications sur ce téléphone"
// (a new message, a delivery to assign), a tap opening the conversation or the dispatch board. It caches that page
// and an icon, nothing else: never an API answer (they carry customers' personal data), never a
// script (a new build must not be hidden behind an old one).
// A new name when offline.html changes: the browser installs a new worker only when this file's
// bytes change, and the new one drops the old cache.
const CACHE = 'flux-offline-v1';
const OFFLINE_PAGE = '/offline.html';

self.addEventListener('install', (event) => {
  event.waitUntil(
    caches
      .open(CACHE)
      .then((cache) => cache.addAll([OFFLINE_PAGE, '/icons/icon-192.png']))
      .then(() => self.skipWaiting()),
  );
});

self.addEventListener('activate', (event) => {
  event.waitUntil(
    (async () => {
      for (const key of await caches.keys()) {
        if (key !== CACHE) await caches.delete(key);
      }
      // The page is asked for while the worker starts, not after it (slow phones).
      await self.registration.navigationPreload?.enable();
      await self.clients.claim();
    })(),
  );
});

/** Not the dashboard's pages: the API, webhooks, files, health checks, the customer's tracking page. */
const notDashboard = /^\/(trpc|webhooks|files|uploads|t|healthz|readyz)(\/|$)/;

self.addEventListener('fetch', (event) => {
  const request = event.request;
  // Only page visits; every other request (API, live events, scripts) goes to the network untouched.
  if (request.mode !== 'navigate' || request.method !== 'GET') return;
  const url = new URL(request.url);
  if (url.origin !== self.location.origin || notDashboard.test(url.pathname)) return;
  event.respondWith(
    (async () => {
      try {
        const preloaded = await event.preloadResponse;
        return preloaded ?? (await fetch(request));
      } catch {
        return (await caches.match(OFFLINE_PAGE)) ?? Response.error();
      }
    })(),
  );
});

/** What the server's push carries (packages/api channels.ts webPushChannel); anything else: a plain alert. */
function pushMessage(event) {
  let data = {};
  try {
    data = event.data ? event.data.json() : {};
  } catch {
    data = { body: event.data ? event.data.text() : '' };
  }
  const sameOrigin = (url) => {
    try {
      const parsed = new URL(typeof url === 'string' ? url : '/', self.location.origin);
      return parsed.origin === self.location.origin ? parsed.pathname + parsed.search : '/';
    } catch {
      return '/';
    }
  };
  return {
    title: typeof data.title === 'string' && data.title ? data.title : 'FluxAsync',
    body: typeof data.body === 'string' ? data.body : '',
    // One notification per conversation: a newer message replaces it and rings again.
    tag: typeof data.tag === 'string' ? data.tag : undefined,
    url: sameOrigin(data.url),
  };
}

self.addEventListener('push', (event) => {
  const message = pushMessage(event);
  event.waitUntil(
    self.registration.showNotification(message.title, {
      body: message.body,
      tag: message.tag,
      renotify: Boolean(message.tag),
      icon: '/icons/icon-192.png',
      badge: '/icons/icon-192.png',
      lang: 'fr',
      data: { url: message.url },
    }),
  );
});

/** A tap opens the page it names: in a dashboard tab already open (focused), else a new one. */
self.addEventListener('notificationclick', (event) => {
  event.notification.close();
  const target = new URL(event.notification.data?.url ?? '/', self.location.origin).href;
  event.waitUntil(
    (async () => {
      const tabs = await self.clients.matchAll({ type: 'window', includeUncontrolled: true });
      const tab = tabs.find((client) => new URL(client.url).origin === self.location.origin);
      if (tab) {
        await tab.focus();
        await tab.navigate(target).catch(() => tab.postMessage({ type: 'open', url: target }));
        return;
      }
      await self.clients.openWindow(target);
    })(),
  );
});
