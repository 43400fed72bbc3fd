// `store-compass fit`'s worker thread (scripts/cli/fit.ts fitInThread): one model's fit (workers/models/models.ts
// fitModel) on the aggregated summary it is handed, while the command's own thread fits the other models.
// The TypeScript sources run through tsx, as in scripts/store-compass.mjs.
import { parentPort, workerData } from 'node:worker_threads';
import { register } from 'tsx/esm/api';

register();
const { fitModel } = await import('../../workers/models/models.ts');
parentPort.postMessage(fitModel(workerData.model, workerData.data));
