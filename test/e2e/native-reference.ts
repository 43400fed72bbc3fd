/** The same catalogue on native DuckDB in Node: the reference the browser's numbers must equal. */
import { ipcToRows } from '../../src/lib/engine/rows.ts';
import { KPI_STRIP, METRICS } from '../../src/lib/metrics/index.ts';
import type { MetricParams } from '../../src/lib/metrics/params.ts';
import type { TableName } from '../../src/lib/schema.ts';
import { openNativeDriver } from '../../workers/drivers/native.ts';
import { createEngine, type Engine } from '../../workers/engine.ts';
import { TEST_DUCKDB } from '../test-duckdb.ts';

export interface NativeReference {
  engine: Engine;
  kpis(params: MetricParams): Promise<Record<string, number | null>>;
  /** Every catalogue metric as rows (scalars included), keyed by id. */
  allMetrics(params: MetricParams): Promise<Record<string, Record<string, unknown>[]>>;
  close(): void;
}

export async function nativeReference(tables?: Partial<Record<TableName, string>>): Promise<NativeReference> {
  const driver = await openNativeDriver(':memory:', TEST_DUCKDB);
  const engine = await createEngine(driver);
  if (tables) for (const [table, csv] of Object.entries(tables)) await engine.loadCsvTable(table as TableName, csv);
  else await engine.loadDemo();
  return {
    engine,
    async kpis(params) {
      const out: Record<string, number | null> = {};
      for (const id of KPI_STRIP) out[id] = (ipcToRows(await engine.runMetric(id, params))[0]?.value as number | null) ?? null;
      return out;
    },
    async allMetrics(params) {
      const out: Record<string, Record<string, unknown>[]> = {};
      for (const m of METRICS) out[m.id] = ipcToRows(await engine.runMetric(m.id, params));
      return out;
    },
    close: driver.close,
  };
}
