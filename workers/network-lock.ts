/**
 * Takes the network away from the engine worker by construction (issue 13 point 7): the page's
 * meta CSP does not cover a worker loaded from its own URL, and a host may send no CSP header.
 * Evaluated first in the worker, before DuckDB or any other module runs. fetch may reach only
 * blob:/data: URLs and, until `seal()`, the URLs passed to `allowUntilSealed()` (the hosted
 * build's wasm, fetched once at start); XMLHttpRequest (DuckDB-WASM's http/s3 reader),
 * importScripts and Cache.add follow the same rule; WebSocket, EventSource, WebTransport,
 * nested workers and FontFace are gone. The originals are kept only in this closure, and the
 * replacements are non-writable and non-configurable, so code running later cannot put them back.
 */
const scope = self as unknown as Record<string, unknown>;
const allowed = new Set<string>();
let sealed = false;

const local = (url: string) => url.startsWith('blob:') || url.startsWith('data:');
const resolve = (input: unknown): string => {
  const raw = input instanceof Request ? input.url : input instanceof URL ? input.href : String(input);
  try {
    return new URL(raw, self.location.href).href;
  } catch {
    return raw;
  }
};
const permitted = (input: unknown) => {
  const url = resolve(input);
  return local(url) || (!sealed && allowed.has(url));
};
const refusal = (input: unknown) => new TypeError(`network access is disabled in the engine worker: ${resolve(input)}`);
const pin = (target: object, key: string, value: unknown) => Object.defineProperty(target, key, { value, writable: false, configurable: false, enumerable: false });

const originalFetch = self.fetch.bind(self);
pin(scope, 'fetch', (input: RequestInfo | URL, init?: RequestInit) => (permitted(input) ? originalFetch(input, init) : Promise.reject(refusal(input))));

const xhrOpen = XMLHttpRequest.prototype.open as (this: XMLHttpRequest, ...args: unknown[]) => void;
pin(XMLHttpRequest.prototype, 'open', function (this: XMLHttpRequest, method: string, url: string | URL, ...rest: unknown[]) {
  if (!permitted(url)) throw refusal(url);
  return xhrOpen.call(this, method, url, ...rest);
});

if (typeof scope.importScripts === 'function') {
  const originalImport = (scope.importScripts as (...urls: string[]) => void).bind(self);
  pin(scope, 'importScripts', (...urls: string[]) => {
    for (const url of urls) if (!local(resolve(url))) throw refusal(url);
    originalImport(...urls);
  });
}

if (typeof Cache !== 'undefined') {
  for (const key of ['add', 'addAll'] as const) {
    pin(Cache.prototype, key, () => Promise.reject(new TypeError('network access is disabled in the engine worker')));
  }
}

for (const key of ['WebSocket', 'WebSocketStream', 'EventSource', 'WebTransport', 'Worker', 'SharedWorker', 'FontFace']) {
  if (key in scope) {
    pin(scope, key, function blocked() {
      throw new TypeError(`${key} is disabled in the engine worker`);
    });
  }
}

/** Lets fetch reach `url` (resolved against the worker's URL) until `seal()`. */
export function allowUntilSealed(url: string): void {
  if (!sealed) allowed.add(resolve(url));
}

/** From now on only blob: and data: URLs. */
export function seal(): void {
  sealed = true;
  allowed.clear();
}
