// Shared test harness: one native DuckDB engine per test file, fixtures loaded from test/fixtures/<name>/.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { MetricParams } from '../../../src/lib/metrics/params.ts';
import { TABLE_NAMES } from '../../../src/lib/schema.ts';
import { openNativeDriver } from '../../../workers/drivers/native.ts';
import { createEngine, ipcToRows, type Engine } from '../../../workers/engine.ts';
import { TEST_DUCKDB } from '../../test-duckdb.ts';

export interface Harness {
  engine: Engine;
  close(): void;
  /** The `value` of a scalar metric. */
  scalar(id: string, p: MetricParams): Promise<number | null>;
  /** The rows of a table metric. */
  table(id: string, p: MetricParams): Promise<Record<string, unknown>[]>;
}

/** Opens a fresh engine (all canonical tables empty); `readable`: folders the test's own SQL reads. */
export async function openHarness(readable: string[] = []): Promise<Harness> {
  const driver = await openNativeDriver(':memory:', { ...TEST_DUCKDB, readable });
  const engine = await createEngine(driver);
  const table = async (id: string, p: MetricParams) => ipcToRows(await engine.runMetric(id, p));

  return {
    engine,
    close: driver.close,
    table,
    scalar: async (id, p) => (await table(id, p))[0].value as number | null,
  };
}

/** Loads every `<table>.csv` present in test/fixtures/<name>/ and returns the row counts. */
export async function loadFixture(engine: Engine, name: string): Promise<Record<string, number>> {
  const counts: Record<string, number> = {};
  for (const t of TABLE_NAMES) {
    const file = join('test/fixtures', name, `${t}.csv`);
    if (existsSync(file)) counts[t] = await engine.loadCsvTable(t, readFileSync(file, 'utf8'));
  }
  return counts;
}

/** Rows keyed by a column, for readable assertions on table metrics. */
export const byKey = (rows: Record<string, unknown>[], key: string) => Object.fromEntries(rows.map((r) => [String(r[key]), r]));
