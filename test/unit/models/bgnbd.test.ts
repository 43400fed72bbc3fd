// BG/NBD: likelihood, gradient, fit-it-back on simulated data, and the per-member predictions
// checked against what the simulated members actually did.
import { describe, expect, it } from 'vitest';
import { aggregateBgnbd, bgnbdLogLikelihood } from '../../../workers/models/bgnbd-likelihood.ts';
import { conditionalExpectedPurchases, fitBgnbd, medianTimeToNextPurchase, pAlive } from '../../../workers/models/bgnbd.ts';
import { holdoutCheck } from '../../../workers/models/holdout.ts';
import { hyp2f1 } from '../../../workers/models/special.ts';
import type { BgnbdParams } from '../../../workers/models/types.ts';
import { mulberry32, simulateBgnbd } from './simulate.ts';

const TRUE: BgnbdParams = { r: 0.5, alpha: 6, a: 0.9, b: 3 };
const N = 4000;
const rand = mulberry32(7);
// Cohorts acquired over half a year, observed to week 52; a 26-week holdout follows.
const ages = Array.from({ length: N }, () => 26 + 26 * rand());
const sim = simulateBgnbd(TRUE, ages, 2024, 26);
const FHL: BgnbdParams = { r: 0.243, alpha: 4.414, a: 0.793, b: 2.426 };

const vec = (p: BgnbdParams) => [p.r, p.alpha, p.a, p.b];
const fromVec = (v: number[]): BgnbdParams => ({ r: v[0], alpha: v[1], a: v[2], b: v[3] });

/** Inverse of a small symmetric positive-definite matrix by Gauss–Jordan. */
function invert(m: number[][]): number[][] {
  const n = m.length;
  const a = m.map((row, i) => [...row, ...row.map((_, j) => (i === j ? 1 : 0))]);
  for (let c = 0; c < n; c++) {
    const pivot = a[c][c];
    for (let j = 0; j < 2 * n; j++) a[c][j] /= pivot;
    for (let i = 0; i < n; i++) if (i !== c) for (let j = 2 * n - 1; j >= 0; j--) a[i][j] -= a[i][c] * a[c][j];
  }
  return a.map((row) => row.slice(n));
}

describe('BG/NBD likelihood', () => {
  const data = aggregateBgnbd(sim);
  it('aggregating identical rows changes nothing', () => {
    // Whole days, as the calibration SQL gives: many members now share (x, t_x, T).
    const days = (v: number) => Math.floor(v * 7) / 7;
    const daily = sim.map((m) => ({ x: m.x, t_x: days(m.t_x), T: days(m.T) }));
    const aggregated = aggregateBgnbd(daily);
    expect(aggregated.count.length).toBeLessThan(0.7 * N); // the one-time buyers collapse onto ~180 values of T
    expect(aggregated.count.reduce((s, c) => s + c, 0)).toBe(N);
    const perMember = daily.reduce((s, m) => s + bgnbdLogLikelihood(FHL, aggregateBgnbd([m])), 0);
    expect(bgnbdLogLikelihood(FHL, aggregated)).toBeCloseTo(perMember, 6);
  });
  it('the analytic gradient matches central differences', () => {
    const grad = [0, 0, 0, 0];
    bgnbdLogLikelihood(FHL, data, grad);
    vec(FHL).forEach((v, i) => {
      const h = 1e-6 * v;
      const up = vec(FHL);
      const down = vec(FHL);
      up[i] += h;
      down[i] -= h;
      const numeric = (bgnbdLogLikelihood(fromVec(up), data) - bgnbdLogLikelihood(fromVec(down), data)) / (2 * h);
      expect(Math.abs(grad[i] - numeric) / Math.max(1, Math.abs(numeric))).toBeLessThan(1e-4);
    });
  });
  it('single member, x = 0: L = (α/(α+T))^r (the B(a,b+0)/B(a,b) factor is 1)', () => {
    const ll = bgnbdLogLikelihood(FHL, aggregateBgnbd([{ x: 0, t_x: 0, T: 10 }]));
    expect(ll).toBeCloseTo(FHL.r * Math.log(FHL.alpha / (FHL.alpha + 10)), 12);
  });
  it('rejects impossible summaries', () => {
    expect(() => aggregateBgnbd([{ x: 1, t_x: 5, T: 4 }])).toThrow(RangeError);
    expect(() => aggregateBgnbd([{ x: 0, t_x: 1, T: 4 }])).toThrow(RangeError);
  });
});

describe('BG/NBD fit on 4,000 simulated members', () => {
  const fit = fitBgnbd(sim);
  const data = aggregateBgnbd(sim);
  it('recovers the true parameters within 4 standard errors', () => {
    expect(fit.converged).toBe(true);
    // Observed information = −Hessian of the log-likelihood at the estimate (differences of the
    // analytic gradient); its inverse is the asymptotic covariance. 4 SE: a seeded draw that is
    // still 4 SE away would be a 1-in-15,000 event per parameter if the estimator is right.
    const theta = vec(fit.params);
    const hessian = theta.map((v, i) => {
      const h = 1e-5 * v;
      const gUp = [0, 0, 0, 0];
      const gDown = [0, 0, 0, 0];
      const up = theta.slice();
      const down = theta.slice();
      up[i] += h;
      down[i] -= h;
      bgnbdLogLikelihood(fromVec(up), data, gUp);
      bgnbdLogLikelihood(fromVec(down), data, gDown);
      return gUp.map((g, j) => -(g - gDown[j]) / (2 * h));
    });
    const cov = invert(hessian);
    vec(TRUE).forEach((truth, i) => {
      const se = Math.sqrt(cov[i][i]);
      expect(se / truth).toBeLessThan(0.5); // the data must be informative for the test to mean anything
      expect(Math.abs(theta[i] - truth)).toBeLessThan(4 * se);
    });
  });
  it('likelihood-ratio test: 2(ℓ̂ − ℓ(true)) below the χ²₄ 0.999 quantile 18.47', () => {
    const lr = 2 * (fit.logLikelihood - bgnbdLogLikelihood(TRUE, data));
    expect(lr).toBeGreaterThanOrEqual(0); // the optimiser found at least the true point's likelihood
    expect(lr).toBeLessThan(18.47);
  });
});

describe('BG/NBD predictions', () => {
  it('a new customer (x = 0, T = 0) has the unconditional E[X(t)] of FHL eq. 9', () => {
    const { r, alpha, a, b } = FHL;
    const t = 39;
    const unconditional = ((a + b - 1) / (a - 1)) * (1 - Math.pow(alpha / (alpha + t), r) * hyp2f1(r, b, a + b - 1, t / (alpha + t)));
    expect(conditionalExpectedPurchases(FHL, t, 0, 0, 0)).toBeCloseTo(unconditional, 10);
  });
  it('P(alive) is 1 without repeat purchases and falls with time since the last one', () => {
    expect(pAlive(FHL, 0, 0, 30)).toBe(1);
    expect(pAlive(FHL, 3, 30, 30)).toBeGreaterThan(pAlive(FHL, 3, 10, 30));
  });
  it('on simulated members: Σ P(alive) ≈ members alive, Σ E[Y(26)] ≈ holdout purchases (true parameters)', () => {
    const repeaters = sim.filter((m) => m.x > 0);
    const expectedAlive = repeaters.reduce((s, m) => s + pAlive(TRUE, m.x, m.t_x, m.T), 0);
    const alive = repeaters.filter((m) => m.aliveAtT).length;
    // A sum of independent Bernoullis: sd = √Σp(1−p); allow 4 sd.
    const sd = Math.sqrt(repeaters.reduce((s, m) => s + pAlive(TRUE, m.x, m.t_x, m.T) * (1 - pAlive(TRUE, m.x, m.t_x, m.T)), 0));
    expect(Math.abs(expectedAlive - alive)).toBeLessThan(4 * sd);
    const check = holdoutCheck(TRUE, true, sim, { horizon: 26 });
    if (!check.ok) throw new Error(check.reason);
    // Holdout counts are overdispersed; the total over 4,000 members has a relative sd of a few %.
    expect(Math.abs(check.relativeError!)).toBeLessThan(0.08);
    for (const g of check.groups.filter((g) => g.members >= 200)) expect(Math.abs(g.predicted - g.actual)).toBeLessThan(0.25 * g.actual + 0.05);
  });
  it('median time to next purchase: half of active members with that posterior buy within it', () => {
    const { r, alpha } = FHL;
    const w = medianTimeToNextPurchase(FHL, 2, 38.86);
    // P(W ≤ w | alive) = 1 − ((α+T)/(α+T+w))^(r+x) = ½
    expect(1 - Math.pow((alpha + 38.86) / (alpha + 38.86 + w), r + 2)).toBeCloseTo(0.5, 12);
  });
});

describe('holdout guard', () => {
  it('returns ok: false with a plain reason on 20 members', () => {
    const check = holdoutCheck(FHL, true, sim.slice(0, 20), { horizon: 26 });
    expect(check.ok).toBe(false);
    if (!check.ok) expect(check.reason).toMatch(/at least 100/);
  });
  it('returns ok: false when the fit did not converge', () => {
    const check = holdoutCheck(FHL, false, sim, { horizon: 26 });
    expect(check).toEqual({ ok: false, reason: expect.stringMatching(/did not converge/) });
  });
});
