// normaliseAgainstBenchmark: pure TS, answers computed by hand.
import { describe, expect, it } from 'vitest';
import { median, normaliseAgainstBenchmark } from '../../../src/lib/metrics/compass.ts';

const rows = [
  { store: 'A', aov: 100, nps: 20, conversion_rate: null },
  { store: 'B', aov: 50, nps: -20, conversion_rate: 0.1 },
  { store: 'C', aov: 400, nps: 60, conversion_rate: 0.3 },
];
const KPIS = ['aov', 'nps', 'conversion_rate'] as const;

describe('normaliseAgainstBenchmark', () => {
  it('median of finite values, mean of the middle two when even', () => {
    expect(median([3, null, 1, 2])).toBe(2);
    expect(median([4, 1, 3, 2])).toBe(2.5);
    expect(median([null, undefined, Number.NaN])).toBeNull();
  });
  it('defaults to the median of stores; NPS indexed from −100; clamped to 200', () => {
    const out = normaliseAgainstBenchmark(rows, {}, KPIS);
    expect(out.benchmarks).toEqual({ aov: 100, nps: 20, conversion_rate: (0.1 + 0.3) / 2 });
    const [a, b, c] = out.rows;
    expect(a.scores).toEqual({ aov: 100, nps: 100, conversion_rate: null });
    expect(b.scores.aov).toBeCloseTo(50);
    expect(b.scores.nps).toBeCloseTo((100 * (-20 + 100)) / (20 + 100)); // 66.7
    expect(b.scores.conversion_rate).toBeCloseTo((100 * 0.1) / 0.2);
    expect(c.scores.aov).toBe(200); // 400 % capped
    expect(c.values.aov).toBe(400);
  });
  it('targets override the median per KPI', () => {
    const out = normaliseAgainstBenchmark(rows, { aov: 200 }, KPIS);
    expect(out.benchmarks.aov).toBe(200);
    expect(out.benchmarks.nps).toBe(20);
    expect(out.rows[0].scores.aov).toBeCloseTo(50);
  });
  it('a benchmark at the floor gives no score', () => {
    const out = normaliseAgainstBenchmark(
      [
        { store: 'A', aov: 0 },
        { store: 'B', aov: 0 },
      ],
      {},
      ['aov'],
    );
    expect(out.rows.map((r) => r.scores.aov)).toEqual([null, null]);
  });
  it('uses the eight compass KPIs by default', () => {
    expect(normaliseAgainstBenchmark([]).kpis).toEqual([
      'repurchase_rate',
      'return_to_store_rate',
      'aov',
      'units_per_transaction',
      'member_sales_share',
      'nps',
      'active_member_share',
      'conversion_rate',
    ]);
  });
});
