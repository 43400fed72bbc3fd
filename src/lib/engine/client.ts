/** The page's handle on the engine worker: a comlink proxy typed by EngineApi, plus Arrow decoding. */
import * as Comlink from 'comlink';
import { createEngineWorker } from '#engine-worker';
import type { WorkerApi } from './api.ts';
import './errors.ts';

export type EngineClient = Comlink.Remote<WorkerApi>;

let client: EngineClient | undefined;

/** Starts the worker once; every caller shares it. */
export function engineClient(): EngineClient {
  client ??= Comlink.wrap<WorkerApi>(createEngineWorker());
  return client;
}

export { ipcToRows } from './rows.ts';

let nextRequest = 0;
/** A fresh request id for cancellable calls. */
export const newRequestId = (): string => `req-${++nextRequest}`;
