// Cohort retention and revenue on test/fixtures/metrics-cohort (answers in its README.md).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadFixture, openHarness, type Harness } from './harness.ts';

const Q1 = { from: '2024-01-01', to: '2024-04-01' };
let h: Harness;
beforeAll(async () => {
  h = await openHarness();
  expect(await loadFixture(h.engine, 'metrics-cohort')).toEqual({ orders: 14 });
});
afterAll(() => h.close());

describe('cohort_retention (metrics-cohort)', () => {
  it('every cohort × month offset up to the last month, with retention and revenue', async () => {
    const rows = await h.table('cohort_retention', Q1);
    expect(rows).toEqual([
      { cohort: '2024-01', month_offset: 0, cohort_size: 2, members: 2, retention: 2 / 2, revenue: 100 + 80 }, // m1 m2
      { cohort: '2024-01', month_offset: 1, cohort_size: 2, members: 1, retention: 1 / 2, revenue: 50 }, // m1
      { cohort: '2024-01', month_offset: 2, cohort_size: 2, members: 2, retention: 2 / 2, revenue: 30 + 40 },
      { cohort: '2024-02', month_offset: 0, cohort_size: 2, members: 2, retention: 2 / 2, revenue: 60 + 20 + 45 }, // m3 m6
      { cohort: '2024-02', month_offset: 1, cohort_size: 2, members: 1, retention: 1 / 2, revenue: 10 }, // m3
      { cohort: '2024-03', month_offset: 0, cohort_size: 1, members: 1, retention: 1 / 1, revenue: 25 }, // m5; 04-01 excluded
    ]);
  });
  it('a cohort starts at the first purchase ever: m4 (first 2023-12) is in no Q1 cohort', async () => {
    const rows = await h.table('cohort_retention', { from: '2023-12-01', to: '2024-02-01' });
    const dec = rows.filter((r) => r.cohort === '2023-12');
    expect(dec.map((r) => [r.month_offset, r.members, r.revenue])).toEqual([
      [0, 1, 70],
      [1, 1, 90],
    ]);
  });
});
