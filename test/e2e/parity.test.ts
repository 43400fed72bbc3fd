// The whole catalogue on every hand-worked fixture: DuckDB-WASM in Chromium must give exactly
// what native DuckDB gives in Node (floats equal to 9 significant digits, same row order).
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { METRICS } from '../../src/lib/metrics/index.ts';
import type { MetricParams } from '../../src/lib/metrics/params.ts';
import { TABLE_NAMES, TABLES, type TableName } from '../../src/lib/schema.ts';
import { openHostedApp, readTiles, type HostedApp } from './harness.ts';
import { nativeReference } from './native-reference.ts';

const FIXTURES = readdirSync('test/fixtures').filter((d) => d === 'kpi-tiny' || d.startsWith('metrics-'));
const PERIODS: MetricParams[] = [
  { from: '2000-01-01', to: '2030-01-01' },
  { from: '2024-01-01', to: '2024-04-01' },
];

/** Every canonical table: the fixture's CSV, or a header-only CSV so nothing leaks between fixtures. */
function fixtureTables(dir: string): Record<TableName, string> {
  return Object.fromEntries(
    TABLE_NAMES.map((t) => {
      const file = resolve('test/fixtures', dir, `${t}.csv`);
      return [t, existsSync(file) ? readFileSync(file, 'utf8') : `${TABLES[t].map((c) => c.name).join(',')}\n`];
    }),
  ) as Record<TableName, string>;
}

/** Numbers to 9 significant digits, so parallel float sums compare equal. */
const normalise = (rows: Record<string, unknown>[]) => JSON.parse(JSON.stringify(rows, (_, v) => (typeof v === 'number' ? Number(v.toPrecision(9)) : v)));

let session: HostedApp;
beforeAll(async () => {
  session = await openHostedApp();
  // The page restores or loads its dataset at start: wait for it, so it cannot land over a fixture.
  await readTiles(session.page);
});
afterAll(async () => {
  await session?.close();
});

describe.each(FIXTURES)('fixture %s', (dir) => {
  it('every metric, wasm = native', async () => {
    const tables = fixtureTables(dir);
    const native = await nativeReference(tables);
    try {
      const browser = await session.page.evaluate(
        async ({ tables, periods, ids }) => {
          const engine = (globalThis as unknown as { storeCompass: { engine: any } }).storeCompass.engine;
          for (const [table, csv] of Object.entries(tables)) await engine.loadCsvTable(table, csv);
          const out: Record<string, Uint8Array>[] = [];
          for (const p of periods) out.push(await engine.runMetrics(ids, p));
          return out.map((byId) => Object.fromEntries(Object.entries(byId).map(([id, ipc]) => [id, Array.from(ipc)])));
        },
        { tables, periods: PERIODS, ids: METRICS.map((m) => m.id) },
      );
      const { ipcToRows } = await import('../../src/lib/engine/rows.ts');
      for (const [i, params] of PERIODS.entries()) {
        const expected = await native.allMetrics(params);
        for (const m of METRICS) {
          const actual = ipcToRows(Uint8Array.from(browser[i][m.id]));
          expect(normalise(actual), `${dir} ${m.id} ${params.from}..${params.to}`).toEqual(normalise(expected[m.id]));
        }
      }
    } finally {
      native.close();
    }
  });
});

it('no console error while running the catalogue in the browser', () => {
  expect(session.consoleErrors).toEqual([]);
});
