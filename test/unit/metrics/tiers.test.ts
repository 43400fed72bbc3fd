// Tier mix, upgrades / downgrades and tier migration on test/fixtures/metrics-tiers (answers in its README.md).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { byKey, loadFixture, openHarness, type Harness } from './harness.ts';

const Q1 = { from: '2024-01-01', to: '2024-04-01' };
let h: Harness;
beforeAll(async () => {
  h = await openHarness();
  expect(await loadFixture(h.engine, 'metrics-tiers')).toEqual({ orders: 7, members: 6, tier_changes: 6 });
});
afterAll(() => h.close());

describe('tiers (metrics-tiers)', () => {
  it('tier mix: members, buyers, sales share and spend per member, in tier order', async () => {
    const rows = await h.table('tier_mix', Q1);
    expect(rows.map((r) => r.tier)).toEqual(['普通', '银卡', '金卡', '钻石', '(none)']);
    const t = byKey(rows, 'tier');
    const memberSales = 100 + 200 + 400 + 500 + 40; // the walk-in's 50 is not member sales
    expect(t['普通']).toMatchObject({ members: 1, buyers: 1, sales: 100 }); // t6 joined after the period
    expect(t['金卡']).toMatchObject({ members: 2, buyers: 1, sales: 400, spend_per_member: 400 / 2, spend_per_buyer: 400 });
    expect(t['金卡'].sales_share).toBeCloseTo(400 / memberSales);
    expect(t['(none)']).toMatchObject({ members: 0, buyers: 1, sales: 40, spend_per_member: null }); // t7 not in members
  });
  it('upgrades and downgrades in the period (first assignments do not count)', async () => {
    expect(await h.scalar('tier_upgrades', Q1)).toBe(2); // t2 普通→银卡, t4 金卡→钻石
    expect(await h.scalar('tier_downgrades', Q1)).toBe(1); // t5 钻石→金卡
    expect(await h.scalar('tier_upgrades', { ...Q1, tiers: ['钻石'] })).toBe(1); // t4 (current tier 钻石)
  });
  it('tier migration from the period start to its end', async () => {
    const rows = await h.table('tier_migration', Q1);
    expect(rows.map((r) => [r.from_tier, r.to_tier, r.members])).toEqual([
      ['普通', '普通', 1], // t1
      ['普通', '银卡', 1], // t2
      ['金卡', '金卡', 1], // t3
      ['金卡', '钻石', 1], // t4
      ['钻石', '金卡', 1], // t5
    ]);
    const later = await h.table('tier_migration', { ...Q1, migrationTo: '2024-06-30' });
    expect(later[0]).toMatchObject({ from_tier: 'none', to_tier: '普通', members: 1 }); // t6 joined 05-01
  });
});
