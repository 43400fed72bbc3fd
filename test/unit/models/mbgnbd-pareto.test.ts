// MBG/NBD and Pareto/NBD: fit-it-back on simulated members (within 4 standard errors of the
// observed information), the predictions against what the simulated members did, and the
// likelihood's closed forms.
import { describe, expect, it } from 'vitest';
import { aggregateBgnbd } from '../../../workers/models/bgnbd-likelihood.ts';
import { standardErrors } from '../../../workers/models/hessian.ts';
import { fitMbgnbd, mbgnbdExpectedPurchases, mbgnbdLogLikelihood, mbgnbdPAlive } from '../../../workers/models/mbgnbd.ts';
import { fitParetoNbd, paretoNbdExpectedPurchases, paretoNbdLogLikelihood, paretoNbdPAlive, type ParetoNbdParams } from '../../../workers/models/pareto-nbd.ts';
import type { BgnbdParams } from '../../../workers/models/types.ts';
import { mulberry32, simulateMbgnbd, simulateParetoNbd, type SimulatedMember } from './simulate.ts';

const N = 3000;
const rand = mulberry32(11);
const ages = Array.from({ length: N }, () => 26 + 26 * rand());

/** |estimate − truth| < 4 SE for every parameter, with SEs small enough for that to mean something. */
function withinFourSe(estimate: number[], truth: number[], se: (number | null)[]) {
  truth.forEach((t, i) => {
    expect(se[i]).not.toBeNull();
    expect(se[i]! / t).toBeLessThan(0.6);
    expect(Math.abs(estimate[i] - t)).toBeLessThan(4 * se[i]!);
  });
}

/** Σ P(alive) over members is within 4 sd of the number actually alive at T. */
function pAliveCalibrated(sim: SimulatedMember[], p: (m: SimulatedMember) => number) {
  const ps = sim.map(p);
  const expected = ps.reduce((s, v) => s + v, 0);
  const sd = Math.sqrt(ps.reduce((s, v) => s + v * (1 - v), 0));
  expect(Math.abs(expected - sim.filter((m) => m.aliveAtT).length)).toBeLessThan(4 * sd);
}

describe('MBG/NBD', () => {
  const TRUE: BgnbdParams = { r: 0.6, alpha: 5, a: 0.8, b: 2.5 };
  const sim = simulateMbgnbd(TRUE, ages, 99, 26);
  const data = aggregateBgnbd(sim);
  const fit = fitMbgnbd(data);
  const vec = (p: BgnbdParams) => [p.r, p.alpha, p.a, p.b];
  it('fits simulated members back within 4 standard errors', () => {
    expect(fit.converged).toBe(true);
    const nll = (t: readonly number[]) => -mbgnbdLogLikelihood({ r: t[0], alpha: t[1], a: t[2], b: t[3] }, data);
    withinFourSe(vec(fit.params), vec(TRUE), standardErrors(nll, vec(fit.params)));
  });
  it('P(alive) is below 1 for one-time buyers and tracks who is alive; E[Y] tracks the holdout', () => {
    expect(mbgnbdPAlive(TRUE, 0, 0, 52)).toBeCloseTo(1 / (1 + (0.8 / 2.5) * Math.pow(57 / 5, 0.6)), 12);
    pAliveCalibrated(sim, (m) => mbgnbdPAlive(TRUE, m.x, m.t_x, m.T));
    const predicted = sim.reduce((s, m) => s + mbgnbdExpectedPurchases(TRUE, 26, m.x, m.t_x, m.T), 0);
    const actual = sim.reduce((s, m) => s + m.x_holdout, 0);
    expect(Math.abs(predicted - actual) / actual).toBeLessThan(0.1);
  });
  it('single member, x = 0: L = (α/(α+T))^r · [b/(a+b) + a/(a+b) · ((α+T)/α)^r]', () => {
    const { r, alpha, a, b } = TRUE;
    const T = 10;
    const expected = Math.pow(alpha / (alpha + T), r) * (b / (a + b)) + a / (a + b);
    expect(mbgnbdLogLikelihood(TRUE, aggregateBgnbd([{ x: 0, t_x: 0, T }]))).toBeCloseTo(Math.log(expected), 12);
  });
});

describe('Pareto/NBD', () => {
  const TRUE: ParetoNbdParams = { r: 0.6, alpha: 8, s: 0.7, beta: 12 };
  const sim = simulateParetoNbd(TRUE, ages, 5, 26);
  const data = aggregateBgnbd(sim);
  const fit = fitParetoNbd(data);
  const vec = (p: ParetoNbdParams) => [p.r, p.alpha, p.s, p.beta];
  it('fits simulated members back within 4 standard errors', () => {
    expect(fit.converged).toBe(true);
    const nll = (t: readonly number[]) => -paretoNbdLogLikelihood({ r: t[0], alpha: t[1], s: t[2], beta: t[3] }, data);
    withinFourSe(vec(fit.params), vec(TRUE), standardErrors(nll, vec(fit.params)));
  });
  it('P(alive) tracks who is alive; E[Y] tracks the holdout', () => {
    pAliveCalibrated(sim, (m) => paretoNbdPAlive(TRUE, m.x, m.t_x, m.T));
    const predicted = sim.reduce((s, m) => s + paretoNbdExpectedPurchases(TRUE, 26, m.x, m.t_x, m.T), 0);
    const actual = sim.reduce((s, m) => s + m.x_holdout, 0);
    expect(Math.abs(predicted - actual) / actual).toBeLessThan(0.1);
  });
  it('x = 0: L = (α/(α+T))^r (β/(β+T))^s + ∫₀ᵀ P(no purchase by τ) dF(τ), checked by quadrature', () => {
    // Independent route: with x = 0 the member made no purchase while alive; integrating over the
    // lifetime τ, L = ∫₀ᵀ (α/(α+τ))^r · sβ^s/(β+τ)^(s+1) dτ + (α/(α+T))^r (β/(β+T))^s.
    for (const p of [TRUE, { ...TRUE, alpha: 15 }]) {
      const { r, alpha, s, beta } = p;
      const T = 30;
      const n = 20000;
      let integral = 0;
      for (let k = 0; k < n; k++) {
        const tau = ((k + 0.5) / n) * T; // midpoint rule
        integral += (Math.pow(alpha / (alpha + tau), r) * s * Math.pow(beta, s)) / Math.pow(beta + tau, s + 1);
      }
      integral *= T / n;
      const L = integral + Math.pow(alpha / (alpha + T), r) * Math.pow(beta / (beta + T), s);
      expect(paretoNbdLogLikelihood(p, aggregateBgnbd([{ x: 0, t_x: 0, T }]))).toBeCloseTo(Math.log(L), 6);
    }
  });
  it('the α ≥ β and α < β forms of ₂F₁ agree where they meet', () => {
    const at = (alpha: number) => paretoNbdLogLikelihood({ ...TRUE, alpha, beta: 10 }, aggregateBgnbd([{ x: 4, t_x: 20, T: 40 }]));
    expect(at(10 + 1e-9)).toBeCloseTo(at(10 - 1e-9), 8);
    expect(at(10)).toBeCloseTo(at(10 - 1e-9), 8);
  });
  it('E[Y(t)] at s = 1 is the limit of s → 1', () => {
    const e = (s: number) => paretoNbdExpectedPurchases({ ...TRUE, s }, 26, 3, 20, 40);
    expect(e(1)).toBeCloseTo((e(1 + 1e-6) + e(1 - 1e-6)) / 2, 6);
  });
});
