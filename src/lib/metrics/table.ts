/**
 * A metric's rows as a table (table cards, "view as table", exports): the columns come from the
 * metric's definition and their labels and units from the column vocabulary, so a panel names the
 * metric and, at most, which columns and how a code reads (a stage id as its name).
 */
import type { Lang } from '../format.ts';
import { COLUMNS, type ColumnName, type ColumnSpec } from './columns.ts';
import type { MetricDefinition, MetricUnit } from './define.ts';
import { findMetric } from './index.ts';

export interface TableColumn {
  key: string;
  label: string;
  unit?: MetricUnit;
}

export interface MetricTable {
  columns: TableColumn[];
  rows: Record<string, unknown>[];
}

/** A vocabulary column in a language: its own label and unit, or its metric's. */
export function columnOf(name: ColumnName, lang: Lang): TableColumn {
  const spec: ColumnSpec = COLUMNS[name];
  const metric = spec.metric ? findMetric(spec.metric) : undefined;
  return { key: name, label: (spec.label ?? metric?.label ?? { zh: name, en: name })[lang], unit: spec.unit ?? metric?.unit };
}

export interface TableOptions {
  /** Which columns, in order (default: all the metric's columns). */
  columns?: readonly ColumnName[];
  /** How a column's codes read (e.g. a stage id as its name), applied to the cells. */
  display?: Partial<Record<ColumnName, (value: unknown, row: Record<string, unknown>) => unknown>>;
  /** A generic column headed as the vocabulary column it holds here (e.g. `segment` as `store` when segmented by store). */
  headAs?: Partial<Record<ColumnName, ColumnName>>;
}

export function tableOf(metric: MetricDefinition, rows: readonly object[], lang: Lang, o: TableOptions = {}): MetricTable {
  const names = o.columns ?? metric.columns ?? [];
  const display = o.display ?? {};
  return {
    columns: names.map((n) => ({ ...columnOf(o.headAs?.[n] ?? n, lang), key: n })),
    rows: (rows as readonly Record<string, unknown>[]).map((row) => {
      const out: Record<string, unknown> = {};
      for (const n of names) out[n] = display[n] ? display[n]!(row[n], row) : row[n];
      return out;
    }),
  };
}

/** A vocabulary column's heading in a language (for cards that are not a metric's table). */
export const columnLabel = (name: ColumnName, lang: Lang): string => columnOf(name, lang).label;
