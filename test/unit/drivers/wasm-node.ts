// DuckDB-WASM's own build run in Node (the node-blocking bundle): the tab's engine, statement for
// statement, without a browser. Shared by the driver and import tests that need the WASM engine itself.
import { createRequire } from 'node:module';
import type { DuckDBBindings } from 'duckdb-blocking';
import type { SqlStatement } from '../../../src/lib/sql.ts';
import type { SqlDriver } from '../../../workers/drivers/driver.ts';
import { runStatementPending, WASM_OPEN_CONFIG } from '../../../workers/drivers/wasm-pending.ts';

const require = createRequire(import.meta.url);
const DIST = require.resolve('@duckdb/duckdb-wasm/dist/duckdb-node-blocking.cjs').replace(/duckdb-node-blocking\.cjs$/, '');

export interface Wasm {
  bindings: DuckDBBindings;
  id: number;
  /** DuckDB-WASM's own path for a statement with parameters: runPrepared (runs to its end). */
  prepared(stmt: SqlStatement): Uint8Array;
  close(): void;
}

/** The WASM database opened as the tab opens it (WASM_OPEN_CONFIG), or with `config` instead (DuckDB-WASM's `open` config). */
export async function openWasm(config: object = WASM_OPEN_CONFIG): Promise<Wasm> {
  const duckdb = require(`${DIST}duckdb-node-blocking.cjs`);
  const bundles = { mvp: { mainModule: `${DIST}duckdb-mvp.wasm`, mainWorker: '' }, eh: { mainModule: `${DIST}duckdb-eh.wasm`, mainWorker: '' } };
  const db = await duckdb.createDuckDB(bundles, new duckdb.VoidLogger(), duckdb.NODE_RUNTIME);
  await db.instantiate();
  db.open(config);
  const conn = db.connect();
  const [bindings, id] = conn.useUnsafe((b: DuckDBBindings, c: number) => [b, c] as const);
  const prepared = (stmt: SqlStatement) => {
    const p = bindings.createPrepared(id, stmt.text);
    try {
      return bindings.runPrepared(id, p, stmt.params as unknown[]);
    } finally {
      bindings.closePrepared(id, p);
    }
  };
  return { bindings, id, prepared, close: () => conn.close() };
}

/**
 * An engine driver on the WASM build as the tab's (workers/drivers/wasm.ts): queries are pending
 * queries an `interrupt()` stops, `exec` runs its text whole, files are registered buffers.
 */
export function wasmDriver(w: Wasm): SqlDriver {
  let interruptRequested = false;
  return {
    kind: 'duckdb-wasm',
    version: async () => 'test',
    query: (stmt) => {
      interruptRequested = false;
      return runStatementPending(w.bindings, w.id, stmt, () => interruptRequested);
    },
    exec: async (text) => void w.bindings.runQuery(w.id, text),
    registerText: async (name, text) => {
      w.bindings.registerFileText(`/${name}`, text);
      return `/${name}`;
    },
    registerBytes: async (name, bytes) => {
      w.bindings.registerFileBuffer(`/${name}`, bytes instanceof Blob ? new Uint8Array(await bytes.arrayBuffer()) : bytes);
      return `/${name}`;
    },
    dropText: async (name) => w.bindings.dropFile(`/${name}`),
    copyToCsv: async (select, header = true) => {
      // As the tab's driver: COPY into an empty registered buffer, read it back, drop it.
      const path = '/_copy_out.csv';
      w.bindings.dropFile(path);
      w.bindings.registerFileBuffer(path, new Uint8Array(0));
      try {
        w.bindings.runQuery(w.id, `COPY (${select}) TO '${path}' (FORMAT csv, HEADER ${header}, DELIMITER ',', USE_TMP_FILE false)`);
        return w.bindings.copyFileToBuffer(path);
      } finally {
        w.bindings.dropFile(path);
      }
    },
    interrupt: () => {
      interruptRequested = true;
    },
  };
}
