// The metric property suite on native DuckDB over every hand-worked fixture: edge and random
// periods and definitions (the demo runs in properties-periods.test.ts).
import { afterAll, beforeAll, describe, it } from 'vitest';
import { openNativeDriver } from '../../../workers/drivers/native.ts';
import { createEngine, type Engine } from '../../../workers/engine.ts';
import { TEST_DUCKDB } from '../../test-duckdb.ts';
import { loadFixture } from './harness.ts';
import { FIXTURES, fixtureDataset, IDS, nativeRunner, VARIANTS } from './properties-native.ts';
import { checkInvariants, edgePeriods, runPropertySuite } from './properties-suite.ts';

describe.each(FIXTURES)('metric properties on fixture %s (native DuckDB)', (dir) => {
  let engine: Engine;
  let close: () => void;
  beforeAll(async () => {
    const driver = await openNativeDriver(':memory:', TEST_DUCKDB);
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
  }, 240_000); // 10 whole catalogues: ~10 s alone; npm test runs this file niced beside the browser tests
});
