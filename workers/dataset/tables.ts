/** Canonical CSV bookkeeping for a dataset: appending files of one table, filling absent tables. */
import { CanonicalCsvWriter } from '../canonical-csv.ts';
import type { FileInspection, MappingField } from '../../src/lib/engine/api.ts';
import { TABLE_NAMES, type TableName } from '../../src/lib/schema.ts';
import { mapColumns } from '../import/detect-kind.ts';
import type { FilePreview, ImportKind } from '../import/index.ts';
import { KIND_FIELDS } from '../../src/lib/import/kind-fields.ts';

/** A table's canonical CSV: text, or a Blob (a restored copy, decompressed without building a string). */
export type CsvSource = string | Blob;
export type TableCsvs = Partial<Record<TableName, CsvSource>>;

/** Appends canonical CSV `more` to `base` (same table, same header): the second header line is dropped. */
export function appendCsv<T extends CsvSource>(base: T | undefined, more: string): T | string {
  if (base === undefined) return more;
  const body = more.slice(more.indexOf('\n') + 1);
  if (!body) return base;
  return typeof base === 'string' ? base + body : (new Blob([base, body]) as T);
}

/** Every table, absent ones as a header-only CSV (an empty table). */
export function allTables<T extends CsvSource = string>(tables: Partial<Record<TableName, T>>): Record<TableName, T | string> {
  return Object.fromEntries(TABLE_NAMES.map((t) => [t, tables[t] ?? new CanonicalCsvWriter(t).toString()])) as Record<TableName, T | string>;
}

/** A preview plus, per kind, its fields and the suggested mapping for these headers. */
export function inspect(preview: FilePreview): FileInspection {
  const kinds = Object.keys(KIND_FIELDS) as ImportKind[];
  const candidates = Object.fromEntries(
    kinds.map((kind) => {
      const fields: MappingField[] = KIND_FIELDS[kind].map((s) => ({ field: s.field, required: !!s.required && !s.synthesized, label: s.synonyms[0] }));
      const mapping = kind === preview.kind ? preview.mapping : mapColumns(kind, preview.headers).mapping;
      return [kind, { fields, mapping }];
    }),
  ) as FileInspection['candidates'];
  return { ...preview, candidates };
}
