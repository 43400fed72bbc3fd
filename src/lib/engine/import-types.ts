/** The import pipeline's contract: a store's own export file → one canonical table + a report. */
import type { TableName } from '../schema.ts';

export type { TableName };

/** What the pipeline can produce: a canonical table, or line items that are aggregated into orders. */
export type ImportKind = TableName | 'line_items';

/** One file as the user dropped it. */
export interface SourceFile {
  name: string;
  bytes: Uint8Array;
}

/** Canonical field → source header (null = not mapped). */
export type ColumnMapping = Record<string, string | null>;

/** What the pipeline sees in a file before importing it (for the mapping UI). */
export interface FilePreview {
  file: string;
  format: 'csv' | 'xlsx' | 'parquet';
  encoding?: string;
  /** `,` `\t` `;` `|` or `whitespace` (runs of spaces, e.g. CDNOW). */
  delimiter?: string;
  sheets?: string[];
  sheet?: string;
  /** 1-based line/row of the header. */
  headerRow: number;
  preambleRows: number;
  headers: string[];
  /** First ≤5 data rows. */
  sample: string[][];
  kind: ImportKind | null;
  kindScores: Record<string, number>;
  mapping: ColumnMapping;
  warnings: string[];
}

/** A data row that could not be loaded; row is the 1-based physical line/row in the source. */
export interface RejectedRow {
  file: string;
  row: number;
  column: string;
  value: string;
  reason: string;
}

/**
 * The accounting of one import. Invariant: rowsRead === rowsLoaded + rowsRejected.
 * rowsRead counts data rows only: header, preamble, blank and summary (合计) rows are reported
 * separately and never counted in rowsRead.
 */
export interface ImportReport {
  file: string;
  kind: TableName;
  /** The kind that was detected/used, before line items were aggregated into orders. */
  sourceKind: ImportKind;
  rowsRead: number;
  rowsLoaded: number;
  rowsRejected: number;
  /** Rows in the canonical CSV: equals rowsLoaded except for line items (one row per order). */
  outputRows: number;
  headerRows: number;
  preambleRows: number;
  summaryRowsSkipped: number;
  blankRowsSkipped: number;
  rejected: RejectedRow[];
  /** Order ids seen more than once (outside line-item files): later copies are rejected. */
  duplicateOrderIds: string[];
  /** Raw tier label → normalised tier, for every distinct label seen. */
  tierMapping?: Record<string, string>;
  encoding?: string;
  delimiter?: string;
  mapping: ColumnMapping;
  warnings: string[];
}

export interface ImportResult {
  kind: TableName;
  /** Canonical CSV text (CanonicalCsvWriter), ready for engine.loadCsvTable(kind, csv). */
  csv: string;
  report: ImportReport;
}

export interface ImportProgress {
  bytes: number;
  rows: number;
}

/** Where an id was first seen, per kind, across the files of one import. */
export interface KnownIds {
  orders: Map<string, { file: string; row: number }>;
  members: Map<string, { file: string; row: number }>;
}

export interface ImportOptions {
  sheet?: string;
  kind?: ImportKind;
  mapping?: ColumnMapping;
  /**
   * Order and member ids already taken by earlier files of the same import (id → where):
   * a repeat is rejected and reported like one within a file. Filled in as this file is read.
   */
  knownIds?: KnownIds;
  onProgress?(p: ImportProgress): void;
  signal?: AbortSignal;
  /** Most bytes a .gz file may expand to (default: decompressBudget() in source.ts). */
  maxDecompressedBytes?: number;
}

/**
 * The rows of one sheet/file as text cells, whatever the format. `lines[i]` is the 1-based
 * physical line (CSV) or sheet row (XLSX) of `rows[i]`.
 */
export interface RawTable {
  format: FilePreview['format'];
  rows: string[][];
  lines: number[];
  encoding?: string;
  delimiter?: string;
  sheets?: string[];
  sheet?: string;
  /** Formats with their own column names (Parquet) fix the header at index 0. */
  fixedHeader?: boolean;
  /** Byte offset reached when each row was read, for progress; absent = proportional. */
  totalBytes: number;
  warnings: string[];
  /** Rows the reader could not split cleanly (row index → reason, zh / en): rejected, not loaded. */
  problems?: Map<number, string>;
}
