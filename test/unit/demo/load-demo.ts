// Shared by the demo tests: generate once (per worker), load every table into a fresh native engine.
import { TABLE_NAMES, type TableName } from '../../../src/lib/schema.ts';
import { raw } from '../../../src/lib/sql.ts';
import { openNativeDriver } from '../../../workers/drivers/native.ts';
import { createEngine, type Engine } from '../../../workers/engine.ts';
import { generateDemo, type DemoDataset } from '../../../workers/demo/generate.ts';
import { TEST_DUCKDB } from '../../test-duckdb.ts';

export interface LoadedDemo {
  demo: DemoDataset;
  engine: Engine;
  /** Rows each loadCsvTable call reported. */
  loaded: Record<TableName, number>;
  /** Rows of an SQL text (trusted test SQL, no parameters). */
  q(text: string): Promise<Record<string, unknown>[]>;
  close(): void;
}

/**
 * The default demo, generated once per test worker (the unit project runs files in shared workers,
 * isolate: false): generating it is most of a load's CPU (~2.2 s of ~3 s). Frozen: tests only read it.
 */
let generated: DemoDataset | undefined;
function defaultDemo(): DemoDataset {
  if (!generated) {
    const demo = generateDemo();
    generated = Object.freeze({ ...demo, tables: Object.freeze({ ...demo.tables }) });
  }
  return generated;
}

/** Generates the default demo (once per worker) and loads it table by table into a fresh native engine. */
export async function loadDemo(): Promise<LoadedDemo> {
  const demo = defaultDemo();
  const driver = await openNativeDriver(':memory:', TEST_DUCKDB);
  const engine = await createEngine(driver);
  const loaded = {} as Record<TableName, number>;
  for (const table of TABLE_NAMES) loaded[table] = await engine.loadCsvTable(table, demo.tables[table]);
  return { demo, engine, loaded, q: (text) => engine.rows(raw(text)), close: driver.close };
}
