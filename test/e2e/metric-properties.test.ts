// The metric property suite (test/unit/metrics/properties-suite.ts) on DuckDB-WASM in Chromium: the same
// invariants as on native DuckDB, over the demo's edge periods and random periods and definitions
// (repurchase basis, lifecycle limits, store filter, npsBy, RFM scheme, zero-amount switch).
import { afterAll, beforeAll, describe, it } from 'vitest';
import { ipcToRows } from '../../src/lib/engine/rows.ts';
import { METRICS } from '../../src/lib/metrics/index.ts';
import { addDays, addMonths, type MetricParams } from '../../src/lib/metrics/params.ts';
import { END_DATE, MONTHS } from '../../workers/demo/calendar.ts';
import { checkInvariants, edgePeriods, runPropertySuite, type PropertyDataset, type RunMetrics } from '../unit/metrics/properties-suite.ts';
import { openHostedApp, readTiles, type HostedApp } from './harness.ts';

const IDS = METRICS.map((m) => m.id);
let session: HostedApp;
let demo: PropertyDataset;

/** Runs the catalogue in the page's own engine (the worker, through comlink); rows decoded in Node. */
const wasmRunner: RunMetrics = async (ids, p) => {
  const out = await session.page.evaluate(
    async ({ ids, p }) => {
      const engine = (globalThis as unknown as { storeCompass: { engine: { runMetrics(ids: string[], p: unknown): Promise<Record<string, Uint8Array>> } } }).storeCompass.engine;
      const byId = await engine.runMetrics(ids, p);
      return Object.fromEntries(Object.entries(byId).map(([id, ipc]) => [id, Array.from(ipc)]));
    },
    { ids: [...ids], p },
  );
  return Object.fromEntries(Object.entries(out).map(([id, bytes]) => [id, ipcToRows(Uint8Array.from(bytes))]));
};

beforeAll(async () => {
  session = await openHostedApp();
  await readTiles(session.page); // the demo is loaded
  const stores = await session.page.evaluate(
    async () => (await (globalThis as unknown as { storeCompass: { engine: { dataset(): Promise<{ stores: string[] }> } } }).storeCompass.engine.dataset()).stores,
  );
  demo = { name: 'demo (wasm)', first: addMonths(addDays(END_DATE, 1), -MONTHS), last: END_DATE, stores };
}, 180_000);
afterAll(() => session?.close());

describe('metric properties on DuckDB-WASM (demo)', () => {
  it('edge periods (one day, mid-month, month end, whole span) hold every invariant, default and switched definitions', async () => {
    const switched: Partial<MetricParams> = {
      countZeroAmount: true,
      repurchaseBasis: 'orders',
      npsBy: 'tier',
      rfmScheme: 'cn8',
      lifecycle: { active: 30, atRisk: 60, dormant: 120 },
    };
    for (const [i, period] of edgePeriods(demo).entries()) {
      const p = { ...period, ...(i % 2 ? switched : {}) };
      checkInvariants(await wasmRunner(IDS, p), p, `wasm ${JSON.stringify(p)}`);
    }
  });
  it('random periods and definitions hold every invariant', async () => {
    await runPropertySuite(wasmRunner, demo, 4, 20261205);
  });
});
