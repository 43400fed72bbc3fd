/**
 * The import pipeline: a store's own export (CSV/TSV/TXT, .gz, XLSX, Parquet) → one canonical
 * table as canonical CSV plus an ImportReport. Pure TypeScript on Web APIs, so it runs in the
 * browser worker and in Node alike. Row accounting: see ImportReport and docs/data-format.md.
 */
import { optionalColumnWarnings } from './coverage.ts';
import { completeMapping, detectKind, mapColumns } from './detect-kind.ts';
import { ImportError } from './errors.ts';
import { findHeaderRow, headerNames, isBlankRow, isSummaryRow } from './header.ts';
import { convertLineItems } from './line-items.ts';
import { RowLoop, throwIfAborted } from './row-loop.ts';
import { readSource } from './source.ts';
import { KIND_FIELDS } from '../../src/lib/import/kind-fields.ts';
import { convertTable } from './table-rows.ts';
import type { ColumnMapping, FilePreview, ImportKind, ImportOptions, ImportResult, RawTable, SourceFile } from '../../src/lib/engine/import-types.ts';

export { ImportError, isImportError } from './errors.ts';
export { reportToCsv } from './report.ts';
export type * from '../../src/lib/engine/import-types.ts';

export interface Layout {
  headerIndex: number;
  headers: string[];
  sample: string[][];
  kind: ImportKind | null;
  kindScores: Record<string, number>;
  mapping: ColumnMapping;
}

/** Header row, headers, a sample of data rows and the detected kind of one sheet/file. */
export function analyse(raw: RawTable): Layout {
  const headerIndex = raw.fixedHeader ? 0 : findHeaderRow(raw.rows);
  const headers = headerNames(raw.rows[headerIndex] ?? []);
  const data: string[][] = [];
  for (let i = headerIndex + 1; i < raw.rows.length && data.length < 200; i++) {
    if (!isBlankRow(raw.rows[i]) && !isSummaryRow(raw.rows[i])) data.push(raw.rows[i]);
  }
  const { kind, scores, matches } = detectKind(headers, data);
  const mapping = kind ? matches.find((m) => m.kind === kind)!.mapping : {};
  return { headerIndex, headers, sample: data.slice(0, 5), kind, kindScores: scores, mapping };
}

/** Without a sheet name: the first sheet whose header is recognisable, else the first sheet. */
export const chooseSheet = (names: string[], read: (s: string) => RawTable) => names.find((n) => analyse(read(n)).kind !== null) ?? names[0];

/** What the file looks like and how it would be imported (format, encoding, header, kind, mapping). */
export async function previewFile(file: SourceFile, options: { sheet?: string; maxDecompressedBytes?: number } = {}): Promise<FilePreview> {
  const raw = await readSource(file, { sheet: options.sheet, preview: true, chooseSheet, maxDecompressedBytes: options.maxDecompressedBytes });
  const layout = analyse(raw);
  const headerRow = raw.lines[layout.headerIndex] ?? 1;
  return {
    file: file.name,
    format: raw.format,
    encoding: raw.encoding,
    delimiter: raw.delimiter,
    sheets: raw.sheets,
    sheet: raw.sheet,
    headerRow,
    preambleRows: headerRow - 1,
    headers: layout.headers,
    sample: layout.sample,
    kind: layout.kind,
    kindScores: layout.kindScores,
    mapping: layout.mapping,
    warnings: raw.warnings,
  };
}

export function noColumns(file: string, headers: string[]): ImportError {
  return new ImportError(
    file,
    `找不到可识别的列（例如 订单号、下单时间、实付金额、会员卡号）/ no recognisable column (expected e.g. order id, order time, amount, member id); ` +
      `表头 / headers: ${headers.slice(0, 12).join(', ') || '(none)'}`,
    'no_columns',
  );
}

/** Keeps the caller's mapping for this kind's fields only, and checks it is usable. */
export function checkMapping(file: string, kind: ImportKind, headers: string[], mapping: ColumnMapping): ColumnMapping {
  const out: ColumnMapping = {};
  for (const spec of KIND_FIELDS[kind]) {
    const h = mapping[spec.field] ?? null;
    if (h !== null && !headers.includes(h)) throw new ImportError(file, `映射的列「${h}」不在文件中 / mapped column "${h}" is not in the file`, 'bad_mapping');
    out[spec.field] = h;
  }
  if (!completeMapping(kind, out)) {
    const missing = KIND_FIELDS[kind].filter((s) => s.required && !s.synthesized && !out[s.field]).map((s) => `${s.field} (${s.synonyms.slice(0, 3).join('/')})`);
    throw new ImportError(file, `缺少必需的列 / required columns not found for ${kind}: ${missing.join(', ')}`, 'bad_mapping');
  }
  return out;
}

/** Imports one file into canonical CSV; rows that cannot be loaded are listed in the report. */
export async function importFile(file: SourceFile, options: ImportOptions = {}): Promise<ImportResult> {
  const { signal, onProgress } = options;
  throwIfAborted(signal);
  const raw = await readSource(file, {
    sheet: options.sheet,
    chooseSheet,
    maxDecompressedBytes: options.maxDecompressedBytes,
    // Parquet is decoded in chunks before the row loop: progress counts decoded rows.
    onChunk: async (done, total) => {
      onProgress?.({ bytes: Math.round((file.bytes.length * done) / Math.max(1, total)), rows: 0 });
      await new Promise<void>((r) => setTimeout(r, 0));
      throwIfAborted(signal);
    },
  });
  throwIfAborted(signal);
  const layout = analyse(raw);
  const kind = options.kind ?? layout.kind;
  if (!kind) throw noColumns(file.name, layout.headers);
  const mapping = checkMapping(file.name, kind, layout.headers, options.mapping ?? (kind === layout.kind ? layout.mapping : mapColumns(kind, layout.headers).mapping));

  const loop = new RowLoop(file.name, raw, layout.headerIndex, onProgress, signal);
  const converted = kind === 'line_items' ? await convertLineItems(loop, layout.headers, mapping) : await convertTable(loop, kind, layout.headers, mapping, options.knownIds);
  const headerRow = raw.lines[layout.headerIndex] ?? 1;
  const table = kind === 'line_items' ? 'orders' : kind;
  return {
    kind: table,
    csv: converted.csv,
    report: {
      file: file.name,
      kind: table,
      sourceKind: kind,
      rowsRead: loop.rowsRead,
      rowsLoaded: loop.rowsLoaded,
      rowsRejected: loop.rejected.length,
      outputRows: converted.outputRows,
      headerRows: 1,
      preambleRows: headerRow - 1,
      summaryRowsSkipped: loop.summaryRowsSkipped,
      blankRowsSkipped: loop.blankRowsSkipped,
      rejected: loop.rejected,
      duplicateOrderIds: converted.duplicateOrderIds,
      tierMapping: converted.tierMapping,
      encoding: raw.encoding,
      delimiter: raw.delimiter,
      mapping,
      warnings: [...raw.warnings, ...converted.warnings, ...optionalColumnWarnings(kind, layout.headers, mapping, raw.rows.slice(layout.headerIndex + 1))],
    },
  };
}
