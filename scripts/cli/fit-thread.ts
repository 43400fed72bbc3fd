/**
 * `store-compass fit`'s worker thread body (scripts/cli/fit.ts fitInThread): one model's fit (workers/models/models.ts
 * fitModel) on the aggregated summary it is handed, while the command's own thread fits the other models. Run from the
 * sources by scripts/cli/fit-worker.mjs (tsx), or bundled as the CLI bundle's fit-worker.mjs (scripts/cli/cli-bundle.mjs).
 */
import { parentPort, workerData } from 'node:worker_threads';
import { fitModel } from '../../workers/models/models.ts';

parentPort!.postMessage(fitModel(workerData.model, workerData.data));
