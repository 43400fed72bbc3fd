// The compass tiles of one store answered from the cached store compass (workers/compass-rollup.ts):
// the same numbers as each KPI's own scalar SQL with the store filter (an independent computation:
// a filter instead of a GROUP BY store), under several filter and variant settings on the demo, and
// no SQL at all once the store compass of the same parameters is cached. Without it (or for a
// store without a row, or two stores) the metric's own SQL runs.
import { tableFromArrays, tableToIPC } from 'apache-arrow';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ipcToRows } from '../../../src/lib/engine/rows.ts';
import { getMetric } from '../../../src/lib/metrics/index.ts';
import { scalarOf } from '../../../src/lib/metrics/history.ts';
import type { MetricParams } from '../../../src/lib/metrics/params.ts';
import { COMPASS_KPIS } from '../../../src/lib/metrics/store-compass.ts';
import { TABLE_NAMES } from '../../../src/lib/schema.ts';
import { compassRollup, scalarIpc, STORE_ROLLUPS, storeRollup, storeRollupStatement, trendIpc } from '../../../workers/compass-rollup.ts';
import { scalarOrZero } from '../../../src/lib/metrics/history.ts';
import { KPI_STRIP } from '../../../src/lib/metrics/index.ts';
import { comparisonPeriod } from '../../../src/lib/metrics/params.ts';
import { sql } from '../../../src/lib/sql.ts';
import { generateDemo } from '../../../workers/demo/generate.ts';
import { openNativeDriver, type NativeDriver } from '../../../workers/drivers/native.ts';
import { createEngine, type Engine } from '../../../workers/engine.ts';
import { TEST_DUCKDB } from '../../test-duckdb.ts';

const KPIS = COMPASS_KPIS.map((k) => k.id);
const BASE: MetricParams = { from: '2026-08-02', to: '2026-11-01', stores: [], channels: [], tiers: [], membership: 'all' };
const VIEWS: [string, MetricParams][] = [
  ['default', BASE],
  ['online', { ...BASE, channels: ['online'] }],
  ['金卡 members, orders basis', { ...BASE, tiers: ['金卡'], membership: 'member', repurchaseBasis: 'orders' }],
  ['zero amounts counted, 60-day active', { ...BASE, from: '2026-05-01', countZeroAmount: true, lifecycle: { active: 60, atRisk: 180, dormant: 365 } }],
];

let driver: NativeDriver;
let engine: Engine;
let queries = 0;
let stores: string[] = [];

beforeAll(async () => {
  driver = await openNativeDriver(':memory:', TEST_DUCKDB);
  const query = driver.query.bind(driver);
  driver.query = (stmt) => {
    queries++;
    return query(stmt);
  };
  engine = await createEngine(driver);
  const demo = generateDemo();
  for (const table of TABLE_NAMES) await engine.loadCsvTable(table, demo.tables[table]);
  stores = (await engine.dataset()).stores;
}, 300_000);
afterAll(() => driver?.close());

const values = (results: Record<string, Uint8Array>) => Object.fromEntries(Object.entries(results).map(([id, ipc]) => [id, ipcToRows(ipc)]));

describe('compass KPIs of one store from the store compass', () => {
  it('each KPI scalar is scalarOf(its per-store builder): the store compass column is the same definition', () => {
    for (const k of COMPASS_KPIS) {
      for (const [, p] of VIEWS) {
        const own = getMetric(k.id).sql({ ...p, stores: ['旗舰店'] });
        const built = scalarOf(k.by({ ...p, stores: ['旗舰店'] }, false));
        expect({ text: own.text, params: own.params }, k.id).toEqual({ text: built.text, params: built.params });
      }
    }
  });

  it('equals the KPI SQL with the store filter, store by store, and runs no SQL once the store compass is cached', async () => {
    expect(stores.length).toBeGreaterThan(2);
    for (const [view, p] of VIEWS) {
      // The metrics' own SQL first (store compass not cached for these parameters yet).
      const own: Record<string, unknown> = {};
      for (const store of stores) own[store] = values(await engine.runMetrics(KPIS, { ...p, stores: [store] }));
      // A fresh dataset swap would clear the cache; instead the store compass of other dates must not answer them.
      await engine.runMetric('store_compass', { ...p, from: '2026-07-01', stores: [] });
      const rows = ipcToRows(await engine.runMetric('store_compass', { ...p, stores: [] }));
      expect(rows.length, view).toBeGreaterThan(2);
      for (const store of stores) {
        const q0 = queries;
        const rolled = values(await engine.runMetrics(KPIS, { ...p, stores: [store] }));
        const hasRow = rows.some((r) => r.store === store);
        if (hasRow) expect(queries - q0, `${view} ${store}: SQL run`).toBe(0);
        expect(rolled, `${view} ${store}`).toEqual(own[store]);
      }
    }
  }, 300_000);

  it('leaves other questions to their SQL: two stores, no store, another metric, a store compass of other parameters', () => {
    const p = { ...BASE, stores: ['旗舰店'] };
    const compass = scalarIpc(0.5); // stands for a cached store compass of the right parameters
    const table = ipcToRows(compass);
    expect(table).toEqual([{ value: 0.5 }]);
    const none = () => undefined;
    expect(compassRollup('repurchase_rate', p, none)).toBeUndefined();
    expect(compassRollup('repurchase_rate', { ...p, stores: ['旗舰店', '万达店'] }, () => compass)).toBeUndefined();
    expect(compassRollup('repurchase_rate', { ...p, stores: [] }, () => compass)).toBeUndefined();
    expect(compassRollup('sales', p, () => compass)).toBeUndefined();
    // The lookup asks for the store compass of the same parameters over every store.
    const asked: string[] = [];
    compassRollup('aov', p, (stmt) => (asked.push(JSON.stringify(stmt.params)), undefined));
    expect(asked).toEqual([JSON.stringify(getMetric('store_compass').sql({ ...p, stores: [] }).params)]);
  });

  it('a NULL KPI stays NULL', () => {
    expect(ipcToRows(scalarIpc(null))).toEqual([{ value: null }]);
  });
});

// Session 10: the KPI strip's metrics and the trend of one store answered from their by-store answers
// (STORE_ROLLUPS, asked ahead by engine.prefetchStoreRollups): the same rows as each metric's own SQL
// with the store filter, period and comparison period alike, and no SQL once they are held.
describe('strip metrics and the trend of one store from their by-store answers', () => {
  it('each strip metric and the trend is its by-store builder without the store key: one definition', () => {
    const p = { ...BASE, stores: ['旗舰店'] };
    const own = (id: string) => {
      const s = getMetric(id as never).sql(p);
      return { text: s.text, params: s.params };
    };
    const as = (s: { text: string; params: readonly unknown[] }) => ({ text: s.text, params: s.params });
    expect(own('sales')).toEqual(as(scalarOrZero(STORE_ROLLUPS.sales.by(p, false))));
    expect(own('orders')).toEqual(as(scalarOrZero(STORE_ROLLUPS.orders.by(p, false))));
    expect(own('buyers')).toEqual(as(scalarOrZero(STORE_ROLLUPS.buyers.by(p, false))));
    expect(own('repurchase_rate')).toEqual(as(scalarOf(STORE_ROLLUPS.repurchase_rate.by(p, false))));
    expect(own('aov')).toEqual(as(scalarOf(STORE_ROLLUPS.aov.by(p, false))));
    expect(own('monthly_trend')).toEqual(as(sql`SELECT month, sales, orders, buyers FROM (${STORE_ROLLUPS.monthly_trend.by(p, false)}) ORDER BY month`));
    expect(Object.keys(STORE_ROLLUPS).sort()).toEqual([...KPI_STRIP, 'monthly_trend'].sort());
  });

  it('equals the metrics’ own SQL with the store filter (period, comparison, trend), store by store, with no SQL once prefetched', async () => {
    for (const [view, base] of VIEWS) {
      const asked = [
        { ids: [...KPI_STRIP], params: base },
        { ids: [...KPI_STRIP], params: comparisonPeriod(base, 'previous') },
        { ids: ['monthly_trend'], params: { ...base, from: '2025-11-01' } },
      ];
      // Each metric's own SQL first, straight through the driver (past both caches and every roll-up).
      const own: Record<string, unknown> = {};
      for (const store of stores)
        for (const [i, a] of asked.entries())
          for (const id of a.ids) own[`${store} ${i} ${id}`] = ipcToRows(await driver.query(getMetric(id as never).sql({ ...a.params, stores: [store] })));
      expect(await engine.prefetchStoreRollups(asked)).toBe('done');
      for (const store of stores) {
        const q0 = queries;
        for (const [i, a] of asked.entries()) {
          const got = values(await engine.runMetrics(a.ids, { ...a.params, stores: [store] }));
          for (const id of a.ids) expect(got[id], `${view} ${store} ${i} ${id}`).toEqual(own[`${store} ${i} ${id}`]);
        }
        expect(queries - q0, `${view} ${store}: SQL run`).toBe(0);
      }
      // Asked again: every by-store answer is held, nothing runs.
      const q0 = queries;
      expect(await engine.prefetchStoreRollups(asked)).toBe('done');
      expect(queries - q0).toBe(0);
    }
  }, 300_000);

  it('leaves other questions to their SQL: no by-store answer held, two stores, no store, a store without rows', () => {
    const p = { ...BASE, stores: ['旗舰店'] };
    expect(storeRollup('sales', p, () => undefined)).toBeUndefined();
    expect(storeRollup('sales', { ...p, stores: ['旗舰店', '万达店'] }, () => scalarIpc(1))).toBeUndefined();
    expect(storeRollup('sales', { ...p, stores: [] }, () => scalarIpc(1))).toBeUndefined();
    expect(storeRollup('return_to_store_rate', p, () => scalarIpc(1))).toBeUndefined();
    // A by-store answer without the store's rows (no orders there in the period): the SQL answers it.
    expect(storeRollup('sales', p, () => ipcToRowsInverse([{ k: '万达店', value: 3 }]))).toBeUndefined();
    // The prefetch skips a compass KPI whose store compass is held (compassRollup answers it), and only that.
    const held = () => scalarIpc(1);
    expect(storeRollupStatement('aov', p, held)).toBeUndefined();
    expect(storeRollupStatement('repurchase_rate', p, held)).toBeUndefined();
    expect(storeRollupStatement('aov', p)).toEqual(STORE_ROLLUPS.aov.by({ ...p, stores: [] }, true));
    expect(storeRollupStatement('sales', p, held)).toEqual(STORE_ROLLUPS.sales.by({ ...p, stores: [] }, true));
    expect(storeRollupStatement('return_to_store_rate', p)).toBeUndefined();
    // The lookup asks for the by-store statement of the same parameters over every store.
    const asked: string[] = [];
    storeRollup('buyers', p, (stmt) => (asked.push(stmt.text), undefined));
    expect(asked).toEqual([STORE_ROLLUPS.buyers.by({ ...p, stores: [] }, true).text]);
  });

  it('trend rows keep their months, numbers and column types through trendIpc', () => {
    const rows = [
      { month: '2026-01', sales: 1.5, orders: 2, buyers: 1 },
      { month: '2026-02', sales: 0, orders: 0, buyers: 0 },
    ];
    expect(ipcToRows(trendIpc(rows))).toEqual(rows);
    expect(ipcToRows(trendIpc([]))).toEqual([]);
  });
});

/** A tiny by-store answer `(k, value)` as Arrow IPC (Node: Arrow's builders are allowed here). */
function ipcToRowsInverse(rows: { k: string; value: number }[]): Uint8Array {
  return tableToIPC(tableFromArrays({ k: rows.map((r) => r.k), value: Float64Array.from(rows, (r) => r.value) }), 'stream');
}
