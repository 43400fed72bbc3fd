/** Portable build: the workers are inlined as classic scripts (a module worker from a blob URL fails on file://). */
import EngineWorker from '../../../workers/engine.worker.ts?worker&inline';
import FitWorker from '../../../workers/fit-worker.ts?worker&inline';

export const createEngineWorker = (): Worker => new EngineWorker({ name: 'store-compass-engine' });
export const createFitWorker = (): Worker => new FitWorker({ name: 'store-compass-fit' });
