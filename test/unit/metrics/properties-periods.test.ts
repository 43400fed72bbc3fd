// The metric property suite (properties-suite.ts) on native DuckDB: random periods and definitions on
// the demo and on every hand-worked fixture, plus named edge periods (one day, mid-month, month end,
// leap day). test/e2e/metric-properties.test.ts runs the same suite on DuckDB-WASM in Chromium.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ipcToRows } from '../../../src/lib/engine/rows.ts';
import { METRICS } from '../../../src/lib/metrics/index.ts';
import { addDays, addMonths, type MetricParams } from '../../../src/lib/metrics/params.ts';
import { openNativeDriver } from '../../../workers/drivers/native.ts';
import { END_DATE, MONTHS } from '../../../workers/demo/calendar.ts';
import { createEngine, type Engine } from '../../../workers/engine.ts';
import { loadFixture } from './harness.ts';
import { checkInvariants, edgePeriods, runPropertySuite, type PropertyDataset, type RunMetrics } from './properties-suite.ts';

const nativeRunner =
  (engine: Engine): RunMetrics =>
  async (ids, p) =>
    Object.fromEntries(Object.entries(await engine.runMetrics(ids, p)).map(([id, ipc]) => [id, ipcToRows(ipc)]));

/** Span and stores of a fixture, read from its orders.csv (fixtures without orders: a 2024 span). */
function fixtureDataset(dir: string): PropertyDataset {
  const file = join('test/fixtures', dir, 'orders.csv');
  if (!existsSync(file)) return { name: dir, first: '2024-01-01', last: '2024-12-31', stores: [] };
  const [header, ...lines] = readFileSync(file, 'utf8').trim().split('\n');
  const cols = header.split(',');
  const rows = lines.map((l) => l.split(','));
  const days = rows.map((r) => r[cols.indexOf('order_time')].slice(0, 10)).sort();
  const stores = [...new Set(rows.map((r) => r[cols.indexOf('store')]).filter(Boolean))];
  return { name: dir, first: days[0], last: days[days.length - 1], stores };
}

const FIXTURES = readdirSync('test/fixtures').filter((d) => d === 'kpi-tiny' || d.startsWith('metrics-'));
const VARIANTS: Partial<MetricParams>[] = [
  {},
  { countZeroAmount: true, repurchaseBasis: 'orders', npsBy: 'channel', rfmScheme: 'cn8', lifecycle: { active: 30, atRisk: 30, dormant: 60 } },
];
const IDS = METRICS.map((m) => m.id);

describe('metric properties on the demo (native DuckDB)', () => {
  let engine: Engine;
  let close: () => void;
  let demo: PropertyDataset;
  beforeAll(async () => {
    const driver = await openNativeDriver();
    close = driver.close;
    engine = await createEngine(driver);
    const info = await engine.loadDemo();
    demo = { name: 'demo', first: addMonths(addDays(END_DATE, 1), -MONTHS), last: END_DATE, stores: info.stores };
  });
  afterAll(() => close?.());

  it('edge periods (one day, mid-month, month end, leap day, whole span) hold every invariant', async () => {
    expect(demo.first).toBe('2024-11-01'); // the demo has no leap day: the leap-day periods run before its data
    for (const period of edgePeriods(demo)) {
      for (const v of VARIANTS) {
        const p = { ...period, ...v };
        checkInvariants(await nativeRunner(engine)(IDS, p), p, `demo ${JSON.stringify(p)}`);
      }
    }
  }, 240_000); // 12 periods × every metric on the demo: ~30 s alone, several times that on a loaded machine
  it('random periods and definitions hold every invariant', async () => {
    await runPropertySuite(nativeRunner(engine), demo, 12, 20261205);
  }, 240_000);
});

describe.each(FIXTURES)('metric properties on fixture %s (native DuckDB)', (dir) => {
  let engine: Engine;
  let close: () => void;
  beforeAll(async () => {
    const driver = await openNativeDriver();
    close = driver.close;
    engine = await createEngine(driver);
    await loadFixture(engine, dir);
  });
  afterAll(() => close?.());

  it('edge and random periods hold every invariant', async () => {
    const ds = fixtureDataset(dir);
    // Each edge period once, alternating the default and the switched definitions (the demo runs both).
    for (const [i, period] of edgePeriods(ds).entries()) {
      const p = { ...period, ...VARIANTS[i % VARIANTS.length] };
      checkInvariants(await nativeRunner(engine)(IDS, p), p, `${dir} ${JSON.stringify(p)}`);
    }
    await runPropertySuite(nativeRunner(engine), ds, 4, 20261205);
  });
});
