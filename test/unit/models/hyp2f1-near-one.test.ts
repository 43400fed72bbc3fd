// Session 14 (issue 14, `store-compass fit` CPU): near z = 1 the Pareto/NBD likelihood's ₂F₁(a, b; a+1; z)
// comes from the linear transformation to 1 − z (lnHyp2f1ShiftedNearOne) instead of ~37/(1−z) terms of
// the series in z. Checked against an independent reference: the plain series Σ (a)ₙ(b)ₙ/((a+1)ₙ n!) zⁿ
// summed exactly in BigInt fixed point (60 decimals) over rational a, b, z, to where its terms are 1e-45
// of the sum (tens of thousands of terms) — not the function's own output, and not the double series. The
// derivatives against central differences of that reference (the ratio of two reference sums, so no digits
// are lost). Then the likelihood in that regime (β ≫ α, the 1M orders' optimum): the gradient against a
// central difference, and the fit converging with a log-likelihood no lower than the series' fit.
import { describe, expect, it } from 'vitest';
import { aggregateBgnbd } from '../../../workers/models/bgnbd-likelihood.ts';
import { fitParetoNbd, paretoNbdLogLikelihood, type ParetoNbdParams } from '../../../workers/models/pareto-nbd.ts';
import { minimize } from '../../../workers/models/optimize.ts';
import { digammaAny, lgamma, lnHyp2f1ShiftedNearOne } from '../../../workers/models/special.ts';
import { mulberry32, simulateParetoNbd } from './simulate.ts';

type Rat = [bigint, bigint];

/** A decimal string as an exact fraction. */
function rat(s: string): Rat {
  const [i, f = ''] = s.split('.');
  return [BigInt(i + f), 10n ** BigInt(f.length)];
}
const toNumber = ([n, d]: Rat) => Number(n) / Number(d);

const SCALE = 10n ** 60n;

/**
 * ₂F₁(a, b; a+1; z) · 10^60 as a BigInt: Σ a/(a+n) · (b)ₙ/n! · zⁿ (since (a)ₙ/(a+1)ₙ = a/(a+n)), each
 * term truncated to 1e-60, summed until past the terms' peak they are below 1e-45 of the sum.
 */
function reference([an, ad]: Rat, [bn, bd]: Rat, [zn, zd]: Rat): bigint {
  let t = SCALE; // (b)ₙ/n! zⁿ · 10^60
  let sum = 0n;
  for (let n = 0n; ; n++) {
    sum += (t * an) / (an + n * ad);
    const next = (t * (bn + n * bd) * zn) / (bd * (n + 1n) * zd);
    if (next < t && next * 10n ** 45n < sum) return sum;
    if (n > 2_000_000n) throw new Error('reference did not converge');
    t = next;
  }
}

/** ln of a positive BigInt fixed-point value (scaled 10^60). */
function lnOf(v: bigint): number {
  const digits = v.toString();
  const lead = Number(digits.slice(0, 17)) / 1e16;
  return Math.log(lead) + (digits.length - 1 - 60) * Math.LN10;
}

/** ln(x/y) for BigInts x, y close together, without cancellation: log1p of (x − y)/y. */
const lnRatio = (x: bigint, y: bigint) => Math.log1p(Number(((x - y) * 10n ** 30n) / y) / 1e30);

const add = ([n, d]: Rat, [hn, hd]: Rat): Rat => [n * hd + hn * d, d * hd];
const neg = ([n, d]: Rat): Rat => [-n, d];

describe('ln ₂F₁(a, b; a+1; z) near z = 1 by the transformation to 1 − z', () => {
  it.each([
    // Pareto/NBD with α < β (b = r+x): the 1M orders' optimum, x = 0, 1, 3, 12.
    ['1.9575', '1.957', '0.998'],
    ['2.9575', '2.957', '0.995'],
    ['4.9575', '4.957', '0.999'],
    ['13.9575', '13.957', '0.993'],
    // α ≥ β (b = s+1): s < 1 and s in (1, 2), where 2 − b < 0 and the series in 1 − z changes sign.
    ['2.5', '1.3', '0.995'],
    ['3.1', '2.6', '0.992'],
  ])('a = %s, b = %s, z = %s: the value and its derivatives as the exact series’', (a, b, z) => {
    const [A, B, Z] = [rat(a), rat(b), rat(z)];
    const out = new Float64Array(3);
    const value = lnHyp2f1ShiftedNearOne(toNumber(A), toNumber(B), toNumber(Z), out);
    const exact = reference(A, B, Z);
    expect(Math.abs(value - lnOf(exact))).toBeLessThanOrEqual(1e-12 * Math.max(1, Math.abs(value)));
    // Central differences of the exact sums, steps 1e-6 (a, b) and 1e-8 (z: 1 − z is 1e-3 here).
    const h: Rat = [1n, 10n ** 6n];
    const hz: Rat = [1n, 10n ** 8n];
    const da = lnRatio(reference(add(A, h), B, Z), reference(add(A, neg(h)), B, Z)) / 2e-6;
    const db = lnRatio(reference(A, add(B, h), Z), reference(A, add(B, neg(h)), Z)) / 2e-6;
    const dz = lnRatio(reference(A, B, add(Z, hz)), reference(A, B, add(Z, neg(hz)))) / 2e-8;
    [da, db, dz].forEach((d, i) => expect(Math.abs(out[i] - d)).toBeLessThanOrEqual(1e-7 * Math.max(1, Math.abs(d))));
  });

  it('is the same value with and without the derivatives', () => {
    expect(Object.is(lnHyp2f1ShiftedNearOne(2.5, 1.3, 0.995), lnHyp2f1ShiftedNearOne(2.5, 1.3, 0.995, new Float64Array(3)))).toBe(true);
  });

  it('declines (NaN) where it cannot hold: b an integer or within 1e-9 of one (the two parts’ poles cancel), z out of (0, 1)', () => {
    expect(lnHyp2f1ShiftedNearOne(2.5, 2, 0.995)).toBeNaN();
    expect(lnHyp2f1ShiftedNearOne(2.5, 2 + 1e-9, 0.995)).toBeNaN();
    expect(lnHyp2f1ShiftedNearOne(2.5, 1.3, 1)).toBeNaN();
    expect(lnHyp2f1ShiftedNearOne(2.5, 1.3, 0)).toBeNaN();
  });

  it('ψ at negative arguments by reflection: ψ(−½) = 2 − γ − 2 ln 2, ψ(−1.5) = 8/3 − γ − 2 ln 2', () => {
    const euler = 0.5772156649015329;
    expect(digammaAny(-0.5)).toBeCloseTo(2 - euler - 2 * Math.LN2, 13);
    expect(digammaAny(-1.5)).toBeCloseTo(8 / 3 - euler - 2 * Math.LN2, 13);
  });
});

describe('Pareto/NBD with β ≫ α (z → 1, as the 1M orders’ fit)', () => {
  const rand = mulberry32(14);
  // Nobody drops out within the ages (μ ~ Gamma(1e-4, 1e6)): the fit heads to β → ∞, z → 1.
  const ages = Array.from({ length: 3000 }, () => Math.round(1 + 51 * rand()));
  const data = aggregateBgnbd(simulateParetoNbd({ r: 1.9, alpha: 22, s: 0.0001, beta: 1e6 }, ages, 7).map((m) => ({ ...m, t_x: Math.round(m.t_x * 7) / 7 })));

  it.each([
    { r: 1.95, alpha: 22, s: 0.0005, beta: 25_000 },
    { r: 0.8, alpha: 3, s: 0.3, beta: 900 },
    { r: 2.4, alpha: 40, s: 0.01, beta: 400_000 },
  ] satisfies ParetoNbdParams[])('at %o the gradient is the central difference of the likelihood', (p) => {
    const grad = [0, 0, 0, 0];
    const ll = paretoNbdLogLikelihood(p, data, grad);
    expect(Object.is(ll, paretoNbdLogLikelihood(p, data))).toBe(true);
    const keys = ['r', 'alpha', 's', 'beta'] as const;
    keys.forEach((k, i) => {
      const h = 1e-6 * p[k];
      const fd = (paretoNbdLogLikelihood({ ...p, [k]: p[k] + h }, data) - paretoNbdLogLikelihood({ ...p, [k]: p[k] - h }, data)) / (2 * h);
      expect(Math.abs(grad[i] - fd)).toBeLessThanOrEqual(1e-5 * Math.max(Math.abs(fd), Math.abs(ll) / p[k] / 1e3));
    });
  });

  it('the fit converges, its log-likelihood no lower than the NBD’s maximum (its limit with nobody dying)', () => {
    const fit = fitParetoNbd(data);
    expect(fit.converged).toBe(true);
    // NBD, fitted here on its own: Σ ln[Γ(r+x)/Γ(r) · α^r / (α+T)^(r+x)] (Ehrenberg's model, t_x plays no part).
    const members = Array.from(data.count.keys());
    const nbd = (t: readonly number[]) => {
      const [r, alpha] = [Math.exp(t[0]), Math.exp(t[1])];
      let ll = 0;
      for (const i of members) {
        const x = data.xs[data.xIndex[i]];
        ll += data.count[i] * (lgamma(r + x) - lgamma(r) + r * Math.log(alpha) - (r + x) * Math.log(alpha + data.Ts[data.TIndex[i]]));
      }
      return -ll;
    };
    const best = minimize(nbd, [[0, Math.log(20)]], { gradTol: 1e-10 });
    expect(best.converged).toBe(true);
    expect(fit.logLikelihood).toBeGreaterThanOrEqual(-best.value - 1e-9 * Math.abs(best.value));
    // And the sampled rate parameters (r 1.9, α 22) within 10 %.
    expect(Math.abs(fit.params.r / 1.9 - 1)).toBeLessThan(0.1);
    expect(Math.abs(fit.params.alpha / 22 - 1)).toBeLessThan(0.1);
    // β far past the ages: every ₂F₁ of the last likelihood had z > NEAR_ONE (0.99), the transformation's regime.
    expect((fit.params.beta - fit.params.alpha) / (fit.params.beta + Math.max(...data.Ts))).toBeGreaterThan(0.99);
  });
});
