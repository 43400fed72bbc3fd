/** A metric is data: one definition feeds the engine, the UI's "how computed" drawer and docs/metrics.md. */
import type { TableName } from '../schema.ts';
import type { ColumnName } from './columns.ts';
import type { SqlStatement } from '../sql.ts';
import type { MetricParams } from './params.ts';

export type MetricUnit = 'yuan' | 'count' | 'ratio' | 'days' | 'score' | 'items' | 'points';

export interface Localized {
  zh: string;
  en: string;
}

/** A switchable definition: which parameter picks it, its options and the one used by default. */
export interface MetricVariant {
  readonly param: keyof MetricParams;
  readonly options: readonly string[];
  readonly default: string;
}

/** `scalar` returns one row with a `value` column; `table` returns rows described by `columns`. */
export type MetricShape = 'scalar' | 'table';

export interface MetricDefinition<Id extends string = string, Cols extends readonly ColumnName[] = readonly ColumnName[], Shape extends MetricShape = MetricShape> {
  /** Stable snake_case id: used in `data-metric-id`, the URL, the CLI and docs. */
  readonly id: Id;
  readonly label: Localized;
  readonly formula: Localized;
  readonly unit: MetricUnit;
  readonly shape: Shape;
  /** Output columns of a table metric, in order, from the column vocabulary (a scalar metric has just `value`). */
  readonly columns?: Cols;
  readonly needs: readonly TableName[];
  /** Higher is better (for arrows and the compass); false for e.g. churn rate. */
  readonly higherIsBetter?: boolean;
  /** Parameters that switch the definition (documented in docs/metrics.md). */
  readonly variants?: readonly MetricVariant[];
  /** Extra rules and their sources (markdown), for the docs and the "how computed" drawer. */
  readonly notes?: Localized;
  readonly sql: (p: MetricParams) => SqlStatement;
}

/** Keeps the id's and the columns' literal types: the catalogue's ids form `MetricId`, its columns type `MetricRow`. */
export function defineMetric<const Id extends string, const Cols extends readonly ColumnName[] = readonly ColumnName[], const Shape extends MetricShape = MetricShape>(
  def: MetricDefinition<Id, Cols, Shape>,
): MetricDefinition<Id, Cols, Shape> {
  if (!/^[a-z][a-z0-9_]*$/.test(def.id)) throw new Error(`metric id must be snake_case: ${def.id}`);
  return Object.freeze({ higherIsBetter: true, ...def });
}
