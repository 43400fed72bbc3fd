// Periods that start or end mid-month (test/fixtures/metrics-partial-periods, answers in its README):
// every month bucket is clipped to [from, to) at both ends, and a one-day period runs every metric.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { METRICS } from '../../../src/lib/metrics/index.ts';
import { loadFixture, openHarness, type Harness } from './harness.ts';

let h: Harness;
beforeAll(async () => {
  h = await openHarness();
  expect(await loadFixture(h.engine, 'metrics-partial-periods')).toEqual({ orders: 12 });
});
afterAll(() => h.close());

const P = { from: '2024-02-15', to: '2024-04-10' };

describe('partial periods', () => {
  it('cohort retention never exceeds 1 when the period starts mid-month (members before from are not in month 0)', async () => {
    const rows = await h.table('cohort_retention', P);
    expect(rows.map((r) => [r.cohort, r.month_offset, r.cohort_size, r.members, r.retention, r.revenue])).toEqual([
      ['2024-02', 0, 2, 2, 1, 180],
      ['2024-02', 1, 2, 1, 0.5, 100],
      ['2024-02', 2, 2, 1, 0.5, 100],
      ['2024-03', 0, 1, 1, 1, 70],
      ['2024-03', 1, 1, 0, 0, 0],
    ]);
  });

  it('repurchase trend clips its first month at from like its last at to', async () => {
    const rows = await h.table('repurchase_trend', P);
    expect(rows.map((r) => [r.month, r.buyers, r.repurchase_rate, r.return_to_store_rate, r.new_buyers, r.returning_buyers])).toEqual([
      ['2024-02', 3, 1 / 3, null, 2, 1],
      ['2024-03', 3, 0, 2 / 3, 1, 2],
      ['2024-04', 1, 0, 1 / 3, 0, 1],
    ]);
    expect(rows.reduce((s, r) => s + (r.new_buyers as number), 0)).toBe(await h.scalar('new_buyers', P));
  });

  it('monthly trend lists every month of the period and its months add up to the totals', async () => {
    const rows = await h.table('monthly_trend', P);
    expect(rows).toEqual([
      { month: '2024-02', sales: 230, orders: 4, buyers: 3 },
      { month: '2024-03', sales: 220, orders: 3, buyers: 3 },
      { month: '2024-04', sales: 100, orders: 1, buyers: 1 },
    ]);
    expect(await h.scalar('sales', P)).toBe(550);
    expect(await h.scalar('orders', P)).toBe(8);
  });

  it('a one-day period (leap day) runs every metric; the gap histogram has no bins instead of failing', async () => {
    const day = { from: '2024-02-29', to: '2024-03-01' };
    for (const m of METRICS) await expect(h.table(m.id, day), m.id).resolves.toBeDefined();
    expect(await h.table('purchase_gap_histogram', day)).toEqual([]);
    expect(await h.scalar('buyers', day)).toBe(1);
    expect(await h.scalar('sales', day)).toBe(40);
  });
});
