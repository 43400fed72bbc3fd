/** Portable build: the worker is inlined as a classic script (a module worker from a blob URL fails on file://). */
import EngineWorker from '../../../workers/engine.worker.ts?worker&inline';

export const createEngineWorker = (): Worker => new EngineWorker({ name: 'store-compass-engine' });
