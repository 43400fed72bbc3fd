// Interval formulas against published tables and hand-worked arithmetic.
import { describe, expect, it } from 'vitest';
import { normalQuantile, proportionDifference, relativeUplift, wilson, zFor } from '../../../src/lib/campaigns/intervals.ts';

describe('normalQuantile', () => {
  it('matches the standard normal table', () => {
    expect(normalQuantile(0.5)).toBeCloseTo(0, 9);
    expect(normalQuantile(0.975)).toBeCloseTo(1.959963985, 8);
    expect(normalQuantile(0.95)).toBeCloseTo(1.644853627, 8);
    expect(normalQuantile(0.01)).toBeCloseTo(-2.326347874, 8);
    expect(normalQuantile(0.999)).toBeCloseTo(3.090232306, 8);
    expect(zFor(0.9)).toBeCloseTo(1.644853627, 8);
  });
  it('rejects probabilities outside (0, 1)', () => {
    expect(() => normalQuantile(0)).toThrow(RangeError);
    expect(() => zFor(1)).toThrow(RangeError);
  });
});

describe('wilson', () => {
  it('0 of 10: [0, 0.2775] — hand-worked: centre = half = (z²/2n)/(1+z²/n) = 0.13877', () => {
    const w = wilson(0, 10);
    expect(w.lower).toBe(0);
    expect(w.upper).toBeCloseTo(0.27753, 4);
  });
  it('is symmetric: x of n mirrors n − x of n', () => {
    const a = wilson(3, 17);
    const b = wilson(14, 17);
    expect(a.lower).toBeCloseTo(1 - b.upper, 12);
    expect(a.upper).toBeCloseTo(1 - b.lower, 12);
  });
});

// Newcombe (1998), Statistics in Medicine 17:873–890, Table II, method 10 (hybrid score, no continuity correction).
const NEWCOMBE_TABLE_II: Array<[number, number, number, number, number, number]> = [
  [56, 70, 48, 80, 0.0524, 0.3339],
  [9, 10, 3, 10, 0.1705, 0.809],
  [5, 56, 0, 29, -0.0381, 0.1926],
  [0, 10, 0, 20, -0.1611, 0.2775],
  [0, 10, 0, 10, -0.2775, 0.2775],
  [10, 10, 0, 20, 0.6791, 1],
  [10, 10, 0, 10, 0.6075, 1],
];

describe('proportionDifference (Newcombe method 10)', () => {
  it.each(NEWCOMBE_TABLE_II)('%i/%i − %i/%i: [%f, %f] as published', (x1, n1, x0, n0, lo, hi) => {
    const d = proportionDifference(x1, n1, x0, n0);
    expect(d.estimate).toBeCloseTo(x1 / n1 - x0 / n0, 12);
    expect(d.lower).toBeCloseTo(lo, 4);
    expect(d.upper).toBeCloseTo(hi, 4);
  });
});

describe('relativeUplift (Katz log interval)', () => {
  it('30/100 vs 20/100: ratio 1.5, se √(1/30 − 1/100 + 1/20 − 1/100) = 0.251661 → uplift 0.5 [−0.0841, 1.4565]', () => {
    const r = relativeUplift(30, 100, 20, 100)!;
    expect(r.estimate).toBeCloseTo(0.5, 12);
    expect(r.lower).toBeCloseTo(1.5 * Math.exp(-1.959964 * 0.2516611) - 1, 5);
    expect(r.upper).toBeCloseTo(1.5 * Math.exp(1.959964 * 0.2516611) - 1, 5);
    expect(r.lower).toBeCloseTo(-0.0841, 3);
    expect(r.upper).toBeCloseTo(1.4565, 3);
  });
  it('stays finite with no responders in control (0.5 added to every cell)', () => {
    const r = relativeUplift(5, 50, 0, 50)!;
    expect(Number.isFinite(r.lower) && Number.isFinite(r.upper)).toBe(true);
    expect(r.lower).toBeLessThan(r.upper);
  });
  it('is null without control members', () => expect(relativeUplift(1, 10, 0, 0)).toBeNull());
});
