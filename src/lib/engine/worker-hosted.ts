/** Hosted build: the engine and fit workers are their own files beside index.html (classic workers, relative URLs). */
import EngineWorker from '../../../workers/engine.worker.ts?worker';
import FitWorker from '../../../workers/fit-worker.ts?worker';

export const createEngineWorker = (): Worker => new EngineWorker({ name: 'store-compass-engine' });
export const createFitWorker = (): Worker => new FitWorker({ name: 'store-compass-fit' });
