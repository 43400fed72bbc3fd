/**
 * A compass KPI for one store, read from the store compass already answered (issue 14, filter
 * click): the compass panel asks `store_compass` over every store (its benchmark is across stores)
 * and its tiles ask the same KPIs with the store filter. Each KPI's scalar metric is
 * `scalarOf(by(p, false))` and its store-compass column `by(p, true)` grouped by store
 * (src/lib/metrics/store-compass.ts, the one definition; a unit test holds both to that), so with
 * exactly one store picked the tile's number is that store's row of the store compass of the same
 * parameters with the store filter left out. When that result is in the result cache the click
 * answers the tile without scanning the orders again; otherwise (another panel, a store without
 * orders in the period, several stores) the metric's own SQL runs.
 */
import { Float64, makeData, makeVector, Table, tableToIPC, Utf8 } from 'apache-arrow';
import { ipcToRows } from '../src/lib/engine/rows.ts';
import type { MetricParams } from '../src/lib/metrics/params.ts';
import { aovBy, buyersBy, ordersBy, salesBy } from '../src/lib/metrics/sales.ts';
import { repurchaseBy } from '../src/lib/metrics/repurchase.ts';
import { COMPASS_KPIS, storeCompass } from '../src/lib/metrics/store-compass.ts';
import { monthlyTrendBy } from '../src/lib/metrics/trend.ts';
import type { SqlStatement } from '../src/lib/sql.ts';

/**
 * Channels are few (online / offline): a view resting on every channel asks its questions ahead for each
 * channel (engine.prefetchChannels), up to this many; a dataset with more channels is not prefetched.
 */
export const MAX_PREFETCH_CHANNELS = 4;

const KPI_IDS: ReadonlySet<string> = new Set(COMPASS_KPIS.map((k) => k.id));

/**
 * A scalar metric's result as the SQL gives it: one row, one DOUBLE column `value` (NULL allowed).
 * Built from its buffers (makeData): Arrow's vectorFromArray compiles code with `new Function`, which
 * the page's CSP forbids in the worker.
 */
export function scalarIpc(value: number | null): Uint8Array {
  const data = makeData({
    type: new Float64(),
    length: 1,
    nullCount: value === null ? 1 : 0,
    data: Float64Array.of(value ?? 0),
    nullBitmap: Uint8Array.of(value === null ? 0 : 1),
  });
  return tableToIPC(new Table({ value: makeVector(data) }), 'stream');
}

/**
 * The KPI strip's metrics and the trend, each with its builder by store (session 10): the metric is
 * `scalarOrZero` / `scalarOf` of `by(p, false)` (the trend: its rows of `monthlyTrendBy(p, false)`), so a
 * store's rows of `by(p without the store filter, true)` are the metric with that store picked. The page
 * asks for these (engine.prefetchStoreRollups) while the view rests on every store; a store click then
 * answers the strip and the trend without SQL.
 */
export const STORE_ROLLUPS: Readonly<Record<string, { by: (p: MetricParams, byStore: boolean) => SqlStatement; table?: true }>> = {
  sales: { by: salesBy },
  orders: { by: ordersBy },
  buyers: { by: buyersBy },
  repurchase_rate: { by: repurchaseBy },
  aov: { by: aovBy },
  monthly_trend: { by: monthlyTrendBy, table: true },
};

/**
 * The by-store statement a store's `id` under `params` rolls up from (params without the store filter),
 * or undefined: none for another metric, and none for a compass KPI whose store compass of the same
 * parameters `cached` holds (compassRollup answers it from there).
 */
export function storeRollupStatement(id: string, params: MetricParams, cached: (stmt: SqlStatement) => Uint8Array | undefined = () => undefined): SqlStatement | undefined {
  if (KPI_IDS.has(id) && cached(storeCompass.sql({ ...params, stores: [] }))) return undefined;
  return STORE_ROLLUPS[id]?.by({ ...params, stores: [] }, true);
}

/** The trend's rows as the metric's SQL gives them: `month` text, then DOUBLE sales, orders, buyers (never NULL), in month order. */
export function trendIpc(rows: readonly { month: string; sales: number; orders: number; buyers: number }[]): Uint8Array {
  const bytes = new TextEncoder();
  const texts = rows.map((r) => bytes.encode(r.month));
  const offsets = new Int32Array(rows.length + 1);
  texts.forEach((t, i) => (offsets[i + 1] = offsets[i] + t.length));
  const data = new Uint8Array(offsets[rows.length]);
  texts.forEach((t, i) => data.set(t, offsets[i]));
  const doubles = (key: 'sales' | 'orders' | 'buyers') =>
    makeVector(makeData({ type: new Float64(), length: rows.length, nullCount: 0, data: Float64Array.from(rows, (r) => r[key]) }));
  return tableToIPC(
    new Table({
      month: makeVector(makeData({ type: new Utf8(), length: rows.length, nullCount: 0, valueOffsets: offsets, data })),
      sales: doubles('sales'),
      orders: doubles('orders'),
      buyers: doubles('buyers'),
    }),
    'stream',
  );
}

/** Decoded by-store results by their cached bytes, grouped by store (`k`). */
const grouped = new WeakMap<Uint8Array, Map<string, Record<string, unknown>[]>>();

/**
 * The result of strip metric or trend `id` under `params` (one store) from its by-store result of the
 * same parameters, if `cached` holds that and it has rows for the store; else undefined.
 */
export function storeRollup(id: string, params: MetricParams, cached: (stmt: SqlStatement) => Uint8Array | undefined): Uint8Array | undefined {
  const rollup = STORE_ROLLUPS[id];
  if (!rollup || params.stores?.length !== 1) return undefined;
  const ipc = cached(rollup.by({ ...params, stores: [] }, true));
  if (!ipc) return undefined;
  let byStore = grouped.get(ipc);
  if (!byStore) {
    byStore = new Map();
    for (const r of ipcToRows(ipc)) {
      const k = r.k as string;
      const rows = byStore.get(k);
      if (rows) rows.push(r);
      else byStore.set(k, [r]);
    }
    grouped.set(ipc, byStore);
  }
  const rows = byStore.get(params.stores[0]);
  if (!rows?.length) return undefined;
  if (rollup.table) return trendIpc([...rows].sort((a, b) => (String(a.month) < String(b.month) ? -1 : 1)) as never);
  const value = rows[0].value;
  return scalarIpc(typeof value === 'number' ? value : null);
}

/** Decoded store-compass results by their cached bytes (the cache hands out the same array while it holds it). */
const decoded = new WeakMap<Uint8Array, Map<string, Record<string, unknown>>>();

/**
 * The scalar result of compass KPI `id` under `params` (one store), from the store compass of the same
 * parameters over all stores if `cached` holds it and it has a row for that store; else undefined.
 */
export function compassRollup(id: string, params: MetricParams, cached: (stmt: SqlStatement) => Uint8Array | undefined): Uint8Array | undefined {
  if (!KPI_IDS.has(id) || params.stores?.length !== 1) return undefined;
  const ipc = cached(storeCompass.sql({ ...params, stores: [] }));
  if (!ipc) return undefined;
  let byStore = decoded.get(ipc);
  if (!byStore) {
    byStore = new Map(ipcToRows(ipc).map((r) => [r.store as string, r]));
    decoded.set(ipc, byStore);
  }
  const row = byStore.get(params.stores[0]);
  if (!row) return undefined;
  const value = row[id];
  return scalarIpc(typeof value === 'number' ? value : null);
}
