// Lifecycle stages, churn rate and monthly churn on test/fixtures/metrics-lifecycle (answers in its README.md).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadFixture, openHarness, type Harness } from './harness.ts';
import { getMetric } from '../../../src/lib/metrics/index.ts';
import { missingTables } from '../../../src/lib/view/filter-warnings.ts';

let h: Harness;
beforeAll(async () => {
  h = await openHarness();
  expect(await loadFixture(h.engine, 'metrics-lifecycle')).toEqual({ orders: 12 });
});
afterAll(() => h.close());

const H1 = { from: '2024-01-01', to: '2024-07-01' };
const counts = (rows: Record<string, unknown>[]) => rows.map((r) => [r.stage, r.members]);

describe('lifecycle (metrics-lifecycle)', () => {
  it('stages as of 2024-07-01 with 90 / 180 / 365 days', async () => {
    const rows = await h.table('lifecycle_stages', H1);
    expect(counts(rows)).toEqual([
      ['new', 1], // m2
      ['active', 2], // m1, m6 (04-02: exactly 90 days)
      ['at_risk', 2], // m3, m7 (04-01: 91 days)
      ['dormant', 1], // m4
      ['churned', 2], // m5 (its 07-01 order is after the snapshot), m8
    ]);
    expect(rows[0].share).toBeCloseTo(1 / 8);
  });
  it('stages with custom thresholds 30 / 120 / 200', async () => {
    const rows = await h.table('lifecycle_stages', { ...H1, lifecycle: { active: 30, atRisk: 120, dormant: 200 } });
    expect(counts(rows)).toEqual([
      ['new', 0],
      ['active', 1], // m1
      ['at_risk', 3], // m2, m6, m7
      ['dormant', 1], // m3
      ['churned', 3], // m4, m5, m8
    ]);
  });
  it('churn rate: active at the start, churned at the end', async () => {
    expect(await h.scalar('churn_rate', { from: '2023-07-01', to: '2024-07-01' })).toBeCloseTo(1 / 3); // m8 of m3 m6 m8
    expect(await h.scalar('churn_rate', H1)).toBeNull(); // nobody bought in the 90 days before 2024-01-01
  });
  it('monthly churn trend', async () => {
    const rows = await h.table('churn_trend', { from: '2024-01-01', to: '2024-04-01' });
    expect(rows.map((r) => [r.month, r.base, r.churned])).toEqual([
      ['2024-01', 6, 1], // m1 passes 365 days on 2024-01-10
      ['2024-02', 5, 1], // m5 (2023-03-01) passes 365 days
      ['2024-03', 4, 0],
    ]);
    expect(rows[0].churn_rate).toBeCloseTo(1 / 6);
  });
});

describe('churn warning needs only orders', () => {
  it('every churn-panel metric can run on orders alone (this fixture has no members file)', () => {
    const ordersOnly = { orders: 12, members: 0, surveys: 0, points: 0, tier_changes: 0, footfall: 0 } as never;
    for (const id of ['lifecycle_stages', 'lifecycle_flow', 'churn_rate', 'churn_trend', 'members_at_risk', 'churners_by_store'] as const) {
      const metric = getMetric(id);
      expect(metric, id).toBeDefined();
      expect(missingTables(metric!, ordersOnly), id).toEqual([]);
    }
  });
  it('members at risk on orders alone: ids from the orders, phone and tier empty', async () => {
    const rows = await h.table('members_at_risk', H1);
    expect(rows.map((r) => r.member_id).sort()).toEqual(['m3', 'm4', 'm7']);
    expect(rows.every((r) => r.phone === null && r.tier === null)).toBe(true);
  });
});
