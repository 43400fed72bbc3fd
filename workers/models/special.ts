/**
 * Special functions for the customer-base models: log-gamma, digamma and the Gaussian
 * hypergeometric function 2F1. Pure numeric TS (browser worker and Node).
 */

// Lanczos approximation, g = 7, n = 9 (Numerical Recipes / Godfrey): ~1e-15 relative for x ≥ 0.5.
const LANCZOS_G = 7;
const LANCZOS = [
  0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313, -176.61502916214059, 12.507343278686905, -0.13857109526572012, 9.9843695780195716e-6,
  1.5056327351493116e-7,
];
const HALF_LOG_2PI = 0.5 * Math.log(2 * Math.PI);

/** ln|Γ(x)|; NaN for x ∈ {0, −1, −2, …}. */
export function lgamma(x: number): number {
  if (x < 0.5) {
    // Reflection: Γ(x)Γ(1−x) = π / sin(πx).
    const s = Math.sin(Math.PI * x);
    if (s === 0) return NaN;
    return Math.log(Math.PI / Math.abs(s)) - lgamma(1 - x);
  }
  const z = x - 1;
  let sum = LANCZOS[0];
  for (let i = 1; i < LANCZOS.length; i++) sum += LANCZOS[i] / (z + i);
  const t = z + LANCZOS_G + 0.5;
  return HALF_LOG_2PI + (z + 0.5) * Math.log(t) - t + Math.log(sum);
}

/** ψ(x) = d/dx ln Γ(x) for x > 0 (recurrence up to x ≥ 10, then the asymptotic series; ~1e-14). */
export function digamma(x: number): number {
  if (!(x > 0)) return NaN;
  let result = 0;
  while (x < 10) {
    result -= 1 / x;
    x += 1;
  }
  const inv2 = 1 / (x * x);
  return result + Math.log(x) - 0.5 / x - inv2 * (1 / 12 - inv2 * (1 / 120 - inv2 * (1 / 252 - inv2 * (1 / 240 - inv2 * (1 / 132)))));
}

/** ln B(a, b) = ln Γ(a) + ln Γ(b) − ln Γ(a + b). */
export const lbeta = (a: number, b: number): number => lgamma(a) + lgamma(b) - lgamma(a + b);

/** ln(e^u + e^v) without overflow. */
export function logAddExp(u: number, v: number): number {
  if (u === -Infinity) return v;
  if (v === -Infinity) return u;
  return u > v ? u + Math.log1p(Math.exp(v - u)) : v + Math.log1p(Math.exp(u - v));
}

export interface SeriesResult {
  value: number;
  terms: number;
  converged: boolean;
}

/**
 * The plain power series Σ (a)ₙ(b)ₙ/(c)ₙ zⁿ/n! for |z| < 1, summed until a term no longer changes
 * the sum (relative 1e-16) or `maxTerms` is reached.
 */
export function hyp2f1Series(a: number, b: number, c: number, z: number, maxTerms = 200_000): SeriesResult {
  let term = 1;
  let sum = 1;
  for (let n = 0; n < maxTerms; n++) {
    term *= (((a + n) * (b + n)) / ((c + n) * (n + 1))) * z;
    sum += term;
    if (term === 0 || Math.abs(term) <= 1e-16 * Math.abs(sum)) return { value: sum, terms: n + 1, converged: Number.isFinite(sum) };
    if (!Number.isFinite(sum)) break;
  }
  return { value: sum, terms: maxTerms, converged: false };
}

/**
 * Gaussian hypergeometric ₂F₁(a, b; c; z) for 0 ≤ z < 1 (and |z| < 1 generally) by its series.
 * When c − a − b < 0 the terms decay like n^(a+b−c−1) zⁿ, slowly near z = 1, so Euler's
 * transformation ₂F₁(a,b;c;z) = (1−z)^(c−a−b) ₂F₁(c−a, c−b; c; z) is used: its terms decay like
 * n^(c−a−b−1) zⁿ. Throws when the series does not converge (z ≥ 1 or c a non-positive integer).
 */
export function hyp2f1(a: number, b: number, c: number, z: number): number {
  if (!(Math.abs(z) < 1)) throw new RangeError(`hyp2f1: |z| must be < 1, got ${z}`);
  if (c <= 0 && Number.isInteger(c)) throw new RangeError(`hyp2f1: c must not be a non-positive integer, got ${c}`);
  const euler = c - a - b < 0 && z > 0;
  const s = euler ? hyp2f1Series(c - a, c - b, c, z) : hyp2f1Series(a, b, c, z);
  if (!s.converged) throw new RangeError(`hyp2f1(${a}, ${b}; ${c}; ${z}): series did not converge`);
  return euler ? Math.pow(1 - z, c - a - b) * s.value : s.value;
}

/**
 * Relative size of the last term summed into a derivative of hyp2f1SeriesGradient: far below what an
 * optimiser's gradient needs (its test is 1e-9), and each factor of 10 above 1e-16 saves ~2.3/(1−z) terms.
 */
const DERIVATIVE_TOL = 1e-15;

/** hyp2f1Series's sum with its partial derivatives in a, b, c and z. */
export interface SeriesGradient extends SeriesResult {
  da: number;
  db: number;
  dc: number;
  dz: number;
}

/**
 * hyp2f1Series(a, b, c, z, maxTerms) — the same terms in the same order, so `value`, `terms` and
 * `converged` are the same to the bit — and the derivatives of that sum in a, b, c and z, for a, b, c,
 * z > 0 (every term positive). Term n is tₙ = (a)ₙ(b)ₙ/((c)ₙ n!) zⁿ, so ∂tₙ/∂a = tₙ Σ_{j<n} 1/(a+j) (b
 * alike, c with a minus sign) and ∂tₙ/∂z = n tₙ / z. The derivatives' series decay a little more slowly
 * (by a factor of n or ln n): they are summed on past the value's last term until their own terms no
 * longer change them by more than DERIVATIVE_TOL, within `maxTerms`.
 */
export function hyp2f1SeriesGradient(a: number, b: number, c: number, z: number, maxTerms = 200_000): SeriesGradient {
  if (z === 0) return { value: 1, terms: 0, converged: true, da: 0, db: 0, dc: 0, dz: (a * b) / c };
  let term = 1;
  let sum = 1;
  let la = 0; // Σ_{j<n} 1/(a+j): ∂ ln tₙ / ∂a
  let lb = 0;
  let lc = 0;
  let da = 0;
  let db = 0;
  let dc = 0;
  let nz = 0; // Σ n tₙ
  let terms = 0; // the value's: 0 until it converged (or stopped)
  let converged = false;
  for (let n = 0; n < maxTerms; n++) {
    term *= (((a + n) * (b + n)) / ((c + n) * (n + 1))) * z;
    // 1/(a+n), 1/(b+n), 1/(c+n) from one division.
    const ab = (a + n) * (b + n);
    const inv = 1 / (ab * (c + n));
    la += (b + n) * (c + n) * inv;
    lb += (a + n) * (c + n) * inv;
    lc += ab * inv;
    const ta = term * la;
    const tb = term * lb;
    const tc = term * lc;
    const tz = term * (n + 1);
    da += ta;
    db += tb;
    dc -= tc;
    nz += tz;
    if (terms === 0) {
      sum += term;
      if (term === 0 || Math.abs(term) <= 1e-16 * Math.abs(sum)) {
        terms = n + 1;
        converged = Number.isFinite(sum);
      } else if (!Number.isFinite(sum)) break;
    }
    if (terms !== 0 && (term === 0 || (ta <= DERIVATIVE_TOL * da && tb <= DERIVATIVE_TOL * db && tc <= -DERIVATIVE_TOL * dc && tz <= DERIVATIVE_TOL * nz))) break;
  }
  return { value: sum, terms: terms || maxTerms, converged, da, db, dc, dz: nz / z };
}

/** ψ(x) for any x that is not a non-positive integer: for x ≤ 0 by reflection, ψ(x) = ψ(1−x) − π cot(πx). */
export function digammaAny(x: number): number {
  return x > 0 ? digamma(x) : digamma(1 - x) - Math.PI / Math.tan(Math.PI * x);
}

/** The sign of Γ(x), x not a non-positive integer: negative on (−1, 0), (−3, −2), … */
const gammaSign = (x: number): number => (x > 0 || Math.ceil(-x) % 2 === 0 ? 1 : -1);

/**
 * Terms allowed to the series in 1 − z of lnHyp2f1ShiftedNearOne: it is used only where its terms shrink
 * at least like (1−z)ⁿ from the start, so a few dozen usually suffice.
 */
const NEAR_ONE_TERMS = 1_000;

/**
 * ln ₂F₁(a, b; a+1; z) for z near 1 (a > 0, b > 0 not an integer, 0 < z < 1), with its partial
 * derivatives in a, b and z written to out[0..2] when `out` is given; NaN where this form cannot be trusted
 * to ~1e-13 (the caller then sums the series in z). By the linear transformation z → 1 − z (Abramowitz &
 * Stegun 15.3.6, DLMF 15.8.4) with c = a+1, where ₂F₁(a, b; b; 1−z) = z^−a, with w = 1 − z:
 *   F = Γ(a+1)Γ(1−b)/Γ(a+1−b) · z^−a + w^(1−b) · a/(b−1) · ₂F₁(1, a+1−b; 2−b; w),
 * whose series in w needs a few dozen terms where the series in z needs thousands (Pareto/NBD with
 * β ≫ α or α ≫ β: z = |α−β|/(max(α, β)+u) → 1). Written as ln F = (1−b) ln w + ln V with
 * V = P + Q, P = Γ(a+1)Γ(1−b)/Γ(a+1−b) z^−a w^(b−1) (its sign Γ(1−b)'s), Q = a/(b−1) S, S = Σ (B)ₙ/(C)ₙ wⁿ,
 * B = a+1−b, C = 2−b. Near an integer b both parts have poles that cancel: NaN when that cancellation (or
 * the series' own) could cost more than ~1e-13 of V, or when the series has not converged in NEAR_ONE_TERMS.
 */
export function lnHyp2f1ShiftedNearOne(a: number, b: number, z: number, out?: Float64Array): number {
  const w = 1 - z;
  const B = a + 1 - b;
  const C = 2 - b;
  if (!(w > 0 && w < 1 && a > 0 && B > 0) || Number.isInteger(b)) return NaN;
  // S and its derivatives in B, C and w: term n is tₙ = (B)ₙ/(C)ₙ wⁿ, ∂tₙ/∂B = tₙ Σ_{j<n} 1/(B+j),
  // ∂tₙ/∂C = −tₙ Σ_{j<n} 1/(C+j), ∂tₙ/∂w = n tₙ / w.
  let term = 1;
  let sum = 1;
  let size = 1; // Σ |tₙ|: the rounding the sum can carry
  let lB = 0;
  let lC = 0;
  let sB = 0;
  let sC = 0;
  let sW = 0;
  let converged = false;
  for (let n = 0; n < NEAR_ONE_TERMS; n++) {
    lB += 1 / (B + n);
    lC += 1 / (C + n);
    const ratio = ((B + n) / (C + n)) * w;
    term *= ratio;
    sum += term;
    size += Math.abs(term);
    const tB = term * lB;
    const tC = term * lC;
    const tW = term * (n + 1);
    sB += tB;
    sC -= tC;
    sW += tW;
    // Past the pole region (C + n > 0) the terms shrink by at least `ratio` < ½ each: the tail is below the last term.
    const small = 1e-17;
    if (
      C + n > 0 &&
      Math.abs(ratio) < 0.5 &&
      Math.abs(term) <= small * Math.abs(sum) &&
      Math.abs(tB) <= small * Math.abs(sB) &&
      Math.abs(tC) <= small * Math.abs(sC) &&
      Math.abs(tW) <= small * Math.abs(sW)
    ) {
      converged = true;
      break;
    }
  }
  if (!converged) return NaN;
  const k = a / (b - 1);
  const Q = k * sum;
  const lnW = Math.log(w);
  const lnZ = Math.log(z);
  const parts = [lgamma(a + 1), lgamma(1 - b), -lgamma(B), -a * lnZ, (b - 1) * lnW];
  const P = gammaSign(1 - b) * Math.exp(parts[0] + parts[1] + parts[2] + parts[3] + parts[4]);
  const V = P + Q;
  // P's relative error: Lanczos' ~1e-15, the rounding of its exponent's parts, and sin(π(1−b)) in Γ(1−b)'s
  // reflection, which loses digits as b nears an integer; the series' rounding against Σ |tₙ|. Both against V.
  const exponent = Math.abs(parts[0]) + Math.abs(parts[1]) + Math.abs(parts[2]) + Math.abs(parts[3]) + Math.abs(parts[4]);
  const errP = Math.abs(P) * (1e-15 + 2.3e-16 * (exponent + b / Math.abs(b - Math.round(b))));
  if (!(V > 0) || errP + 1e-15 * Math.abs(k) * size > 1e-13 * V) return NaN;
  const value = (1 - b) * lnW + Math.log(V);
  if (out) {
    const psiB = digamma(B);
    // ∂ ln|P| / ∂a, ∂b, ∂z.
    const pa = digamma(a + 1) - psiB - lnZ;
    const pb = -digammaAny(1 - b) + psiB + lnW;
    const pz = -a / z - (b - 1) / w;
    // ∂Q / ∂a, ∂b, ∂z (∂B/∂a = 1, ∂B/∂b = −1, ∂C/∂b = −1, ∂w/∂z = −1).
    const qa = sum / (b - 1) + k * sB;
    const qb = (-a / ((b - 1) * (b - 1))) * sum - k * (sB + sC);
    const qz = (-k * sW) / w;
    out[0] = (P * pa + qa) / V;
    out[1] = -lnW + (P * pb + qb) / V;
    out[2] = (b - 1) / w + (P * pz + qz) / V;
  }
  return value;
}
