// Survey metrics on test/fixtures/metrics-satisfaction (answers in its README.md).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { byKey, loadFixture, openHarness, type Harness } from './harness.ts';

const MAR = { from: '2024-03-01', to: '2024-04-01' };
let h: Harness;
beforeAll(async () => {
  h = await openHarness();
  expect(await loadFixture(h.engine, 'metrics-satisfaction')).toEqual({ members: 6, orders: 7, surveys: 12 });
});
afterAll(() => h.close());

const round = (x: number) => Math.round(x * 1e9) / 1e9;
const npsOf = (rows: Record<string, unknown>[]) => Object.fromEntries(rows.map((r) => [r.segment, round(r.nps as number)]));

describe('satisfaction (metrics-satisfaction)', () => {
  it('responses, NPS (−100..100) and CSAT', async () => {
    expect(await h.scalar('survey_responses', MAR)).toBe(9);
    expect(await h.scalar('nps', MAR)).toBeCloseTo(((2 - 3) / 6) * 100); // promoters 10, 9; detractors 3, 6, 0
    expect(await h.scalar('csat', MAR)).toBeCloseTo(2 / 3); // 5, 4 of 5, 4, 2
    expect(await h.scalar('nps', { from: '2025-01-01', to: '2025-02-01' })).toBeNull();
  });
  it('NPS by store, tier and channel', async () => {
    const store = await h.table('nps_by', MAR);
    expect(npsOf(store)).toEqual({ 店A: round(((1 - 2) / 3) * 100), 店B: 0 });
    expect(byKey(store, 'segment')['店A']).toMatchObject({ responses: 3, promoters: 1, passives: 0, detractors: 2 });
    expect(npsOf(await h.table('nps_by', { ...MAR, npsBy: 'tier' }))).toEqual({ '(unknown)': -100, 普通: 0, 金卡: 0, 钻石: 100, 银卡: -100 });
    // channel of the respondent's last order at or before the survey
    expect(npsOf(await h.table('nps_by', { ...MAR, npsBy: 'channel' }))).toEqual({ '(unknown)': ((0 - 1) / 2) * 100, offline: -100, online: 100 });
  });
  it('repurchase by NPS class (latest NPS answer before the period end)', async () => {
    const rows = await h.table('repurchase_by_nps_class', MAR);
    expect(rows).toEqual([
      { nps_class: 'promoter', members: 2, buyers: 2, repurchasers: 1, repurchase_rate: 1 / 2 }, // s1 s5; s1 bought on 2 days
      { nps_class: 'passive', members: 2, buyers: 1, repurchasers: 0, repurchase_rate: 0 }, // s3 s6
      { nps_class: 'detractor', members: 2, buyers: 1, repurchasers: 1, repurchase_rate: 1 }, // s2 s4
    ]);
  });
  it('top-tier detractors', async () => {
    const rows = await h.table('top_tier_detractors', MAR);
    expect(rows).toEqual([{ member_id: 's2', tier: '金卡', score: 3, survey_date: '2024-03-06', store: '店A', comment: '太慢' }]);
  });
});
