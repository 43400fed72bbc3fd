// Gamma-Gamma spend model, CLV, and fitModels' assembly, with hand-worked numbers.
import { describe, expect, it } from 'vitest';
import { conditionalExpectedPurchases } from '../../../workers/models/bgnbd.ts';
import { fitModels } from '../../../workers/models/fit.ts';
import { conditionalExpectedSpend, customerLifetimeValue, fitGammaGamma, gammaGammaData, gammaGammaLogLikelihood } from '../../../workers/models/gamma-gamma.ts';
import type { BgnbdParams, GammaGammaParams } from '../../../workers/models/types.ts';
import { gammaDraw, mulberry32, simulateBgnbd } from './simulate.ts';

const BG: BgnbdParams = { r: 0.243, alpha: 4.414, a: 0.793, b: 2.426 };
const GG: GammaGammaParams = { p: 6.25, q: 3.74, gamma: 15.44 };

describe('conditional expected spend', () => {
  it('x = 2, z̄ = 22.35: (γ + x z̄) p / (px + q − 1)', () => {
    expect(conditionalExpectedSpend(GG, 2, 22.35)).toBeCloseTo(((15.44 + 44.7) * 6.25) / (12.5 + 2.74), 10); // 24.664
  });
  it('a weighted mean of the population mean pγ/(q−1) and z̄; x = 0 gives the population mean', () => {
    const population = (6.25 * 15.44) / 2.74; // 35.22
    expect(conditionalExpectedSpend(GG, 0, 0)).toBeCloseTo(population, 10);
    const w = 2.74 / (6.25 * 5 + 2.74); // weight on the population mean for x = 5
    expect(conditionalExpectedSpend(GG, 5, 10)).toBeCloseTo(w * population + (1 - w) * 10, 10);
  });
});

describe('Gamma-Gamma likelihood and fit', () => {
  it('the analytic gradient matches central differences', () => {
    const data = gammaGammaData([1, 2, 5, 9, 2], [12.5, 30, 18.2, 44, 7]);
    const grad = [0, 0, 0];
    gammaGammaLogLikelihood(GG, data, grad);
    (['p', 'q', 'gamma'] as const).forEach((k, i) => {
      const h = 1e-6 * GG[k];
      const numeric = (gammaGammaLogLikelihood({ ...GG, [k]: GG[k] + h }, data) - gammaGammaLogLikelihood({ ...GG, [k]: GG[k] - h }, data)) / (2 * h);
      expect(grad[i]).toBeCloseTo(numeric, 5);
    });
  });
  it('x = 1, p = 1, q = 2: the density of z̄ is 2γ²/(γ+z)³', () => {
    // x = 1: f(z) = Γ(p+q)/(Γ(p)Γ(q)) γ^q z^(p−1) / (γ+z)^(p+q); with p = 1, q = 2: 2γ² / (γ+z)³.
    expect(gammaGammaLogLikelihood({ p: 1, q: 2, gamma: 10 }, gammaGammaData([1], [5]))).toBeCloseTo(Math.log((2 * 100) / 15 ** 3), 12);
  });
  it('fits simulated spends back (2,000 buyers, within 25 %)', () => {
    // ν ~ Gamma(q, γ) per buyer, x spends ~ Gamma(p, ν), z̄ their mean. With 2,000 buyers the
    // estimates' sampling sd is ~5–10 % (p, q, γ are strongly correlated), so 25 % is ≥ 2.5 sd.
    const truth = { p: 4, q: 5, gamma: 60 };
    const u = mulberry32(11);
    const members = Array.from({ length: 2000 }, () => {
      const x = 1 + Math.floor(6 * u());
      const nu = gammaDraw(truth.q, u) / truth.gamma;
      let sum = 0;
      for (let i = 0; i < x; i++) sum += gammaDraw(truth.p, u) / nu;
      return { x, t_x: 1, T: 2, monetary: sum / x };
    });
    const fit = fitGammaGamma(members);
    expect(fit.converged).toBe(true);
    expect(fit.buyers).toBe(2000);
    for (const k of ['p', 'q', 'gamma'] as const) expect(Math.abs(fit.params[k] - truth[k]) / truth[k]).toBeLessThan(0.25);
    // The implied mean spend pγ/(q−1) = 60 is much better determined than the parameters.
    expect(Math.abs((fit.params.p * fit.params.gamma) / (fit.params.q - 1) - 60) / 60).toBeLessThan(0.05);
  });
});

describe('customer lifetime value', () => {
  const member = { x: 2, t_x: 30.43, T: 38.86, monetary: 22.35 };
  const L = 30 / 7; // a month in weeks
  it('with no discount it telescopes to spend × E[Y(12 months)]', () => {
    const clv = customerLifetimeValue(BG, GG, member, { monthLength: L, monthlyDiscount: 0 });
    expect(clv).toBeCloseTo(conditionalExpectedSpend(GG, 2, 22.35) * conditionalExpectedPurchases(BG, 12 * L, 2, 30.43, 38.86), 10);
  });
  it('one month at 1 %: spend × E[Y(L)] / 1.01; discounting lowers a 12-month CLV', () => {
    const one = customerLifetimeValue(BG, GG, member, { monthLength: L, months: 1 });
    expect(one).toBeCloseTo((conditionalExpectedSpend(GG, 2, 22.35) * conditionalExpectedPurchases(BG, L, 2, 30.43, 38.86)) / 1.01, 10);
    const discounted = customerLifetimeValue(BG, GG, member, { monthLength: L });
    const undiscounted = customerLifetimeValue(BG, GG, member, { monthLength: L, monthlyDiscount: 0 });
    expect(discounted).toBeLessThan(undiscounted);
    expect(discounted).toBeGreaterThan(undiscounted / 1.01 ** 12);
  });
});

describe('fitModels', () => {
  it('Gamma-Gamma is null without monetary values; counts members and repeat buyers', () => {
    const ages = Array.from({ length: 500 }, (_, i) => 20 + (i % 30));
    const sim = simulateBgnbd(BG, ages, 5);
    const fit = fitModels(sim);
    expect(fit.members).toBe(500);
    expect(fit.repeatBuyers).toBe(sim.filter((m) => m.x > 0).length);
    expect(fit.gammaGamma).toBeNull();
    expect(fit.bgnbd.converged).toBe(true);
  });
  it('throws on an empty member list', () => {
    expect(() => fitModels([])).toThrow(RangeError);
  });
});
