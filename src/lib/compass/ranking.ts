/**
 * Which store needs attention first: stores ranked by their average shortfall below the benchmark
 * (target, or the median across stores), in index points over the axes the store has data for.
 * A store on or above the benchmark everywhere has shortfall 0. Ties: more 短板 first, then name.
 */
import type { NormalisedCompass } from '../metrics/compass.ts';

export interface StoreRank {
  store: string;
  /** Mean of max(0, 100 − index) over the axes with a score. */
  shortfall: number;
  /** Axes below the benchmark. */
  weakAxes: number;
  /** Axes with a score. */
  axes: number;
}

export function rankStores(compass: NormalisedCompass): StoreRank[] {
  return compass.rows
    .map((r) => {
      const scores = compass.kpis.map((k) => r.scores[k]).filter((v): v is number => v !== null && v !== undefined);
      const gaps = scores.map((v) => Math.max(0, 100 - v));
      return {
        store: r.store,
        shortfall: scores.length ? gaps.reduce((a, b) => a + b, 0) / scores.length : 0,
        weakAxes: gaps.filter((g) => g > 0).length,
        axes: scores.length,
      };
    })
    .filter((r) => r.axes > 0)
    .sort((a, b) => b.shortfall - a.shortfall || b.weakAxes - a.weakAxes || a.store.localeCompare(b.store, 'zh-CN'));
}
