/**
 * XLSX and Parquet orders through the SQL import (issue 14) in the tab: the JS readers decode the
 * file (xlsx-fast.ts for a plain export, else SheetJS; hyparquet, since DuckDB-WASM cannot load its
 * parquet extension offline), each cell becomes the very text the JS path would see (xlsx-reader.ts /
 * parquet-reader.ts cellText), the rows after the header are written as CSV (cellsCsv: a field quoted only when it
 * holds `,` `"` or a line break, an empty cell an empty field, which read_csv reads as NULL) into one registered
 * file, and stageOrdersSql reads it with read_csv as columns c0…c(width-1): the same projection, the same slow
 * rows through the JS converters, so the report is the JS path's. (Measured in the tab at 250k orders, session 9:
 * Arrow batches into a scratch table — build, insert, then read from the compressed database — took 1.3–6.7 s
 * against the CSV text's read_csv.)
 *
 * Null (the caller takes the JS path) when the plan refuses the file (not orders, …, see
 * sql-orders-plan.ts), the sheet's detection needs more rows than the preview holds, a row has a
 * non-empty cell right of the header (the JS path reads it as a row, SQL would drop it), Parquet
 * columns are nested, a cell holds a NUL character, or stageOrdersSql returns null (order ids that repeat, …).
 */
import type { ImportOptions, RawTable, SourceFile } from '../../src/lib/engine/import-types.ts';
import type { SqlDriver } from '../drivers/driver.ts';
import { isBlankRow, isSummaryRow } from './header.ts';
import { analyse, chooseSheet } from './index.ts';
import { CsvWriter, NulCell } from './csv-writer.ts';
import { flatColumns, PARQUET_HEAD_ROWS, takeParquetGroup0, writeParquetRows } from './parquet-reader.ts';
import { throwIfAborted } from './row-loop.ts';
import { openBook, openPq } from './source.ts';
import { planOrders, type OrdersPlan } from './sql-orders-plan.ts';
import { rawCol } from './sql-orders-projection.ts';
import { stageOrdersSql, type SqlImportResult, type SqlSource } from './sql-orders.ts';
import { writeFastSheet } from './xlsx-fast.ts';
import { fastBook, readSheet } from './xlsx-reader.ts';

/** The registered CSV of raw text cells (dropped once the projection has read it). */
const CELLS = '_import_cells.csv';
/** XLSX rows per piece of that CSV: a piece's lines and text are all that exist at once beside the workbook and the pieces' bytes. */
const BATCH_ROWS = 65_536;
/** Rows the detectors see (analyse needs the header, 30 scan rows and 200 data rows; the labels the more the better). */
const PREVIEW_ROWS = 5_000;

/** Rows of cells as CSV text (no header), `cell(r, j)` the text of row r's cell j; each line ends with LF (CsvWriter's rules). */
export function cellsCsv(rows: number, width: number, cell: (r: number, j: number) => string): Uint8Array[] {
  const w = new CsvWriter();
  for (let r = 0; r < rows; r++) {
    for (let j = 0; j < width; j++) w.text(cell(r, j));
    w.endLine();
  }
  return w.finish();
}

/** read_csv of the cells' CSV as text columns c0…c(width-1), as stageOrdersSql reads a CSV. */
const readCells = (path: string, width: number) =>
  `SELECT * FROM read_csv('${path}', header = false, auto_detect = false, delim = ',', quote = '"', escape = '"', ` +
  `columns = {${Array.from({ length: width }, (_, j) => `'${rawCol(j)}': 'VARCHAR'`).join(', ')}}, null_padding = false, max_line_size = 4194304)`;

/** The cells' CSV pieces registered as one file; the import drops it once the scratch table holds its rows. */
async function stageCells(driver: SqlDriver, plan: OrdersPlan, file: SqlSource, pieces: Uint8Array[], options: ImportOptions): Promise<SqlImportResult | null> {
  const path = await driver.registerBytes(CELLS, new Blob(pieces as BlobPart[]));
  pieces.length = 0; // the Blob holds them now
  const release = async () => {
    await driver.dropText(CELLS);
    file.release?.();
  };
  return stageOrdersSql(
    driver,
    plan,
    { label: file.name, paths: [file.name], names: [file.name], bytes: file.bytes.length, select: readCells(path, plan.width), release },
    options,
  );
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

/**
 * A plain one-sheet (or named-sheet) workbook written as CSV straight from xlsx-fast's scan: its first rows planned
 * as below, no rows of strings for the whole sheet. 'unsupported': the rows path below reads it.
 */
async function xlsxStreamed(file: SqlSource, options: ImportOptions): Promise<{ plan: OrdersPlan; pieces: Uint8Array[] } | 'unsupported' | null> {
  let plan: OrdersPlan | null = null;
  const w = new CsvWriter();
  let done: Awaited<ReturnType<typeof writeFastSheet>>;
  try {
    done = await writeFastSheet(
      file.bytes,
      options.sheet,
      PREVIEW_ROWS,
      (preview, more) => {
        const raw = enoughPreview(readSheet(fastBook(preview), options.sheet ?? preview.sheetNames[0], file.bytes.length, PREVIEW_ROWS), more);
        plan = raw && planFrom(file, raw, options);
        return plan;
      },
      w,
    );
  } catch (e) {
    if (e instanceof NulCell) throw e;
    return 'unsupported'; // e.g. a corrupt entry: the rows path reports it as before
  }
  if (done === 'unsupported') return done;
  return done === 'written' && plan ? { plan, pieces: w.finish() } : null;
}

async function xlsxOrders(driver: SqlDriver, file: SqlSource, options: ImportOptions): Promise<SqlImportResult | null> {
  const streamed = await xlsxStreamed(file, options);
  throwIfAborted(options.signal);
  if (streamed !== 'unsupported') return streamed && stageCells(driver, streamed.plan, file, streamed.pieces, options);
  const book = await openBook(file.name, file.bytes, options.sheet);
  const preview = (s: string) => readSheet(book, s, file.bytes.length, PREVIEW_ROWS);
  const sheet = options.sheet ?? chooseSheet(book.sheetNames, preview);
  const { rows, text } = book.sheet(sheet);
  const raw = enoughPreview(preview(sheet), rows.length > PREVIEW_ROWS);
  const plan = raw && planFrom(file, raw, options);
  if (!plan) return null;
  const { width, headerLine } = plan;
  if (rows.length <= headerLine) return null;
  const pieces: Uint8Array[] = [];
  for (let start = headerLine; start < rows.length; start += BATCH_ROWS) {
    const end = Math.min(rows.length, start + BATCH_ROWS);
    for (let r = start; r < end; r++) {
      const src = rows[r];
      if (src) for (let j = width; j < src.length; j++) if (text(src[j]) !== '') return null;
    }
    pieces.push(
      ...cellsCsv(end - start, width, (k, j) => {
        const src = rows[start + k];
        return src ? text(src[j]) : '';
      }),
    );
    for (let r = start; r < end; r++) rows[r] = undefined; // the workbook's cells of these rows are no longer needed
    throwIfAborted(options.signal);
  }
  return stageCells(driver, plan, file, pieces, options);
}

/** The Parquet file decoded: its plan and its cells as CSV pieces; null when it takes the JS path. The decoded file is not kept. */
async function parquetCells(file: SqlSource, options: ImportOptions): Promise<{ plan: OrdersPlan; pieces: Uint8Array[] } | null> {
  const pq = openPq(file.name, file.bytes);
  const group0 = takeParquetGroup0(pq); // the preview decoded row group 0 already (source.ts)
  if (!flatColumns(pq) || pq.numRows === 0) return null;
  let plan: OrdersPlan | null = null;
  const pieces: Uint8Array[] = [];
  let start = 0;
  // One batch per row group (hyparquet decodes a whole column chunk even for a slice of it); the
  // first group's rows are also the detectors' preview, so no group is decoded twice.
  for (const [g, group] of pq.metadata.row_groups.entries()) {
    const end = start + Number(group.num_rows);
    if (end > start) {
      let head: string[][];
      if (g === 0 && group0) {
        head = group0.head;
        pieces.push(...group0.pieces);
      } else {
        const w = new CsvWriter();
        head = await writeParquetRows(pq, start, end, w, plan ? 0 : PARQUET_HEAD_ROWS);
        pieces.push(...w.finish());
      }
      if (!plan) {
        const rows = [pq.columns, ...head];
        plan = planOrders(file.name, { format: 'parquet', rows, lines: rows.map((_, i) => i + 1), fixedHeader: true, totalBytes: pq.buffer.byteLength, warnings: [] }, options);
        if (!plan) return null;
      }
    }
    throwIfAborted(options.signal);
    start = end;
  }
  return plan && pieces.length ? { plan, pieces } : null;
}

async function parquetOrders(driver: SqlDriver, file: SqlSource, options: ImportOptions): Promise<SqlImportResult | null> {
  const cells = await parquetCells(file, options);
  return cells && stageCells(driver, cells.plan, file, cells.pieces, options);
}

/** An orders XLSX or Parquet file imported in SQL; null when it takes the JS path. Throws the JS path's ImportError for an unreadable file. */
export async function importColumnarOrdersSql(driver: SqlDriver, file: SqlSource, format: 'xlsx' | 'parquet', options: ImportOptions = {}): Promise<SqlImportResult | null> {
  try {
    return format === 'xlsx' ? await xlsxOrders(driver, file, options) : await parquetOrders(driver, file, options);
  } catch (e) {
    if (e instanceof NulCell) return null;
    throw e;
  } finally {
    await driver.dropText(CELLS);
  }
}
