/** SqlDriver on DuckDB-WASM's blocking bindings, run directly inside our one engine worker. */
import { BROWSER_RUNTIME, createDuckDB, DuckDBDataProtocol, VoidLogger, type DuckDBBindings } from 'duckdb-blocking';
import type { SqlStatement } from '../../src/lib/sql.ts';
import { runStatementPending, WASM_OPEN_CONFIG } from './wasm-pending.ts';
import { COMPRESSED_DATABASE, COMPRESSED_SCRATCH_SCHEMA, pinnedSettings, type SqlDriver } from './driver.ts';

/** The one directory DuckDB may read once locked: only buffers this driver registered live there. */
const REGISTERED_DIR = '/registered/';
const registeredPath = (name: string) => `${REGISTERED_DIR}${name.replace(/[^\w.-]/g, '_')}`;

export async function openWasmDriver(wasmUrl: string): Promise<SqlDriver> {
  // Only the exception-handling build ships: every browser we target supports wasm exceptions.
  const bundles = { mvp: { mainModule: wasmUrl, mainWorker: '' }, eh: { mainModule: wasmUrl, mainWorker: '' } };
  const db: DuckDBBindings = await createDuckDB(bundles, new VoidLogger(), BROWSER_RUNTIME);
  await db.instantiate(() => undefined);
  db.open(WASM_OPEN_CONFIG); // a pending query's poll returns every 10 ms: an interrupt is seen that soon (wasm-pending.ts)
  const conn = db.connect();
  // With external access off, DuckDB-WASM refuses even its own registered buffers unless they sit
  // under an allowed directory: every registered file is named under REGISTERED_DIR.
  // Tables live in a compressed in-memory database (issue 14): wasm32 caps DuckDB at ~3.1 GiB with
  // nowhere to spill, and uncompressed tables hold several times fewer orders in it.
  conn.query(pinnedSettings({ allowedDirectories: [REGISTERED_DIR], before: COMPRESSED_DATABASE }));
  let interruptRequested = false;

  /**
   * A file DuckDB reads slice by slice from a Blob (FileReaderSync), not a copy in the wasm heap
   * (registerFileBuffer's malloc): a 10M-order file would take 650 MB of the ~4 GiB wasm32 space
   * DuckDB's tables need (issue 14).
   */
  function registerBlob(name: string, blob: Blob): string {
    const path = registeredPath(name);
    db.dropFile(path);
    db.registerFileHandle(path, blob, DuckDBDataProtocol.BROWSER_FILEREADER, true);
    return path.replaceAll("'", "''");
  }

  return {
    kind: 'duckdb-wasm',
    scratchSchema: COMPRESSED_DATABASE.length ? COMPRESSED_SCRATCH_SCHEMA : undefined,
    async version() {
      return db.getVersion().replace(/^v/, '');
    },
    async query(stmt: SqlStatement) {
      // Every statement, bound parameters or not, as a pending query an interrupt can stop (wasm-pending.ts).
      interruptRequested = false;
      return conn.useUnsafe((bindings, id) => runStatementPending(bindings, id, stmt, () => interruptRequested));
    },
    async exec(text: string) {
      // Multi-statement text (a transaction) cannot be a pending query: run it whole.
      conn.useUnsafe((bindings, id) => bindings.runQuery(id, text));
    },
    async registerText(name: string, text: string) {
      return registerBlob(name, new Blob([text]));
    },
    async dropText(name: string) {
      db.dropFile(registeredPath(name));
    },
    async registerBytes(name: string, bytes: Uint8Array | Blob) {
      return registerBlob(name, bytes instanceof Blob ? bytes : new Blob([bytes as Uint8Array<ArrayBuffer>]));
    },
    async copyToCsv(select: string, header = true) {
      const path = registeredPath('_copy_out.csv');
      db.dropFile(path);
      db.registerFileBuffer(path, new Uint8Array(0)); // an empty in-memory file COPY can write into
      try {
        conn.useUnsafe((bindings, id) => bindings.runQuery(id, `COPY (${select}) TO '${path}' (FORMAT csv, HEADER ${header}, DELIMITER ',', USE_TMP_FILE false)`));
        return db.copyFileToBuffer(path);
      } finally {
        db.dropFile(path);
      }
    },
    interrupt() {
      interruptRequested = true;
    },
  };
}
