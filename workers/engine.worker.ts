/** The one engine worker: opens DuckDB-WASM and exposes the engine API through comlink. */
import * as Comlink from 'comlink';
import '../src/lib/engine/errors.ts';
import type { EngineApi } from '../src/lib/engine/api.ts';
import { openWasmDriver } from './drivers/wasm.ts';
import { createEngine } from './engine.ts';
import { transferableEngine } from './transferable.ts';
import { resolveWasmUrl } from '#duckdb-wasm-source';

const ready: Promise<EngineApi> = resolveWasmUrl()
  .then(openWasmDriver)
  .then(createEngine)
  .then(transferableEngine);

/** Every call waits for the engine to open, so the page can call at once. */
const api = new Proxy({} as EngineApi, {
  get: (_, method: keyof EngineApi) => async (...args: unknown[]) =>
    ((await ready)[method] as (...a: unknown[]) => unknown)(...args),
});

Comlink.expose(api);
