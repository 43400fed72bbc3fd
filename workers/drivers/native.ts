/** SqlDriver on native DuckDB (@duckdb/node-api, same engine version as the wasm build). Node only. */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DuckDBInstance, DuckDBTypeId, JSDuckDBValueConverter, type DuckDBConnection, type DuckDBType, type JS } from '@duckdb/node-api';
import { Bool, DateDay, Float64, Int32, Int64, Table, tableToIPC, TimestampMillisecond, Utf8, vectorFromArray, type DataType } from 'apache-arrow';
import type { SqlStatement } from '../../src/lib/sql.ts';
import { COMPRESSED_DATABASE, COMPRESSED_SCRATCH_SCHEMA, pinnedSettings, type SqlDriver } from './driver.ts';

function arrowType(t: DuckDBType): DataType {
  switch (t.typeId) {
    case DuckDBTypeId.BOOLEAN:
      return new Bool();
    case DuckDBTypeId.TINYINT:
    case DuckDBTypeId.SMALLINT:
    case DuckDBTypeId.INTEGER:
    case DuckDBTypeId.UTINYINT:
    case DuckDBTypeId.USMALLINT:
      return new Int32();
    case DuckDBTypeId.BIGINT:
    case DuckDBTypeId.UINTEGER:
    case DuckDBTypeId.HUGEINT:
    case DuckDBTypeId.UBIGINT:
      return new Int64();
    case DuckDBTypeId.FLOAT:
    case DuckDBTypeId.DOUBLE:
    case DuckDBTypeId.DECIMAL:
      return new Float64();
    case DuckDBTypeId.DATE:
      return new DateDay();
    case DuckDBTypeId.TIMESTAMP:
    case DuckDBTypeId.TIMESTAMP_MS:
    case DuckDBTypeId.TIMESTAMP_S:
      return new TimestampMillisecond();
    default:
      return new Utf8();
  }
}

function toArrowValue(v: unknown, type: DataType): unknown {
  if (v === null || v === undefined) return null;
  if (type instanceof Int64) return BigInt(v as bigint | number);
  if (type instanceof Float64 || type instanceof Int32) return Number(v);
  if (type instanceof DateDay || type instanceof TimestampMillisecond) return v instanceof Date ? v : new Date(String(v));
  if (type instanceof Bool) return Boolean(v);
  return typeof v === 'string' ? v : String(v);
}

/** Columns of JS values → Arrow IPC stream bytes, typed from DuckDB's column types (one conversion for query and queryChunks). */
function columnsToIpc(names: string[], types: DataType[], columns: JS[][]): Uint8Array {
  const vectors = Object.fromEntries(
    names.map((name, i) => [
      name,
      vectorFromArray(
        (columns[i] ?? []).map((v) => toArrowValue(v, types[i])),
        types[i],
      ),
    ]),
  );
  const table = names.length ? new Table(vectors) : new Table();
  return tableToIPC(table, 'stream');
}

export interface NativeDriverOptions {
  /** Folders a caller's own SQL may read besides the scratch directory (tests checking the import against DuckDB's own reader). */
  readable?: string[];
  /** Where DuckDB spills past its memory limit (the CLI's out-of-core path); set before the lock. '': nowhere (a tab's condition). */
  tempDirectory?: string;
  /** DuckDB's memory_limit (e.g. '2GB'): past it, tables and operators spill to tempDirectory. */
  memoryLimit?: string;
  /** DuckDB's worker threads (default: one per core). */
  threads?: number;
  /** The browser's layout (driver.ts COMPRESSED_DATABASE): tables in a compressed in-memory database, import scratch beside it. In memory only. */
  compressed?: boolean;
}

export interface NativeDriver extends SqlDriver {
  /**
   * The statement's result as Arrow IPC pieces of at most `chunkRows` rows each, converted to JS as
   * they are consumed (the CLI writes per-member tables without holding their rows in JS whole).
   * Nothing else may run on the connection until the iteration ends.
   */
  queryChunks(stmt: SqlStatement, chunkRows: number): AsyncGenerator<Uint8Array>;
  close(): void;
}

/**
 * STORE_COMPASS_TRACE=1: each statement's start of text (=full: its whole text), wall time and the process's RSS on stderr
 * (which statement of an import or report is slow or runs out of memory; errors carry no SQL text).
 */
const TRACE = typeof process !== 'undefined' && !!process.env.STORE_COMPASS_TRACE;
async function traced<T>(text: string, run: () => Promise<T>): Promise<T> {
  if (!TRACE) return run();
  const head = process.env.STORE_COMPASS_TRACE === 'full' ? text : text.replace(/\s+/g, ' ').slice(0, 140);
  const t = performance.now();
  const mb = () => Math.round(process.memoryUsage.rss() / 1e6);
  process.stderr.write(`[trace] start: ${head.slice(0, 80)}\n`); // a crash (a signal, not an error) still names its statement
  try {
    const out = await run();
    process.stderr.write(`[trace] ${((performance.now() - t) / 1000).toFixed(2)} s, rss ${mb()} MB: ${head}\n`);
    return out;
  } catch (e) {
    process.stderr.write(`[trace] FAILED after ${((performance.now() - t) / 1000).toFixed(2)} s, rss ${mb()} MB: ${head}\n`);
    throw e;
  }
}

export async function openNativeDriver(path = ':memory:', options: NativeDriverOptions = {}): Promise<NativeDriver> {
  const instance = await DuckDBInstance.create(path);
  const conn: DuckDBConnection = await instance.connect();
  const scratch = mkdtempSync(join(tmpdir(), 'store-compass-'));
  const q = (v: string) => `'${v.replaceAll("'", "''")}'`;
  const before = [
    ...(options.compressed ? COMPRESSED_DATABASE : []),
    ...(options.tempDirectory !== undefined ? [`SET temp_directory = ${q(options.tempDirectory)}`] : []),
    ...(options.memoryLimit ? [`SET memory_limit = ${q(options.memoryLimit)}`] : []),
    ...(options.threads ? [`SET threads = ${Math.max(1, Math.floor(options.threads))}`] : []),
  ];
  await conn.run(pinnedSettings({ allowedDirectories: [scratch, ...(options.readable ?? [])], before }));
  const files = new Map<string, string>();

  return {
    kind: 'duckdb-native',
    ...(options.compressed ? { scratchSchema: COMPRESSED_SCRATCH_SCHEMA } : {}),
    async version() {
      const r = await conn.runAndReadAll('SELECT version() AS v');
      return String(r.getRowObjectsJS()[0].v).replace(/^v/, '');
    },
    async query(stmt: SqlStatement) {
      const reader = await traced(stmt.text, () => conn.runAndReadAll(stmt.text, stmt.params.length ? (stmt.params as never) : undefined));
      return columnsToIpc(reader.columnNames(), reader.columnTypes().map(arrowType), reader.getColumnsJS());
    },
    async *queryChunks(stmt: SqlStatement, chunkRows: number) {
      // Materialised inside DuckDB (its buffer manager, under memory_limit), read out a chunk at a time: a
      // pending streamed result (conn.stream) left open across later queries was the suspect of two 10M
      // reports dying in the query after rfm_members (an I/O error on the spill file, then a segfault).
      const result = await traced(stmt.text, () => conn.run(stmt.text, stmt.params.length ? (stmt.params as never) : undefined));
      const names = result.columnNames();
      const types = result.columnTypes().map(arrowType);
      if (!names.length) return yield columnsToIpc(names, types, []);
      let pending: JS[][] = names.map(() => []);
      let yielded = false;
      for (let chunk = await result.fetchChunk(); chunk && chunk.rowCount > 0; chunk = await result.fetchChunk()) {
        const columns = chunk.convertColumns(JSDuckDBValueConverter) as JS[][];
        for (let at = 0; at < chunk.rowCount;) {
          const take = Math.min(chunkRows - pending[0].length, chunk.rowCount - at);
          columns.forEach((c, i) => pending[i].push(...c.slice(at, at + take)));
          at += take;
          if (pending[0].length === chunkRows) {
            yield columnsToIpc(names, types, pending);
            yielded = true;
            pending = names.map(() => []);
          }
        }
      }
      // An empty result still says its columns (one empty piece), as query() does.
      if (pending[0].length || !yielded) yield columnsToIpc(names, types, pending);
    },
    async exec(text: string) {
      await traced(text, () => conn.run(text));
    },
    async registerText(name: string, text: string) {
      const file = join(scratch, name.replace(/[^\w.-]/g, '_'));
      writeFileSync(file, text);
      files.set(name, file);
      return file.replaceAll("'", "''");
    },
    async dropText(name: string) {
      const file = files.get(name);
      if (file) rmSync(file, { force: true });
      files.delete(name);
    },
    async registerBytes(name: string, bytes: Uint8Array | Blob) {
      const file = join(scratch, name.replace(/[^\w.-]/g, '_'));
      writeFileSync(file, bytes instanceof Blob ? new Uint8Array(await bytes.arrayBuffer()) : bytes);
      files.set(name, file);
      return file.replaceAll("'", "''");
    },
    async copyToCsv(select: string, header = true) {
      const file = join(scratch, '_copy_out.csv');
      try {
        await conn.run(`COPY (${select}) TO '${file.replaceAll("'", "''")}' (FORMAT csv, HEADER ${header}, DELIMITER ',')`);
        return new Uint8Array(readFileSync(file));
      } finally {
        rmSync(file, { force: true });
      }
    },
    interrupt() {
      conn.interrupt();
    },
    close() {
      conn.closeSync();
      instance.closeSync();
      rmSync(scratch, { recursive: true, force: true });
    },
  };
}
