// Monthly repurchase / return, gap histogram and by-segment rates on test/fixtures/metrics-retention
// (purchases listed in its orders.csv; the arithmetic is written beside each expectation).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { MetricParams } from '../../../src/lib/metrics/params.ts';
import { byKey, loadFixture, openHarness, type Harness } from '../metrics/harness.ts';

const JAN_FEB: MetricParams = { from: '2024-01-01', to: '2024-03-01' };
const FEB: MetricParams = { from: '2024-02-01', to: '2024-03-01' };
let h: Harness;
beforeAll(async () => {
  h = await openHarness();
  await loadFixture(h.engine, 'metrics-retention');
});
afterAll(() => h.close());

describe('repurchase_trend', () => {
  it('per month: buyers, repurchase inside the month, return of last month’s buyers, new vs returning', async () => {
    const rows = await h.table('repurchase_trend', JAN_FEB);
    expect(rows.map((r) => r.month)).toEqual(['2024-01', '2024-02']);
    // Jan: m1 m2 m4 m5, one day each; new m2 m4 m5 (m1 first bought 2023-06); no Dec buyers
    expect(rows[0]).toEqual({ month: '2024-01', buyers: 4, repurchase_rate: 0, return_to_store_rate: null, new_buyers: 3, returning_buyers: 1 });
    // Feb: m1 (3 days) m3 (2) m4 m5; new m3; Jan buyers m1 m2 m4 m5 → m1 m4 m5 back
    expect(rows[1]).toEqual({ month: '2024-02', buyers: 4, repurchase_rate: 0.5, return_to_store_rate: 0.75, new_buyers: 1, returning_buyers: 3 });
  });
  it('respects the store filter, first purchase included', async () => {
    const rows = await h.table('repurchase_trend', { ...JAN_FEB, stores: ['S2'] });
    expect(rows[0]).toMatchObject({ buyers: 1, new_buyers: 1 }); // m5 01-25
    // Feb at S2: m1 (02-15, first at S2) and m3 (2 days); m5 came back at S1 only
    expect(rows[1]).toMatchObject({ buyers: 2, repurchase_rate: 0.5, return_to_store_rate: 0, new_buyers: 2, returning_buyers: 0 });
  });
});

describe('purchase_gap_histogram', () => {
  it('bins the gaps the median uses, only bins shorter than the period', async () => {
    // Feb gaps: m1 10, 12; m3 13; a 29-day period lists bins up to 15–30
    const rows = await h.table('purchase_gap_histogram', FEB);
    expect(rows).toEqual([
      { min_days: 1, max_days: 7, gaps: 0, share: 0 },
      { min_days: 8, max_days: 14, gaps: 3, share: 1 },
      { min_days: 15, max_days: 30, gaps: 0, share: 0 },
    ]);
  });
  it('across months: m1 26 10 12, m3 13, m4 39, m5 26', async () => {
    const rows = byKey(await h.table('purchase_gap_histogram', JAN_FEB), 'min_days');
    expect(Object.keys(rows)).toEqual(['1', '8', '15', '31']);
    expect([rows[1].gaps, rows[8].gaps, rows[15].gaps, rows[31].gaps]).toEqual([0, 3, 2, 1]);
    expect(rows[15].share).toBeCloseTo(2 / 6);
  });
});

describe('repurchase_by_segment', () => {
  it('per store equals the store compass columns; per channel by the same rule', async () => {
    const rows = await h.table('repurchase_by_segment', FEB);
    const stores = byKey(
      rows.filter((r) => r.dimension === 'store'),
      'key',
    );
    const compass = byKey(await h.table('store_compass', FEB), 'store');
    for (const s of ['S1', 'S2']) {
      expect(stores[s].repurchase_rate).toBeCloseTo(compass[s].repurchase_rate as number);
      expect(stores[s].return_to_store_rate).toBeCloseTo(compass[s].return_to_store_rate as number);
    }
    expect(stores.S1).toMatchObject({ buyers: 3 }); // m1 m4 m5
    const channels = byKey(
      rows.filter((r) => r.dimension === 'channel'),
      'key',
    );
    expect(channels.offline.repurchase_rate).toBeCloseTo(2 / 4); // m1 m3 of m1 m3 m4 m5
    expect(channels.offline.return_to_store_rate).toBeCloseTo(2 / 3); // prev m1 m2 m5 → m1 m5
    expect(channels.online).toMatchObject({ buyers: 1, repurchase_rate: 0, return_to_store_rate: null });
  });
});
