/**
 * Registers the hosted build's service worker (offline reloads) and reports when a new version
 * has installed and waits. Not on file:// (the portable file has no origin to cache for), not in
 * the dev server. `reload()` lets the waiting version take over, then reloads once.
 */
export interface UpdateOffer {
  reload(): void;
}

export function registerServiceWorker(onUpdate: (offer: UpdateOffer) => void): void {
  if (import.meta.env.DEV || !('serviceWorker' in navigator) || !/^https?:$/.test(location.protocol)) return;
  const offer = (waiting: ServiceWorker) =>
    onUpdate({
      reload() {
        navigator.serviceWorker.addEventListener('controllerchange', () => location.reload(), { once: true });
        waiting.postMessage('skip-waiting');
      },
    });
  navigator.serviceWorker
    .register('./sw.js')
    .then((registration) => {
      // A first install has no controller yet: nothing to update from.
      if (registration.waiting && navigator.serviceWorker.controller) offer(registration.waiting);
      registration.addEventListener('updatefound', () => {
        const installing = registration.installing;
        installing?.addEventListener('statechange', () => {
          if (installing.state === 'installed' && navigator.serviceWorker.controller) offer(installing);
        });
      });
      void registration.update();
    })
    .catch((e) => console.warn('service worker not registered:', e));
}
