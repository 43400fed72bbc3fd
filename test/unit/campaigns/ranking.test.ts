// rankWhatPays: campaigns and DiD-estimated benefits in one ranking by margin per ¥; benefits whose groups moved apart
// before (pre-trend failed) or that cost nothing stay out.
import { describe, expect, it } from 'vitest';
import type { DidSummary } from '../../../src/lib/campaigns/did-report.ts';
import { rankWhatPays } from '../../../src/lib/campaigns/ranking.ts';
import type { CampaignSummary } from '../../../src/lib/campaigns/report.ts';

const i = (estimate: number) => ({ estimate, lower: estimate - 1, upper: estimate + 1 });
const did = (subject: string, m: number | null, plausible = true, kind: DidSummary['kind'] = 'benefit'): DidSummary => {
  const r = { estimate: i(0), preTrend: i(0), parallelTrendsPlausible: plausible };
  return { kind, subject, pairs: 10, unmatched: 0, buyers: r, orders: r, sales: r, costPerMember: m === null ? 0 : 5, marginPerYuan: m === null ? null : i(m) };
};
const campaign = (id: string, m: number | null) => ({ id, name: `活动${id}`, marginPerYuan: m === null ? null : i(m) }) as CampaignSummary;

describe('rankWhatPays', () => {
  it('orders campaigns and benefits together, best margin per ¥ first, and marks benefits as estimates', () => {
    const r = rankWhatPays(
      [campaign('A', 4.5), campaign('B', 0.4), campaign('C', null)],
      [did('生日礼', 3), did('会员日', 9, false), did('积分兑换', null), did('金卡', 7, true, 'tier_upgrade')],
      'zh',
    );
    expect(r.map((x) => [x.name, x.estimate, x.source])).toEqual([
      ['活动A', 4.5, 'campaign'],
      ['生日礼（估计）', 3, 'benefit'],
      ['活动B', 0.4, 'campaign'],
    ]);
    expect(rankWhatPays([], [did('生日礼', 3)], 'en')[0].name).toBe('生日礼 (estimate)');
  });
});
