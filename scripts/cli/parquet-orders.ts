/**
 * Parquet orders on the command line: native DuckDB's read_parquet over the file(s), the columns
 * written as text the way the JS Parquet reader writes them (parquet-reader.ts: timestamps to the
 * second, dates as YYYY-MM-DD), then the same SQL projection as a CSV. The detectors see the
 * column names and the first rows, read in SQL: the file never passes through JavaScript.
 */
import { basename } from 'node:path';
import { statSync } from 'node:fs';
import { ipcToRows } from '../../src/lib/engine/rows.ts';
import type { RawTable } from '../../src/lib/engine/import-types.ts';
import type { Engine } from '../../workers/engine.ts';
import { quote } from '../../workers/import/sql-orders-projection.ts';
import { stageOrdersSql, type SqlImportResult } from '../../workers/import/sql-orders.ts';
import { planOrders } from '../../workers/import/sql-orders-plan.ts';

const PREVIEW_ROWS = 50;

/** One column as the JS Parquet reader's text. */
function asText(name: string, type: string): string {
  const c = `"${name.replaceAll('"', '""')}"`;
  if (type.startsWith('TIMESTAMP')) return `strftime(${c}::TIMESTAMP, '%Y-%m-%d %H:%M:%S')`;
  if (type === 'DATE') return `strftime(${c}, '%Y-%m-%d')`;
  return `${c}::VARCHAR`;
}

/** Orders Parquet file(s) of one schema through DuckDB; null when they are not orders the SQL path takes. */
export async function stageParquetOrders(engine: Engine, label: string, files: string[], facts = false): Promise<SqlImportResult | null> {
  return engine.bulk(async (driver) => {
    const source = `read_parquet([${files.map(quote).join(', ')}]${files.length > 1 ? ', filename = true' : ''})`;
    let columns: { name: string; type: string }[];
    try {
      const described = ipcToRows(await driver.query({ text: `DESCRIBE SELECT * FROM ${source}`, params: [] }));
      columns = described.map((r) => ({ name: r.column_name as string, type: r.column_type as string })).filter((c) => !(files.length > 1 && c.name === 'filename'));
    } catch {
      return null; // different schemas, not Parquet: the JS reader says what is wrong per file
    }
    const texts = columns.map((c, j) => `${asText(c.name, c.type)} AS c${j}`).join(', ');
    const rows = ipcToRows(await driver.query({ text: `SELECT ${texts} FROM ${source} LIMIT ${PREVIEW_ROWS}`, params: [] }));
    const header = columns.map((c) => c.name);
    const cells = rows.map((r) => columns.map((_, j) => (r[`c${j}`] as string | null) ?? ''));
    const raw: RawTable = {
      format: 'parquet',
      rows: [header, ...cells],
      lines: [header, ...cells].map((_, i) => i + 1),
      fixedHeader: true,
      totalBytes: files.reduce((n, f) => n + statSync(f).size, 0),
      warnings: [],
    };
    const plan = planOrders(basename(files[0]), raw);
    if (!plan) return null;
    const select = `SELECT ${texts}${files.length > 1 ? ', filename' : ''} FROM ${source}`;
    return stageOrdersSql(driver, plan, { label, paths: files, names: files.map((f) => basename(f)), bytes: raw.totalBytes, select, facts });
  });
}
