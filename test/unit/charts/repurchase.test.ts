import { describe, expect, it } from 'vitest';
import { buildGapHistogramOption, gapBinLabel } from '../../../src/lib/charts/distribution.ts';
import { buildNewReturningOption, buildRateTrendOption, buildSegmentBarsOption } from '../../../src/lib/charts/repurchase.ts';

const row = (month: string, rr: number | null, rt: number | null, fresh = 1, ret = 2) => ({
  month,
  buyers: fresh + ret,
  repurchase_rate: rr,
  return_to_store_rate: rt,
  new_buyers: fresh,
  returning_buyers: ret,
});
const names = { repurchase: '复购率', ret: '回店率', suffix: '（对比期）' };

describe('buildRateTrendOption', () => {
  it('solid current lines and dashed comparison lines aligned from the end', () => {
    const cur = [row('2024-02', 0.5, 0.6), row('2024-03', 0.4, null)];
    const cmp = [row('2023-12', 0.9, 0.9), row('2024-01', 0.3, 0.2), row('2024-02', 0.35, 0.25)];
    const o = buildRateTrendOption(cur, cmp, names, 'zh') as any;
    expect(o.xAxis.data).toEqual(['2024-02', '2024-03']);
    expect(o.series.map((s: any) => [s.name, s.data, s.lineStyle.type])).toEqual([
      ['复购率', [0.5, 0.4], 'solid'],
      ['回店率', [0.6, null], 'solid'],
      ['复购率（对比期）', [0.3, 0.35], 'dashed'],
      ['回店率（对比期）', [0.2, 0.25], 'dashed'],
    ]);
    expect(o.yAxis.axisLabel.formatter(0.4)).toBe('40%');
  });
  it('leaves comparison gaps when the comparison window is shorter', () => {
    const o = buildRateTrendOption([row('a', 0.1, 0.1), row('b', 0.2, 0.2)], [row('z', 0.3, 0.3)], names, 'en') as any;
    expect(o.series[2].data).toEqual([null, 0.3]);
  });
});

describe('buildNewReturningOption and buildSegmentBarsOption', () => {
  it('stacks new and returning buyers per month', () => {
    const o = buildNewReturningOption([row('2024-01', 0, 0, 3, 1)], { fresh: 'New', returning: 'Returning' }, 'en') as any;
    expect(o.series.map((s: any) => [s.name, s.stack, s.data])).toEqual([
      ['New', 'buyers', [3]],
      ['Returning', 'buyers', [1]],
    ]);
  });
  it('grouped bars per key, other keys faded when one is selected', () => {
    const rows = [
      { key: 'S1', buyers: 3, repurchase_rate: 1 / 3, return_to_store_rate: 0.5 },
      { key: 'S2', buyers: 2, repurchase_rate: 0.5, return_to_store_rate: null },
    ];
    const o = buildSegmentBarsOption(rows, names, ['S2'], 'zh') as any;
    expect(o.xAxis.data).toEqual(['S1', 'S2']);
    expect(o.series[0].data.map((d: any) => [d.value, d.itemStyle.opacity])).toEqual([
      [1 / 3, 0.35],
      [0.5, 1],
    ]);
    expect(o.series[1].data.map((d: any) => d.value)).toEqual([0.5, null]);
    expect(o.series[0].label.formatter({ value: 0.5 })).toBe('50.0%');
  });
});

describe('buildGapHistogramOption', () => {
  it('bins labelled in days, counts as bars, share on top', () => {
    const rows = [
      { min_days: 1, max_days: 7, gaps: 3, share: 0.75 },
      { min_days: 366, max_days: null, gaps: 1, share: 0.25 },
    ];
    const o = buildGapHistogramOption(rows, { gaps: 'Gaps', axis: 'days' }, 'en') as any;
    expect(o.xAxis.data).toEqual(['1–7 d', '366+ d']);
    expect(o.series[0].data).toEqual([3, 1]);
    expect(o.series[0].label.formatter({ dataIndex: 1 })).toBe('25.0%');
    expect(gapBinLabel(rows[0], 'zh')).toBe('1–7天');
  });
});
