/** What the engine needs from a DuckDB: the wasm build (browser) and the native one (Node) both provide it. */
import type { SqlStatement } from '../../src/lib/sql.ts';

export interface SqlDriver {
  readonly kind: 'duckdb-wasm' | 'duckdb-native';
  version(): Promise<string>;
  /** Runs a statement with bound parameters; returns the whole result as Arrow IPC stream bytes. */
  query(stmt: SqlStatement): Promise<Uint8Array>;
  /** Runs statements without parameters or results (DDL, SET). */
  exec(text: string): Promise<void>;
  /** Makes text readable by `read_csv` under the returned path. */
  registerText(name: string, text: string): Promise<string>;
  dropText(name: string): Promise<void>;
  /** Interrupts the statement running now, if the driver can. */
  interrupt(): void;
}

/** Settings pinned at open, in one place, with the reason beside each. */
export const PINNED_SETTINGS = [
  // Offline: an extension autoload would try the network and, in the wasm build, a second
  // failed autoload corrupts the instance. Our SQL uses core functions only.
  'SET autoload_known_extensions = false',
  'SET autoinstall_known_extensions = false',
  // Local TIMESTAMPs only: the wasm build has no ICU, so no time-zone arithmetic anywhere.
  // Deterministic output order for ties is handled in each query's ORDER BY.
];
