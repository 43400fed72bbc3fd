// Hand-worked campaign arithmetic: every expected number is worked out in the comment above its test.
import { describe, expect, it } from 'vitest';
import { bootstrapMeanDifference, quantileSorted } from '../../../src/lib/campaigns/bootstrap.ts';
import { campaignEffect } from '../../../src/lib/campaigns/campaign-effect.ts';
import { differenceInDifferences, pairedDifferenceInDifferences } from '../../../src/lib/campaigns/did.ts';
import { verdictOf } from '../../../src/lib/campaigns/verdict.ts';

describe('campaignEffect on a tiny campaign', () => {
  // Treatment: 10 contacted, 4 bought (¥100, ¥50, ¥30, ¥20 = ¥200); control: 5 members, 1 bought (¥40).
  // Response 0.4 vs 0.2 → uplift 0.2; sales per member 20 vs 8 → +12; incremental buyers 0.2 × 10 = 2;
  // incremental sales 12 × 10 = ¥120; cost 10 × ¥3 = ¥30; ROI at 50 % margin (120 × 0.5 − 30) / 30 = 1;
  // cost per incremental buyer 30 / 2 = ¥15.
  const effect = campaignEffect({
    treatment: { sales: [100, 0, 50, 0, 30, 0, 20, 0, 0, 0] },
    control: { sales: [0, 40, 0, 0, 0] },
    costPerContact: 3,
    margin: 0.5,
  });
  it('counts and rates', () => {
    expect([effect.treated, effect.controls]).toEqual([10, 5]);
    expect(effect.responseTreatment).toBe(0.4);
    expect(effect.responseControl).toBe(0.2);
    expect(effect.uplift.estimate).toBeCloseTo(0.2, 12);
    expect(effect.relativeUplift!.estimate).toBeCloseTo(1, 12);
  });
  it('money', () => {
    expect(effect.salesUplift.estimate).toBeCloseTo(12, 12);
    expect(effect.incrementalBuyers.estimate).toBeCloseTo(2, 12);
    expect(effect.incrementalSales.estimate).toBeCloseTo(120, 12);
    expect(effect.cost).toBe(30);
    expect(effect.roi).toBeCloseTo(1, 12);
    expect(effect.costPerIncrementalBuyer).toBeCloseTo(15, 12);
  });
  it('does not call 4/10 vs 1/5 significant: the interval spans 0', () => {
    expect(effect.uplift.lower).toBeLessThan(0);
    expect(effect.verdict).toBe('undecided');
  });
  it('scales the intervals of incremental buyers by the contacted members', () => {
    expect(effect.incrementalBuyers.lower).toBeCloseTo(effect.uplift.lower * 10, 12);
    expect(effect.incrementalBuyers.upper).toBeCloseTo(effect.uplift.upper * 10, 12);
  });
  it('has no cost per incremental buyer when nobody extra bought, and no ROI when it was free', () => {
    const none = campaignEffect({ treatment: { sales: [0, 10, 0, 0] }, control: { sales: [0, 10, 0, 0] }, costPerContact: 0 });
    expect(none.costPerIncrementalBuyer).toBeNull();
    expect(none.roi).toBeNull();
  });
});

describe('verdictOf', () => {
  it('says effective only when the whole interval is above 0', () => {
    expect(verdictOf({ estimate: 0.1, lower: 0.01, upper: 0.2 })).toBe('effective');
    expect(verdictOf({ estimate: 0.1, lower: 0, upper: 0.2 })).toBe('undecided');
    expect(verdictOf({ estimate: -0.1, lower: -0.2, upper: 0 })).toBe('ineffective');
  });
});

describe('bootstrap', () => {
  it('quantiles interpolate between order statistics', () => {
    const s = Float64Array.from([1, 2, 3, 4, 5]);
    expect(quantileSorted(s, 0)).toBe(1);
    expect(quantileSorted(s, 0.5)).toBe(3);
    expect(quantileSorted(s, 0.125)).toBe(1.5);
  });
  it('is reproducible for a seed and collapses to the point when both groups are constant', () => {
    const a = [5, 0, 7, 1, 0, 3];
    const b = [1, 0, 0, 2];
    expect(bootstrapMeanDifference(a, b, { seed: 7 })).toEqual(bootstrapMeanDifference(a, b, { seed: 7 }));
    expect(bootstrapMeanDifference([3, 3, 3], [1, 1], { reps: 50 })).toEqual({ estimate: 2, lower: 2, upper: 2 });
  });
});

describe('differenceInDifferences', () => {
  // Treated: pre 10, 20 → post 30, 40 (change +20 each); matched: pre 10, 30 → post 15, 35 (+5 each).
  // DiD = 20 − 5 = 15; every resample has the same changes, so the interval is [15, 15].
  // Prior periods: treated 5, 15 → pre 10, 20 (+5); matched 5, 25 → 10, 30 (+5): pre-trends equal.
  const treated = { prior: [5, 15], pre: [10, 20], post: [30, 40] };
  const matched = { prior: [5, 25], pre: [10, 30], post: [15, 35] };
  it('estimates (post − pre | treated) − (post − pre | matched)', () => {
    const r = differenceInDifferences(treated, matched);
    expect(r.estimate).toEqual({ estimate: 15, lower: 15, upper: 15 });
    expect(r.preTrend).toEqual({ estimate: 0, lower: 0, upper: 0 });
    expect(r.parallelTrendsPlausible).toBe(true);
  });
  it('flags diverging pre-trends', () => {
    const r = differenceInDifferences({ ...treated, prior: [0, 0] }, matched);
    expect(r.preTrend!.estimate).toBe(10); // treated rose by 15 before, matched by 5
    expect(r.parallelTrendsPlausible).toBe(false);
  });
  it('needs a value per member in both periods', () => {
    expect(() => differenceInDifferences({ pre: [1], post: [1, 2] }, matched)).toThrow(RangeError);
  });
});

describe('pairedDifferenceInDifferences', () => {
  // Pair 1: treated 0 → 10 (+10), matched 0 → 5 (+5); pair 2: treated 100 → 200 (+100), matched 100 → 195 (+95).
  // Each pair's DiD is 5, so resampling pairs gives [5, 5]; resampling the groups apart would mix +10 with +95.
  const treated = { prior: [0, 100], pre: [0, 100], post: [10, 200] };
  const matched = { prior: [0, 90], pre: [0, 100], post: [5, 195] };
  it('resamples pairs, not members: a constant per-pair effect has a zero-width interval', () => {
    const r = pairedDifferenceInDifferences({ sales: { treated, matched } });
    expect(r.sales.estimate).toEqual({ estimate: 5, lower: 5, upper: 5 });
    expect(differenceInDifferences(treated, matched).estimate.upper).toBeGreaterThan(40); // unpaired: (10 or 100) − (5 or 95)
  });
  it('pre-trend per pair: both matched members rose before (−5 → 0, 90 → 100), the treated did not', () => {
    const r = pairedDifferenceInDifferences({ sales: { treated, matched: { ...matched, prior: [-5, 90] } } });
    expect(r.sales.preTrend!.estimate).toBe(-7.5); // ((0 − 5) + (0 − 10)) / 2
    expect(r.sales.preTrend!.upper).toBe(-5); // every resample mixes −5 and −10
    expect(r.sales.parallelTrendsPlausible).toBe(false);
  });
  it('several outcomes share one resample stream and stay reproducible', () => {
    const a = pairedDifferenceInDifferences({ x: { treated, matched }, y: { treated: matched, matched: treated } }, { seed: 3 });
    expect(a.y.estimate.estimate).toBe(-5);
    expect(a).toEqual(pairedDifferenceInDifferences({ x: { treated, matched }, y: { treated: matched, matched: treated } }, { seed: 3 }));
  });
  it('needs one matched member per treated member', () => {
    expect(() => pairedDifferenceInDifferences({ s: { treated, matched: { prior: [0], pre: [0], post: [0] } } })).toThrow(RangeError);
  });
});
