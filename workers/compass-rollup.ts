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
import { Float64, makeData, makeVector, Table, tableToIPC } from 'apache-arrow';
import { ipcToRows } from '../src/lib/engine/rows.ts';
import type { MetricParams } from '../src/lib/metrics/params.ts';
import { COMPASS_KPIS, storeCompass } from '../src/lib/metrics/store-compass.ts';
import type { SqlStatement } from '../src/lib/sql.ts';

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
