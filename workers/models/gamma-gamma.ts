/**
 * Gamma-Gamma spend model (Fader & Hardie 2013, "The Gamma-Gamma Model of Monetary Value"):
 * a repeat buyer's spend per purchase day is Gamma(p, ν) with ν ~ Gamma(q, γ) across members,
 * fitted on repeat buyers (x > 0) from their mean repeat spend z̄; and CLV combining it with BG/NBD.
 */
import { conditionalExpectedPurchases } from './bgnbd.ts';
import { minimize } from './optimize.ts';
import { digamma, lgamma } from './special.ts';
import type { BgnbdParams, CalibrationSummary, FitDiagnostics, GammaGammaParams } from './types.ts';

export interface GammaGammaFit extends FitDiagnostics {
  params: GammaGammaParams;
  /** Repeat buyers the model was fitted on. */
  buyers: number;
}

/** Repeat buyers' x and z̄ with what the likelihood reuses on every evaluation. */
export interface GammaGammaData {
  x: Float64Array;
  zbar: Float64Array;
  lnZ: Float64Array;
  /** Index of each buyer's x among the distinct values `xs`. */
  xIndex: Uint32Array;
  xs: Float64Array;
}

/** Prepares buyers (x > 0, z̄ > 0) for the likelihood. */
export function gammaGammaData(x: ArrayLike<number>, zbar: ArrayLike<number>): GammaGammaData {
  const map = new Map<number, number>();
  const xs: number[] = [];
  const xIndex = Uint32Array.from({ length: x.length }, (_, i) => map.get(x[i]) ?? (map.set(x[i], xs.length), xs.push(x[i]) - 1));
  const z = Float64Array.from(zbar);
  return { x: Float64Array.from(x), zbar: z, lnZ: z.map(Math.log), xIndex, xs: Float64Array.from(xs) };
}

/**
 * Σ ln f(z̄ | p, q, γ, x) over repeat buyers, the density of the mean of x Gamma(p, ν) spends:
 * f = Γ(px+q)/(Γ(px)Γ(q)) · γ^q z̄^(px−1) x^(px) / (γ + x z̄)^(px+q). Gradient into `grad` if given.
 * The Γ and ψ terms depend on x only, so they are computed once per distinct x.
 */
export function gammaGammaLogLikelihood({ p, q, gamma }: GammaGammaParams, data: GammaGammaData, grad?: number[]): number {
  const lgQ = lgamma(q);
  const lnG = Math.log(gamma);
  const psiQ = grad ? digamma(q) : 0;
  const nx = data.xs.length;
  const lg = new Float64Array(nx);
  const dp = new Float64Array(nx);
  const psiPQ = new Float64Array(nx);
  for (let k = 0; k < nx; k++) {
    const px = p * data.xs[k];
    const lnX = Math.log(data.xs[k]);
    lg[k] = lgamma(px + q) - lgamma(px) - lgQ + q * lnG + px * lnX;
    if (grad) {
      psiPQ[k] = digamma(px + q);
      dp[k] = psiPQ[k] - digamma(px) + lnX;
    }
  }
  const { x, zbar, lnZ, xIndex } = data;
  let ll = 0;
  let gp = 0;
  let gq = 0;
  let gg = 0;
  for (let i = 0; i < x.length; i++) {
    const k = xIndex[i];
    const px = p * x[i];
    const d = gamma + x[i] * zbar[i];
    const lnD = Math.log(d);
    ll += lg[k] + (px - 1) * lnZ[i] - (px + q) * lnD;
    if (grad) {
      gp += x[i] * (dp[k] + lnZ[i] - lnD);
      gq += psiPQ[k] - psiQ + lnG - lnD;
      gg += q / gamma - (px + q) / d;
    }
  }
  if (grad) [grad[0], grad[1], grad[2]] = [gp, gq, gg];
  return ll;
}

/** Repeat buyers (x > 0 with a positive monetary value), prepared for the likelihood. */
export function repeatBuyers(summaries: readonly CalibrationSummary[]): GammaGammaData {
  const rows = summaries.filter((s) => s.x > 0 && (s.monetary ?? 0) > 0);
  return gammaGammaData(
    rows.map((s) => s.x),
    rows.map((s) => s.monetary!),
  );
}

/** Maximum-likelihood Gamma-Gamma fit on repeat buyers (`data`: repeatBuyers(summaries), when already made): BFGS on (ln p, ln q, ln γ), analytic gradient. */
export function fitGammaGamma(summaries: readonly CalibrationSummary[], data: GammaGammaData = repeatBuyers(summaries)): GammaGammaFit {
  const { x, zbar } = data;
  if (x.length === 0) throw new RangeError('fitGammaGamma: no repeat buyers with a monetary value');
  const scale = 1 / x.length;
  const objective = (theta: readonly number[], grad?: number[]) => {
    const params = { p: Math.exp(theta[0]), q: Math.exp(theta[1]), gamma: Math.exp(theta[2]) };
    const ll = gammaGammaLogLikelihood(params, data, grad);
    if (grad) [params.p, params.q, params.gamma].forEach((v, i) => (grad[i] = -grad[i] * v * scale));
    return Number.isFinite(ll) ? -ll * scale : Infinity;
  };
  let mean = 0;
  for (const z of zbar) mean += z / zbar.length;
  // Start where the implied mean spend pγ/(q−1) equals the sample mean (p = 1, q = 2, γ = mean).
  const starts = [
    [0, Math.log(2), Math.log(mean)],
    [Math.log(5), Math.log(4), Math.log(3 * mean)],
  ];
  const result = minimize(objective, starts, { analyticGradient: true, gradTol: 1e-9, restarts: 1 });
  const [p, q, gamma] = result.theta.map(Math.exp);
  return {
    params: { p, q, gamma },
    logLikelihood: -result.value / scale,
    converged: result.converged,
    iterations: result.iterations,
    reason: result.reason,
    buyers: x.length,
  };
}

/**
 * E[spend per purchase day | x, z̄] = (γ + x z̄) p / (px + q − 1): a weighted mean of the population
 * mean pγ/(q−1) and the member's own z̄. For x = 0 it is the population mean. Infinite if q ≤ 1.
 */
export function conditionalExpectedSpend({ p, q, gamma }: GammaGammaParams, x: number, zbar: number): number {
  if (q <= 1) return Infinity;
  return x > 0 ? ((gamma + x * zbar) * p) / (p * x + q - 1) : (p * gamma) / (q - 1);
}

export interface ClvOptions {
  /** Horizon in months (default 12). */
  months?: number;
  /** Discount rate per month (default 0.01). */
  monthlyDiscount?: number;
  /** Length of a month in the model's time unit: 30 for days, 30/7 for weeks (lifetimes' convention). */
  monthLength: number;
}

/**
 * CLV over the horizon, as lifetimes' `customer_lifetime_value` with discrete monthly steps:
 * Σ_{m=1..M} E[spend] · (E[Y(m·L)] − E[Y((m−1)·L)]) / (1 + d)^m, with E[Y(t)] the conditional
 * expected purchases of BG/NBD (given its parameters) or of any model (given its E[Y(t) | x, t_x, T]) and L the month length in model units.
 */
export function customerLifetimeValue(
  model: BgnbdParams | ((t: number, x: number, tx: number, T: number) => number),
  gg: GammaGammaParams,
  member: CalibrationSummary,
  { months = 12, monthlyDiscount = 0.01, monthLength }: ClvOptions,
): number {
  const expected = typeof model === 'function' ? model : (t: number, x: number, tx: number, T: number) => conditionalExpectedPurchases(model, t, x, tx, T);
  const increments = monthlyPurchases(Array.from({ length: months }, (_, i) => expected((i + 1) * monthLength, member.x, member.t_x, member.T)));
  return discountedValue(conditionalExpectedSpend(gg, member.x, member.monetary ?? 0), increments, discountFactors(months, monthlyDiscount));
}

/** E[Y(m·L)] − E[Y((m−1)·L)] for months m = 1..M from E[Y(m·L)] (index m − 1): expected purchases in each month. */
export function monthlyPurchases(cumulative: ArrayLike<number>): Float64Array {
  const out = new Float64Array(cumulative.length);
  let previous = 0;
  for (let m = 0; m < cumulative.length; m++) {
    out[m] = cumulative[m] - previous;
    previous = cumulative[m];
  }
  return out;
}

/** (1 + d)^m for months m = 1..M. */
export const discountFactors = (months: number, monthlyDiscount: number): Float64Array => Float64Array.from({ length: months }, (_, i) => Math.pow(1 + monthlyDiscount, i + 1));

/** Σ_m spend · purchases_m / (1 + d)^m: the CLV sum of customerLifetimeValue, from its pieces. */
export function discountedValue(spend: number, purchases: ArrayLike<number>, factors: ArrayLike<number>): number {
  let clv = 0;
  for (let m = 0; m < purchases.length; m++) clv += (spend * purchases[m]) / factors[m];
  return clv;
}
