/** Reads files from disk through the same import pipeline as the browser and loads them into an engine. */
import { readFileSync, statSync } from 'node:fs';
import { basename } from 'node:path';
import type { ImportReport } from '../../src/lib/engine/import-types.ts';
import { importFile } from '../../workers/import/index.ts';
import { importOrdersSql } from '../../workers/import/sql-orders.ts';
import { allTables, appendCsv, type TableCsvs } from '../../workers/dataset/tables.ts';
import type { Engine, TableSource } from '../../workers/engine.ts';

/** A file's bytes; a folder or an unreadable path is an error that names the path (not a bare EISDIR). */
function readInput(path: string): Uint8Array {
  try {
    if (!statSync(path).isDirectory()) return new Uint8Array(readFileSync(path));
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    const why = code === 'ENOENT' ? 'no such file' : `cannot read (${code ?? (e as Error).message})`;
    throw new Error(`${path}: ${why}`, { cause: e });
  }
  throw new Error(`${path}: is a directory, not a file`);
}

export async function loadFiles(engine: Engine, paths: readonly string[]): Promise<ImportReport[]> {
  const tables: TableCsvs = {};
  let orders: TableSource | undefined;
  const reports: ImportReport[] = [];
  for (const path of paths) {
    const file = { name: basename(path), bytes: readInput(path) };
    // One orders CSV: the bulk in native DuckDB's reader when the file allows it (sql-orders.ts), else the JS path.
    const bulk = paths.length === 1 ? await engine.bulk((driver) => importOrdersSql(driver, file)) : null;
    if (bulk) {
      orders = { scratch: bulk.table };
      reports.push(bulk.report);
      continue;
    }
    const { kind, csv, report } = await importFile(file);
    tables[kind] = appendCsv(tables[kind], csv); // several files of one kind (monthly exports): header kept once
    reports.push(report);
  }
  await engine.loadTables({ ...allTables(tables), ...(orders ? { orders } : {}) }, 'cli');
  return reports;
}

/** The counts a user checks first, without the (possibly long) list of rejected rows. */
export const summariseReport = (r: ImportReport) => ({
  file: r.file,
  kind: r.kind,
  rowsRead: r.rowsRead,
  rowsLoaded: r.rowsLoaded,
  rowsRejected: r.rowsRejected,
  duplicateOrderIds: r.duplicateOrderIds.length,
  firstRejections: r.rejected.slice(0, 5),
});
