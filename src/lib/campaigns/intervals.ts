/**
 * Confidence intervals for response rates and their difference. Score (Wilson) intervals rather than
 * Wald: Wald undercovers at the small counts a single store's campaign produces (a 5 % response among
 * 200 contacts), and says nonsense at 0 or n responders.
 */

/** z for a two-sided interval at `level` (0.95 → 1.959964). */
export function zFor(level: number): number {
  if (!(level > 0 && level < 1)) throw new RangeError(`confidence level must be in (0, 1), got ${level}`);
  return normalQuantile(1 - (1 - level) / 2);
}

/**
 * Inverse of the standard normal CDF (Acklam's rational approximation, |relative error| < 1.15e-9):
 * plenty for interval bounds.
 */
export function normalQuantile(p: number): number {
  if (!(p > 0 && p < 1)) throw new RangeError(`normalQuantile needs 0 < p < 1, got ${p}`);
  const a = [-39.69683028665376, 220.9460984245205, -275.9285104469687, 138.357751867269, -30.66479806614716, 2.506628277459239];
  const b = [-54.47609879822406, 161.5858368580409, -155.6989798598866, 66.80131188771972, -13.28068155288572];
  const c = [-0.007784894002430293, -0.3223964580411365, -2.400758277161838, -2.549732539343734, 4.374664141464968, 2.938163982698783];
  const d = [0.007784695709041462, 0.3224671290700398, 2.445134137142996, 3.754408661907416];
  const low = 0.02425;
  if (p > 1 - low) return -normalQuantile(1 - p); // symmetry
  if (p < low) {
    const q = Math.sqrt(-2 * Math.log(p));
    return (((((c[0] * q + c[1]) * q + c[2]) * q + c[3]) * q + c[4]) * q + c[5]) / ((((d[0] * q + d[1]) * q + d[2]) * q + d[3]) * q + 1);
  }
  const q = p - 0.5;
  const r = q * q;
  return ((((((a[0] * r + a[1]) * r + a[2]) * r + a[3]) * r + a[4]) * r + a[5]) * q) / (((((b[0] * r + b[1]) * r + b[2]) * r + b[3]) * r + b[4]) * r + 1);
}

export interface Interval {
  estimate: number;
  lower: number;
  upper: number;
}

/** Wilson score interval for x successes in n trials (Wilson 1927). */
export function wilson(x: number, n: number, z = zFor(0.95)): Interval {
  if (!(n > 0) || x < 0 || x > n) throw new RangeError(`wilson needs 0 ≤ x ≤ n, n > 0 (got x=${x}, n=${n})`);
  const p = x / n;
  const z2 = z * z;
  const centre = (p + z2 / (2 * n)) / (1 + z2 / n);
  const half = (z * Math.sqrt((p * (1 - p)) / n + z2 / (4 * n * n))) / (1 + z2 / n);
  return { estimate: p, lower: Math.max(0, centre - half), upper: Math.min(1, centre + half) };
}

/**
 * Difference of two independent proportions p1 − p0 with Newcombe's hybrid score interval
 * (Newcombe 1998, method 10): each rate's Wilson interval, combined by squared distances.
 */
export function proportionDifference(x1: number, n1: number, x0: number, n0: number, z = zFor(0.95)): Interval {
  const a = wilson(x1, n1, z);
  const b = wilson(x0, n0, z);
  const d = a.estimate - b.estimate;
  return {
    estimate: d,
    lower: d - Math.sqrt((a.estimate - a.lower) ** 2 + (b.upper - b.estimate) ** 2),
    upper: d + Math.sqrt((a.upper - a.estimate) ** 2 + (b.estimate - b.lower) ** 2),
  };
}

/**
 * Relative uplift p1 / p0 − 1 with the Katz log interval for the risk ratio; 0.5 is added to every
 * cell when a count is 0 (Haldane), so the interval stays finite. Null when the control has no members.
 */
export function relativeUplift(x1: number, n1: number, x0: number, n0: number, z = zFor(0.95)): Interval | null {
  if (!(n1 > 0 && n0 > 0)) return null;
  const fix = x1 === 0 || x0 === 0 || x1 === n1 || x0 === n0 ? 0.5 : 0;
  const [a, m, c, k] = [x1 + fix, n1 + 2 * fix, x0 + fix, n0 + 2 * fix];
  const logRatio = Math.log(a / m / (c / k));
  const se = Math.sqrt(1 / a - 1 / m + 1 / c - 1 / k);
  return {
    estimate: x0 === 0 ? Math.exp(logRatio) - 1 : x1 / n1 / (x0 / n0) - 1,
    lower: Math.exp(logRatio - z * se) - 1,
    upper: Math.exp(logRatio + z * se) - 1,
  };
}
