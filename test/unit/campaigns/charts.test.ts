// The 权益与营销 chart builders: the funnel sums the type × tier × store rows per type, and the options carry
// those sums as series data; the ranking is drawn best on top, coloured by what its interval says about break-even.
import { describe, expect, it } from 'vitest';
import { buildFunnelOption, buildRankingOption, funnelByType } from '../../../src/lib/charts/benefits.ts';

const row = (benefit_type: string, issued: number, used: number, redeemed: number) => ({
  benefit_type,
  issued,
  used,
  redeemed_with_purchase: redeemed,
  expired_unused: issued - used,
  face_value: 10 * issued,
  cost: 5 * used,
});

describe('funnelByType', () => {
  it('sums rows of one type over tiers and stores, most issued first, with use shares', () => {
    const out = funnelByType([row('生日礼', 2, 1, 1), row('优惠券', 5, 1, 0), row('生日礼', 2, 2, 1)]);
    expect(out.map((r) => [r.benefit_type, r.issued, r.used, r.redeemed_with_purchase, r.usedShare, r.cost])).toEqual([
      ['优惠券', 5, 1, 0, 0.2, 5],
      ['生日礼', 4, 3, 2, 0.75, 15],
    ]);
  });
  it('the option draws issued, used and used-with-purchase per type', () => {
    const opt = buildFunnelOption(funnelByType([row('生日礼', 4, 3, 2)]), 'en') as { series: { data: number[] }[]; xAxis: { data: string[] } };
    expect(opt.xAxis.data).toEqual(['生日礼']);
    expect(opt.series.map((s) => s.data)).toEqual([[4], [3], [2]]);
  });
});

describe('buildRankingOption', () => {
  it('best on top (ECharts categories run bottom-up); green only when the whole interval is above 1, vermilion when below', () => {
    const opt = buildRankingOption(
      [
        { name: 'A', estimate: 4.5, lower: 1.2, upper: 7 },
        { name: 'B', estimate: 2, lower: 0.5, upper: 3 },
        { name: 'C', estimate: 0.3, lower: -1, upper: 0.9 },
      ],
      'zh',
    ) as { yAxis: { data: string[] }; series: { data: { value: number; itemStyle: { color: string } }[] }[] };
    expect(opt.yAxis.data).toEqual(['C', 'B', 'A']);
    const [c, b, a] = opt.series[0].data;
    expect([a.value, b.value, c.value]).toEqual([4.5, 2, 0.3]);
    expect(a.itemStyle.color).toBe('#009E73');
    expect(c.itemStyle.color).toBe('#D55E00');
    expect(b.itemStyle.color).toBe('#56B4E9');
  });
});
