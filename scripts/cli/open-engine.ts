/**
 * The command line's DuckDB: native, in memory up to `memoryLimit`, spilling past it to a temp
 * folder (the out-of-core path of issue 14), allowed to read the input files' folders and nothing
 * else (drivers/driver.ts pinnedSettings).
 *
 * Each run spills into its own new folder inside the temp directory, removed when the engine closes:
 * DuckDB names its spill file the same in every process (duckdb_temp_storage_DEFAULT-0.tmp), so two
 * runs sharing one folder overwrote each other's spilled blocks ("IO Error: Could not read enough
 * bytes", seen with a 10M and a 100M report at once).
 */
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { openNativeDriver, type NativeDriver } from '../../workers/drivers/native.ts';
import { createEngine, type Engine } from '../../workers/engine.ts';
import { inputFiles } from './load-files.ts';
import { inputDataBytes } from './inputs.ts';
import { dayRanges, substituteShared, type SharedBuild, type SharedFragment } from './shared-sql.ts';
import { ipcToRows } from '../../src/lib/engine/rows.ts';
import { STORE_DAYS } from '../../src/lib/metrics/scope.ts';
import type { SqlStatement } from '../../src/lib/sql.ts';

/** The command line's driver: native DuckDB, plus subqueries materialised once and read from their tables (shared-sql.ts). */
export interface CliDriver extends NativeDriver {
  /**
   * Builds a table from `fragment` (the catalogue's SQL) now; from then on every statement holding it reads the table.
   * A fragment `byDays` is built by day ranges of at most `memoryLimit / BUYER_DAY_BYTES` orders each (shared-sql.ts
   * dayRanges). Resolves to the number of statements that built it.
   */
  share(fragment: SharedBuild): Promise<number>;
}

/**
 * Bytes of --memory-limit per order a by-days shared build's range may hold (shared-sql.ts dayRanges). The buyer days'
 * DISTINCT (a hash aggregate on member and day, one thread) over 2.2M purchases failed at 100MB (95 MiB used: the
 * hash table's ~62 MiB and its 32 MiB pointer array, which DuckDB does not spill at that size) and passed at 150MB; a
 * month of them (~0.7M) passed at 100MB (session 17). 128 B: ranges of ~780k orders at 100MB, ~15.6M at 2GB (10M
 * orders' periods in one piece, as before).
 */
export const BUYER_DAY_BYTES = 128;

/** Defaults of --memory-limit and --temp-dir. */
export const DEFAULT_MEMORY_LIMIT = '2GB';
export const defaultTempDir = () => join(tmpdir(), 'store-compass-spill');

const UNITS: Record<string, number> = { kb: 1e3, mb: 1e6, gb: 1e9, tb: 1e12, kib: 2 ** 10, mib: 2 ** 20, gib: 2 ** 30, tib: 2 ** 40 };
/** '2GB' → bytes (the forms --memory-limit accepts). */
export function sizeBytes(limit: string): number {
  const m = /^(\d+(?:\.\d+)?)\s*([KMGT]i?B)$/i.exec(limit.trim());
  if (!m) throw new Error(`not a size: ${limit}`);
  return Number(m[1]) * UNITS[m[2].toLowerCase()];
}

/**
 * Whether a run is expected to spill: its input's data (inputs.ts inputDataBytes: a .gz or Parquet file's
 * uncompressed size) is larger than a quarter of the memory limit (the orders table and the sorted order facts will not fit). Such a run keeps its tables in a database
 * file in its spill folder, not in memory: stored compressed and written out as they are built, so
 * DuckDB drops their blocks from memory for free, where an in-memory table's blocks must first be
 * copied, uncompressed, to the spill file (10M orders: 0.36 GB on disk against ~1 GB in memory; the
 * import's statement building it was ~1.4× slower, hence only when needed). And it uses one thread:
 * native DuckDB 1.4.3 crashed (SIGSEGV) in spilling metric queries with two — 10M orders at 300MB in
 * active_member_share, then multi_segment_buyers on a rerun; 10M at 2GB after rfm_members
 * (session 6) — and not in the same queries with one. Session 14: no crash in four two-thread 10M reports, but at
 * 300MB both two-thread runs died of Out of Memory (the RFM snapshot; members_at_risk) where one thread completed, and
 * two threads sum in another order (the JSON's floats differ in their last digits, run to run).
 */
export function outOfCore(inputBytes: number, memoryLimit: string): boolean {
  return inputBytes > sizeBytes(memoryLimit) / 4;
}

/**
 * Whether the import's read_csv reads with `parallel = false` (SqlDriver.sequentialCsv): a run with one DuckDB
 * thread whose input's data is larger than the memory limit itself. DuckDB's parallel CSV reader feeding a table keeps
 * memory DuckDB does not count, ~29 MB a million orders (~0.45 × the CSV's bytes) at 300MB with one thread; the
 * sequential reader keeps ~11 MB a million under pressure, but holds more of the memory DuckDB does count (up to
 * the limit) when there is room. Session 15 (bench/results.md "100M out-of-core, session 15"), RSS after the
 * import's CREATE TABLE, parallel / sequential: 10M orders (655 MB) at 300MB 537 / 443 MB; 100M (6.6 GB) at
 * 300MB – / 457 MB (session 12's parallel read at 2GB: 3,738 MB); but 2M (131 MB) at 300MB 258 / 411 MB and 10M at
 * the default 2GB 518 / 1,014 MB — those keep the parallel reader.
 */
export function sequentialCsv(inputBytes: number, memoryLimit: string, threads: number | undefined): boolean {
  return threads === 1 && inputBytes > sizeBytes(memoryLimit);
}

export async function openCliEngine(
  paths: readonly string[],
  /**
   * outOfCore, sequentialCsv: override the choices by input size (tests); threads: DuckDB's threads (default: by outOfCore);
   * rangeRows: the orders a by-days shared build's range may hold (default: by the memory limit, BUYER_DAY_BYTES; tests).
   */
  options: { memoryLimit?: string; tempDirectory?: string; threads?: number; outOfCore?: boolean; sequentialCsv?: boolean; rangeRows?: number } = {},
): Promise<{ driver: CliDriver; engine: Engine; spillDirectory: string }> {
  const inputs = inputFiles(paths);
  const folders = [...new Set(inputs.map((f) => `${dirname(f)}/`))];
  const memoryLimit = options.memoryLimit ?? DEFAULT_MEMORY_LIMIT;
  const inputBytes = inputs.reduce((n, f) => n + inputDataBytes(f), 0);
  const spills = options.outOfCore ?? outOfCore(inputBytes, memoryLimit);
  const threads = options.threads ?? (spills ? 1 : undefined);
  const base = options.tempDirectory ?? defaultTempDir();
  mkdirSync(base, { recursive: true });
  const spillDirectory = mkdtempSync(join(base, 'run-'));
  const removeSpill = () => rmSync(spillDirectory, { recursive: true, force: true });
  let native: NativeDriver;
  try {
    native = await openNativeDriver(spills ? join(spillDirectory, 'work.duckdb') : ':memory:', {
      readable: folders,
      tempDirectory: spillDirectory,
      memoryLimit,
      threads,
    });
  } catch (e) {
    removeSpill();
    throw e;
  }
  const shared: SharedFragment[] = [];
  /** The pieces a shared build runs: the fragment itself, or the same builder over day ranges (SharedBuild.byDays). */
  const pieces = async (fragment: SharedBuild): Promise<SqlStatement[]> => {
    if (!fragment.byDays) return [fragment];
    const { from, to, over } = fragment.byDays;
    // Every order of a day under any filter, from the store days (a few rows a day): an upper bound of the rows a range reads.
    const days = ipcToRows(
      await native.query({
        text: `SELECT strftime(order_date, '%Y-%m-%d') AS day, sum(purchases_with_zero)::DOUBLE AS rows FROM ${STORE_DAYS}
          WHERE order_date >= ?::DATE AND order_date < ?::DATE GROUP BY ALL ORDER BY day`,
        params: [from, to],
      }),
    ) as { day: string; rows: number }[];
    const ranges = dayRanges(days, from, to, options.rangeRows ?? sizeBytes(memoryLimit) / BUYER_DAY_BYTES);
    return ranges.length === 1 ? [fragment] : ranges.map(([a, b]) => over(a, b));
  };
  const driver: CliDriver = {
    ...native,
    sequentialCsv: options.sequentialCsv ?? sequentialCsv(inputBytes, memoryLimit, threads),
    query: (stmt) => native.query(substituteShared(stmt, shared)),
    queryChunks: (stmt, chunkRows) => native.queryChunks(substituteShared(stmt, shared), chunkRows),
    async share(fragment) {
      const table = `_cli_shared_${shared.length}`;
      // A table of the database (a file when out-of-core: stored compressed, its blocks dropped from memory for free).
      const built = await pieces(fragment);
      for (const [i, piece] of built.entries()) {
        const build = substituteShared(piece, shared);
        const into = i === 0 ? `CREATE OR REPLACE TABLE ${table} AS` : `INSERT INTO ${table}`;
        await native.query({ text: `${into} ${build.text}`, params: build.params });
      }
      shared.push({ stmt: { text: fragment.text, params: fragment.params }, table });
      return built.length;
    },
    close() {
      native.close();
      removeSpill();
    },
  };
  let engine: Engine;
  try {
    engine = await createEngine(driver);
  } catch (e) {
    driver.close();
    throw e;
  }
  return { driver, engine, spillDirectory };
}
