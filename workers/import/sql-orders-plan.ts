/**
 * What the SQL import of orders (sql-orders.ts) needs to know before DuckDB reads the bulk, found by
 * the JS detectors on a preview: dialect, header line, column mapping. Null when the file must take
 * the JS path (see sql-orders.ts). Also the byte scan that keeps DuckDB's rows equal to physical
 * lines, fed chunk by chunk so the command line can scan a file it never holds whole.
 */
import type { ColumnMapping, ImportOptions, RawTable } from '../../src/lib/engine/import-types.ts';
import { analyse, checkMapping, noColumns } from './index.ts';
import { mapColumns } from './detect-kind.ts';
import { TRANSCODED } from './transcode.ts';

export interface OrdersPlan {
  /** The preview (its header row and encoding go into the report). */
  raw: RawTable;
  headers: string[];
  /** The header row's cells as read (the JS converters get them above the slow rows). */
  headerCells: string[];
  mapping: ColumnMapping;
  delimiter: string;
  /** 1-based line of the header: read_csv skips that many lines. */
  headerLine: number;
  /** Header cells: the number of columns read. */
  width: number;
}

/** The plan for an orders CSV previewed as `raw`, or null when the SQL path does not take it. Throws what importFile throws for unusable columns. */
export function planOrders(name: string, raw: RawTable, options: Pick<ImportOptions, 'kind' | 'mapping'> = {}): OrdersPlan | null {
  // Parquet (the command line reads it with read_parquet, its preview built in SQL) and XLSX (columnar-orders.ts) have no dialect to check.
  const csv = raw.format === 'csv';
  // GBK and Big5 are read after transcoding to UTF-8 (transcode.ts); any other encoding takes the JS path.
  if ((csv && raw.encoding !== 'utf-8' && !TRANSCODED.has(raw.encoding ?? '')) || raw.warnings.length || raw.problems?.size) return null;
  const delimiter = raw.delimiter ?? ',';
  if (delimiter.length !== 1 || delimiter === '"' || delimiter === "'") return null;
  const layout = analyse(raw);
  const kind = options.kind ?? layout.kind;
  if (!kind) throw noColumns(name, layout.headers);
  if (kind !== 'orders') return null;
  const mapping = checkMapping(name, kind, layout.headers, options.mapping ?? (kind === layout.kind ? layout.mapping : mapColumns(kind, layout.headers).mapping));
  if (!mapping.order_id) return null;
  const headerCells = raw.rows[layout.headerIndex];
  const width = headerCells.length;
  if (width < 2) return null;
  if (!csv && layout.headerIndex !== 0) return null;
  return { raw, headers: layout.headers, headerCells, mapping, delimiter, headerLine: raw.lines[layout.headerIndex], width };
}

/**
 * Scans bytes in order (feed chunk after chunk): false as soon as a `"` (quoted fields may hold
 * newlines, so DuckDB's rows would not be physical lines), a blank line or a lone CR (DuckDB skips
 * or splits them differently) is seen. `end()` settles a CR as the very last byte.
 */
export function layoutScanner() {
  let prev = 10; // a blank first line counts as blank
  let prev2 = 10;
  let plain = true;
  return {
    feed(bytes: Uint8Array, start = 0): boolean {
      for (let i = start; plain && i < bytes.length; i++) {
        const b = bytes[i];
        if (b === 34 || (prev === 13 && b !== 10)) plain = false;
        else if (b === 10 && (prev === 10 || (prev === 13 && prev2 === 10))) plain = false;
        prev2 = prev;
        prev = b;
      }
      return plain;
    },
    /** Bytes the caller already found plain (native searches): only their last two carry over. */
    skip(bytes: Uint8Array): void {
      if (bytes.length >= 2) [prev2, prev] = [bytes[bytes.length - 2], bytes[bytes.length - 1]];
      else if (bytes.length === 1) [prev2, prev] = [prev, bytes[0]];
    },
    end: () => (plain &&= prev !== 13),
  };
}

/** The whole-bytes form of layoutScanner (the browser has the file's bytes). */
export function plainLayout(bytes: Uint8Array, start: number): boolean {
  const scan = layoutScanner();
  return scan.feed(bytes, start) && scan.end();
}
