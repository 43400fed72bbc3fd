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

/** Columns of JS values → Arrow IPC stream bytes, typed from DuckDB's column types (query's result, as the engine takes it). */
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

const DAY_MS = 86_400_000;

/**
 * What a value of a column of Arrow type `type` reads back as after columnsToIpc and ipcToRows (BigInt as number), without
 * the Arrow round trip: Int64 kept to 64 bits, Int32 to 32, a day as the epoch ms of its UTC midnight (Arrow stores
 * whole days), a timestamp as epoch ms, anything else as text. One function per column, chosen once.
 */
function rowValueOf(type: DataType): (v: JS) => unknown {
  const time = (v: JS) => (v instanceof Date ? v : new Date(String(v))).getTime();
  if (type instanceof Int64) return (v) => (v === null || v === undefined ? null : Number(BigInt.asIntN(64, BigInt(v as bigint | number))));
  if (type instanceof Int32) return (v) => (v === null || v === undefined ? null : Number(v) | 0);
  if (type instanceof Float64) return (v) => (v === null || v === undefined ? null : Number(v));
  if (type instanceof DateDay) return (v) => (v === null || v === undefined ? null : DAY_MS * Math.floor(time(v) / DAY_MS));
  if (type instanceof TimestampMillisecond) return (v) => (v === null || v === undefined ? null : Number(BigInt(time(v))));
  if (type instanceof Bool) return (v) => (v === null || v === undefined ? null : Boolean(v));
  return (v) => (v === null || v === undefined ? null : typeof v === 'string' ? v : String(v));
}

/**
 * Rows `from`–`to` of columns of JS values appended to `out` as row objects, the same values and key order as ipcToRows(columnsToIpc(…)) gives (a repeated
 * column name keeps its first place and its last value; `__proto__` is set as a plain assignment sets it). The
 * streamed pieces of a report are consumed in this process: encoding them to Arrow IPC only to decode them again was
 * ~1.5 s of main-thread CPU a million orders (session 12's profile).
 */
function appendRows(out: Record<string, unknown>[], names: string[], converters: ((v: JS) => unknown)[], columns: JS[][], from: number, to: number): void {
  const base = out.length - from;
  for (let r = from; r < to; r++) out.push({});
  names.forEach((name, i) => {
    const column = columns[i];
    const value = converters[i];
    for (let r = from; r < to; r++) out[base + r][name] = value(column[r]);
  });
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
   * The statement's result as pieces of at most `chunkRows` row objects each (the values ipcToRows(query(stmt)) would
   * give), converted to JS as they are consumed (the CLI writes per-member tables without holding their rows in JS
   * whole). An empty result is one empty piece. Nothing else may run on the connection until the iteration ends.
   */
  queryChunks(stmt: SqlStatement, chunkRows: number): AsyncGenerator<Record<string, unknown>[]>;
  close(): void;
}

/**
 * STORE_COMPASS_TRACE=1: each statement's start of text (=full: its whole text), wall time, the process's CPU (all threads) and RSS on stderr
 * (which statement of an import or report is slow or runs out of memory; errors carry no SQL text).
 */
const TRACE = typeof process !== 'undefined' && !!process.env.STORE_COMPASS_TRACE;
async function traced<T>(text: string, run: () => Promise<T>): Promise<T> {
  if (!TRACE) return run();
  const head = process.env.STORE_COMPASS_TRACE === 'full' ? text : text.replace(/\s+/g, ' ').slice(0, 140);
  const t = performance.now();
  const cpu = process.cpuUsage();
  const mb = () => Math.round(process.memoryUsage.rss() / 1e6);
  const cpuS = () => {
    const d = process.cpuUsage(cpu);
    return ((d.user + d.system) / 1e6).toFixed(2);
  };
  process.stderr.write(`[trace] start: ${head.slice(0, 80)}\n`); // a crash (a signal, not an error) still names its statement
  try {
    const out = await run();
    process.stderr.write(`[trace] ${((performance.now() - t) / 1000).toFixed(2)} s, cpu ${cpuS()} s, rss ${mb()} MB: ${head}\n`);
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
      const converters = result.columnTypes().map((t) => rowValueOf(arrowType(t)));
      if (!names.length) return yield [];
      let pending: Record<string, unknown>[] = [];
      let yielded = false;
      for (let chunk = await result.fetchChunk(); chunk && chunk.rowCount > 0; chunk = await result.fetchChunk()) {
        const columns = chunk.convertColumns(JSDuckDBValueConverter) as JS[][];
        for (let at = 0; at < chunk.rowCount;) {
          const take = Math.min(chunkRows - pending.length, chunk.rowCount - at);
          appendRows(pending, names, converters, columns, at, at + take);
          at += take;
          if (pending.length === chunkRows) {
            yield pending;
            yielded = true;
            pending = [];
          }
        }
      }
      // An empty result is still one (empty) piece, as query() still says its columns.
      if (pending.length || !yielded) yield pending;
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
