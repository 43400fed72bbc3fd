/**
 * Difference-in-differences for benefits and contacts without a control group: members who received
 * it vs matched members who did not (matching is SQL's job). Estimate = (post − pre | treated) −
 * (post − pre | matched); its interval bootstraps members. The assumption — both groups would have
 * moved alike — is checked on two pre-periods: their change should not differ either.
 */
import { bootstrapMeanDifference, quantileSorted, type BootstrapOptions } from './bootstrap.ts';
import { createRng } from '../rng.ts';
import type { Interval } from './intervals.ts';

/** Per-member outcome (e.g. sales) in the periods before and after; prior = an earlier pre-period of the same length. */
export interface PanelGroup {
  pre: ArrayLike<number>;
  post: ArrayLike<number>;
  prior?: ArrayLike<number>;
}

export interface DidResult {
  estimate: Interval;
  /** Difference of the groups' change from the prior to the pre period; null without prior periods. */
  preTrend: Interval | null;
  /** True when the pre-trend interval contains 0 (no evidence against parallel trends). */
  parallelTrendsPlausible: boolean | null;
}

function changes(after: ArrayLike<number>, before: ArrayLike<number>): Float64Array {
  if (after.length !== before.length) throw new RangeError('each member needs a value in both periods');
  const out = new Float64Array(after.length);
  for (let i = 0; i < out.length; i++) out[i] = after[i] - before[i];
  return out;
}

export function differenceInDifferences(treated: PanelGroup, matched: PanelGroup, options: BootstrapOptions = {}): DidResult {
  const estimate = bootstrapMeanDifference(changes(treated.post, treated.pre), changes(matched.post, matched.pre), options);
  if (!treated.prior || !matched.prior) return { estimate, preTrend: null, parallelTrendsPlausible: null };
  const preTrend = bootstrapMeanDifference(changes(treated.pre, treated.prior), changes(matched.pre, matched.prior), {
    ...options,
    seed: (options.seed ?? 1) + 1,
  });
  return { estimate, preTrend, parallelTrendsPlausible: preTrend.lower <= 0 && preTrend.upper >= 0 };
}

/**
 * DiD over matched pairs (treated[i] and matched[i] are one pair): the pair is the unit of a matched design,
 * so the bootstrap resamples pairs, and one resample serves every outcome (a panel's three outcomes and
 * their pre-trends cost one pass of draws, not six). Every outcome needs prior periods.
 */
export function pairedDifferenceInDifferences<K extends string>(
  outcomes: Record<K, { treated: Required<PanelGroup>; matched: Required<PanelGroup> }>,
  options: BootstrapOptions = {},
): Record<K, DidResult> {
  const { reps = 2000, seed = 1, level = 0.95 } = options;
  const keys = Object.keys(outcomes) as K[];
  // Per pair: the effect (post − pre difference) and the pre-trend (pre − prior difference), per outcome.
  const series = keys.flatMap((k) => {
    const { treated: t, matched: m } = outcomes[k];
    const n = t.post.length;
    if (m.post.length !== n) throw new RangeError('matched pairs need one matched member per treated member');
    const effect = changes(changes(t.post, t.pre), changes(m.post, m.pre));
    const trend = changes(changes(t.pre, t.prior), changes(m.pre, m.prior));
    return [effect, trend];
  });
  const n = series[0]?.length ?? 0;
  if (n === 0) throw new RangeError('difference-in-differences needs at least one pair');
  const rng = createRng(seed);
  const draws = series.map(() => new Float64Array(reps));
  for (let r = 0; r < reps; r++) {
    const sums = new Float64Array(series.length);
    for (let i = 0; i < n; i++) {
      const j = Math.floor(rng.next() * n);
      for (let s = 0; s < series.length; s++) sums[s] += series[s][j];
    }
    for (let s = 0; s < series.length; s++) draws[s][r] = sums[s] / n;
  }
  const tail = (1 - level) / 2;
  const interval = (s: number): Interval => {
    draws[s].sort();
    let sum = 0;
    for (const v of series[s]) sum += v;
    return { estimate: sum / n, lower: quantileSorted(draws[s], tail), upper: quantileSorted(draws[s], 1 - tail) };
  };
  const out = {} as Record<K, DidResult>;
  keys.forEach((k, i) => {
    const preTrend = interval(2 * i + 1);
    out[k] = { estimate: interval(2 * i), preTrend, parallelTrendsPlausible: preTrend.lower <= 0 && preTrend.upper >= 0 };
  });
  return out;
}
