/** The one engine worker: opens DuckDB-WASM and exposes the engine API through comlink. */
// First import: no other module runs before the network is taken away (network-lock.ts).
import { allowUntilSealed, seal } from './network-lock.ts';
import * as Comlink from 'comlink';
import '../src/lib/engine/errors.ts';
import type { WorkerApi } from '../src/lib/engine/api.ts';
import { createDatasetService } from './dataset/service.ts';
import { openWasmDriver } from './drivers/wasm.ts';
import { createEngine } from './engine.ts';
import { openDeviceStore } from './persistence/open-store.ts';
import { transferableEngine } from './transferable.ts';
import { resolveWasmUrl } from '#duckdb-wasm-source';

const ready: Promise<WorkerApi> = resolveWasmUrl()
  .then((wasmUrl) => {
    allowUntilSealed(wasmUrl); // the hosted build fetches its wasm once; the portable one has a blob: URL
    return openWasmDriver(wasmUrl).finally(seal);
  })
  .then(createEngine)
  .then((engine) => ({ ...transferableEngine(engine), ...createDatasetService(engine, openDeviceStore) }));

/** Every call waits for the engine to open, so the page can call at once. */
const api = new Proxy({} as WorkerApi, {
  get:
    (_, method: keyof WorkerApi) =>
    async (...args: unknown[]) =>
      ((await ready)[method] as (...a: unknown[]) => unknown)(...args),
});

Comlink.expose(api);
