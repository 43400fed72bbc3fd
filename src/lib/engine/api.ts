/**
 * The engine's one typed API. The same interface is served by the DuckDB-WASM worker (through
 * comlink, results as transferable Arrow IPC bytes) and by native DuckDB in Node.
 */
import type { MetricParams } from '../metrics/params.ts';
import type { TableName } from '../schema.ts';
import type { SqlStatement } from '../sql.ts';

/** Arrow IPC stream bytes; decode with `tableFromIPC` (apache-arrow 17). */
export type ArrowIPC = Uint8Array;

export interface EngineInfo {
  engine: 'duckdb-wasm' | 'duckdb-native';
  duckdbVersion: string;
}

/** Row counts of the canonical tables (0 = absent). */
export type TableCounts = Record<TableName, number>;

export interface DatasetInfo {
  label: string;
  /** Latest order date in the data (ISO): the natural "today" for period presets. */
  lastOrderDate: string | null;
  firstOrderDate: string | null;
  tables: TableCounts;
  /** Distinct stores and channels in the orders, for the filter bar. */
  stores: string[];
  channels: string[];
  /** Distinct member tiers, lowest first when they are the standard ones. */
  tiers: string[];
}

/** Optional per-call options: a request id makes the call cancellable with `cancel(id)`. */
export interface CallOptions {
  requestId?: string;
}

export interface EngineApi {
  info(): Promise<EngineInfo>;
  /** Replaces a canonical table with the rows of a canonical CSV (header row, ISO dates). */
  loadCsvTable(table: TableName, csv: string, options?: CallOptions): Promise<number>;
  /** Loads the built-in demo dataset (deterministic). */
  loadDemo(options?: CallOptions): Promise<DatasetInfo>;
  dataset(): Promise<DatasetInfo>;
  /** Runs one catalogue metric with bound parameters. */
  runMetric(id: string, params: MetricParams, options?: CallOptions): Promise<ArrowIPC>;
  /** Runs several metrics; stops between metrics when cancelled. */
  runMetrics(ids: readonly string[], params: MetricParams, options?: CallOptions): Promise<Record<string, ArrowIPC>>;
  /** Runs arbitrary read-only SQL with bound parameters (tests, CLI, advanced users). */
  query(stmt: SqlStatement, options?: CallOptions): Promise<ArrowIPC>;
  /** Cancels a running or queued call; resolves true when something was cancelled. */
  cancel(requestId: string): Promise<boolean>;
}
