/**
 * Parquet → rows of text cells via hyparquet (snappy built in). Timestamps and dates are turned
 * into ISO wall-clock text by custom parsers, so no Date objects or time zones are involved;
 * INT64 (BigInt) and DOUBLE ids (CustomerID 17850.0) print as plain integers.
 */
import { parquetMetadata, parquetRead, parquetSchema, type FileMetaData } from 'hyparquet';
// Snappy is built into hyparquet; gzip, zstd, brotli and lz4 pages need these decoders.
import { compressors } from 'hyparquet-compressors';
import { isoDate, isoTimestamp } from '../canonical-csv.ts';
import type { RawTable } from '../../src/lib/engine/import-types.ts';

function isoFromMillis(ms: number): string {
  const d = new Date(ms);
  return isoTimestamp(d.getUTCFullYear(), d.getUTCMonth() + 1, d.getUTCDate(), d.getUTCHours(), d.getUTCMinutes(), d.getUTCSeconds());
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

/** Rows [start, end) (within one row group) as text columns, in schema order; no row arrays are built. */
export async function readParquetColumns(pq: ParquetFile, start: number, end: number): Promise<string[][]> {
  const out: string[][] = pq.columns.map(() => new Array<string>(end - start).fill(''));
  const at = new Map(pq.columns.map((c, j) => [c, j]));
  await parquetRead({
    ...readRange(pq, start, end),
    onChunk: ({ columnName, columnData, rowStart }) => {
      const col = out[at.get(columnName)!];
      for (let k = Math.max(0, start - rowStart); k < columnData.length && rowStart + k < end; k++) col[rowStart + k - start] = cellText(columnData[k]);
    },
  });
  return out;
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
