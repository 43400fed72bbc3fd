// The purchase definition switch (MetricParams.countZeroAmount) on test/fixtures/metrics-zero-amount
// (answers in its README): zero-amount non-refund orders count as purchases only when switched on.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadFixture, openHarness, type Harness } from './harness.ts';

let h: Harness;
beforeAll(async () => {
  h = await openHarness();
  expect(await loadFixture(h.engine, 'metrics-zero-amount')).toEqual({ orders: 7 });
});
afterAll(() => h.close());

const P = { from: '2024-03-01', to: '2024-04-01' };
const kpis = async (p: typeof P & { countZeroAmount?: boolean }) =>
  Object.fromEntries(await Promise.all(['sales', 'orders', 'buyers', 'repurchase_rate', 'aov', 'new_buyers'].map(async (id) => [id, await h.scalar(id, p)])));

describe('countZeroAmount', () => {
  it('by default a zero-amount order is not a purchase', async () => {
    expect(await kpis(P)).toEqual({ sales: 200, orders: 4, buyers: 3, repurchase_rate: 1 / 3, aov: 50, new_buyers: 3 });
  });
  it('count zero amount: zero-amount non-refund orders become purchases, a zero refund never does', async () => {
    expect(await kpis({ ...P, countZeroAmount: true })).toEqual({ sales: 200, orders: 6, buyers: 4, repurchase_rate: 2 / 4, aov: 200 / 6, new_buyers: 4 });
  });
  it('count zero amount reaches table metrics through the one purchase definition (monthly trend, RFM)', async () => {
    const [month] = await h.table('monthly_trend', { ...P, countZeroAmount: true });
    expect(month).toEqual({ month: '2024-03', sales: 200, orders: 6, buyers: 4 });
    const rfm = await h.table('rfm_members', { ...P, countZeroAmount: true });
    expect(rfm.map((r) => [r.member_id, r.frequency])).toEqual([
      ['z1', 2],
      ['z2', 1],
      ['z3', 1],
      ['z4', 2],
    ]);
  });
});
