import { describe, expect, it } from 'vitest';
import { buildTrendOption } from '../../../src/lib/charts/trend.ts';

const rows = [
  { month: '2024-01', sales: 590, orders: 8, buyers: 4 },
  { month: '2024-02', sales: 70, orders: 1, buyers: 1 },
];

describe('buildTrendOption', () => {
  it('puts months on the x axis, sales as bars and buyers as a line on the second axis', () => {
    const o = buildTrendOption(rows, 'zh') as any;
    expect(o.xAxis.data).toEqual(['2024-01', '2024-02']);
    expect(o.series.map((s: any) => [s.type, s.name, s.data])).toEqual([
      ['bar', '销售额', [590, 70]],
      ['line', '消费会员数', [4, 1]],
    ]);
    expect(o.series[1].yAxisIndex).toBe(1);
    expect(o.yAxis[0].axisLabel.formatter(15000)).toBe('¥1.5万');
    // the tooltip uses the money format of the sales column: ¥ with separators and cents for every month
    expect([590, 70].map(o.series[0].tooltip.valueFormatter)).toEqual(['¥590.00', '¥70.00']);
  });
  it('labels in English and shades the selected months', () => {
    const o = buildTrendOption(rows, 'en', { from: '2024-02', to: '2024-02' }) as any;
    expect(o.legend.data).toEqual(['Net sales', 'Buyers']);
    expect(o.series[0].markArea.data).toEqual([[{ xAxis: '2024-02' }, { xAxis: '2024-02' }]]);
  });
  it('never renders tooltips as HTML', () => {
    expect((buildTrendOption(rows, 'zh') as any).tooltip.renderMode).toBe('richText');
  });
});
