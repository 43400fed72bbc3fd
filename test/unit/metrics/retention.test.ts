// Buyers, activity and retention KPIs on test/fixtures/metrics-retention (answers in its README.md).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { MetricParams } from '../../../src/lib/metrics/params.ts';
import { byKey, loadFixture, openHarness, type Harness } from './harness.ts';

const FEB: MetricParams = { from: '2024-02-01', to: '2024-03-01' }; // previous period: [2024-01-03, 2024-02-01)
const SHORT = { active: 30, atRisk: 60, dormant: 90 };
let h: Harness;
beforeAll(async () => {
  h = await openHarness();
  expect(await loadFixture(h.engine, 'metrics-retention')).toEqual({ orders: 15, surveys: 4, footfall: 5 });
});
afterAll(() => h.close());

describe('buyers and activity (metrics-retention)', () => {
  it('new vs returning buyers', async () => {
    expect(await h.scalar('buyers', FEB)).toBe(4); // m1 m3 m4 m5; m2 only refunded
    expect(await h.scalar('new_buyers', FEB)).toBe(1); // m3 (first purchase 02-03)
    expect(await h.scalar('returning_buyers', FEB)).toBe(3); // m1 (2023-06), m4 (01-02), m5 (01-25)
  });
  it('first purchase "ever" respects the store filter', async () => {
    // At S2: m1 first bought there 02-15, m3 02-03; m5 had bought at S2 on 01-25 but not in Feb
    expect(await h.scalar('new_buyers', { ...FEB, stores: ['S2'] })).toBe(2);
  });
  it('active members and share as of the period end (default 90 days, and 30 days)', async () => {
    expect(await h.scalar('active_members', FEB)).toBe(5); // m1..m5 bought on or after 2023-12-02; m6 (2023-08-01) not
    expect(await h.scalar('active_members', { ...FEB, lifecycle: SHORT })).toBe(4); // since 01-31: m1 m3 m4 m5
    expect(await h.scalar('active_member_share', FEB)).toBeCloseTo(5 / 6);
    expect(await h.scalar('active_member_share', { ...FEB, lifecycle: SHORT })).toBeCloseTo(4 / 6);
    // snapshot on 01-31 (end 02-01), 30 days → last purchase on or after 01-02: m1 (01-10), m2 (01-20), m4 (01-02), m5 (01-25)
    expect(await h.scalar('active_members', { ...FEB, asOf: '2024-01-31', lifecycle: SHORT })).toBe(4);
  });
});

describe('retention (metrics-retention)', () => {
  it('return-to-store rate: previous-period buyers back in this period', async () => {
    expect(await h.scalar('return_to_store_rate', FEB)).toBeCloseTo(2 / 3); // m1, m5 of m1 m2 m5
    expect(await h.scalar('return_to_store_rate', { ...FEB, stores: ['S2'] })).toBe(0); // m5 of m5: came back at S1 only
  });
  it('purchase frequency and median gap', async () => {
    expect(await h.scalar('purchase_frequency', FEB)).toBeCloseTo((3 + 2 + 1 + 1) / 4);
    expect(await h.scalar('median_purchase_gap_days', FEB)).toBe(12); // gaps m1 10, 12; m3 13
  });
  it('conversion: in-store purchase orders ÷ footfall', async () => {
    expect(await h.scalar('conversion_rate', FEB)).toBeCloseTo((5 + 2) / (200 + 50 + 30)); // r4 is online
    expect(await h.scalar('conversion_rate', { ...FEB, stores: ['S1'] })).toBeCloseTo(5 / 200);
    expect(await h.scalar('conversion_rate', { from: '2023-03-01', to: '2023-04-01' })).toBeNull(); // no footfall
  });
  it('store compass rows repeat the scalar definitions per store', async () => {
    const rows = byKey(await h.table('store_compass', FEB), 'store');
    expect(Object.keys(rows)).toEqual(['S1', 'S2']); // S3 has footfall but no orders
    const s1 = rows.S1 as Record<string, number>;
    const s2 = rows.S2 as Record<string, number>;
    expect(s1.repurchase_rate).toBeCloseTo(1 / 3); // m1 of m1 m4 m5
    expect(s2.repurchase_rate).toBeCloseTo(1 / 2); // m3 of m1 m3
    expect(s1.return_to_store_rate).toBeCloseTo(1 / 2); // m1 of m1 m2
    expect(s2.return_to_store_rate).toBe(0); // m5 came back at S1
    expect(s1.aov).toBeCloseTo(240 / 5);
    expect(s2.aov).toBeCloseTo((40 + 30 + 30 - 60) / 3);
    expect(s1.units_per_transaction).toBeCloseTo(7 / 5);
    expect(s2.units_per_transaction).toBeCloseTo(4 / 3);
    expect(s1.member_sales_share).toBeCloseTo(225 / 240);
    expect(s2.member_sales_share).toBe(1);
    expect(s1.nps).toBeCloseTo(0); // 10 and 5
    expect(s2.nps).toBeCloseTo(100); // 9
    expect(s1.active_member_share).toBe(1); // m1 m2 m4 m5
    expect(s2.active_member_share).toBeCloseTo(3 / 4); // m1 m3 m5 of m1 m3 m5 m6
    expect(s1.conversion_rate).toBeCloseTo(5 / 200);
    expect(s2.conversion_rate).toBeCloseTo(2 / 50);
  });
});
