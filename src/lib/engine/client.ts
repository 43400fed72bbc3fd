/**
 * The page's handle on the engine worker: a comlink proxy typed by EngineApi, plus Arrow decoding. The
 * fit worker (workers/fit-worker.ts) starts with it: the two talk over a MessageChannel, the page never calls it.
 */
import * as Comlink from 'comlink';
import { createEngineWorker, createFitWorker } from '#engine-worker';
import type { WorkerApi } from './api.ts';
import './errors.ts';

export type EngineClient = Comlink.Remote<WorkerApi>;

let client: EngineClient | undefined;

/** Starts the worker once; every caller shares it. */
export function engineClient(): EngineClient {
  if (!client) {
    client = Comlink.wrap<WorkerApi>(createEngineWorker());
    const { port1, port2 } = new MessageChannel();
    createFitWorker().postMessage({ fitPort: port2 }, [port2]);
    void client.attachFitWorker(Comlink.transfer(port1, [port1]));
  }
  return client;
}

export { ipcToRows } from './rows.ts';

let nextRequest = 0;
/** A fresh request id for cancellable calls. */
export const newRequestId = (): string => `req-${++nextRequest}`;
