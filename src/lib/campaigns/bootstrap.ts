/**
 * Percentile bootstrap for differences of means: sales per contacted member are zero for most members and
 * heavy-tailed for the rest, so a normal interval on the mean is not trusted. Resamples each group
 * independently (members are the unit) with a seeded stream, so a report is reproducible.
 */
import { createRng } from '../rng.ts';
import type { Interval } from './intervals.ts';

export interface BootstrapOptions {
  /** Number of resamples; default 2,000. */
  reps?: number;
  /** Seed of the resampling stream; default 1. */
  seed?: number;
  level?: number;
}

const mean = (xs: ArrayLike<number>): number => {
  let s = 0;
  for (let i = 0; i < xs.length; i++) s += xs[i];
  return s / xs.length;
};

/** Mean of a resample of `xs` (same size, with replacement). */
function resampledMean(xs: ArrayLike<number>, next: () => number): number {
  const n = xs.length;
  let s = 0;
  for (let i = 0; i < n; i++) s += xs[Math.floor(next() * n)];
  return s / n;
}

/** Value at quantile q of sorted values (linear interpolation between order statistics). */
export function quantileSorted(sorted: Float64Array, q: number): number {
  const pos = (sorted.length - 1) * q;
  const lo = Math.floor(pos);
  const hi = Math.min(lo + 1, sorted.length - 1);
  return sorted[lo] + (sorted[hi] - sorted[lo]) * (pos - lo);
}

/** mean(a) − mean(b), percentile interval over `reps` paired resamples of both groups. */
export function bootstrapMeanDifference(a: ArrayLike<number>, b: ArrayLike<number>, options: BootstrapOptions = {}): Interval {
  if (a.length === 0 || b.length === 0) throw new RangeError('bootstrap needs members in both groups');
  const { reps = 2000, seed = 1, level = 0.95 } = options;
  const rng = createRng(seed);
  const diffs = new Float64Array(reps);
  for (let r = 0; r < reps; r++) diffs[r] = resampledMean(a, rng.next) - resampledMean(b, rng.next);
  diffs.sort();
  const tail = (1 - level) / 2;
  return { estimate: mean(a) - mean(b), lower: quantileSorted(diffs, tail), upper: quantileSorted(diffs, 1 - tail) };
}
