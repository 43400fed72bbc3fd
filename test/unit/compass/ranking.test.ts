// Which store is weakest: ranked by the mean shortfall below the benchmark (worked by hand).
import { describe, expect, it } from 'vitest';
import { rankStores } from '../../../src/lib/compass/ranking.ts';
import { normaliseAgainstBenchmark } from '../../../src/lib/metrics/compass.ts';

const kpis = ['repurchase_rate', 'aov'] as const;

describe('rankStores', () => {
  it('ranks by the mean gap below the benchmark (index points, 0 above it)', () => {
    // medians: repurchase 0.4, aov 100 → A: 125 / 80 → gaps 0, 20 → 10; B: 50 / 100 → 50, 0 → 25; C: 100 / 120 → 0
    const compass = normaliseAgainstBenchmark(
      [
        { store: 'A', repurchase_rate: 0.5, aov: 80 },
        { store: 'B', repurchase_rate: 0.2, aov: 100 },
        { store: 'C', repurchase_rate: 0.4, aov: 120 },
      ],
      {},
      kpis,
    );
    expect(rankStores(compass)).toEqual([
      { store: 'B', shortfall: 25, weakAxes: 1, axes: 2 },
      { store: 'A', shortfall: 10, weakAxes: 1, axes: 2 },
      { store: 'C', shortfall: 0, weakAxes: 0, axes: 2 },
    ]);
  });
  it('averages over the axes a store has data for; ties go to more weak points', () => {
    // targets 1.0 and 100 → A: 50 / 50 (two gaps of 50 → 50); B: 50 / — (one gap of 50 over one axis → 50, 1 weak)
    const compass = normaliseAgainstBenchmark(
      [
        { store: 'A', repurchase_rate: 0.5, aov: 50 },
        { store: 'B', repurchase_rate: 0.5, aov: null },
      ],
      { repurchase_rate: 1, aov: 100 },
      kpis,
    );
    expect(rankStores(compass).map((r) => [r.store, r.shortfall, r.weakAxes, r.axes])).toEqual([
      ['A', 50, 2, 2],
      ['B', 50, 1, 1],
    ]);
  });
});
