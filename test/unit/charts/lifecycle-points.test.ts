// Churn and tiers & points builders, and the phone mask of the at-risk list.
import { describe, expect, it } from 'vitest';
import { winBackDisplayRows } from '../../../src/lib/members/win-back-rows.ts';
import { buildChurnTrendOption, buildStageOption, stageLabel } from '../../../src/lib/charts/lifecycle.ts';
import { buildPointsMonthlyOption, buildTierChangesOption, buildTierMixOption } from '../../../src/lib/charts/points.ts';

describe('lifecycle builders', () => {
  it('stage bars keep the stage key; labels translate', () => {
    const o = buildStageOption(
      [
        { stage: 'active', members: 30, share: 0.6 },
        { stage: 'at_risk', members: 20, share: 0.4 },
      ],
      'zh',
    ) as any;
    expect(o.xAxis.data).toEqual(['活跃', '预警']);
    expect(o.series[0].data.map((d: any) => [d.stage, d.value])).toEqual([
      ['active', 30],
      ['at_risk', 20],
    ]);
    expect(o.tooltip.formatter({ name: '<b>', value: 20, data: { share: 0.4 } })).toBe('&lt;b&gt;: 20 (40.0%)');
    expect(stageLabel('none', 'en')).toBe('No purchase yet');
  });
  it('churn trend: churned bars on the left axis, rate line on the right', () => {
    const o = buildChurnTrendOption([{ month: '2026-03', base: 100, churned: 5, churn_rate: 0.05 }], 'en') as any;
    expect(o.series[0].data).toEqual([5]);
    expect(o.series[1]).toMatchObject({ type: 'line', yAxisIndex: 1, data: [0.05] });
    expect(o.tooltip.formatter([{ axisValueLabel: '2026-03', seriesName: 'x', seriesIndex: 1, value: 0.05 }])).toBe('2026-03<br/>x: 5.0%');
  });
});

describe('tiers & points builders', () => {
  it('tier mix: member share vs sales share, tier kept for the cross-filter', () => {
    const o = buildTierMixOption(
      [
        { tier: '普通', members: 3, sales: 100, sales_share: 0.25 },
        { tier: '金卡', members: 1, sales: 300, sales_share: 0.75 },
        { tier: '(none)', members: 0, sales: 0, sales_share: 0 },
      ],
      'en',
    ) as any;
    expect(o.xAxis.data).toEqual(['普通', '金卡', '(no tier)']);
    expect(o.series[0].data.map((d: any) => d.value)).toEqual([0.75, 0.25, 0]);
    expect(o.series[1].data.map((d: any) => [d.tier, d.value])).toEqual([
      ['普通', 0.25],
      ['金卡', 0.75],
      ['(none)', 0],
    ]);
  });
  it('monthly tier changes and points flows', () => {
    const t = buildTierChangesOption([{ month: '2026-01', upgrades: 4, downgrades: 1 }], 'zh') as any;
    expect(t.series.map((x: any) => [x.name, x.data])).toEqual([
      ['升级', [4]],
      ['降级', [1]],
    ]);
    const p = buildPointsMonthlyOption([{ month: '2026-01', earned: 10, redeemed: 5, expired: 1 }], 'en', { from: '2026-01', to: '2026-01' }) as any;
    expect(p.series.map((x: any) => x.data)).toEqual([[10], [5], [1]]);
    expect(p.series[0].markArea).toBeDefined();
  });
});

describe('atRiskDisplayRows', () => {
  it('masks only when asked, with the member list rule (first 3 and last 4 digits); no phone shows as —', () => {
    const row = { member_id: 'a', phone: '13812341234', tier: '金卡', stage: 'at_risk', last_date: '2026-01-01', days_since: 100, purchase_days: 3, spend: 800 };
    expect(winBackDisplayRows([row], true)[0].phone).toBe('138****1234');
    expect(winBackDisplayRows([row], false)[0].phone).toBe('13812341234');
    expect(winBackDisplayRows([{ ...row, phone: null }], true)[0].phone).toBe('—');
    expect(winBackDisplayRows([{ ...row, phone: null }], false)[0].phone).toBe('—');
  });
});
