/**
 * Pareto/NBD (Schmittlein, Morrison & Colombo 1987): purchases at rate λ ~ Gamma(r, α) while alive,
 * an exponential lifetime with rate μ ~ Gamma(s, β). Likelihood as in Fader, Hardie & Lee (2005),
 * "A note on implementing the Pareto/NBD model in MATLAB", with its α ≥ β / α < β cases of ₂F₁.
 */
import { aggregateBgnbd, type BgnbdData } from './bgnbd-likelihood.ts';
import { meanAge } from './mbgnbd.ts';
import { minimize } from './optimize.ts';
import { digamma, hyp2f1Series, hyp2f1SeriesGradient, lgamma, lnHyp2f1ShiftedNearOne, logAddExp } from './special.ts';
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
 * Past this z (and where the series in 1 − z starts shrinking at once: (1−z)(a+1−b) ≤ 1) the ₂F₁ are
 * taken from the transformation to 1 − z (lnHyp2f1ShiftedNearOne) when it holds to ~1e-13; the series in z
 * needs up to ~37/(1−z) terms there (session 14: at 1M orders the fit heads to β ≫ α, z ≈ 0.999 and
 * beyond, where the series in z summed 9.5M terms per likelihood, 0.35 s, ~10 s of the fit's CPU). Below
 * it the series costs at most a few thousand terms, and the likelihood is the same to the bit as before
 * (session 12's and 13's tests pin points up to z = 0.978, CDNOW's optimum is at z < 0.1).
 */
const NEAR_ONE = 0.99;

/** Whether ₂F₁(a, b; a+1; z) is tried by the transformation to 1 − z first. */
const nearOne = (a: number, b: number, z: number) => z > NEAR_ONE && (1 - z) * (a + 1 - b) <= 1;

/**
 * ln ₂F₁(a, b; a+1; z) for 0 ≤ z < 1 and a, b > 0 (every ₂F₁ of the likelihood has c = a + 1).
 * Near z = 1 the transformation to 1 − z (see NEAR_ONE); otherwise, or where it does not hold, the series:
 * here c − a − b = 1 − b, so for b > 1 Euler's transformation (1−z)^(1−b) ₂F₁(1, a+1−b; a+1; z)
 * is summed instead, in logs so a heavy buyer's (1−z)^(1−b) cannot overflow.
 */
function lnHyp2f1Shifted(a: number, b: number, z: number): number {
  if (z === 0) return 0;
  if (nearOne(a, b, z)) {
    const v = lnHyp2f1ShiftedNearOne(a, b, z);
    if (!Number.isNaN(v)) return v;
  }
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

/**
 * pieceOf's `piece(x, u)` with its partial derivatives in (r, α, s, β), written to `out` at 5k: the
 * value (the same to the bit: the same series, hyp2f1SeriesGradient, on the same numbers), then ∂/∂r,
 * ∂/∂α, ∂/∂s, ∂/∂β. With a = r+s+x, ln F = E ln(1−z) + ln S(A, B; C; z): S(a, b; a+1; z) with E = 0, or
 * Euler's S(1, a+1−b; a+1; z) with E = 1−b; A, B, C and E are affine in r and s, z a function of α, β.
 */
function pieceGradientOf({ r, alpha, s, beta }: ParetoNbdParams): (x: number, u: number, out: Float64Array, k: number) => void {
  const up = alpha >= beta; // m = α, b = s+1; else m = β, b = r+x
  const m = up ? alpha : beta;
  const diff = Math.abs(alpha - beta);
  // ∂b/∂r, ∂b/∂s.
  const [br, bs] = up ? [0, 1] : [1, 0];
  const near = new Float64Array(3);
  return (x, u, out, k) => {
    const rsx = r + s + x;
    const b = up ? s + 1 : r + x;
    const mu = m + u;
    const z = diff / mu;
    let lnF = 0;
    // ∂ ln F / ∂r, ∂s (through A, B, C, E) and ∂ ln F / ∂z.
    let fr = 0;
    let fs = 0;
    let fz: number;
    const v = z !== 0 && nearOne(rsx, b, z) ? lnHyp2f1ShiftedNearOne(rsx, b, z, near) : NaN;
    if (z === 0) {
      // ln F = 0; ∂ ln F/∂z at 0: ∂S/∂z = AB/C of the form the series would take.
      fz = b > 1 ? -(1 - b) + (rsx + 1 - b) / (rsx + 1) : (rsx * b) / (rsx + 1);
    } else if (!Number.isNaN(v)) {
      // The same value as lnHyp2f1Shifted's (the same call); ∂ ln F/∂a, ∂b, ∂z with a = r+s+x and b = s+1 or r+x.
      lnF = v;
      fr = near[0] + br * near[1];
      fs = near[0] + bs * near[1];
      fz = near[2];
    } else {
      const euler = b > 1;
      const g = euler ? hyp2f1SeriesGradient(1, rsx + 1 - b, rsx + 1, z, MAX_TERMS) : hyp2f1SeriesGradient(rsx, b, rsx + 1, z, MAX_TERMS);
      if (!g.converged || !(g.value > 0)) throw new RangeError(`Pareto/NBD: 2F1 at z = ${z} did not converge`);
      const lnOneMinusZ = Math.log1p(-z);
      lnF = (euler ? (1 - b) * lnOneMinusZ : 0) + Math.log(g.value);
      const [sa, sb, sc] = [g.da / g.value, g.db / g.value, g.dc / g.value];
      if (euler) {
        // A = 1, B = a+1−b, C = a+1, E = 1−b.
        fr = sb * (1 - br) + sc - br * lnOneMinusZ;
        fs = sb * (1 - bs) + sc - bs * lnOneMinusZ;
        fz = -(1 - b) / (1 - z) + g.dz / g.value;
      } else {
        // A = a, B = b, C = a+1.
        fr = sa + sb * br + sc;
        fs = sa + sb * bs + sc;
        fz = g.dz / g.value;
      }
    }
    const lnMu = Math.log(mu);
    out[5 * k] = lnF - rsx * lnMu;
    out[5 * k + 1] = fr - lnMu;
    out[5 * k + 3] = fs - lnMu;
    // z = |α−β| / (m+u): with m = α, ∂z/∂α = (β+u)/(α+u)², ∂z/∂β = −1/(α+u); with m = β, mirrored.
    const dzUp = (up ? beta + u : alpha + u) / (mu * mu);
    const dzDown = -1 / mu;
    const dm = -rsx / mu; // ∂(−(r+s+x) ln(m+u))/∂m
    out[5 * k + 2] = fz * (up ? dzUp : dzDown) + (up ? dm : 0);
    out[5 * k + 4] = fz * (up ? dzDown : dzUp) + (up ? 0 : dm);
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
  /**
   * The pairs in the order their ₂F₁ are computed: smallest u first (z = |α−β|/(m+u) is largest there), then
   * smallest x (the slowest series at a given z). At a far-off trial point whose series does not converge
   * (the line search then backs off) the throw comes at the first pairs, after one capped series instead
   * of after most of the pairs' (session 13: at 1M orders 306 of the fit's 411 likelihoods were such
   * points, 7 of its 15 s CPU). Each pair's value is its own, so the order changes no bit of the sum.
   */
  order: Uint32Array;
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
  const order = Uint32Array.from(xs.keys()).sort((a, b) => us[a] - us[b] || xs[a] - xs[b]);
  p = { x: Float64Array.from(xs), u: Float64Array.from(us), early, late, order };
  PAIRS.set(data, p);
  return p;
}

/**
 * Σ ln L(r, α, s, β | x, t_x, T) over members. What depends on x alone (ln Γ(r+x), ln(s/(r+s+x))) is
 * computed once per distinct x and ln(α+T), ln(β+T) once per distinct T, so a history costs two exp and
 * two log1p (session 12: 118k histories at 1M orders); each value is the same expression on the same
 * numbers as combine's, so the sum is the same to the last bit.
 *
 * With `grad`, also its analytic gradient ∂/∂(r, α, s, β) into grad[0..3] (session 13): one pass with
 * each (x, u) pair's ₂F₁ derivatives (pieceGradientOf) instead of the 8 more likelihoods of a central
 * difference; the value is the same to the bit as without. Per history, with p_alive = e^(alive−ℓ) and
 * p_dead = e^(dead−ℓ) (ℓ = ln(e^alive + e^dead)), ∂ℓ = p_alive ∂alive + p_dead ∂dead, and
 * ∂ ln A₀ = (∂early − w ∂late) / (1 − w), w = e^(late−early).
 */
export function paretoNbdLogLikelihood(params: ParetoNbdParams, data: BgnbdData, grad?: number[]): number {
  const { r, alpha, s, beta } = params;
  const { xs, Ts, count, xIndex, TIndex } = data;
  const pairs = pairsOf(data);
  const pieces = new Float64Array(pairs.x.length);
  // With a gradient: each pair's value and 4 partials (pieceGradientOf), and the weight of its partials in the sum.
  const pieceGrads = grad ? new Float64Array(5 * pairs.x.length) : null;
  const pairWeight = grad ? new Float64Array(pairs.x.length) : null;
  if (pieceGrads) {
    const pieceGradient = pieceGradientOf(params);
    for (const k of pairs.order) {
      pieceGradient(pairs.x[k], pairs.u[k], pieceGrads, k);
      pieces[k] = pieceGrads[5 * k];
    }
  } else {
    const piece = pieceOf(params);
    for (const k of pairs.order) pieces[k] = piece(pairs.x[k], pairs.u[k]);
  }
  const common = -lgamma(r) + r * Math.log(alpha) + s * Math.log(beta);
  const head = new Float64Array(xs.length); // common + ln Γ(r+x)
  const lnShare = new Float64Array(xs.length); // ln(s / (r+s+x))
  for (let k = 0; k < xs.length; k++) {
    head[k] = common + lgamma(r + xs[k]);
    lnShare[k] = Math.log(s / (r + s + xs[k]));
  }
  const lnAlphaT = Ts.map((T) => Math.log(alpha + T));
  const lnBetaT = Ts.map((T) => Math.log(beta + T));
  // The gradient's sums over histories: Σ count per x (for ∂head), Σ count·p_dead per x (for ∂ ln share).
  const perX = grad ? new Float64Array(xs.length) : null;
  const deadPerX = grad ? new Float64Array(xs.length) : null;
  // Σ count·p_alive and Σ count·p_alive·x per T: the alive part's derivatives then cost one pass over the Ts.
  const aliveT = new Float64Array(grad ? Ts.length : 0);
  const aliveXT = new Float64Array(grad ? Ts.length : 0);
  let gr = 0;
  let ga = 0;
  let gs = 0;
  let gb = 0;
  let ll = 0;
  for (let i = 0; i < count.length; i++) {
    const k = xIndex[i];
    const j = TIndex[i];
    // combine's alive and dead, then logAddExp(alive, dead), written out.
    const alive = -(r + xs[k]) * lnAlphaT[j] - s * lnBetaT[j];
    const early = pieces[pairs.early[i]];
    const late = pieces[pairs.late[i]];
    const w = late < early ? Math.exp(late - early) : 1; // A₀ = e^early (1 − w)
    const dead = lnShare[k] + (late < early ? early + Math.log1p(-w) : -Infinity);
    // The smaller part over the larger, e^(−|alive − dead|) (0 when one of them is −∞).
    const e = alive === -Infinity || dead === -Infinity ? 0 : alive > dead ? Math.exp(dead - alive) : Math.exp(alive - dead);
    const lse = alive === -Infinity ? dead : dead === -Infinity ? alive : alive > dead ? alive + Math.log1p(e) : dead + Math.log1p(e);
    ll += count[i] * (head[k] + lse);
    if (perX && deadPerX && pairWeight) {
      const c = count[i];
      perX[k] += c;
      // count · p_alive and count · p_dead.
      const share = c / (1 + e);
      const pa = dead === -Infinity ? c : alive > dead ? share : share * e;
      const pd = dead === -Infinity ? 0 : c - pa;
      aliveT[j] += pa;
      aliveXT[j] += pa * xs[k];
      if (pd !== 0) {
        deadPerX[k] += pd;
        const scaled = pd / (w < 0.5 ? 1 - w : -Math.expm1(late - early)); // count · p_dead / (1 − w)
        pairWeight[pairs.early[i]] += scaled;
        pairWeight[pairs.late[i]] -= scaled * w;
      }
    }
  }
  if (grad && perX && deadPerX && pieceGrads && pairWeight) {
    const lnAlpha = Math.log(alpha);
    const lnBeta = Math.log(beta);
    const psiR = digamma(r);
    // alive = −(r+x) ln(α+T) − s ln(β+T).
    for (let j = 0; j < Ts.length; j++) {
      const pa = aliveT[j];
      gr -= pa * lnAlphaT[j];
      ga -= (r * pa + aliveXT[j]) / (alpha + Ts[j]);
      gs -= pa * lnBetaT[j];
      gb -= (pa * s) / (beta + Ts[j]);
    }
    for (let k = 0; k < xs.length; k++) {
      const rsx = r + s + xs[k];
      // head: −ln Γ(r) + r ln α + s ln β + ln Γ(r+x); ln share: ln s − ln(r+s+x).
      gr += perX[k] * (digamma(r + xs[k]) - psiR + lnAlpha) - deadPerX[k] / rsx;
      ga += (perX[k] * r) / alpha;
      gs += perX[k] * lnBeta + deadPerX[k] * (1 / s - 1 / rsx);
      gb += (perX[k] * s) / beta;
    }
    for (let k = 0; k < pairWeight.length; k++) {
      const w = pairWeight[k];
      if (w === 0) continue;
      gr += w * pieceGrads[5 * k + 1];
      ga += w * pieceGrads[5 * k + 2];
      gs += w * pieceGrads[5 * k + 3];
      gb += w * pieceGrads[5 * k + 4];
    }
    grad[0] = gr;
    grad[1] = ga;
    grad[2] = gs;
    grad[3] = gb;
  }
  return ll;
}

const toParams = (t: readonly number[]): ParetoNbdParams => ({ r: Math.exp(t[0]), alpha: Math.exp(t[1]), s: Math.exp(t[2]), beta: Math.exp(t[3]) });

/**
 * Maximum likelihood on (ln r, ln α, ln s, ln β), BFGS with the analytic gradient (session 13; before,
 * a central difference: 9 likelihoods per step, ~4× the CPU at 1M orders).
 */
export function fitParetoNbd(input: readonly CalibrationSummary[] | BgnbdData): ParetoNbdFit {
  const data = Array.isArray(input) ? aggregateBgnbd(input) : (input as BgnbdData);
  if (data.members === 0) throw new RangeError('fitParetoNbd: no members');
  const scale = 1 / data.members;
  const g = [0, 0, 0, 0];
  const objective = (theta: readonly number[], grad?: number[]) => {
    const params = toParams(theta);
    let ll: number;
    try {
      ll = paretoNbdLogLikelihood(params, data, grad ? g : undefined);
    } catch {
      return Infinity; // a 2F1 that does not converge at an extreme trial point: the line search backs off
    }
    if (grad) {
      // ∂/∂ ln p = p ∂/∂p.
      const { r, alpha, s, beta } = params;
      [r, alpha, s, beta].forEach((p, i) => (grad[i] = -g[i] * p * scale));
    }
    return Number.isFinite(ll) ? -ll * scale : Infinity;
  };
  const lnScale = Math.log(meanAge(data));
  // α and β are time scales: start both at the mean age.
  const starts = [
    [0, lnScale, 0, lnScale],
    [Math.log(0.5), lnScale - 1, Math.log(0.5), lnScale + 1],
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
