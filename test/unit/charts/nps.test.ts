// Satisfaction builders: per-store lines with the period band, NPS by segment, repurchase by class; escaped tooltips.
import { describe, expect, it } from 'vitest';
import { buildNpsBySegmentOption, buildNpsClassOption, buildSatisfactionTrendOption } from '../../../src/lib/charts/nps.ts';
import { axisTooltip, monthBand } from '../../../src/lib/charts/tooltip.ts';

const trend = [
  { month: '2025-10', segment: null, nps_responses: 10, nps: 20, csat_responses: 4, csat: 0.5 },
  { month: '2025-10', segment: '社区店', nps_responses: 5, nps: -40, csat_responses: 2, csat: 0.25 },
  { month: '2025-11', segment: null, nps_responses: 8, nps: 10, csat_responses: 0, csat: null },
  { month: '2025-11', segment: '<b>店</b>', nps_responses: 3, nps: 0, csat_responses: 0, csat: null },
];

describe('buildSatisfactionTrendOption', () => {
  const o = buildSatisfactionTrendOption(trend, 'nps', 'en', monthBand({ from: '2025-11-01', to: '2025-12-01' })) as any;
  it('one series per store after a thick "All stores" line; gaps stay null', () => {
    expect(o.xAxis.data).toEqual(['2025-10', '2025-11']);
    expect(o.series.map((x: any) => x.name)).toEqual(['All stores', '<b>店</b>', '社区店']);
    expect(o.series[0].data).toEqual([20, 10]);
    expect(o.series[0].lineStyle.width).toBe(3);
    expect(o.series[2].data).toEqual([-40, null]);
    expect(o.series[0].markArea.data).toEqual([[{ xAxis: '2025-11' }, { xAxis: '2025-11' }]]);
    expect(o.yAxis).toMatchObject({ min: -100, max: 100 });
  });
  it('CSAT as a ratio axis', () => {
    const c = buildSatisfactionTrendOption(trend, 'csat', 'zh') as any;
    expect(c.series[0].data).toEqual([0.5, null]);
    expect(c.series[0].name).toBe('全部门店');
    expect(c.yAxis.axisLabel.formatter(0.5)).toBe('50.0%');
  });
  it('the axis tooltip escapes series names', () => {
    const html = o.tooltip.formatter([{ axisValueLabel: '2025-11', seriesName: '<b>店</b>', seriesIndex: 1, value: 0, marker: '' }]);
    expect(html).toBe('2025-11<br/>&lt;b&gt;店&lt;/b&gt;: 0.0');
  });
});

describe('buildNpsBySegmentOption', () => {
  const rows = [
    { segment: '旗舰店', responses: 10, nps: 40 },
    { segment: '社区店', responses: 8, nps: -25 },
  ];
  const o = buildNpsBySegmentOption(rows, (x) => `#${x}`, 'zh') as any;
  it('bars top-down in row order, signed colours, raw segment kept for clicks', () => {
    expect(o.yAxis.data).toEqual(['#社区店', '#旗舰店']);
    expect(o.series[0].data.map((d: any) => [d.segment, d.value])).toEqual([
      ['社区店', -25],
      ['旗舰店', 40],
    ]);
    expect(o.series[0].data[0].itemStyle.color).not.toBe(o.series[0].data[1].itemStyle.color);
  });
  it('tooltip escapes the segment name', () => {
    expect(o.tooltip.formatter({ name: '<i>x</i>', value: 5, data: { responses: 3 } })).toBe('&lt;i&gt;x&lt;/i&gt;: NPS 5.0 (n = 3)');
  });
});

describe('buildNpsClassOption', () => {
  it('three classes with their repurchase rate and class key', () => {
    const o = buildNpsClassOption(
      [
        { nps_class: 'promoter', buyers: 4, repurchase_rate: 0.75 },
        { nps_class: 'passive', buyers: 2, repurchase_rate: 0.5 },
        { nps_class: 'detractor', buyers: 0, repurchase_rate: null },
      ],
      'en',
    ) as any;
    expect(o.xAxis.data).toEqual(['Promoters (9–10)', 'Passives (7–8)', 'Detractors (0–6)']);
    expect(o.series[0].data.map((d: any) => [d.npsClass, d.value])).toEqual([
      ['promoter', 0.75],
      ['passive', 0.5],
      ['detractor', null],
    ]);
    expect(o.series[0].label.formatter({ value: 0.75 })).toBe('75.0%');
  });
});

describe('axisTooltip / monthBand', () => {
  it('formats per series index and escapes the category', () => {
    const f = axisTooltip((v, i) => (i === 1 ? `${v}%` : String(v)));
    expect(
      f([
        { axisValueLabel: '<x>', seriesName: 'a', seriesIndex: 0, value: 1 },
        { axisValueLabel: '<x>', seriesName: 'b', seriesIndex: 1, value: 2 },
      ]),
    ).toBe('&lt;x&gt;<br/>a: 1<br/>b: 2%');
  });
  it('the band covers the months of a half-open period', () => {
    expect(monthBand({ from: '2026-08-03', to: '2026-11-01' })).toEqual({ from: '2026-08', to: '2026-10' });
  });
});
