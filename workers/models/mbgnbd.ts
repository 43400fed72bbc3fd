/**
 * MBG/NBD (Batislam, Denizel & Filiztekin 2007): BG/NBD with a dropout chance right after the
 * first purchase as well, so a member who never came back can be gone — the fix for BG/NBD's
 * P(alive) = 1 at x = 0. Same data (x, t_x, T) and the same optimiser as BG/NBD.
 */
import { aggregateBgnbd, type BgnbdData } from './bgnbd-likelihood.ts';
import { minimize } from './optimize.ts';
import { hyp2f1Series, lbeta, lgamma, logAddExp } from './special.ts';
import type { BgnbdParams, CalibrationSummary, FitDiagnostics } from './types.ts';

/** MBG/NBD has BG/NBD's parameters: λ ~ Gamma(r, α), p ~ Beta(a, b). */
export type MbgnbdParams = BgnbdParams;

export interface MbgnbdFit extends FitDiagnostics {
  params: MbgnbdParams;
  members: number;
}

/**
 * Σ ln L over members, with (Batislam et al. 2007, eq. 6)
 * L = Γ(r+x)α^r/Γ(r) · [B(a, b+x+1)/B(a, b) (α+T)^−(r+x) + B(a+1, b+x)/B(a, b) (α+t_x)^−(r+x)].
 */
export function mbgnbdLogLikelihood({ r, alpha, a, b }: MbgnbdParams, data: BgnbdData): number {
  const nx = data.xs.length;
  const head = new Float64Array(nx);
  const lnStay = new Float64Array(nx);
  const lnDrop = new Float64Array(nx);
  const lnB = lbeta(a, b);
  const common = -lgamma(r) + r * Math.log(alpha);
  for (let k = 0; k < nx; k++) {
    const x = data.xs[k];
    head[k] = common + lgamma(r + x);
    lnStay[k] = lbeta(a, b + x + 1) - lnB;
    lnDrop[k] = lbeta(a + 1, b + x) - lnB;
  }
  let ll = 0;
  for (let i = 0; i < data.count.length; i++) {
    const k = data.xIndex[i];
    const rx = r + data.xs[k];
    const stay = lnStay[k] - rx * Math.log(alpha + data.Ts[data.TIndex[i]]);
    const drop = lnDrop[k] - rx * Math.log(alpha + data.txs[data.txIndex[i]]);
    ll += data.count[i] * (head[k] + logAddExp(stay, drop));
  }
  return ll;
}

const toParams = (t: readonly number[]): MbgnbdParams => ({ r: Math.exp(t[0]), alpha: Math.exp(t[1]), a: Math.exp(t[2]), b: Math.exp(t[3]) });

/** Mean T over members: the natural time scale for α's start. */
export function meanAge(data: BgnbdData): number {
  let meanT = 0;
  for (let i = 0; i < data.count.length; i++) meanT += (data.count[i] * data.Ts[data.TIndex[i]]) / data.members;
  return Math.max(meanT, 1e-3);
}

/** Maximum likelihood on (ln r, ln α, ln a, ln b), BFGS with a central-difference gradient (as BG/NBD's starts). */
export function fitMbgnbd(input: readonly CalibrationSummary[] | BgnbdData): MbgnbdFit {
  const data = Array.isArray(input) ? aggregateBgnbd(input) : (input as BgnbdData);
  if (data.members === 0) throw new RangeError('fitMbgnbd: no members');
  const scale = 1 / data.members;
  const objective = (theta: readonly number[]) => {
    const ll = mbgnbdLogLikelihood(toParams(theta), data);
    return Number.isFinite(ll) ? -ll * scale : Infinity;
  };
  const lnScale = Math.log(meanAge(data));
  const starts = [
    [0, lnScale, 0, 0],
    [Math.log(0.3), lnScale + 1, Math.log(0.5), Math.log(2)],
  ];
  const result = minimize(objective, starts, { gradTol: 1e-9, restarts: 1 });
  return {
    params: toParams(result.theta),
    logLikelihood: -result.value / scale,
    converged: result.converged,
    iterations: result.iterations,
    reason: result.reason,
    members: data.members,
  };
}

/** ln of the odds a/(b+x) · ((α+T)/(α+t_x))^(r+x) that the member has dropped out by T. */
function lnDropoutOdds({ r, alpha, a, b }: MbgnbdParams, x: number, tx: number, T: number): number {
  return Math.log(a / (b + x)) + (r + x) * (Math.log(alpha + T) - Math.log(alpha + tx));
}

/** P(alive at T | x, t_x, T) = 1 / (1 + a/(b+x) ((α+T)/(α+t_x))^(r+x)): below 1 at x = 0 too. */
export function mbgnbdPAlive(params: MbgnbdParams, x: number, tx: number, T: number): number {
  return 1 / (1 + Math.exp(lnDropoutOdds(params, x, tx, T)));
}

/**
 * E[Y(t) | x, t_x, T] (Batislam et al. 2007, eq. 8)
 *   = (a+b+x)/(a−1) · [1 − ((α+T)/(α+T+t))^(r+x) ₂F₁(r+x, b+x+1; a+b+x; z)] / (1 + odds), z = t/(α+T+t),
 * with Euler's transformation (1−z)^(r+x) ₂F₁(…) = (1−z)^(a−1) ₂F₁(a+b−r, a−1; a+b+x; z) as in BG/NBD.
 */
export function mbgnbdExpectedPurchases(params: MbgnbdParams, t: number, x: number, tx: number, T: number): number {
  if (t <= 0) return 0;
  const { r, alpha, a, b } = params;
  if (Math.abs(a - 1) < 1e-7) {
    return (mbgnbdExpectedPurchases({ ...params, a: 1 + 1e-7 }, t, x, tx, T) + mbgnbdExpectedPurchases({ ...params, a: 1 - 1e-7 }, t, x, tx, T)) / 2;
  }
  const z = t / (alpha + T + t);
  const series = hyp2f1Series(a + b - r, a - 1, a + b + x, z);
  if (!series.converged) throw new RangeError(`mbgnbdExpectedPurchases: 2F1 did not converge (z=${z})`);
  const bracket = 1 - Math.pow(1 - z, a - 1) * series.value;
  return (((a + b + x) / (a - 1)) * bracket) / (1 + Math.exp(lnDropoutOdds(params, x, tx, T)));
}
