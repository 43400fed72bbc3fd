/** Hosted build: the engine worker is its own file beside index.html (classic worker, relative URL). */
import EngineWorker from '../../../workers/engine.worker.ts?worker';

export const createEngineWorker = (): Worker => new EngineWorker({ name: 'store-compass-engine' });
