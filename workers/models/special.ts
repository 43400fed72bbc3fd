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
