// The metric property suite (properties-suite.ts) on native DuckDB: random periods and definitions on
// the demo, plus named edge periods (one day, mid-month, month end, leap day); the fixtures run in
// properties-fixtures.test.ts. test/e2e/metric-properties.test.ts runs the same suite on DuckDB-WASM.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addDays, addMonths } from '../../../src/lib/metrics/params.ts';
import { openNativeDriver } from '../../../workers/drivers/native.ts';
import { END_DATE, MONTHS } from '../../../workers/demo/calendar.ts';
import { createEngine, type Engine } from '../../../workers/engine.ts';
import { TEST_DUCKDB } from '../../test-duckdb.ts';
import { IDS, nativeRunner, VARIANTS } from './properties-native.ts';
import { checkInvariants, edgePeriods, runPropertySuite, type PropertyDataset } from './properties-suite.ts';

describe('metric properties on the demo (native DuckDB)', () => {
  let engine: Engine;
  let close: () => void;
  let demo: PropertyDataset;
  beforeAll(async () => {
    const driver = await openNativeDriver(':memory:', TEST_DUCKDB);
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
