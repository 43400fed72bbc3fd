// The aggregated, per-distinct-value likelihoods (workers/models) against plainly written per-member
// references on random histories: the speed-ups (ln(α+T) once per distinct T, analytic gradients)
// must not change a value beyond rounding.
import { describe, expect, it } from 'vitest';
import { aggregateBgnbd, bgnbdLogLikelihood } from '../../../workers/models/bgnbd-likelihood.ts';
import { fitMbgnbd, mbgnbdLogLikelihood } from '../../../workers/models/mbgnbd.ts';
import { lgamma } from '../../../workers/models/special.ts';
import type { BgnbdParams, CalibrationSummary } from '../../../workers/models/types.ts';
import { mulberry32, simulateMbgnbd } from './simulate.ts';

/** Random valid histories on a coarse grid (whole days in weeks) so that many members share x, t_x and T. */
function randomHistories(n: number, seed: number): CalibrationSummary[] {
  const u = mulberry32(seed);
  return Array.from({ length: n }, () => {
    const T = Math.floor(u() * 200) / 7;
    const x = u() < 0.4 ? 0 : 1 + Math.floor(u() * 15);
    const t_x = x === 0 ? 0 : Math.floor(u() * (T * 7 + 1)) / 7;
    return { x, t_x, T };
  });
}

const lnB = (a: number, b: number) => lgamma(a) + lgamma(b) - lgamma(a + b);

/** Batislam et al. (2007) eq. 6 for one member, written out as printed. */
function mbgnbdMember({ r, alpha, a, b }: BgnbdParams, { x, t_x, T }: CalibrationSummary): number {
  const head = lgamma(r + x) - lgamma(r) + r * Math.log(alpha);
  const stay = Math.exp(lnB(a, b + x + 1) - lnB(a, b)) * Math.pow(alpha + T, -(r + x));
  const drop = Math.exp(lnB(a + 1, b + x) - lnB(a, b)) * Math.pow(alpha + t_x, -(r + x));
  return head + Math.log(stay + drop);
}

/** Fader, Hardie & Lee (2005) eq. 6 for one member, written out as printed. */
function bgnbdMember({ r, alpha, a, b }: BgnbdParams, { x, t_x, T }: CalibrationSummary): number {
  const A1 = Math.exp(lgamma(r + x) + r * Math.log(alpha) - lgamma(r));
  const A2 = Math.exp(lgamma(a + b) + lgamma(b + x) - lgamma(b) - lgamma(a + b + x));
  const A3 = Math.pow(alpha + T, -(r + x));
  const A4 = x > 0 ? (a / (b + x - 1)) * Math.pow(alpha + t_x, -(r + x)) : 0;
  return Math.log(A1) + Math.log(A2) + Math.log(A3 + A4);
}

const reference = (member: typeof mbgnbdMember, p: BgnbdParams, rows: readonly CalibrationSummary[]) => rows.reduce((s, m) => s + member(p, m), 0);
const vec = (p: BgnbdParams) => [p.r, p.alpha, p.a, p.b];
const fromVec = (v: readonly number[]): BgnbdParams => ({ r: v[0], alpha: v[1], a: v[2], b: v[3] });
const POINTS: BgnbdParams[] = [
  { r: 0.243, alpha: 4.414, a: 0.793, b: 2.426 },
  { r: 1.9, alpha: 21, a: 0.03, b: 3.1 },
  { r: 0.6, alpha: 5, a: 0.8, b: 2.5 },
  { r: 1.96, alpha: 22, a: 1e-4, b: 1400 }, // the ridge a → 0, b → ∞ of data without dropout
];

describe.each([
  ['MBG/NBD', mbgnbdLogLikelihood, mbgnbdMember],
  ['BG/NBD', bgnbdLogLikelihood, bgnbdMember],
] as const)('%s likelihood equals the per-member formula', (_, logLikelihood, member) => {
  const rows = randomHistories(2000, 5);
  const data = aggregateBgnbd(rows);
  it('on random histories (aggregated into fewer distinct rows) to 1e-9 relative', () => {
    expect(data.count.length).toBeLessThan(rows.length);
    for (const p of POINTS) {
      const want = reference(member, p, rows);
      expect(Math.abs(logLikelihood(p, data) - want)).toBeLessThan(1e-9 * Math.abs(want));
    }
  });
  it('its analytic gradient equals central differences of the per-member formula', () => {
    for (const p of POINTS) {
      const grad = [0, 0, 0, 0];
      logLikelihood(p, data, grad);
      vec(p).forEach((v, i) => {
        // Richardson-extrapolated central difference: O(h⁴), so a modest step keeps rounding small.
        const h = 1e-3 * v;
        const f = (s: number) => reference(member, fromVec(vec(p).map((w, j) => (j === i ? w + s * h : w))), rows);
        const numeric = (8 * (f(1) - f(-1)) - (f(2) - f(-2))) / (12 * h);
        // 2e-5: at the ridge point ∂a is ~875 from B(a, b) terms cancelling at b = 1400 in the reference itself.
        expect(Math.abs(grad[i] - numeric)).toBeLessThan(2e-5 * Math.max(1, Math.abs(numeric)));
      });
    }
  });
});

describe('fitMbgnbd with the analytic gradient', () => {
  it('stops where the per-member likelihood is flat in every parameter', () => {
    const u = mulberry32(3);
    const sim = simulateMbgnbd(
      { r: 0.6, alpha: 5, a: 0.8, b: 2.5 },
      Array.from({ length: 2000 }, () => 26 + 26 * u()),
      17,
    );
    const fit = fitMbgnbd(sim);
    expect(fit.converged).toBe(true);
    const theta = vec(fit.params).map(Math.log);
    theta.forEach((_, i) => {
      const h = 1e-4;
      const f = (s: number) => reference(mbgnbdMember, fromVec(theta.map((t, j) => Math.exp(j === i ? t + s * h : t))), sim);
      // ∂(ll / members)/∂ln θ at the optimum: zero up to the optimiser's tolerance.
      expect(Math.abs((f(1) - f(-1)) / (2 * h) / sim.length)).toBeLessThan(1e-6);
    });
  });
});
