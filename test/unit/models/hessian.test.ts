// Standard errors from the observed information (inverse numerical Hessian of −ℓ): closed forms on
// toy likelihoods, and the CDNOW BG/NBD against an independent implementation (lifetimes).
import { describe, expect, it } from 'vitest';
import { invertMatrix, numericalHessian, standardErrors } from '../../../workers/models/hessian.ts';
import { fitModels } from '../../../workers/models/fit.ts';
import type { CalibrationSummary } from '../../../workers/models/types.ts';
import { readSummaryCsv } from './cdnow.ts';

describe('standardErrors on closed forms', () => {
  it('Poisson: SE(λ̂) = √(λ̂/n)', () => {
    const counts = [3, 1, 4, 1, 5, 9, 2, 6, 5, 3, 5, 8];
    const n = counts.length;
    const sum = counts.reduce((s, c) => s + c, 0);
    const lambda = sum / n; // the MLE
    const nll = ([l]: readonly number[]) => n * l - sum * Math.log(l);
    const [se] = standardErrors(nll, [lambda]);
    expect(se).toBeCloseTo(Math.sqrt(lambda / n), 7);
  });
  it('exponential: SE(λ̂) = λ̂/√n', () => {
    const xs = [0.5, 2.25, 1.0, 0.75, 3.5, 0.25, 1.75];
    const n = xs.length;
    const sum = xs.reduce((s, x) => s + x, 0);
    const lambda = n / sum;
    const [se] = standardErrors(([l]) => -n * Math.log(l) + l * sum, [lambda]);
    expect(se).toBeCloseTo(lambda / Math.sqrt(n), 7);
  });
  it('normal (μ, σ) — two parameters through the off-diagonal code: SE(μ̂) = σ̂/√n, SE(σ̂) = σ̂/√(2n)', () => {
    const xs = [4.1, 5.3, 3.8, 6.0, 5.1, 4.7, 5.9, 4.4];
    const n = xs.length;
    const mu = xs.reduce((s, x) => s + x, 0) / n;
    const sigma = Math.sqrt(xs.reduce((s, x) => s + (x - mu) ** 2, 0) / n);
    const nll = ([m, sd]: readonly number[]) => n * Math.log(sd) + xs.reduce((s, x) => s + (x - m) ** 2, 0) / (2 * sd * sd);
    const [seMu, seSigma] = standardErrors(nll, [mu, sigma]);
    expect(seMu).toBeCloseTo(sigma / Math.sqrt(n), 7);
    expect(seSigma).toBeCloseTo(sigma / Math.sqrt(2 * n), 7);
    // the cross term ∂²/∂μ∂σ is 0 at the optimum
    expect(Math.abs(numericalHessian(nll, [mu, sigma])[0][1])).toBeLessThan(1e-4);
  });
  it('a flat direction gives null, not a number', () => {
    expect(standardErrors(([a, b]) => (a + b - 3) ** 2, [1, 2])).toEqual([null, null]);
    expect(
      invertMatrix([
        [1, 2],
        [2, 4],
      ]),
    ).toBeNull();
  });
});

describe('standard errors of every model on CDNOW', () => {
  // The published summary (x, t_x, T rounded to 0.01 week) gives lifetimes' own fit input.
  const summaries: CalibrationSummary[] = [...readSummaryCsv('cdnow_customers_summary.csv').values()].map((r) => ({ x: r.frequency, t_x: r.recency, T: r.T }));
  const fit = fitModels(summaries);
  it('BG/NBD SEs match lifetimes’ BetaGeoFitter.summary on the same file within 0.1 %', () => {
    // lifetimes 0.11 on cdnow_customers_summary.csv: se(coef) r 0.012557, α 0.378221, a 0.185719, b 0.705345.
    const published = { r: 0.012557, alpha: 0.378221, a: 0.185719, b: 0.705345 };
    for (const [k, v] of Object.entries(published)) expect(Math.abs(fit.bgnbd.se[k as keyof typeof published]! - v) / v).toBeLessThan(0.001);
  });
  it('every parameter of every model has a finite positive SE below its estimate', () => {
    for (const m of Object.values(fit.models)) {
      for (const [k, se] of Object.entries(m.se)) {
        expect(se).not.toBeNull();
        expect(se!).toBeGreaterThan(0);
        expect(se!).toBeLessThan(m.params[k]);
      }
    }
  });
});

describe('fitModels: Pareto/NBD is gated by the number of distinct histories', () => {
  it('skips Pareto/NBD above the limit (not converged, reason given) and keeps fitting BG/NBD and MBG/NBD', async () => {
    const { fitModels } = await import('../../../workers/models/fit.ts');
    const rows = Array.from({ length: 40 }, (_, i) => ({ x: i % 4, t_x: i % 4 ? 5 + (i % 7) : 0, T: 20 + (i % 5) }));
    const gated = fitModels(rows, { maxParetoHistories: 3 });
    expect(gated.models.pareto_nbd.converged).toBe(false);
    expect(gated.models.pareto_nbd.reason).toMatch(/^skipped: \d+ distinct purchase histories/);
    expect(Number.isFinite(gated.models.bgnbd.logLikelihood)).toBe(true);
    expect(Number.isFinite(gated.models.mbgnbd.logLikelihood)).toBe(true);
    expect(fitModels(rows).models.pareto_nbd.reason).not.toMatch(/^skipped/);
  });
});
