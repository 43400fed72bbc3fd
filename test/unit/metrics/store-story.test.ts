// Per-store story views on test/fixtures/store-story (answers worked out in its README.md).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadFixture, openHarness, type Harness } from './harness.ts';

let h: Harness;
beforeAll(async () => {
  h = await openHarness();
  expect(await loadFixture(h.engine, 'store-story')).toEqual({ members: 7, orders: 10, footfall: 4 });
});
afterAll(() => h.close());

describe('store story views (store-story)', () => {
  it('churners_by_store: month of last purchase × home store, quiet for 90+ days by the period end, whole months only', async () => {
    expect(await h.table('churners_by_store', { from: '2024-01-01', to: '2024-07-01' })).toEqual([
      { month: '2024-01', store: 'S2', churners: 1 }, // c2: home S2 although it bought at S1
      { month: '2024-02', store: 'S1', churners: 1 }, // c1
      { month: '2024-02', store: 'S2', churners: 1 }, // c6: the 03-01 refund is not a purchase
      { month: '2024-03', store: 'S2', churners: 1 }, // c4: no home store → last order's store
    ]);
  });
  it('footfall_by_store: visitors, daily average and in-store conversion per month', async () => {
    expect(await h.table('footfall_by_store', { from: '2024-01-01', to: '2024-03-01' })).toEqual([
      { month: '2024-01', store: 'S1', visitors: 150, daily_visitors: 75, conversion: 1 / 150 }, // o3 is online
      { month: '2024-01', store: 'S2', visitors: 40, daily_visitors: 40, conversion: 0 },
      { month: '2024-02', store: 'S1', visitors: 20, daily_visitors: 20, conversion: 1 / 20 },
    ]);
  });
});
