// The dashboard's service worker: it makes the app installable and, when the network is down,
// answers a page visit with the offline page instead of the browser's error. It caches that page
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
