/**
 * The command line's DuckDB: native, in memory up to `memoryLimit`, spilling past it to a temp
 * folder that outlives the run (the out-of-core path of issue 14), allowed to read the input
 * files' folders and nothing else (drivers/driver.ts pinnedSettings).
 */
import { mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { openNativeDriver } from '../../workers/drivers/native.ts';
import { createEngine, type Engine } from '../../workers/engine.ts';
import { inputFiles } from './load-files.ts';

/** Defaults of --memory-limit and --temp-dir. */
export const DEFAULT_MEMORY_LIMIT = '2GB';
export const defaultTempDir = () => join(tmpdir(), 'store-compass-spill');

export async function openCliEngine(paths: readonly string[], options: { memoryLimit?: string; tempDirectory?: string } = {}) {
  const folders = [...new Set(inputFiles(paths).map((f) => `${dirname(f)}/`))];
  const tempDirectory = options.tempDirectory ?? defaultTempDir();
  mkdirSync(tempDirectory, { recursive: true });
  const driver = await openNativeDriver(':memory:', { readable: folders, tempDirectory, memoryLimit: options.memoryLimit ?? DEFAULT_MEMORY_LIMIT });
  let engine: Engine;
  try {
    engine = await createEngine(driver);
  } catch (e) {
    driver.close();
    throw e;
  }
  return { driver, engine };
}
