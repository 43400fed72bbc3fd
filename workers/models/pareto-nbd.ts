/**
 * Pareto/NBD (Schmittlein, Morrison & Colombo 1987): purchases at rate λ ~ Gamma(r, α) while alive,
 * an exponential lifetime with rate μ ~ Gamma(s, β). Likelihood as in Fader, Hardie & Lee (2005),
 * "A note on implementing the Pareto/NBD model in MATLAB", with its α ≥ β / α < β cases of ₂F₁.
 */
import { aggregateBgnbd, type BgnbdData } from './bgnbd-likelihood.ts';
import { meanAge } from './mbgnbd.ts';
import { minimize } from './optimize.ts';
import { hyp2f1Series, lgamma, logAddExp } from './special.ts';
import type { CalibrationSummary, FitDiagnostics } from './types.ts';

export interface ParetoNbdParams {
  r: number;
  alpha: number;
  s: number;
  beta: number;
}

export interface ParetoNbdFit extends FitDiagnostics {
  params: ParetoNbdParams;
  members: number;
}

/**
 * Series terms allowed per ₂F₁. Only far-off trial points (one of α, β thousands of times the other)
 * push z so close to 1 that more are needed; there the likelihood is treated as not finite and the
 * line search backs off, instead of one evaluation costing seconds.
 */
const MAX_TERMS = 20_000;

/**
 * ln ₂F₁(a, b; a+1; z) for 0 ≤ z < 1 and a, b > 0 (every ₂F₁ of the likelihood has c = a + 1).
 * Here c − a − b = 1 − b, so for b > 1 Euler's transformation (1−z)^(1−b) ₂F₁(1, a+1−b; a+1; z)
 * is summed instead, in logs so a heavy buyer's (1−z)^(1−b) cannot overflow.
 */
function lnHyp2f1Shifted(a: number, b: number, z: number): number {
  if (z === 0) return 0;
  const euler = b > 1;
  const s = euler ? hyp2f1Series(1, a + 1 - b, a + 1, z, MAX_TERMS) : hyp2f1Series(a, b, a + 1, z, MAX_TERMS);
  if (!s.converged || !(s.value > 0)) throw new RangeError(`Pareto/NBD: 2F1(${a}, ${b}; ${a + 1}; ${z}) did not converge`);
  return (euler ? (1 - b) * Math.log1p(-z) : 0) + Math.log(s.value);
}

/**
 * ln of the two parts of L / [Γ(r+x)α^r β^s / Γ(r)]:
 *   alive = −(r+x) ln(α+T) − s ln(β+T)           (still alive at T),
 *   dead  = ln(s/(r+s+x)) + ln A₀                  (died in (t_x, T]),
 * A₀ = F(t_x)/(m+t_x)^(r+s+x) − F(T)/(m+T)^(r+s+x) with m = max(α, β) and, for α ≥ β,
 * F(u) = ₂F₁(r+s+x, s+1; r+s+x+1; (α−β)/(α+u)), for α < β, F(u) = ₂F₁(r+s+x, r+x; r+s+x+1; (β−α)/(β+u)).
 * `piece(x, u)` = ln F(u) − (r+s+x) ln(m+u): the only costly part, shared by members with equal (x, u).
 */
function pieceOf({ r, alpha, s, beta }: ParetoNbdParams): (x: number, u: number) => number {
  const [m, bOf] = alpha >= beta ? [alpha, () => s + 1] : [beta, (x: number) => r + x];
  const diff = Math.abs(alpha - beta);
  return (x, u) => {
    const rsx = r + s + x;
    return lnHyp2f1Shifted(rsx, bOf(x), diff / (m + u)) - rsx * Math.log(m + u);
  };
}

function combine({ r, alpha, s, beta }: ParetoNbdParams, x: number, T: number, early: number, late: number): { alive: number; dead: number } {
  const rsx = r + s + x;
  const alive = -(r + x) * Math.log(alpha + T) - s * Math.log(beta + T);
  // A₀ ≥ 0; it is 0 when t_x = T (bought on the last day: no time to have died unseen).
  const lnA0 = late < early ? early + Math.log1p(-Math.exp(late - early)) : -Infinity;
  return { alive, dead: Math.log(s / rsx) + lnA0 };
}

function lnParts(params: ParetoNbdParams, x: number, tx: number, T: number): { alive: number; dead: number } {
  const piece = pieceOf(params);
  return combine(params, x, T, piece(x, tx), piece(x, T));
}

/**
 * The distinct (x, u) pairs of the data, u = t_x or T, and each history's two pair indexes: the
 * likelihood computes one ₂F₁ per pair instead of two per history (the demo's 13,360 histories
 * share far fewer (x, t_x) and (x, T) pairs). Built once per data set.
 */
interface Pairs {
  x: Float64Array;
  u: Float64Array;
  early: Uint32Array;
  late: Uint32Array;
}
const PAIRS = new WeakMap<BgnbdData, Pairs>();

function pairsOf(data: BgnbdData): Pairs {
  let p = PAIRS.get(data);
  if (p) return p;
  const n = data.count.length;
  const index = new Map<string, number>();
  const xs: number[] = [];
  const us: number[] = [];
  const of = (xi: number, u: number) => {
    const key = `${xi}|${u}`;
    let k = index.get(key);
    if (k === undefined) {
      index.set(key, (k = xs.length));
      xs.push(data.xs[xi]);
      us.push(u);
    }
    return k;
  };
  const early = new Uint32Array(n);
  const late = new Uint32Array(n);
  for (let i = 0; i < n; i++) {
    early[i] = of(data.xIndex[i], data.txs[data.txIndex[i]]);
    late[i] = of(data.xIndex[i], data.Ts[data.TIndex[i]]);
  }
  p = { x: Float64Array.from(xs), u: Float64Array.from(us), early, late };
  PAIRS.set(data, p);
  return p;
}

/**
 * Σ ln L(r, α, s, β | x, t_x, T) over members. What depends on x alone (ln Γ(r+x), ln(s/(r+s+x))) is
 * computed once per distinct x and ln(α+T), ln(β+T) once per distinct T, so a history costs two exp and
 * two log1p (session 12: 118k histories at 1M orders); each value is the same expression on the same
 * numbers as combine's, so the sum is the same to the last bit.
 */
export function paretoNbdLogLikelihood(params: ParetoNbdParams, data: BgnbdData): number {
  const { r, alpha, s, beta } = params;
  const { xs, Ts, count, xIndex, TIndex } = data;
  const pairs = pairsOf(data);
  const piece = pieceOf(params);
  const pieces = new Float64Array(pairs.x.length);
  for (let k = 0; k < pieces.length; k++) pieces[k] = piece(pairs.x[k], pairs.u[k]);
  const common = -lgamma(r) + r * Math.log(alpha) + s * Math.log(beta);
  const head = new Float64Array(xs.length); // common + ln Γ(r+x)
  const lnShare = new Float64Array(xs.length); // ln(s / (r+s+x))
  for (let k = 0; k < xs.length; k++) {
    head[k] = common + lgamma(r + xs[k]);
    lnShare[k] = Math.log(s / (r + s + xs[k]));
  }
  const lnAlphaT = Ts.map((T) => Math.log(alpha + T));
  const lnBetaT = Ts.map((T) => Math.log(beta + T));
  let ll = 0;
  for (let i = 0; i < count.length; i++) {
    const k = xIndex[i];
    const j = TIndex[i];
    // combine's alive and dead, then logAddExp(alive, dead), written out.
    const alive = -(r + xs[k]) * lnAlphaT[j] - s * lnBetaT[j];
    const early = pieces[pairs.early[i]];
    const late = pieces[pairs.late[i]];
    const dead = lnShare[k] + (late < early ? early + Math.log1p(-Math.exp(late - early)) : -Infinity);
    const lse = alive === -Infinity ? dead : dead === -Infinity ? alive : alive > dead ? alive + Math.log1p(Math.exp(dead - alive)) : dead + Math.log1p(Math.exp(alive - dead));
    ll += count[i] * (head[k] + lse);
  }
  return ll;
}

const toParams = (t: readonly number[]): ParetoNbdParams => ({ r: Math.exp(t[0]), alpha: Math.exp(t[1]), s: Math.exp(t[2]), beta: Math.exp(t[3]) });

/** Maximum likelihood on (ln r, ln α, ln s, ln β), BFGS with a central-difference gradient. */
export function fitParetoNbd(input: readonly CalibrationSummary[] | BgnbdData): ParetoNbdFit {
  const data = Array.isArray(input) ? aggregateBgnbd(input) : (input as BgnbdData);
  if (data.members === 0) throw new RangeError('fitParetoNbd: no members');
  const scale = 1 / data.members;
  const objective = (theta: readonly number[]) => {
    let ll: number;
    try {
      ll = paretoNbdLogLikelihood(toParams(theta), data);
    } catch {
      return Infinity; // a 2F1 that does not converge at an extreme trial point: the line search backs off
    }
    return Number.isFinite(ll) ? -ll * scale : Infinity;
  };
  const lnScale = Math.log(meanAge(data));
  // α and β are time scales: start both at the mean age.
  const starts = [
    [0, lnScale, 0, lnScale],
    [Math.log(0.5), lnScale - 1, Math.log(0.5), lnScale + 1],
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

/** P(alive at T | x, t_x, T) = alive / (alive + dead) (FHL 2005 note, eq. 11). */
export function paretoNbdPAlive(params: ParetoNbdParams, x: number, tx: number, T: number): number {
  const { alive, dead } = lnParts(params, x, tx, T);
  return Math.exp(alive - logAddExp(alive, dead));
}

/**
 * E[Y(t) | x, t_x, T] = (r+x)(β+T) / ((α+T)(s−1)) · [1 − ((β+T)/(β+T+t))^(s−1)] · P(alive)
 * (Schmittlein et al. 1987, eq. 22); at s = 1 the bracket's limit (r+x)/(α+T) · (β+T) ln((β+T+t)/(β+T)).
 */
export function paretoNbdExpectedPurchases(params: ParetoNbdParams, t: number, x: number, tx: number, T: number): number {
  if (t <= 0) return 0;
  const { r, alpha, s, beta } = params;
  const rate = (r + x) / (alpha + T);
  const lnRatio = Math.log1p(t / (beta + T)); // ln((β+T+t)/(β+T))
  const life = Math.abs(s - 1) < 1e-9 ? (beta + T) * lnRatio : ((beta + T) / (s - 1)) * -Math.expm1(-(s - 1) * lnRatio);
  return rate * life * paretoNbdPAlive(params, x, tx, T);
}
