// Session 14 (issue 14, `store-compass fit` CPU): the models' standard errors come from a Hessian made of
// central differences of the analytic gradient (8 gradients for 4 parameters instead of 33 likelihoods).
// Checked on a closed form, and on CDNOW's BG/NBD against an independent implementation's published
// standard errors (lifetimes 0.11, BetaGeoFitter.summary on cdnow_customers_summary.csv) to one unit in
// their last printed digit — closer than the second differences of the likelihood's values got (a and b
// 1.3e-4 off: 2e-5 and 9e-5 absolute).
import { describe, expect, it } from 'vitest';
import { fitModels } from '../../../workers/models/fit.ts';
import { hessianFromGradient, standardErrorsOf } from '../../../workers/models/hessian.ts';
import type { CalibrationSummary } from '../../../workers/models/types.ts';
import { readSummaryCsv } from './cdnow.ts';

describe('hessianFromGradient', () => {
  it('normal (μ, σ): SE(μ̂) = σ̂/√n, SE(σ̂) = σ̂/√(2n), the cross term 0 at the optimum', () => {
    const xs = [4.1, 5.3, 3.8, 6.0, 5.1, 4.7, 5.9, 4.4];
    const n = xs.length;
    const mu = xs.reduce((s, x) => s + x, 0) / n;
    const sigma = Math.sqrt(xs.reduce((s, x) => s + (x - mu) ** 2, 0) / n);
    // ∇ of n ln σ + Σ(x−μ)²/(2σ²).
    const grad = ([m, sd]: readonly number[], out: number[]) => {
      out[0] = -xs.reduce((s, x) => s + (x - m), 0) / (sd * sd);
      out[1] = n / sd - xs.reduce((s, x) => s + (x - m) ** 2, 0) / sd ** 3;
      return true;
    };
    const H = hessianFromGradient(grad, [mu, sigma])!;
    expect(Math.abs(H[0][1])).toBeLessThan(1e-6);
    const [seMu, seSigma] = standardErrorsOf(H, 2);
    expect(seMu).toBeCloseTo(sigma / Math.sqrt(n), 7);
    expect(seSigma).toBeCloseTo(sigma / Math.sqrt(2 * n), 7);
  });

  it('null where a gradient cannot be had, and null SEs for a flat direction', () => {
    expect(hessianFromGradient(() => false, [1, 2])).toBeNull();
    expect(standardErrorsOf(null, 2)).toEqual([null, null]);
    const flat = hessianFromGradient(([a, b], out) => ((out[0] = out[1] = 2 * (a + b - 3)), true), [1, 2]);
    expect(standardErrorsOf(flat, 2)).toEqual([null, null]);
  });
});

describe('standard errors on CDNOW from the gradient', () => {
  const summaries: CalibrationSummary[] = [...readSummaryCsv('cdnow_customers_summary.csv').values()].map((r) => ({ x: r.frequency, t_x: r.recency, T: r.T }));
  const fit = fitModels(summaries);
  it('BG/NBD: lifetimes’ se(coef) r 0.012557, α 0.378221, a 0.185719, b 0.705345 to 1e-6', () => {
    const published = { r: 0.012557, alpha: 0.378221, a: 0.185719, b: 0.705345 };
    for (const [k, v] of Object.entries(published)) expect(Math.abs(fit.bgnbd.se[k as keyof typeof published]! - v)).toBeLessThan(1e-6);
  });
  it('MBG/NBD and Pareto/NBD: a finite positive SE below each estimate', () => {
    for (const m of [fit.models.mbgnbd, fit.models.pareto_nbd]) {
      for (const [k, se] of Object.entries(m.se)) {
        expect(se).not.toBeNull();
        expect(se!).toBeGreaterThan(0);
        expect(se!).toBeLessThan(m.params[k]);
      }
    }
  });
});
