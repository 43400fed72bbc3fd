/**
 * BG/NBD (Fader, Hardie & Lee 2005): maximum-likelihood fit on log-parameters and the per-member
 * quantities the app shows: P(alive), conditional expected purchases, time to next purchase.
 */
import { aggregateBgnbd, bgnbdLogLikelihood, type BgnbdData } from './bgnbd-likelihood.ts';
import { minimize } from './optimize.ts';
import { hyp2f1Series } from './special.ts';
import type { BgnbdParams, CalibrationSummary, FitDiagnostics } from './types.ts';

export interface BgnbdFit extends FitDiagnostics {
  params: BgnbdParams;
  members: number;
}

const toParams = (t: readonly number[]): BgnbdParams => ({ r: Math.exp(t[0]), alpha: Math.exp(t[1]), a: Math.exp(t[2]), b: Math.exp(t[3]) });

/**
 * Fits BG/NBD by maximum likelihood: BFGS on (ln r, ln α, ln a, ln b) with the analytic gradient,
 * from a default start (a second one if that run fails), then a restart from the best point with a
 * fresh Hessian guess. `converged` means the gradient (or precision-limit) test held at the end.
 */
export function fitBgnbd(input: readonly CalibrationSummary[] | BgnbdData): BgnbdFit {
  const data = Array.isArray(input) ? aggregateBgnbd(input) : (input as BgnbdData);
  if (data.members === 0) throw new RangeError('fitBgnbd: no members');
  const scale = 1 / data.members; // per-member objective keeps the tolerances independent of size
  const objective = (theta: readonly number[], grad?: number[]) => {
    const p = toParams(theta);
    const ll = bgnbdLogLikelihood(p, data, grad);
    if (grad) {
      // Chain rule to log-parameters: ∂/∂ln θ = θ ∂/∂θ.
      const values = [p.r, p.alpha, p.a, p.b];
      for (let i = 0; i < 4; i++) grad[i] = -grad[i] * values[i] * scale;
    }
    return Number.isFinite(ll) ? -ll * scale : Infinity;
  };
  let meanT = 0;
  for (let i = 0; i < data.count.length; i++) meanT += (data.count[i] * data.Ts[data.TIndex[i]]) / data.members;
  const lnScale = Math.log(Math.max(meanT, 1e-3));
  // α is a time scale, so start it at the mean age; a second start with fewer, slower buyers.
  const starts = [
    [0, lnScale, 0, 0],
    [Math.log(0.3), lnScale + 1, Math.log(0.5), Math.log(2)],
  ];
  const result = minimize(objective, starts, { analyticGradient: true, gradTol: 1e-9, restarts: 1 });
  return {
    params: toParams(result.theta),
    logLikelihood: -result.value / scale,
    converged: result.converged,
    iterations: result.iterations,
    reason: result.reason,
    members: data.members,
  };
}

/** ln of the odds ratio a/(b+x−1) · ((α+T)/(α+t_x))^(r+x) that the member dropped out at t_x; −∞ when x = 0. */
export function lnDropoutOdds({ r, alpha, a, b }: BgnbdParams, x: number, tx: number, T: number): number {
  if (x === 0) return -Infinity;
  return Math.log(a / (b + x - 1)) + (r + x) * (Math.log(alpha + T) - Math.log(alpha + tx));
}

/** P(alive at T | x, t_x, T) = 1 / (1 + [x>0] a/(b+x−1) ((α+T)/(α+t_x))^(r+x)). */
export function pAlive(params: BgnbdParams, x: number, tx: number, T: number): number {
  return 1 / (1 + Math.exp(lnDropoutOdds(params, x, tx, T)));
}

/**
 * E[Y(t) | x, t_x, T]: expected repeat purchases in (T, T+t] (FHL 2005 eq. 10)
 *   = (a+b+x−1)/(a−1) · [1 − ((α+T)/(α+T+t))^(r+x) ₂F₁(r+x, b+x; a+b+x−1; z)] / (1 + odds), z = t/(α+T+t).
 * Evaluated through Euler's transformation, ((α+T)/(α+T+t))^(r+x) ₂F₁(…) = (1−z)^(a−1) ₂F₁(a+b−1−r, a−1; a+b+x−1; z),
 * whose series converges fast and cannot overflow for heavy buyers. At a = 1 exactly (0/0) the
 * mean of a = 1 ± 1e-7 is used.
 */
export function conditionalExpectedPurchases(params: BgnbdParams, t: number, x: number, tx: number, T: number): number {
  if (t <= 0) return 0;
  if (Math.abs(params.a - 1) < 1e-7) {
    // Not through conditionalExpectedPurchases again: 1 − 1e-7 is itself within 1e-7 of 1 in floating point.
    const at = (a: number) => expectedIfAlive({ ...params, a }, t, x, T) / (1 + Math.exp(lnDropoutOdds({ ...params, a }, x, tx, T)));
    return (at(1 + 1e-7) + at(1 - 1e-7)) / 2;
  }
  return expectedIfAlive(params, t, x, T) / (1 + Math.exp(lnDropoutOdds(params, x, tx, T)));
}

/**
 * The part of E[Y(t) | x, t_x, T] before the division by 1 + odds: (a+b+x−1)/(a−1) · [1 − (1−z)^(a−1) ₂F₁(…)],
 * the expected purchases of a member still alive at T. It does not depend on t_x, so members with
 * the same (x, T) share it (models.ts expectedByHistory). For t > 0 and |a − 1| ≥ 1e-7.
 */
export function expectedIfAlive({ r, alpha, a, b }: BgnbdParams, t: number, x: number, T: number): number {
  const z = t / (alpha + T + t);
  const series = hyp2f1Series(a + b - 1 - r, a - 1, a + b + x - 1, z);
  if (!series.converged) throw new RangeError(`conditionalExpectedPurchases: 2F1 did not converge (z=${z})`);
  const bracket = 1 - Math.pow(1 - z, a - 1) * series.value;
  return ((a + b + x - 1) / (a - 1)) * bracket;
}

/**
 * Median time to the next purchase of a member who is still active: the posterior purchase rate
 * is Gamma(r+x, α+T), so the wait W given "alive" is Lomax with P(W > w) = ((α+T)/(α+T+w))^(r+x),
 * median (α+T)(2^(1/(r+x)) − 1). Future dropout is ignored (it can only postpone the purchase);
 * pair it with pAlive. The median is used because the mean is infinite when r+x ≤ 1.
 */
export function medianTimeToNextPurchase({ r, alpha }: Pick<BgnbdParams, 'r' | 'alpha'>, x: number, T: number): number {
  return (alpha + T) * (Math.pow(2, 1 / (r + x)) - 1);
}
