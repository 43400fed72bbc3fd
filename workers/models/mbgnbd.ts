/**
 * MBG/NBD (Batislam, Denizel & Filiztekin 2007): BG/NBD with a dropout chance right after the
 * first purchase as well, so a member who never came back can be gone — the fix for BG/NBD's
 * P(alive) = 1 at x = 0. Same data (x, t_x, T) and the same optimiser as BG/NBD.
 */
import { aggregateBgnbd, type BgnbdData } from './bgnbd-likelihood.ts';
import { minimize } from './optimize.ts';
import { digamma, hyp2f1Series, lgamma } from './special.ts';
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
 * The Γ/B terms are computed once per distinct x and ln(α+T), ln(α+t_x) once per distinct T and
 * t_x, so a distinct history costs one exp and one log1p. When `grad` is given, ∂/∂(r, α, a, b)
 * of the sum is written into it: with w = the "dropped out at t_x" branch's share of L,
 *   ∂r = ψ(r+x) − ψ(r) + ln α − (1−w) ln(α+T) − w ln(α+t_x),  ∂α = r/α − (r+x)((1−w)/(α+T) + w/(α+t_x)),
 *   ∂a = ψ(a+b) − ψ(a+b+x+1) + w/a,  ∂b = ψ(a+b) − ψ(a+b+x+1) − ψ(b) + ψ(b+x) + (1−w)/(b+x).
 */
export function mbgnbdLogLikelihood({ r, alpha, a, b }: MbgnbdParams, data: BgnbdData, grad?: number[]): number {
  const { xs, txs, Ts, count, xIndex, txIndex, TIndex } = data;
  const nx = xs.length;
  const head = new Float64Array(nx);
  const lnStay = new Float64Array(nx);
  const lnDrop = new Float64Array(nx);
  const dr = grad ? new Float64Array(nx) : head;
  const da = grad ? new Float64Array(nx) : head;
  const db = grad ? new Float64Array(nx) : head;
  const lnAlpha = Math.log(alpha);
  const common = -lgamma(r) + r * lnAlpha;
  const psiR = grad ? digamma(r) : 0;
  const sums = betaSums(a, b, xs);
  const lnA = Math.log(a);
  for (let k = 0; k < nx; k++) {
    const x = xs[k];
    head[k] = common + lgamma(r + x);
    // ln B(a, b+x+1)/B(a, b) = −Σ_{j≤x} ln(1 + a/(b+j)); ln B(a+1, b+x)/B(a, b) = ln a − ln(a+b+x) − Σ_{j<x} ln(1 + a/(b+j)).
    lnStay[k] = -sums.lnUpTo[k];
    lnDrop[k] = lnA - Math.log(a + b + x) - sums.lnBelow[k];
    if (grad) {
      dr[k] = digamma(r + x) - psiR + lnAlpha;
      // ψ(a+b) − ψ(a+b+x+1) = −Σ_{j≤x} 1/(a+b+j); ψ(b+x) − ψ(b) = Σ_{j<x} 1/(b+j).
      da[k] = -sums.invABUpTo[k];
      db[k] = da[k] + sums.invBBelow[k];
    }
  }
  const lnT = Ts.map((T) => Math.log(alpha + T));
  const lnTx = txs.map((t) => Math.log(alpha + t));
  const invT = grad ? Ts.map((T) => 1 / (alpha + T)) : lnT;
  const invTx = grad ? txs.map((t) => 1 / (alpha + t)) : lnTx;
  const invBx = grad ? xs.map((x) => 1 / (b + x)) : xs;
  const invA = 1 / a;
  let ll = 0;
  let gr = 0;
  let gAlpha = 0;
  let ga = 0;
  let gb = 0;
  for (let i = 0; i < count.length; i++) {
    const k = xIndex[i];
    const rx = r + xs[k];
    const iT = TIndex[i];
    const it = txIndex[i];
    const stay = lnStay[k] - rx * lnT[iT];
    const drop = lnDrop[k] - rx * lnTx[it];
    // ln(e^stay + e^drop) as logAddExp(stay, drop) computes it, and w = e^drop / (e^stay + e^drop).
    let lse: number;
    let w: number;
    if (stay > drop) {
      const e = Math.exp(drop - stay);
      lse = stay + Math.log1p(e);
      w = e / (1 + e);
    } else if (stay === -Infinity) {
      lse = drop;
      w = 1;
    } else {
      const e = Math.exp(stay - drop);
      lse = drop + Math.log1p(e);
      w = 1 / (1 + e);
    }
    const c = count[i];
    ll += c * (head[k] + lse);
    if (grad) {
      const ws = 1 - w;
      gr += c * (dr[k] - ws * lnT[iT] - w * lnTx[it]);
      gAlpha += c * (-rx * (ws * invT[iT] + w * invTx[it]));
      ga += c * (da[k] + w * invA);
      gb += c * (db[k] + ws * invBx[k]);
    }
  }
  if (grad) {
    grad[0] = gr;
    grad[1] = gAlpha + (data.members * r) / alpha;
    grad[2] = ga;
    grad[3] = gb;
  }
  return ll;
}

/**
 * For each distinct x (whole numbers ≥ 0), the finite sums that the ratios of Beta functions of MBG/NBD
 * reduce to (Γ(b+x+1)/Γ(b) = Π_{j≤x} (b+j)): Σ_{j<x} and Σ_{j≤x} of ln(1 + a/(b+j)), Σ_{j≤x} 1/(a+b+j) and Σ_{j<x} 1/(b+j),
 * summed once up to the largest x. Session 14: ln Γ differences such as ln Γ(b+x+1) − ln Γ(a+b+x+1) lose
 * every digit as a → 0 and b → ∞ (the 1M orders' fit: a ≈ 1e-7, b ≈ 3e5, ln Γ ≈ 3.4e6), and the fit then
 * wandered on that rounding noise for hundreds of likelihoods; these sums keep full precision there.
 */
function betaSums(a: number, b: number, xs: Float64Array): { lnBelow: Float64Array; lnUpTo: Float64Array; invABUpTo: Float64Array; invBBelow: Float64Array } {
  const nx = xs.length;
  const lnBelow = new Float64Array(nx);
  const lnUpTo = new Float64Array(nx);
  const invABUpTo = new Float64Array(nx);
  const invBBelow = new Float64Array(nx);
  const order = Uint32Array.from(xs.keys()).sort((i, j) => xs[i] - xs[j]);
  let j = 0;
  let ln = 0;
  let invAB = 0;
  let invB = 0;
  for (const k of order) {
    const x = xs[k];
    for (; j < x; j++) {
      ln += Math.log1p(a / (b + j));
      invAB += 1 / (a + b + j);
      invB += 1 / (b + j);
    }
    // Up to j = x − 1 here: add the j = x terms to the sums that run through x.
    lnBelow[k] = ln;
    lnUpTo[k] = ln + Math.log1p(a / (b + x));
    invABUpTo[k] = invAB + 1 / (a + b + x);
    invBBelow[k] = invB;
  }
  return { lnBelow, lnUpTo, invABUpTo, invBBelow };
}

const toParams = (t: readonly number[]): MbgnbdParams => ({ r: Math.exp(t[0]), alpha: Math.exp(t[1]), a: Math.exp(t[2]), b: Math.exp(t[3]) });

/** Mean T over members: the natural time scale for α's start. */
export function meanAge(data: BgnbdData): number {
  let meanT = 0;
  for (let i = 0; i < data.count.length; i++) meanT += (data.count[i] * data.Ts[data.TIndex[i]]) / data.members;
  return Math.max(meanT, 1e-3);
}

/** Maximum likelihood on (ln r, ln α, ln a, ln b), BFGS with the analytic gradient (as BG/NBD, same starts). */
export function fitMbgnbd(input: readonly CalibrationSummary[] | BgnbdData): MbgnbdFit {
  const data = Array.isArray(input) ? aggregateBgnbd(input) : (input as BgnbdData);
  if (data.members === 0) throw new RangeError('fitMbgnbd: no members');
  const scale = 1 / data.members;
  const objective = (theta: readonly number[], grad?: number[]) => {
    const p = toParams(theta);
    const ll = mbgnbdLogLikelihood(p, data, grad);
    if (grad) {
      // Chain rule to log-parameters: ∂/∂ln θ = θ ∂/∂θ.
      const values = [p.r, p.alpha, p.a, p.b];
      for (let i = 0; i < 4; i++) grad[i] = -grad[i] * values[i] * scale;
    }
    return Number.isFinite(ll) ? -ll * scale : Infinity;
  };
  const lnScale = Math.log(meanAge(data));
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

/** ln of the odds a/(b+x) · ((α+T)/(α+t_x))^(r+x) that the member has dropped out by T. */
export function mbgnbdLnDropoutOdds({ r, alpha, a, b }: MbgnbdParams, x: number, tx: number, T: number): number {
  return Math.log(a / (b + x)) + (r + x) * (Math.log(alpha + T) - Math.log(alpha + tx));
}

/** P(alive at T | x, t_x, T) = 1 / (1 + a/(b+x) ((α+T)/(α+t_x))^(r+x)): below 1 at x = 0 too. */
export function mbgnbdPAlive(params: MbgnbdParams, x: number, tx: number, T: number): number {
  return 1 / (1 + Math.exp(mbgnbdLnDropoutOdds(params, x, tx, T)));
}

/**
 * E[Y(t) | x, t_x, T] (Batislam et al. 2007, eq. 8)
 *   = (a+b+x)/(a−1) · [1 − ((α+T)/(α+T+t))^(r+x) ₂F₁(r+x, b+x+1; a+b+x; z)] / (1 + odds), z = t/(α+T+t),
 * with Euler's transformation (1−z)^(r+x) ₂F₁(…) = (1−z)^(a−1) ₂F₁(a+b−r, a−1; a+b+x; z) as in BG/NBD.
 */
export function mbgnbdExpectedPurchases(params: MbgnbdParams, t: number, x: number, tx: number, T: number): number {
  if (t <= 0) return 0;
  if (Math.abs(params.a - 1) < 1e-7) {
    // Not through mbgnbdExpectedPurchases again: 1 − 1e-7 is itself within 1e-7 of 1 in floating point.
    const at = (a: number) => mbgnbdExpectedIfAlive({ ...params, a }, t, x, T) / (1 + Math.exp(mbgnbdLnDropoutOdds({ ...params, a }, x, tx, T)));
    return (at(1 + 1e-7) + at(1 - 1e-7)) / 2;
  }
  return mbgnbdExpectedIfAlive(params, t, x, T) / (1 + Math.exp(mbgnbdLnDropoutOdds(params, x, tx, T)));
}

/** E[Y(t) | x, t_x, T] before the division by 1 + odds (as BG/NBD's expectedIfAlive): shared by members with equal (x, T). */
export function mbgnbdExpectedIfAlive({ r, alpha, a, b }: MbgnbdParams, t: number, x: number, T: number): number {
  const z = t / (alpha + T + t);
  const series = hyp2f1Series(a + b - r, a - 1, a + b + x, z);
  if (!series.converged) throw new RangeError(`mbgnbdExpectedPurchases: 2F1 did not converge (z=${z})`);
  const bracket = 1 - Math.pow(1 - z, a - 1) * series.value;
  return ((a + b + x) / (a - 1)) * bracket;
}
