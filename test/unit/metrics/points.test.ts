// Points metrics on test/fixtures/metrics-points (answers in its README.md).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadFixture, openHarness, type Harness } from './harness.ts';

const FEB = { from: '2024-02-01', to: '2024-03-01' };
let h: Harness;
beforeAll(async () => {
  h = await openHarness();
  expect(await loadFixture(h.engine, 'metrics-points')).toEqual({ members: 3, points: 9 });
});
afterAll(() => h.close());

describe('points (metrics-points)', () => {
  it('earned, redeemed, expired in the period, whatever the sign in the source', async () => {
    expect(await h.scalar('points_earned', FEB)).toBe(500 + 200);
    expect(await h.scalar('points_redeemed', FEB)).toBe(300);
    expect(await h.scalar('points_expired', FEB)).toBe(100);
  });
  it('redemption rate: redeemed ÷ (opening balance + earned)', async () => {
    const opening = 1000 - 200 + 400;
    expect(await h.scalar('points_redemption_rate', FEB)).toBeCloseTo(300 / (opening + 700));
  });
  it('balance and liability at the period end', async () => {
    const balance = 1000 - 200 + 400 + 500 + 200 - 300 - 100 - 50; // the adjustment keeps its sign
    expect(await h.scalar('points_balance', FEB)).toBe(balance);
    expect(await h.scalar('points_liability', FEB)).toBeCloseTo(balance * 0.01);
    expect(await h.scalar('points_liability', { ...FEB, pointValue: 0.05 })).toBeCloseTo(balance * 0.05);
    expect(await h.scalar('points_balance', { ...FEB, asOf: '2024-01-31' })).toBe(1000 - 200 + 400);
  });
  it('tier filter uses the member’s current tier', async () => {
    const gold = { ...FEB, tiers: ['金卡'] };
    expect(await h.scalar('points_earned', gold)).toBe(0);
    expect(await h.scalar('points_balance', gold)).toBe(400 - 50);
  });
});
