/**
 * Difference-in-differences for benefits and contacts without a control group: members who received
 * it vs matched members who did not (matching is SQL's job). Estimate = (post − pre | treated) −
 * (post − pre | matched); its interval bootstraps members. The assumption — both groups would have
 * moved alike — is checked on two pre-periods: their change should not differ either.
 */
import { bootstrapMeanDifference, type BootstrapOptions } from './bootstrap.ts';
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
