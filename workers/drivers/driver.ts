/** What the engine needs from a DuckDB: the wasm build (browser) and the native one (Node) both provide it. */
import type { SqlStatement } from '../../src/lib/sql.ts';

export interface SqlDriver {
  readonly kind: 'duckdb-wasm' | 'duckdb-native';
  /**
   * Where an import's scratch table goes when it must not be in the dataset's database (`catalog.schema`;
   * absent: with the tables). DuckDB-WASM's tables live in a compressed database, which compresses
   * every table it commits: a scratch table dropped minutes later is built uncompressed beside it instead,
   * and only the order facts built from it are compressed (once). Unqualified names still find it.
   */
  readonly scratchSchema?: string;
  /** The import's read_csv reads with `parallel = false` (the command line spilling with one thread: scripts/cli/open-engine.ts). */
  readonly sequentialCsv?: boolean;
  version(): Promise<string>;
  /** Runs a statement with bound parameters; returns the whole result as Arrow IPC stream bytes. */
  query(stmt: SqlStatement): Promise<Uint8Array>;
  /** Runs statements without parameters or results (DDL, SET). */
  exec(text: string): Promise<void>;
  /** Makes text readable by `read_csv` under the returned path. */
  registerText(name: string, text: string): Promise<string>;
  dropText(name: string): Promise<void>;
  /** Makes bytes (a UTF-8 file as chosen, or a Blob read lazily) readable by `read_csv` under the returned path; dropped with dropText. */
  registerBytes(name: string, bytes: Uint8Array | Blob): Promise<string>;
  /**
   * Runs `COPY (select) TO <scratch file> (FORMAT csv, DELIMITER ',', HEADER header)` and returns the
   * file's bytes (UTF-8; the scratch file is dropped). Bytes, not text: a save exports a table range
   * by range and gzips the pieces, never one string (a 10M-order CSV is over V8's string limit).
   */
  copyToCsv(select: string, header?: boolean): Promise<Uint8Array>;
  /** Interrupts the statement running now, if the driver can. */
  interrupt(): void;
}

/**
 * The database DuckDB-WASM creates every table in: in memory, compressed as a database file is (DuckDB ≥ 1.3;
 * wasm32 caps DuckDB at ~3.1 GiB with nowhere to spill). Names not found there are looked up in the
 * default, uncompressed in-memory database, where the import's scratch table is built
 * (COMPRESSED_SCRATCH_SCHEMA). Emptying the list turns both off. The native driver takes the same
 * layout with `compressed` (tests of the browser's layout).
 */
export const COMPRESSED_DATABASE = ["ATTACH ':memory:' AS compass (COMPRESS)", 'USE compass', "SET search_path = 'compass.main,memory.main'"];
/** The import's scratch schema beside the compressed database (SqlDriver.scratchSchema). */
export const COMPRESSED_SCRATCH_SCHEMA = 'memory.main';

/**
 * Settings each driver applies once at open, then locks, so that a query sent by hand cannot
 * reach the network or the disk (issue 13 point 7), with the reason beside each:
 * - no extension is installed or autoloaded: offline, and httpfs would fetch `https://`/`s3://`
 *   (in the wasm build a second failed autoload also corrupts the instance); our SQL uses core
 *   functions only;
 * - external access off: only the driver's own files stay readable (DuckDB-WASM's registered
 *   buffers; the native driver's scratch directory and `allowedDirectories`, set before);
 * - `lock_configuration`: no later `SET` can undo any of it, so settings a caller needs (the
 *   CLI's spill directory) go in before it.
 * Local TIMESTAMPs only: the wasm build has no ICU, so no time-zone arithmetic anywhere.
 */
export function pinnedSettings(options: { allowedDirectories?: string[]; before?: string[] } = {}): string {
  const quote = (s: string) => `'${s.replaceAll("'", "''")}'`;
  const dirs = options.allowedDirectories ?? [];
  return [
    ...(options.before ?? []),
    ...(dirs.length ? [`SET allowed_directories = [${dirs.map(quote).join(', ')}]`] : []),
    'SET autoinstall_known_extensions = false',
    'SET autoload_known_extensions = false',
    'SET enable_external_access = false',
    'SET lock_configuration = true',
  ]
    .map((s) => `${s};`)
    .join('\n');
}
