/**
 * The engine worker: opens DuckDB-WASM and exposes the engine API through comlink. The prediction's
 * numeric work runs in the fit worker once the page has linked the two (attachFitWorker).
 */
// First import: no other module runs before the network is taken away (network-lock.ts).
import { allowUntilSealed, seal } from './network-lock.ts';
import * as Comlink from 'comlink';
import '../src/lib/engine/errors.ts';
import type { WorkerApi } from '../src/lib/engine/api.ts';
import { createDatasetService } from './dataset/service.ts';
import { openWasmDriver } from './drivers/wasm.ts';
import { createEngine } from './engine.ts';
import { openDeviceStore } from './persistence/open-store.ts';
import type { Fitter } from './prediction/fitting.ts';
import { remoteFitter } from './prediction/remote-fitter.ts';
import { transferableEngine } from './transferable.ts';
import { resolveWasmUrl } from '#duckdb-wasm-source';

/**
 * The fit worker, once the page has linked it (right after starting both workers, before any other call).
 * Never a fallback on this thread: a fit here would hold every other panel's query again.
 */
let linked: (fitter: Fitter) => void;
const fitWorker = new Promise<Fitter>((resolve) => (linked = resolve));
const currentFitter: Fitter = {
  fit: async (...args) => (await fitWorker).fit(...args),
  holdout: async (...args) => (await fitWorker).holdout(...args),
  score: async (...args) => (await fitWorker).score(...args),
};

const ready: Promise<WorkerApi> = resolveWasmUrl()
  .then((wasmUrl) => {
    allowUntilSealed(wasmUrl); // the hosted build fetches its wasm once; the portable one has a blob: URL
    return openWasmDriver(wasmUrl).finally(seal);
  })
  .then((driver) => createEngine(driver, { fitter: currentFitter }))
  .then((engine) => ({
    ...transferableEngine(engine),
    ...createDatasetService(engine, openDeviceStore),
    attachFitWorker: (port: MessagePort) => linked(remoteFitter(port)),
  }));

/** Every call waits for the engine to open, so the page can call at once. */
const api = new Proxy({} as WorkerApi, {
  get:
    (_, method: keyof WorkerApi) =>
    async (...args: unknown[]) =>
      ((await ready)[method] as (...a: unknown[]) => unknown)(...args),
});

Comlink.expose(api);
