// Campaigns simulated with a known true effect: the intervals must cover it at their nominal rate,
// and a campaign with no effect must not be called effective.
import { describe, expect, it } from 'vitest';
import { campaignEffect } from '../../../src/lib/campaigns/campaign-effect.ts';
import { createRng, type Rng } from '../../../src/lib/rng.ts';

const RUNS = 200;

/** Members who buy with probability p, spending Gamma(2) × ¥100 (mean ¥200) when they do. */
function group(rng: Rng, n: number, p: number): Float64Array {
  const sales = new Float64Array(n);
  for (let i = 0; i < n; i++) if (rng.next() < p) sales[i] = 100 * rng.gamma(2);
  return sales;
}

function simulate(seed: number, pControl: number, pTreatment: number) {
  const rng = createRng(seed);
  const effects = [];
  for (let r = 0; r < RUNS; r++) {
    effects.push(
      campaignEffect({
        treatment: { sales: group(rng, 1200, pTreatment) },
        control: { sales: group(rng, 400, pControl) },
        costPerContact: 1,
        bootstrap: { reps: 400, seed: r + 1 },
      }),
    );
  }
  return effects;
}

const share = <T>(xs: T[], ok: (x: T) => boolean) => xs.filter(ok).length / xs.length;

describe('simulated campaigns', () => {
  it('a true response uplift of 3 points (10 % → 13 %) is covered 93–97 % of the time; sales uplift ¥6 likewise', () => {
    const effects = simulate(2024, 0.1, 0.13);
    const response = share(effects, (e) => e.uplift.lower <= 0.03 && 0.03 <= e.uplift.upper);
    const sales = share(effects, (e) => e.salesUplift.lower <= 6 && 6 <= e.salesUplift.upper);
    expect(response).toBeGreaterThanOrEqual(0.93);
    expect(response).toBeLessThanOrEqual(0.97);
    expect(sales).toBeGreaterThanOrEqual(0.93);
    expect(sales).toBeLessThanOrEqual(0.97);
  });
  it('with no true effect the verdict is "cannot tell" or "not effective" in ≥ 95 % of runs', () => {
    const effects = simulate(99, 0.1, 0.1);
    expect(share(effects, (e) => e.verdict !== 'effective')).toBeGreaterThanOrEqual(0.95);
  });
});
