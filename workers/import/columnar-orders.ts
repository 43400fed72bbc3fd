/**
 * XLSX and Parquet orders through the SQL import (issue 14) in the tab: the JS readers decode the
 * file (xlsx-fast.ts for a plain export, else SheetJS; hyparquet, since DuckDB-WASM cannot load its
 * parquet extension offline), each cell becomes the very text the JS path would see (xlsx-reader.ts /
 * parquet-reader.ts cellText), columns of text go to DuckDB as Arrow batches (arrow-text-table.ts) into a scratch table of
 * c0…c(width-1) after the header, and stageOrdersSql reads that table instead of read_csv: the
 * same projection, the same slow rows through the JS converters, so the report is the JS path's.
 *
 * Null (the caller takes the JS path) when the plan refuses the file (not orders, …, see
 * sql-orders-plan.ts), the sheet's detection needs more rows than the preview holds, a row has a
 * non-empty cell right of the header (the JS path reads it as a row, SQL would drop it), Parquet
 * columns are nested, or stageOrdersSql returns null (order ids that repeat, …).
 */
import type { ImportOptions, RawTable, SourceFile } from '../../src/lib/engine/import-types.ts';
import type { SqlDriver } from '../drivers/driver.ts';
import { textColumnsIpc } from './arrow-text-table.ts';
import { isBlankRow, isSummaryRow } from './header.ts';
import { analyse, chooseSheet } from './index.ts';
import { flatColumns, readParquetColumns, type ParquetFile } from './parquet-reader.ts';
import { throwIfAborted } from './row-loop.ts';
import { openBook, openPq } from './source.ts';
import { planOrders, type OrdersPlan } from './sql-orders-plan.ts';
import { stageOrdersSql, type SqlImportResult } from './sql-orders.ts';
import { readSheet } from './xlsx-reader.ts';

/** The scratch table of raw text cells (dropped once the projection has read it). */
const CELLS = '_import_cells';
/** XLSX rows per Arrow batch: a batch's cells, text and IPC bytes are all that exist at once beside the workbook. */
const BATCH_ROWS = 65_536;
/** Rows the detectors see (analyse needs the header, 30 scan rows and 200 data rows; the labels the more the better). */
const PREVIEW_ROWS = 5_000;

/** Appends columns as one batch; true once the scratch table exists. */
async function insertBatch(driver: SqlDriver, columns: string[][], created: boolean): Promise<true> {
  await driver.insertArrowIpc(CELLS, textColumnsIpc(columns), !created);
  return true;
}

/** The preview the detectors would see on the whole sheet, or null when `rows` may be too few for that. */
function enoughPreview(raw: RawTable, more: boolean): RawTable | null {
  if (!more) return raw;
  const data = raw.rows.reduce((n, r) => (isBlankRow(r) || isSummaryRow(r) ? n : n + 1), 0);
  return data >= 30 + 200 + 1 ? raw : null;
}

/** The plan over a preview whose header may sit below a preamble: the rows from the header on (the scratch table starts there too). */
function planFrom(file: SourceFile, raw: RawTable, options: ImportOptions) {
  const { headerIndex } = analyse(raw);
  const fromHeader: RawTable = { ...raw, rows: raw.rows.slice(headerIndex), lines: raw.lines.slice(headerIndex) };
  const plan = planOrders(file.name, fromHeader, options);
  // The header found again at the top of the sliced rows: the detectors' view is unchanged.
  return plan && plan.headerLine === raw.lines[headerIndex] ? plan : null;
}

async function xlsxOrders(driver: SqlDriver, file: SourceFile, options: ImportOptions): Promise<SqlImportResult | null> {
  const book = await openBook(file.name, file.bytes, options.sheet);
  const preview = (s: string) => readSheet(book, s, file.bytes.length, PREVIEW_ROWS);
  const sheet = options.sheet ?? chooseSheet(book.sheetNames, preview);
  const { rows, text } = book.sheet(sheet);
  const raw = enoughPreview(preview(sheet), rows.length > PREVIEW_ROWS);
  const plan = raw && planFrom(file, raw, options);
  if (!plan) return null;
  const { width, headerLine } = plan;
  let created = false;
  for (let start = headerLine; start < rows.length; start += BATCH_ROWS) {
    const end = Math.min(rows.length, start + BATCH_ROWS);
    const columns = Array.from({ length: width }, () => new Array<string>(end - start));
    for (let r = start; r < end; r++) {
      const src = rows[r];
      const k = r - start;
      for (let j = 0; j < width; j++) columns[j][k] = src ? text(src[j]) : '';
      if (src) for (let j = width; j < src.length; j++) if (text(src[j]) !== '') return null;
      rows[r] = undefined; // the workbook's cells of this row are no longer needed
    }
    created = await insertBatch(driver, columns, created);
    throwIfAborted(options.signal);
  }
  if (!created) return null;
  return stageOrdersSql(driver, plan, { label: file.name, paths: [file.name], names: [file.name], bytes: file.bytes.length, select: selectCells(width) }, options);
}

async function parquetOrders(driver: SqlDriver, file: SourceFile, pq: ParquetFile, options: ImportOptions): Promise<SqlImportResult | null> {
  if (!flatColumns(pq) || pq.numRows === 0) return null;
  let plan: OrdersPlan | null = null;
  let created = false;
  let start = 0;
  // One batch per row group (hyparquet decodes a whole column chunk even for a slice of it); the
  // first group's columns are also the detectors' preview, so no group is decoded twice.
  for (const group of pq.metadata.row_groups) {
    const end = start + Number(group.num_rows);
    if (end > start) {
      const columns = await readParquetColumns(pq, start, end);
      if (!plan) {
        const head = Array.from({ length: Math.min(PREVIEW_ROWS, end) }, (_, i) => columns.map((c) => c[i]));
        const rows = [pq.columns, ...head];
        plan = planOrders(file.name, { format: 'parquet', rows, lines: rows.map((_, i) => i + 1), fixedHeader: true, totalBytes: pq.buffer.byteLength, warnings: [] }, options);
        if (!plan) return null;
      }
      created = await insertBatch(driver, columns, created);
    }
    throwIfAborted(options.signal);
    start = end;
  }
  if (!plan || !created) return null;
  return stageOrdersSql(driver, plan, { label: file.name, paths: [file.name], names: [file.name], bytes: file.bytes.length, select: selectCells(plan.width) }, options);
}

const selectCells = (width: number) => `SELECT ${Array.from({ length: width }, (_, j) => `c${j}`).join(', ')} FROM ${CELLS}`;

/** An orders XLSX or Parquet file imported in SQL; null when it takes the JS path. Throws the JS path's ImportError for an unreadable file. */
export async function importColumnarOrdersSql(driver: SqlDriver, file: SourceFile, format: 'xlsx' | 'parquet', options: ImportOptions = {}): Promise<SqlImportResult | null> {
  try {
    return format === 'xlsx' ? await xlsxOrders(driver, file, options) : await parquetOrders(driver, file, openPq(file.name, file.bytes), options);
  } finally {
    await driver.exec(`DROP TABLE IF EXISTS ${CELLS}`);
  }
}
