/**
 * Reads files from disk into the engine. Orders exports (one CSV, a .csv.gz, a folder or glob of
 * monthly files, Parquet) go to native DuckDB's own reader by path with the browser's SQL
 * projection (sql-orders.ts): nothing but a preview and a streamed byte scan passes through
 * JavaScript, and DuckDB spills past its memory limit. Anything else takes the browser's JS import.
 */
import { readFileSync, statSync } from 'node:fs';
import { basename, resolve } from 'node:path';
import type { ImportReport } from '../../src/lib/engine/import-types.ts';
import { importFile } from '../../workers/import/index.ts';
import { stageOrdersSql, type SqlImportResult } from '../../workers/import/sql-orders.ts';
import { planOrders, type OrdersPlan } from '../../workers/import/sql-orders-plan.ts';
import { readSource } from '../../workers/import/source.ts';
import { allTables, appendCsv, type TableCsvs } from '../../workers/dataset/tables.ts';
import type { Engine } from '../../workers/engine.ts';
import { expandInput, headBytes, isParquet, plainLayoutOf } from './inputs.ts';
import { stageParquetOrders } from './parquet-orders.ts';

/** The files the command line's paths name, each with the path it came from. */
export function inputFiles(paths: readonly string[]): string[] {
  return paths.flatMap(expandInput).map((f) => resolve(f));
}

const samePlan = (a: OrdersPlan, b: OrdersPlan) =>
  a.delimiter === b.delimiter && a.headerLine === b.headerLine && a.width === b.width && a.headerCells.join('\u0001') === b.headerCells.join('\u0001');

/** Orders CSVs (plain or .gz) of one layout through DuckDB's reader; null when any of them needs the JS path. */
async function stageCsvOrders(engine: Engine, label: string, files: string[], facts: boolean): Promise<SqlImportResult | null> {
  let plan: OrdersPlan | null = null;
  for (const f of files) {
    const name = basename(f).replace(/\.gz$/i, '');
    const p = planOrders(name, await readSource({ name, bytes: await headBytes(f) }, { preview: true }));
    // DuckDB reads UTF-8 only (its other encodings are an extension, and the CLI loads none): GBK takes the JS path here.
    if (!p || p.raw.encoding !== 'utf-8' || (plan && !samePlan(plan, p))) return null;
    plan ??= p;
  }
  for (const f of files) if (!(await plainLayoutOf(f))) return null;
  const bytes = files.reduce((n, f) => n + statSync(f).size, 0);
  return engine.bulk((driver) => stageOrdersSql(driver, plan!, { label, paths: files, names: files.map((f) => basename(f)), bytes, facts }));
}

/** Reports of imports read by DuckDB's reader (the summary says which reader read the data). */
const readByDuckdb = new WeakSet<ImportReport>();

/** A file's bytes for the JS import. */
const readInput = (path: string) => new Uint8Array(readFileSync(path));

/** `facts: false`: the orders without the order facts and store-day summary (engine LoadOptions; `store-compass fit` reads only `orders`). */
export async function loadFiles(engine: Engine, paths: readonly string[], { facts = true }: { facts?: boolean } = {}): Promise<ImportReport[]> {
  const files = inputFiles(paths);
  // One table of orders from every file at once (a folder or glob of monthly exports is one read).
  const label = paths.length === 1 && files.length === 1 ? basename(files[0]) : paths.join(' ');
  // With facts, the orders are read straight into the sorted order facts (sql-orders.ts RawFiles.facts): written once.
  const bulk = files.every(isParquet) ? await stageParquetOrders(engine, label, files, facts) : files.some(isParquet) ? null : await stageCsvOrders(engine, label, files, facts);
  if (bulk) {
    await engine.loadTables({ ...allTables({}), orders: bulk.facts ? { sortedFacts: bulk.table } : { scratch: bulk.table } }, 'cli', { facts });
    readByDuckdb.add(bulk.report);
    return [bulk.report];
  }
  const tables: TableCsvs = {};
  const reports: ImportReport[] = [];
  for (const path of files) {
    const { kind, csv, report } = await importFile({ name: basename(path), bytes: readInput(path) });
    tables[kind] = appendCsv(tables[kind], csv); // several files of one kind (monthly exports): header kept once
    reports.push(report);
  }
  await engine.loadTables(allTables(tables), 'cli', { facts });
  return reports;
}

/** The counts a user checks first, without the (possibly long) list of rejected rows. */
export const summariseReport = (r: ImportReport) => ({
  file: r.file,
  kind: r.kind,
  /** duckdb: native DuckDB's reader by path with the SQL projection; js: the browser's JS import (quotes, GBK, XLSX, several kinds…). */
  reader: readByDuckdb.has(r) ? 'duckdb' : 'js',
  rowsRead: r.rowsRead,
  rowsLoaded: r.rowsLoaded,
  rowsRejected: r.rowsRejected,
  duplicateOrderIds: r.duplicateOrderIds.length,
  firstRejections: r.rejected.slice(0, 5),
});
