/** Canonical CSV bookkeeping for a dataset: appending files of one table, filling absent tables. */
import { CanonicalCsvWriter } from '../canonical-csv.ts';
import type { FileInspection, MappingField } from '../../src/lib/engine/api.ts';
import { TABLE_NAMES, type TableName } from '../../src/lib/schema.ts';
import { mapColumns } from '../import/detect-kind.ts';
import type { FilePreview, ImportKind } from '../import/index.ts';
import { KIND_FIELDS } from '../../src/lib/import/kind-fields.ts';

export type TableCsvs = Partial<Record<TableName, string>>;

/** Appends canonical CSV `more` to `base` (same table, same header): the second header line is dropped. */
export function appendCsv(base: string | undefined, more: string): string {
  if (base === undefined) return more;
  const body = more.slice(more.indexOf('\n') + 1);
  return body ? base + body : base;
}

/** Every table, absent ones as a header-only CSV (an empty table). */
export function allTables(tables: TableCsvs): Record<TableName, string> {
  return Object.fromEntries(TABLE_NAMES.map((t) => [t, tables[t] ?? new CanonicalCsvWriter(t).toString()])) as Record<TableName, string>;
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
