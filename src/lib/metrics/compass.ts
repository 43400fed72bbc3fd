/** Store compass normalisation: each store's KPI as an index against a benchmark (100 = on benchmark). */
import type { MetricRow } from './index.ts';
import { COMPASS_KPIS, type CompassKpiId } from './store-compass.ts';

/** A row of the `store_compass` metric. */
/** A store_compass row; KPIs optional so a compass can be built on a subset (the `kpis` argument). */
export type CompassRow = Pick<MetricRow<'store_compass'>, 'store'> & Partial<Omit<MetricRow<'store_compass'>, 'store'>>;

export interface NormalisedStore {
  store: string;
  values: Record<string, number | null>;
  /** 100 × (value − floor) ÷ (benchmark − floor), clamped to [0, 200]; NULL when either is missing. */
  scores: Record<string, number | null>;
}

export interface NormalisedCompass {
  kpis: CompassKpiId[];
  benchmarks: Record<string, number | null>;
  rows: NormalisedStore[];
}

/** Lowest possible value per KPI (0 unless listed): NPS runs from −100, so its index is taken from −100. */
export const KPI_FLOOR: Readonly<Record<string, number>> = { nps: -100 };

/** Cap on the index so one outlier store does not flatten the radar. */
export const MAX_SCORE = 200;

/** Median of the finite numbers (mean of the middle two when even); NULL when there are none. */
export function median(values: readonly (number | null | undefined)[]): number | null {
  const xs = values.filter((v): v is number => typeof v === 'number' && Number.isFinite(v)).sort((a, b) => a - b);
  if (xs.length === 0) return null;
  const mid = xs.length >> 1;
  return xs.length % 2 ? xs[mid] : (xs[mid - 1] + xs[mid]) / 2;
}

const num = (v: unknown): number | null => (typeof v === 'number' && Number.isFinite(v) ? v : null);

/**
 * Normalises compass rows: benchmark per KPI = `targets[kpi]` when given, else the median over
 * stores; score = 100 × (value − floor) ÷ (benchmark − floor), in [0, 200]. All compass KPIs are
 * higher-is-better. A benchmark at or below the floor gives NULL scores (no meaningful index).
 */
export function normaliseAgainstBenchmark(
  rows: readonly CompassRow[],
  targets: Partial<Record<string, number>> = {},
  kpis: readonly CompassKpiId[] = COMPASS_KPIS.map((k) => k.id),
): NormalisedCompass {
  const benchmarks: Record<string, number | null> = {};
  for (const kpi of kpis) benchmarks[kpi] = num(targets[kpi]) ?? median(rows.map((r) => num(r[kpi])));
  const out = rows.map((r) => {
    const values: Record<string, number | null> = {};
    const scores: Record<string, number | null> = {};
    for (const kpi of kpis) {
      const v = num(r[kpi]);
      const b = benchmarks[kpi];
      const floor = KPI_FLOOR[kpi] ?? 0;
      values[kpi] = v;
      scores[kpi] = v === null || b === null || b <= floor ? null : Math.min(MAX_SCORE, Math.max(0, (100 * (v - floor)) / (b - floor)));
    }
    return { store: String(r.store), values, scores };
  });
  return { kpis: [...kpis], benchmarks, rows: out };
}
