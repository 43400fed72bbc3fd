// Session 13 (issue 14, `store-compass fit` CPU): Pareto/NBD is fitted with its analytic gradient instead
// of a central difference (9 likelihoods per step). Checked here: the ₂F₁ series' derivatives against
// finite differences of the series, the likelihood's gradient against a central difference of the
// likelihood at points in every branch (α > β, α < β with and without Euler's transformation, α = β,
// s > 1), the value with a gradient the same bits as without, and on CDNOW the fit against the
// central-difference fit of the same likelihood (the code before session 13: same optimiser, numerical
// gradient) to 6 significant digits, the log-likelihood not lower, and the tab's fit the CLI's.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runFit } from '../../../scripts/cli/fit.ts';
import { calibrationSummarySql } from '../../../src/lib/models/calibration.ts';
import { openNativeDriver } from '../../../workers/drivers/native.ts';
import { createEngine, type Engine } from '../../../workers/engine.ts';
import { aggregateBgnbd, type BgnbdData } from '../../../workers/models/bgnbd-likelihood.ts';
import { meanAge } from '../../../workers/models/mbgnbd.ts';
import { minimize } from '../../../workers/models/optimize.ts';
import { fitParetoNbd, paretoNbdLogLikelihood, type ParetoNbdParams } from '../../../workers/models/pareto-nbd.ts';
import { hyp2f1Series, hyp2f1SeriesGradient } from '../../../workers/models/special.ts';
import type { CalibrationSummary } from '../../../workers/models/types.ts';
import { loadCdnowSample } from './cdnow.ts';
import { mulberry32, simulateParetoNbd } from './simulate.ts';

const NAMES = ['r', 'alpha', 's', 'beta'] as const;

/** Central difference of `f` in each coordinate of `at`, relative step `h`. */
function centralDifference(f: (p: number[]) => number, at: number[], h = 1e-5): number[] {
  return at.map((v, i) => {
    const step = h * Math.max(Math.abs(v), 1);
    const up = at.slice();
    const down = at.slice();
    up[i] += step;
    down[i] -= step;
    return (f(up) - f(down)) / (2 * step);
  });
}

/** |a − b| within `rel` of the larger of |a|, |b| and `floor`. */
const near = (a: number, b: number, rel: number, floor = 1) => expect(Math.abs(a - b)).toBeLessThanOrEqual(rel * Math.max(Math.abs(a), Math.abs(b), floor));

describe('₂F₁ series with its derivatives', () => {
  it.each([
    [1, 1.8, 3.5, 0.1],
    [1, 1.8, 3.5, 0.9],
    [1, 5.8, 7.5, 0.99],
    [0.8, 0.8, 1.8, 0.5],
    [2.3, 0.4, 3.3, 0.7],
  ])('(%f, %f; %f; %f): the same value and terms as hyp2f1Series, derivatives as finite differences', (a, b, c, z) => {
    const plain = hyp2f1Series(a, b, c, z);
    const g = hyp2f1SeriesGradient(a, b, c, z);
    expect([g.value, g.terms, g.converged]).toEqual([plain.value, plain.terms, plain.converged]);
    const fd = centralDifference((p) => hyp2f1Series(p[0], p[1], p[2], p[3]).value, [a, b, c, z], 1e-6);
    [g.da, g.db, g.dc, g.dz].forEach((d, i) => near(d, fd[i], 1e-6, 1e-3));
  });

  it('at z = 0: the value 1 and ∂/∂z = ab/c', () => {
    expect(hyp2f1SeriesGradient(0.5, 2, 1.5, 0)).toMatchObject({ value: 1, da: 0, db: 0, dc: 0, dz: (0.5 * 2) / 1.5 });
  });
});

describe('Pareto/NBD log-likelihood gradient', () => {
  const rand = mulberry32(13);
  // Whole-week ages and purchase times rounded to a day, as the calibration SQL gives (some t_x = T).
  const ages = Array.from({ length: 2500 }, () => Math.round(1 + 51 * rand()));
  const sim = simulateParetoNbd({ r: 0.55, alpha: 10.5, s: 0.6, beta: 12 }, ages, 3).map((m) => ({ ...m, t_x: Math.round(m.t_x * 7) / 7 }));
  const data = aggregateBgnbd(sim);
  const ll = (p: number[]) => paretoNbdLogLikelihood({ r: p[0], alpha: p[1], s: p[2], beta: p[3] }, data);

  it.each([
    ['α > β', { r: 0.55, alpha: 10.5, s: 0.6, beta: 6 }],
    ['α < β, r + x > 1 for buyers (Euler), r < 1 for x = 0 (plain series)', { r: 0.55, alpha: 10.5, s: 0.6, beta: 12 }],
    ['α < β, r > 1 (Euler for every x)', { r: 1.8, alpha: 3, s: 0.4, beta: 30 }],
    ['α = β', { r: 0.55, alpha: 12, s: 0.6, beta: 12 }],
    ['s > 1, α ≫ β', { r: 0.3, alpha: 40, s: 2.5, beta: 3 }],
  ] as [string, ParetoNbdParams][])('%s: equals a central difference; the value is the same bits as without a gradient', (_label, p) => {
    const grad = [0, 0, 0, 0];
    const value = paretoNbdLogLikelihood(p, data, grad);
    expect(Object.is(value, paretoNbdLogLikelihood(p, data))).toBe(true);
    const fd = centralDifference(
      ll,
      NAMES.map((n) => p[n]),
    );
    grad.forEach((g, i) => near(g, fd[i], 1e-5));
  });
});

describe('Pareto/NBD fitted with the analytic gradient, on CDNOW', () => {
  let engine: Engine;
  let close: () => void;
  let data: BgnbdData;
  const CDNOW = { calibrationEnd: '1997-09-30', unit: 'week' as const, includeZeroAmount: true };
  beforeAll(async () => {
    const driver = await openNativeDriver(':memory:', { threads: 1 });
    close = () => driver.close();
    engine = await createEngine(driver);
    await engine.loadCsvTable('orders', loadCdnowSample().ordersCsv);
    data = aggregateBgnbd((await engine.rows(calibrationSummarySql(CDNOW))) as unknown as CalibrationSummary[]);
  });
  afterAll(() => close());

  it('the same parameters as the central-difference fit to 6 significant digits, the log-likelihood not lower; the published values', () => {
    const fit = fitParetoNbd(data);
    // The fit before session 13: the same likelihood, starts and optimiser, with its central-difference gradient.
    const scale = 1 / data.members;
    const objective = (t: readonly number[]) => {
      let ll: number;
      try {
        ll = paretoNbdLogLikelihood({ r: Math.exp(t[0]), alpha: Math.exp(t[1]), s: Math.exp(t[2]), beta: Math.exp(t[3]) }, data);
      } catch {
        return Infinity;
      }
      return Number.isFinite(ll) ? -ll * scale : Infinity;
    };
    const lnScale = Math.log(meanAge(data));
    const starts = [
      [0, lnScale, 0, lnScale],
      [Math.log(0.5), lnScale - 1, Math.log(0.5), lnScale + 1],
    ];
    const before = minimize(objective, starts, { gradTol: 1e-9, restarts: 1 });
    expect(fit.converged).toBe(true);
    expect(before.converged).toBe(true);
    // 6 significant digits: within half a unit of the 6th (the two land 1e-8 to 4e-7 apart, relative).
    NAMES.forEach((n, i) => expect(Math.abs(fit.params[n] / Math.exp(before.theta[i]) - 1)).toBeLessThan(5e-6));
    expect(fit.logLikelihood).toBeGreaterThanOrEqual(-before.value / scale);
    // Fader, Hardie & Lee (2005 note): r 0.553, α 10.578, s 0.606, β 11.669, LL −9595.0 (cdnow.test.ts holds them to 0.1 %).
    expect([fit.params.r, fit.params.alpha, fit.params.s, fit.params.beta].map((v) => Number(v.toFixed(3)))).toEqual([0.553, 10.578, 0.606, 11.669]);
    expect(Math.abs(fit.logLikelihood + 9595.0)).toBeLessThan(0.05);
  });

  it('the tab’s fit (engine.predict) and the command line’s (runFit) give the same Pareto/NBD, to the bit', async () => {
    const tab = await engine.predict(CDNOW);
    const cli = (await runFit(engine, CDNOW)) as { models: { pareto_nbd: unknown } };
    expect(tab.fit!.models.pareto_nbd.converged).toBe(true);
    expect(JSON.stringify(tab.fit!.models.pareto_nbd)).toBe(JSON.stringify(cli.models.pareto_nbd));
  });
});
