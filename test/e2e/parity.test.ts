// The whole catalogue on every hand-worked fixture: DuckDB-WASM in Chromium must give exactly
// what native DuckDB gives in Node (floats equal to 9 significant digits, same row order).
// One period, all of each fixture's data: the engines are compared on every fixture's edge cases
// here; period edges (mid-month, one day, filters, switched definitions) are compared on the demo in
// metric-properties.test.ts, and their invariants checked per fixture on native DuckDB in
// test/unit/metrics/properties-fixtures.test.ts. (Until session 7 a second period, 2024 Q1, ran here too.)
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { METRICS } from '../../src/lib/metrics/index.ts';
import type { MetricParams } from '../../src/lib/metrics/params.ts';
import { TABLE_NAMES, TABLES, type TableName } from '../../src/lib/schema.ts';
import { openHostedApp, readTiles, type HostedApp } from './harness.ts';
import { nativeReference, type NativeReference } from './native-reference.ts';
import { expectSameRows, wasmCatalogue } from './same-numbers.ts';

const FIXTURES = readdirSync('test/fixtures').filter((d) => d === 'kpi-tiny' || d.startsWith('metrics-'));
const PERIODS: MetricParams[] = [{ from: '2000-01-01', to: '2030-01-01' }];
const IDS = METRICS.map((m) => m.id);

/** Every canonical table: the fixture's CSV, or a header-only CSV so nothing leaks between fixtures. */
function fixtureTables(dir: string): Record<TableName, string> {
  return Object.fromEntries(
    TABLE_NAMES.map((t) => {
      const file = resolve('test/fixtures', dir, `${t}.csv`);
      return [t, existsSync(file) ? readFileSync(file, 'utf8') : `${TABLES[t].map((c) => c.name).join(',')}\n`];
    }),
  ) as Record<TableName, string>;
}

let session: HostedApp;
/** One native engine for every fixture: each fixture replaces all of its tables, as in the page. */
let native: NativeReference;
beforeAll(async () => {
  [session, native] = await Promise.all([openHostedApp(), nativeReference({})]);
  // The page restores or loads its dataset at start: wait for it, so it cannot land over a fixture.
  await readTiles(session.page);
});
afterAll(async () => {
  native?.close();
  await session?.close();
});

describe.each(FIXTURES)('fixture %s', (dir) => {
  it('every metric, wasm = native', async () => {
    const tables = fixtureTables(dir);
    for (const [table, csv] of Object.entries(tables)) await native.engine.loadCsvTable(table as TableName, csv);
    await session.page.evaluate(async (tables) => {
      const engine = (globalThis as unknown as { storeCompass: { engine: { loadCsvTable(t: string, csv: string): Promise<number> } } }).storeCompass.engine;
      for (const [table, csv] of Object.entries(tables)) await engine.loadCsvTable(table, csv);
    }, tables);
    const browser = await wasmCatalogue(session.page, IDS, PERIODS);
    for (const [i, params] of PERIODS.entries()) expectSameRows(browser[i], await native.allMetrics(params), `${dir} ${params.from}..${params.to}`);
  });
});

it('no console error while running the catalogue in the browser', () => {
  expect(session.consoleErrors).toEqual([]);
});
