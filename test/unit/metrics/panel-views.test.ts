// The satisfaction / tiers / churn panels' extra metrics on hand-worked fixtures (answers in each README.md).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadFixture, openHarness, type Harness } from './harness.ts';

const round = (x: unknown) => (typeof x === 'number' ? Math.round(x * 1e9) / 1e9 : x);
const rounded = (rows: Record<string, unknown>[]) => rows.map((r) => Object.fromEntries(Object.entries(r).map(([k, v]) => [k, round(v)])));

async function withFixture(name: string, body: (h: () => Harness) => void) {
  describe(name, () => {
    let h: Harness;
    beforeAll(async () => {
      h = await openHarness();
      await loadFixture(h.engine, name);
    });
    afterAll(() => h.close());
    body(() => h);
  });
}

withFixture('metrics-satisfaction', (h) => {
  it('satisfaction_trend: per month and store, NULL segment = all stores', async () => {
    const rows = rounded(await h().table('satisfaction_trend', { from: '2024-02-01', to: '2024-05-01' }));
    const r = (month: string, segment: string | null, nr: number, nps: number, cr: number, csat: number | null) => ({
      month,
      segment,
      nps_responses: nr,
      nps: round(nps),
      csat_responses: cr,
      csat: round(csat),
    });
    expect(rows).toEqual([
      r('2024-02', null, 2, ((0 - 1) / 2) * 100, 0, null), // v10 (2) detractor, v12 (7) passive
      r('2024-02', '店A', 1, 0, 0, null),
      r('2024-02', '店B', 1, -100, 0, null),
      r('2024-03', null, 6, ((2 - 3) / 6) * 100, 3, 2 / 3), // as the nps / csat metrics
      r('2024-03', '店A', 3, ((1 - 2) / 3) * 100, 1, 1), // v1 v2 v6; csat v7 (5)
      r('2024-03', '店B', 3, 0, 2, 1 / 2), // v3 v4 v5; csat v8 (4), v9 (2)
      r('2024-04', null, 1, 100, 0, null),
      r('2024-04', '店A', 1, 100, 0, null),
    ]);
  });
  it('nps_by_rfm: respondents by RFM group at the snapshot (rank quintiles, ties scored alike)', async () => {
    // score = 1 + ⌊5 × strictly worse ÷ 5⌋. r by recency (60, 23, 22, 17, 12 days): s4 1, s5 2, s2 3, s1 4, s3 5;
    // F (s1 s2 two days, s3 s4 s5 one) and M (200, 200, 100, 100, 100): s3 s4 s5 → 1, s1 s2 → 1 + ⌊15/5⌋ = 4.
    // s1 R4 FM4 loyal, s2 R3 FM4 loyal, s3 R5 FM1 new, s4 R1 FM1 lost, s5 R2 FM1 hibernating; v6 anonymous
    const rows = await h().table('nps_by_rfm', { from: '2024-03-01', to: '2024-04-01' });
    expect(Object.fromEntries(rows.map((x) => [x.segment, [x.responses, round(x.nps)]]))).toEqual({
      '(unscored)': [1, -100],
      hibernating: [1, 100],
      lost: [1, -100],
      loyal: [2, 0], // v1 10, v2 3
      new: [1, 0],
    });
  });
});

withFixture('metrics-points', (h) => {
  it('points_monthly: kinds per month; the months sum to the period metrics', async () => {
    const p = { from: '2024-01-01', to: '2024-04-01' };
    expect(await h().table('points_monthly', p)).toEqual([
      { month: '2024-01', earned: 1400, redeemed: 200, expired: 0 }, // p1 1000 + p3 400; p1 |−200|
      { month: '2024-02', earned: 700, redeemed: 300, expired: 100 }, // adjust −50 is no kind of these
      { month: '2024-03', earned: 999, redeemed: 0, expired: 0 },
    ]);
    expect(await h().scalar('points_earned', p)).toBe(1400 + 700 + 999);
    expect((await h().table('points_monthly', { ...p, tiers: ['金卡'] })).map((r) => r.earned)).toEqual([400, 0, 0]);
  });
});

withFixture('metrics-tiers', (h) => {
  it('tier_changes_monthly: up and down per month; first assignments not counted', async () => {
    expect(await h().table('tier_changes_monthly', { from: '2024-01-01', to: '2024-04-01' })).toEqual([
      { month: '2024-01', upgrades: 0, downgrades: 0 }, // t1 (none)→普通
      { month: '2024-02', upgrades: 1, downgrades: 1 }, // t2 up, t5 down
      { month: '2024-03', upgrades: 1, downgrades: 0 }, // t4 up
    ]);
  });
});

withFixture('metrics-lifecycle', (h) => {
  it('lifecycle_flow: stage at 2024-01-01 → stage at 2024-07-01', async () => {
    // start cut-offs: active ≥ 2023-10-03, at risk ≥ 2023-07-05, dormant ≥ 2023-01-01
    // start: m1 m3 m5 m6 m8 dormant, m4 at risk, m2 m7 no purchase yet; end stages as lifecycle_stages
    expect(await h().table('lifecycle_flow', { from: '2024-01-01', to: '2024-07-01' })).toEqual([
      { from_stage: 'none', to_stage: 'new', members: 1 }, // m2
      { from_stage: 'none', to_stage: 'at_risk', members: 1 }, // m7
      { from_stage: 'at_risk', to_stage: 'dormant', members: 1 }, // m4
      { from_stage: 'dormant', to_stage: 'active', members: 2 }, // m1 m6
      { from_stage: 'dormant', to_stage: 'at_risk', members: 1 }, // m3
      { from_stage: 'dormant', to_stage: 'churned', members: 2 }, // m5 m8
    ]);
  });
});

withFixture('metrics-panels', (h) => {
  const JUNE = { from: '2024-06-01', to: '2024-07-01' };
  it('members_at_risk: at-risk and dormant members by historic net spend', async () => {
    expect(await h().table('members_at_risk', JUNE)).toEqual([
      { member_id: 'a1', phone: '13812341234', tier: '金卡', stage: 'at_risk', last_date: '2024-02-01', days_since: 151, purchase_days: 2, spend: 800 },
      { member_id: 'a2', phone: '13900001111', tier: '钻石', stage: 'dormant', last_date: '2023-09-01', days_since: 304, purchase_days: 1, spend: 800 },
      { member_id: 'a5', phone: null, tier: '普通', stage: 'at_risk', last_date: '2024-03-01', days_since: 122, purchase_days: 1, spend: 100 },
    ]);
    expect((await h().table('members_at_risk', { ...JUNE, stores: ['S2'] })).map((r) => r.member_id)).toEqual(['a5']);
  });
  it('latest_comments: newest first, blanks and other periods left out, text returned as is', async () => {
    expect(await h().table('latest_comments', JUNE)).toEqual([
      { survey_date: '2024-06-15', store: 'S2', scale: 'nps', score: 9, comment: '很好' },
      { survey_date: '2024-06-10', store: 'S1', scale: 'nps', score: 2, comment: '<b>缺货</b>' },
    ]);
  });
});
