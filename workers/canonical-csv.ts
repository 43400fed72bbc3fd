/**
 * Canonical CSV: the one text form every source (demo, CSV, XLSX, Parquet) is turned into before
 * it is loaded. Header row of canonical column names, comma, RFC-4180 quoting, empty = NULL,
 * DATE `YYYY-MM-DD`, TIMESTAMP `YYYY-MM-DD HH:MM:SS`, BOOLEAN `true`/`false`.
 */
import { TABLES, type TableName } from '../src/lib/schema.ts';

export type CanonicalValue = string | number | boolean | null | undefined;

const NEEDS_QUOTES = /[",\r\n]/;

/** One CSV field; strings with commas, quotes or newlines are quoted. */
export function csvField(value: CanonicalValue): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'number') return Number.isFinite(value) ? String(value) : '';
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  // An empty string would read back as NULL; a quoted empty string keeps it empty.
  if (value === '') return '""';
  return NEEDS_QUOTES.test(value) ? `"${value.replaceAll('"', '""')}"` : value;
}

/** Streams rows (arrays in the table's column order) into canonical CSV text. */
export class CanonicalCsvWriter {
  private readonly parts: string[];
  constructor(readonly table: TableName) {
    this.parts = [TABLES[table].map((c) => c.name).join(',')];
  }
  push(row: readonly CanonicalValue[]): void {
    this.parts.push(row.map(csvField).join(','));
  }
  get rowCount(): number {
    return this.parts.length - 1;
  }
  toString(): string {
    return this.parts.join('\n') + '\n';
  }
}

const pad = (n: number, w = 2) => String(n).padStart(w, '0');

/** `YYYY-MM-DD` from calendar parts (no time zones involved). */
export const isoDate = (y: number, m: number, d: number): string => `${pad(y, 4)}-${pad(m)}-${pad(d)}`;

/** `YYYY-MM-DD HH:MM:SS` from calendar parts. */
export const isoTimestamp = (y: number, m: number, d: number, hh = 0, mm = 0, ss = 0): string => `${isoDate(y, m, d)} ${pad(hh)}:${pad(mm)}:${pad(ss)}`;
