// Birthday-month sales on test/fixtures/metrics-birthday (answers in its README.md).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadFixture, openHarness, type Harness } from './harness.ts';

let h: Harness;
beforeAll(async () => {
  h = await openHarness();
  expect(await loadFixture(h.engine, 'metrics-birthday')).toEqual({ members: 4, orders: 9 });
});
afterAll(() => h.close());

describe('birthday_sales (metrics-birthday)', () => {
  it('sales per member-month, birthday month vs other months', async () => {
    const rows = await h.table('birthday_sales', { from: '2024-01-01', to: '2024-04-01' });
    expect(rows).toEqual([
      { month_kind: 'birthday', member_months: 2, sales: 400 + 200, sales_per_member_month: 600 / 2 }, // d1 Feb, d2 Mar
      // d1 Jan, Mar; d2 Feb (joined 02-10); d4 Jan–Mar; d3 has no birthday
      { month_kind: 'other', member_months: 2 + 1 + 3, sales: 100 + 50 + 20 + 60, sales_per_member_month: 230 / 6 },
    ]);
  });
});
