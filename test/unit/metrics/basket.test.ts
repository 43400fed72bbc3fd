// Basket KPIs on test/fixtures/metrics-basket (answers worked by hand in its README.md).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { MetricParams } from '../../../src/lib/metrics/params.ts';
import { loadFixture, openHarness, type Harness } from './harness.ts';

const JAN: MetricParams = { from: '2024-01-01', to: '2024-02-01' };
let h: Harness;
beforeAll(async () => {
  h = await openHarness();
  expect(await loadFixture(h.engine, 'metrics-basket')).toEqual({ orders: 7 });
});
afterAll(() => h.close());

describe('basket KPIs (metrics-basket)', () => {
  it('units per transaction: purchases with a known item count', async () => {
    expect(await h.scalar('units_per_transaction', JAN)).toBeCloseTo((2 + 3 + 1 + 1) / 4); // b1 b2 b3 b5; b4 refund, b6 no count
    expect(await h.scalar('units_per_transaction', { ...JAN, stores: ['店A'] })).toBeCloseTo((2 + 3 + 1) / 3);
  });
  it('average unit price: purchase amount ÷ items of the same orders', async () => {
    expect(await h.scalar('average_unit_price', JAN)).toBeCloseTo((100 + 60 + 90 + 50) / 7);
  });
  it('member sales share: purchases only', async () => {
    expect(await h.scalar('member_sales_share', JAN)).toBeCloseTo((100 + 60 + 90 + 40) / (100 + 60 + 90 + 50 + 40));
    expect(await h.scalar('member_sales_share', { ...JAN, stores: ['店A'] })).toBeCloseTo(160 / 210);
    expect(await h.scalar('member_sales_share', { ...JAN, membership: 'nonmember' })).toBe(0);
  });
  it('empty scope gives NULL, not 0', async () => {
    const none = { ...JAN, stores: ['nowhere'] };
    expect(await h.scalar('units_per_transaction', none)).toBeNull();
    expect(await h.scalar('average_unit_price', none)).toBeNull();
    expect(await h.scalar('member_sales_share', none)).toBeNull();
  });
});
