// did_member_outcomes and the DiD summary on the hand-worked fixture (arithmetic in test/fixtures/metrics-matched/README.md):
// the 1:1 matching inside tier × store × RFM group × spend band, who cannot be a match, the three windows' outcomes,
// and the difference-in-differences with its pre-trend check.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { didVerdict, summariseDid, type MatchedOutcomeRow } from '../../../src/lib/campaigns/did-report.ts';
import { cohortMonths } from '../../../src/lib/metrics/matched.ts';
import { loadFixture, openHarness, type Harness } from '../metrics/harness.ts';

const P = { from: '2024-03-01', to: '2024-04-01', responseDays: 10 };
let h: Harness;
beforeAll(async () => {
  h = await openHarness();
  await loadFixture(h.engine, 'metrics-matched');
});
afterAll(() => h?.close());

const cols = [
  'subject_kind',
  'subject',
  'month',
  'arm',
  'member_id',
  'treated_id',
  'benefit_cost',
  'prior_sales',
  'pre_sales',
  'post_sales',
  'prior_orders',
  'pre_orders',
  'post_orders',
];

describe('did_member_outcomes (fixture)', () => {
  it('pairs each treated member with one unreceived member of the same cell and reads both in the treated member’s windows', async () => {
    const rows = await h.table('did_member_outcomes', P);
    expect(rows.map((r) => cols.map((c) => r[c]))).toEqual([
      // 优惠券 on 03-11 in cell (普通, 旗舰店, same RFM, band <100): treated t3, t2, t1 by md5; candidates u1, c1 by md5('优惠券'‖id);
      // c5 had a coupon on 02-15, c2 is in another band, c4 another tier → t1 unmatched
      ['benefit', '优惠券', '2024-03', 'matched', 'c1', 't2', 0, 50, 20, 40, 1, 1, 1],
      ['benefit', '优惠券', '2024-03', 'matched', 'u1', 't3', 0, 50, 200, 70, 1, 1, 1],
      ['benefit', '优惠券', '2024-03', 'treatment', 't2', 't2', 5, 50, 0, 30, 1, 0, 1],
      ['benefit', '优惠券', '2024-03', 'treatment', 't3', 't3', 5, 50, 0, 20, 1, 0, 1],
      ['benefit', '优惠券', '2024-03', 'unmatched', 't1', 't1', 5, 50, 40, 160, 1, 1, 2],
      // 生日礼 on 03-01 at 社区店: c6 would come first by md5 but her own birthday month (April) falls in [02-10, 04-11)
      ['benefit', '生日礼', '2024-03', 'matched', 'c3', 't4', 0, 0, 50, 0, 0, 1, 0],
      ['benefit', '生日礼', '2024-03', 'treatment', 't4', 't4', 25, 0, 50, 80, 0, 1, 1],
      // u1 普通 → 银卡 on 03-16 (windows from t = 03-17), matched as 普通 (its from tier): c1 is first by md5('银卡'‖id) of t1, t2, t3, c1, c5
      ['tier_upgrade', '银卡', '2024-03', 'matched', 'c1', 'u1', 0, 20, 0, 40, 1, 0, 1],
      ['tier_upgrade', '银卡', '2024-03', 'treatment', 'u1', 'u1', 0, 0, 200, 70, 0, 1, 1],
    ]);
  });

  it('a store filter keeps treated and matched members of that home store only', async () => {
    const rows = await h.table('did_member_outcomes', { ...P, stores: ['社区店'] });
    expect(rows.map((r) => `${r.subject}:${r.arm}:${r.member_id}`)).toEqual(['生日礼:matched:c3', '生日礼:treatment:t4']);
  });
});

describe('cohortMonths', () => {
  it('the months overlapping the period, at most its last 12 (a 30-year parity period must not build 360 snapshots)', () => {
    expect(cohortMonths('2024-03-01', '2024-04-01')).toEqual(['2024-03-01']);
    expect(cohortMonths('2026-08-02', '2026-11-01')).toEqual(['2026-08-01', '2026-09-01', '2026-10-01']);
    expect(cohortMonths('2000-01-01', '2030-01-01')).toEqual(Array.from({ length: 12 }, (_, i) => `2029-${String(i + 1).padStart(2, '0')}-01`));
    expect(cohortMonths('2024-11-01', '2026-10-31')).toHaveLength(12);
    expect(cohortMonths('2024-11-01', '2026-10-31')[0]).toBe('2025-11-01');
  });
});

describe('summariseDid (fixture)', () => {
  it('DiD, pre-trend and margin per ¥ per subject as worked in the README', async () => {
    const rows = (await h.table('did_member_outcomes', P)) as unknown as MatchedOutcomeRow[];
    const [coupon, birthday, upgrade] = summariseDid(rows, { margin: 0.4, reps: 200 });
    expect([coupon.kind, coupon.subject, coupon.pairs, coupon.unmatched, coupon.costPerMember]).toEqual(['benefit', '优惠券', 2, 1, 5]);
    expect(coupon.sales!.estimate.estimate).toBeCloseTo(80); // (20 + 30)/2 − (−130 + 20)/2
    expect(coupon.sales!.preTrend!.estimate).toBeCloseTo(-110); // (−50 − 50)/2 − (150 − 30)/2
    expect(coupon.buyers!.estimate.estimate).toBeCloseTo(1); // both treated went from no purchase to one; both matched bought in both
    expect(coupon.orders!.estimate.estimate).toBeCloseTo(1);
    expect(coupon.marginPerYuan!.estimate).toBeCloseTo(6.4); // 80 × 0.4 ÷ ¥5
    expect(birthday.sales!.estimate.estimate).toBeCloseTo(80); // (80 − 50) − (0 − 50)
    expect(birthday.sales!.preTrend!.estimate).toBeCloseTo(0);
    expect(birthday.sales!.parallelTrendsPlausible).toBe(true);
    expect(birthday.marginPerYuan!.estimate).toBeCloseTo(1.28); // 80 × 0.4 ÷ ¥25
    expect([upgrade.kind, upgrade.subject, upgrade.marginPerYuan]).toEqual(['tier_upgrade', '银卡', null]);
    expect(upgrade.sales!.estimate.estimate).toBeCloseTo(-170); // (70 − 200) − (40 − 0)
    expect(upgrade.sales!.preTrend!.estimate).toBeCloseTo(220); // (200 − 0) − (0 − 20): the upgrade followed a spike
    expect(upgrade.sales!.parallelTrendsPlausible).toBe(false);
    // One pair per subject: degenerate intervals. The upgrade's groups moved apart before it → no verdict.
    expect(didVerdict(upgrade)).toBe('trends_differ');
    expect(didVerdict(birthday)).toBe('effective'); // bought (pre → post): t4 1 → 1, c3 1 → 0: +1; both 0 → 1 from prior to pre: pre-trend 0
  });
});

describe('matched effects in the engine and in `store-compass report`', () => {
  it('engine.matchedEffects equals the CLI report’s matched_effects (same rows, same code), 优惠券 DiD 80 at N = 10', async () => {
    const { main } = await import('../../../scripts/cli/main.ts');
    const files = ['members', 'orders', 'benefits', 'tier_changes'].map((t) => `test/fixtures/metrics-matched/${t}.csv`);
    const cli = (await main(['report', ...files, '--from', P.from, '--to', P.to, '--response-days', '10', '--margin', '0.4'])) as { matched_effects: unknown };
    const engine = await h.engine.matchedEffects({ ...P, grossMargin: 0.4 });
    expect(engine).toEqual(cli.matched_effects);
    expect(engine.communities).toBeNull(); // no communities file
    expect(engine.did.map((e) => [e.kind, e.subject, e.pairs, e.sales!.estimate.estimate])).toEqual([
      ['benefit', '优惠券', 2, 80],
      ['benefit', '生日礼', 1, 80],
      ['tier_upgrade', '银卡', 1, -170],
    ]);
  });
});
