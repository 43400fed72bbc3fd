/**
 * Parquet → rows of text cells via hyparquet (snappy built in). Timestamps and dates are turned
 * into ISO wall-clock text by custom parsers, so no Date objects or time zones are involved;
 * INT64 (BigInt) and DOUBLE ids (CustomerID 17850.0) print as plain integers.
 */
import { parquetMetadata, parquetRead, parquetSchema, type FileMetaData } from 'hyparquet';
// Snappy is built into hyparquet; gzip, zstd, brotli and lz4 pages need these decoders.
import { compressors } from 'hyparquet-compressors';
import { isoDate, isoTimestamp } from '../canonical-csv.ts';
import { civilFromDays } from '../civil-date.ts';
import type { RawTable } from '../../src/lib/engine/import-types.ts';
import { CsvWriter, NulCell } from './csv-writer.ts';

/** `new Date(ms)`'s UTC wall clock as ISO text, by integer arithmetic (no Date per value) within ±10^15 ms. */
export function isoFromMillis(ms: number): string {
  if (!Number.isSafeInteger(ms) || Math.abs(ms) > 1e15) {
    const d = new Date(ms);
    return isoTimestamp(d.getUTCFullYear(), d.getUTCMonth() + 1, d.getUTCDate(), d.getUTCHours(), d.getUTCMinutes(), d.getUTCSeconds());
  }
  const days = Math.floor(ms / 86_400_000);
  const secs = Math.floor((ms - days * 86_400_000) / 1000);
  const [y, m, d] = civilFromDays(days);
  return isoTimestamp(y, m, d, Math.floor(secs / 3600), Math.floor(secs / 60) % 60, secs % 60);
}

// Parquet timestamps are read as wall-clock time whether or not isAdjustedToUTC is set.
const PARSERS = {
  timestampFromMilliseconds: (v: bigint) => isoFromMillis(Number(v)),
  timestampFromMicroseconds: (v: bigint) => isoFromMillis(Number(v / 1000n)),
  timestampFromNanoseconds: (v: bigint) => isoFromMillis(Number(v / 1_000_000n)),
  dateFromDays: (days: number) => {
    const d = new Date(days * 86_400_000);
    return isoDate(d.getUTCFullYear(), d.getUTCMonth() + 1, d.getUTCDate());
  },
};

/** A Parquet value as the text both import paths read. */
export function cellText(v: unknown): string {
  if (v === null || v === undefined) return '';
  if (typeof v === 'string') return v;
  if (typeof v === 'number' || typeof v === 'bigint' || typeof v === 'boolean') return String(v);
  if (v instanceof Date) return isoFromMillis(v.getTime());
  return JSON.stringify(v, (_k, x) => (typeof x === 'bigint' ? String(x) : x));
}

export interface ParquetFile {
  buffer: ArrayBuffer;
  metadata: FileMetaData;
  columns: string[];
  numRows: number;
}

/** Opens a Parquet file (throws on bytes that are not Parquet). */
export function openParquet(bytes: Uint8Array): ParquetFile {
  // The bytes' own buffer when they are all of it (a file read whole): no second copy of the file.
  const whole = bytes.byteOffset === 0 && bytes.byteLength === bytes.buffer.byteLength && bytes.buffer instanceof ArrayBuffer;
  const buffer = whole ? (bytes.buffer as ArrayBuffer) : (bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer);
  const metadata = parquetMetadata(buffer);
  const columns = parquetSchema(metadata).children.map((c) => c.element.name);
  return { buffer, metadata, columns, numRows: Number(metadata.num_rows) };
}

/** hyparquet's options for rows [start, end), with our parsers and codecs. */
const readRange = (pq: ParquetFile, start: number, end: number) => ({
  file: pq.buffer,
  metadata: pq.metadata,
  rowStart: start,
  rowEnd: end,
  parsers: PARSERS,
  compressors,
});

/** Rows [start, end) as text cells. */
export async function readParquetRows(pq: ParquetFile, start: number, end: number): Promise<string[][]> {
  let out: unknown[][] = [];
  await parquetRead({
    ...readRange(pq, start, end),
    onComplete: (rows: unknown[][]) => {
      out = rows;
    },
  });
  return out.map((r) => r.map(cellText));
}

/** True when every column is a flat leaf (no struct/list): the SQL import reads columns one by one. */
export const flatColumns = (pq: ParquetFile) => parquetSchema(pq.metadata).children.every((c) => c.children.length === 0);

/**
 * The SQL import's parsers: text stays as its UTF-8 bytes, which CsvWriter copies into the CSV as they are (no
 * string per cell; TextDecoder's text is written instead for bytes it would change).
 */
const BYTE_PARSERS = { ...PARSERS, stringFromBytes: (b: Uint8Array | undefined) => b };

/**
 * Per column: are its values made by stringFromBytes? The branches of hyparquet's convert() (src/convert.js) before
 * its text branch, in its order: only there may a value be the text's bytes under BYTE_PARSERS.
 */
function textColumns(pq: ParquetFile): boolean[] {
  return parquetSchema(pq.metadata).children.map(({ element: { type, converted_type: ctype, logical_type: ltype } }) => {
    if (ctype === 'DECIMAL' || (!ctype && type === 'INT96')) return false;
    if (ctype && ['DATE', 'TIMESTAMP_MILLIS', 'TIMESTAMP_MICROS', 'JSON', 'BSON', 'INTERVAL'].includes(ctype)) return false;
    if (ltype && ['GEOMETRY', 'GEOGRAPHY', 'UUID'].includes(ltype.type)) return false;
    return ctype === 'UTF8' || ltype?.type === 'STRING' || type === 'BYTE_ARRAY';
  });
}

const utf8 = new TextDecoder();
/** A value decoded with BYTE_PARSERS as cellText gives it decoded with PARSERS (hyparquet's stringFromBytes is TextDecoder.decode). */
const valueText = (v: unknown, text: boolean) => (text && v instanceof Uint8Array ? utf8.decode(v) : cellText(v));

/**
 * Rows [start, end) of one row group written as CSV lines (CsvWriter: the text cellText gives, NulCell for a NUL);
 * the first `head` of them also returned as text cells (the detectors' preview). No row arrays, no string per text cell.
 */
export async function writeParquetRows(pq: ParquetFile, start: number, end: number, w: CsvWriter, head = 0): Promise<string[][]> {
  const width = pq.columns.length;
  const chunks: { rowStart: number; data: ArrayLike<unknown> }[][] = pq.columns.map(() => []);
  const at = new Map(pq.columns.map((c, j) => [c, j]));
  await parquetRead({
    ...readRange(pq, start, end),
    parsers: BYTE_PARSERS,
    onChunk: ({ columnName, columnData, rowStart }) => chunks[at.get(columnName)!].push({ rowStart, data: columnData as ArrayLike<unknown> }),
  });
  // Each column as one array and the offset of row `start` in it (one chunk when a group is one page, as DuckDB writes it).
  const cols: ArrayLike<unknown>[] = [];
  const offs: number[] = [];
  for (const list of chunks) {
    const one = list.length === 1 && list[0].rowStart <= start && list[0].rowStart + list[0].data.length >= end ? list[0] : null;
    if (one) {
      cols.push(one.data);
      offs.push(start - one.rowStart);
      continue;
    }
    const flat = new Array<unknown>(end - start);
    for (const { rowStart, data } of list) for (let k = Math.max(0, start - rowStart); k < data.length && rowStart + k < end; k++) flat[rowStart + k - start] = data[k];
    cols.push(flat);
    offs.push(0);
  }
  const text = textColumns(pq);
  const n = end - start;
  const rows: string[][] = [];
  for (let r = 0; r < Math.min(head, n); r++) rows.push(cols.map((c, j) => valueText(c[offs[j] + r], text[j])));
  for (let r = 0; r < n; r++) {
    for (let j = 0; j < width; j++) {
      const v = cols[j][offs[j] + r];
      if (v === null || v === undefined) w.empty();
      else if (typeof v === 'string') w.text(v);
      else if (text[j] && v instanceof Uint8Array) w.utf8(v);
      else if (typeof v === 'number') w.number(v);
      else w.text(cellText(v));
    }
    w.endLine();
  }
  return rows;
}

/** Rows the import's detectors see (columnar-orders.ts): the first 5,000 of row group 0. */
export const PARQUET_HEAD_ROWS = 5_000;

/** Row group 0 of the file last previewed, written as CSV (its bytes kept to know the file again), for the import that follows. */
let kept: { group: Uint8Array; footer: Uint8Array; size: number; pieces: Uint8Array[]; head: string[][] } | null = null;

/** The byte ranges that decide row group 0's decode: its column chunks, and the footer (schema and metadata). */
function groupBytes(pq: ParquetFile): { group: Uint8Array; footer: Uint8Array } | null {
  const g = pq.metadata.row_groups[0];
  let from = Infinity;
  let to = 0;
  for (const c of g?.columns ?? []) {
    const m = c.meta_data;
    if (!m) return null;
    const first = Number(m.dictionary_page_offset ?? m.data_page_offset);
    from = Math.min(from, first, Number(m.data_page_offset));
    to = Math.max(to, first + Number(m.total_compressed_size));
  }
  const bytes = new Uint8Array(pq.buffer);
  const footerAt = bytes.length - 8 - pq.metadata.metadata_length;
  if (!(from < to) || to > bytes.length || footerAt < 0) return null;
  return { group: bytes.subarray(from, to), footer: bytes.subarray(footerAt) };
}

function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/**
 * The preview (rows 1–50) of a flat Parquet file, decoded once for the import too: row group 0 is decoded whole
 * (hyparquet decodes whole pages, and a DuckDB export writes a column chunk as one page), so it is also written as
 * the import's CSV and kept, with its first 5,000 rows, until takeParquetGroup0 or the next preview. Null when
 * readParquet must make the preview (nested columns, a group 0 of under 50 rows, a NUL character).
 */
export async function previewParquet(pq: ParquetFile, limit = 50): Promise<RawTable | null> {
  kept = null;
  const n0 = Number(pq.metadata.row_groups[0]?.num_rows ?? 0);
  const bytes = groupBytes(pq);
  if (!bytes || !flatColumns(pq) || n0 < Math.min(limit, pq.numRows) || n0 === 0) return null;
  const w = new CsvWriter();
  let head: string[][];
  try {
    head = await writeParquetRows(pq, 0, n0, w, PARQUET_HEAD_ROWS);
  } catch (e) {
    if (e instanceof NulCell) return null;
    throw e;
  }
  kept = { group: bytes.group.slice(), footer: bytes.footer.slice(), size: pq.buffer.byteLength, pieces: w.finish(), head };
  const rows = [pq.columns, ...head.slice(0, limit)];
  return { format: 'parquet', rows, lines: rows.map((_, i) => i + 1), fixedHeader: true, totalBytes: pq.buffer.byteLength, warnings: [] };
}

/** Row group 0 as the last preview wrote it (CSV pieces, first rows as text) when `pq` is that very file (same bytes); forgotten either way. */
export function takeParquetGroup0(pq: ParquetFile): { pieces: Uint8Array[]; head: string[][] } | null {
  const k = kept;
  kept = null;
  const bytes = k && pq.buffer.byteLength === k.size ? groupBytes(pq) : null;
  return k && bytes && sameBytes(bytes.group, k.group) && sameBytes(bytes.footer, k.footer) ? { pieces: k.pieces, head: k.head } : null;
}

/**
 * The whole file as a RawTable: row 1 is the column names, data row i (0-based) is row i + 2,
 * the line it would have in the same data exported as CSV.
 */
export async function readParquet(pq: ParquetFile, limit = Infinity, onChunk?: (done: number, total: number) => Promise<void>): Promise<RawTable> {
  const rows: string[][] = [pq.columns];
  const total = Math.min(pq.numRows, limit);
  // One read per row group: hyparquet decodes a whole column chunk even for a few rows of it.
  let start = 0;
  for (const group of pq.metadata.row_groups) {
    if (start >= total) break;
    const end = Math.min(total, start + Number(group.num_rows));
    const chunk = await readParquetRows(pq, start, end);
    for (const r of chunk) rows.push(r);
    start = end;
    await onChunk?.(rows.length - 1, total);
  }
  const lines = rows.map((_, i) => i + 1);
  return { format: 'parquet', rows, lines, fixedHeader: true, totalBytes: pq.buffer.byteLength, warnings: [] };
}
