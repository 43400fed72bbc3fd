// Store Compass service worker (hosted build only). vite.config.ts prepends
//   const VERSION = '<hash of the build>'; const ASSETS = [<every file of the build>];
// Cache-first for the app shell and the engine (wasm included), so a reload works offline.
// A new version installs in the background and WAITS: the page offers a reload, never forces it.
/* global VERSION, ASSETS */
const CACHE = `store-compass-${VERSION}`;

self.addEventListener('install', (event) => {
  event.waitUntil(caches.open(CACHE).then((cache) => cache.addAll(ASSETS)));
});

self.addEventListener('activate', (event) => {
  event.waitUntil(
    caches
      .keys()
      .then((keys) => Promise.all(keys.filter((k) => k.startsWith('store-compass-') && k !== CACHE).map((k) => caches.delete(k))))
      .then(() => self.clients.claim()),
  );
});

self.addEventListener('message', (event) => {
  if (event.data === 'skip-waiting') self.skipWaiting();
});

self.addEventListener('fetch', (event) => {
  const request = event.request;
  if (request.method !== 'GET' || new URL(request.url).origin !== self.location.origin) return;
  // Navigations (any hash or query) get the cached shell.
  const key = request.mode === 'navigate' ? new URL('./', self.location.href).href : request;
  event.respondWith(caches.open(CACHE).then((cache) => cache.match(key, { ignoreSearch: request.mode === 'navigate' }).then((hit) => hit ?? fetch(request))));
});
