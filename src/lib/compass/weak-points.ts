/** 短板: a store's weakest compass axes, ranked, with the value and benchmark behind each. */
import type { CompassKpiId } from '../metrics/store-compass.ts';
import type { NormalisedCompass } from '../metrics/compass.ts';

export interface WeakPoint {
  kpi: CompassKpiId;
  /** Index against the benchmark (100 = on benchmark). */
  score: number;
  value: number | null;
  benchmark: number | null;
}

/** Defaults: up to three axes, only those strictly under the benchmark. */
export const WEAK_POINT_LIMIT = 3;
export const WEAK_POINT_BELOW = 100;

/**
 * The store's axes with a score below `below`, lowest first (ties: the KPI order of the compass),
 * at most `limit`. Axes without a score (no data, no benchmark) are never 短板. Unknown store → [].
 */
export function weakPoints(compass: NormalisedCompass, store: string, limit = WEAK_POINT_LIMIT, below = WEAK_POINT_BELOW): WeakPoint[] {
  const row = compass.rows.find((r) => r.store === store);
  if (!row) return [];
  return compass.kpis
    .map((kpi, order) => ({ kpi, order, score: row.scores[kpi], value: row.values[kpi], benchmark: compass.benchmarks[kpi] }))
    .filter((w): w is typeof w & { score: number } => w.score !== null && w.score < below)
    .sort((a, b) => a.score - b.score || a.order - b.order)
    .slice(0, limit)
    .map(({ kpi, score, value, benchmark }) => ({ kpi, score, value, benchmark }));
}
