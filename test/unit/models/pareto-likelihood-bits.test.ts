// Session 12 (issue 14, `store-compass fit`): the Pareto/NBD log-likelihood computes what depends on x
// alone or on T alone once per distinct value instead of once per history. The fit's results must not
// change at all (fit and score hashes equal main's), so the sum is checked equal to the last bit
// (Object.is) against the per-history formulation it replaced: per member, FHL 2005's alive and dead
// parts from the two ₂F₁ pieces, ln Γ(r+x) and logAddExp, summed over the histories in order.
import { describe, expect, it } from 'vitest';
import { aggregateBgnbd, type BgnbdData } from '../../../workers/models/bgnbd-likelihood.ts';
import { fitParetoNbd, paretoNbdLogLikelihood, type ParetoNbdParams } from '../../../workers/models/pareto-nbd.ts';
import { hyp2f1Series, lgamma, logAddExp } from '../../../workers/models/special.ts';
import { mulberry32, simulateParetoNbd } from './simulate.ts';

/** ln ₂F₁(a, b; a+1; z) as the likelihood sums it (Euler's transformation for b > 1). */
function lnF(a: number, b: number, z: number): number {
  if (z === 0) return 0;
  const euler = b > 1;
  const s = euler ? hyp2f1Series(1, a + 1 - b, a + 1, z, 20_000) : hyp2f1Series(a, b, a + 1, z, 20_000);
  if (!s.converged || !(s.value > 0)) throw new RangeError('2F1 did not converge');
  return (euler ? (1 - b) * Math.log1p(-z) : 0) + Math.log(s.value);
}

/** The per-history sum: every term computed for each history from its own (x, t_x, T). */
function reference({ r, alpha, s, beta }: ParetoNbdParams, data: BgnbdData): number {
  const m = alpha >= beta ? alpha : beta;
  const diff = Math.abs(alpha - beta);
  const piece = (x: number, u: number) => {
    const rsx = r + s + x;
    return lnF(rsx, alpha >= beta ? s + 1 : r + x, diff / (m + u)) - rsx * Math.log(m + u);
  };
  const common = -lgamma(r) + r * Math.log(alpha) + s * Math.log(beta);
  let ll = 0;
  for (let i = 0; i < data.count.length; i++) {
    const x = data.xs[data.xIndex[i]];
    const tx = data.txs[data.txIndex[i]];
    const T = data.Ts[data.TIndex[i]];
    const early = piece(x, tx);
    const late = piece(x, T);
    const rsx = r + s + x;
    const alive = -(r + x) * Math.log(alpha + T) - s * Math.log(beta + T);
    const lnA0 = late < early ? early + Math.log1p(-Math.exp(late - early)) : -Infinity;
    const dead = Math.log(s / rsx) + lnA0;
    ll += data.count[i] * (common + lgamma(r + x) + logAddExp(alive, dead));
  }
  return ll;
}

describe('Pareto/NBD log-likelihood, shared per distinct x and T', () => {
  const rand = mulberry32(5);
  // Whole-week ages and purchase times rounded to a day (as the calibration SQL gives): histories share x, t_x and T.
  const ages = Array.from({ length: 4000 }, () => Math.round(1 + 51 * rand()));
  const sim = simulateParetoNbd({ r: 0.55, alpha: 10.5, s: 0.6, beta: 12 }, ages, 3).map((m) => ({ ...m, t_x: Math.round(m.t_x * 7) / 7 }));
  const data = aggregateBgnbd(sim);

  it('the data has shared values and members who bought on their last day (t_x = T)', () => {
    expect(data.count.length).toBeLessThan(sim.length);
    expect(data.xs.length).toBeLessThan(data.count.length);
    expect(sim.some((m) => m.x > 0 && m.t_x === m.T)).toBe(true);
  });

  it.each([
    ['α ≥ β', { r: 0.55, alpha: 10.5, s: 0.6, beta: 12 * 0.5 }],
    ['α < β', { r: 0.55, alpha: 10.5, s: 0.6, beta: 12 }],
    ['α = β', { r: 1.3, alpha: 7, s: 2.2, beta: 7 }],
    ['s > 1, r small', { r: 0.05, alpha: 0.9, s: 3.5, beta: 40 }],
  ])('%s: the same sum to the last bit as the per-history formulation', (_name, params) => {
    const ll = paretoNbdLogLikelihood(params, data);
    expect(Number.isFinite(ll)).toBe(true);
    expect(Object.is(ll, reference(params, data))).toBe(true);
  });

  it('the fit runs its optimiser on that sum: the optimum found is the per-history sum’s optimum', () => {
    const fit = fitParetoNbd(data);
    expect(fit.converged).toBe(true);
    expect(Object.is(fit.logLikelihood, reference(fit.params, data))).toBe(true);
  });
});
