import { describe, expect, it } from 'vitest';
import { buildRadarOption, buildScorecardOption, radarAxes, radarMax, SCORE_PIECES, wrapLabel } from '../../../src/lib/charts/radar.ts';
import { normaliseAgainstBenchmark } from '../../../src/lib/metrics/compass.ts';

const kpis = ['repurchase_rate', 'aov'] as const;
const compass = normaliseAgainstBenchmark(
  [
    { store: 'A', repurchase_rate: 0.5, aov: 100 },
    { store: 'B', repurchase_rate: 0.25, aov: 150 },
    { store: 'C', repurchase_rate: 0.75, aov: null },
  ],
  {},
  kpis,
); // medians 0.5 and 125 → A 100 / 80, B 50 / 120, C 150 / —
const labels = { repurchase_rate: '复购率', aov: '客单价' };

describe('buildRadarOption', () => {
  it('one polygon per store in index units plus a benchmark ring at 100', () => {
    const full = normaliseAgainstBenchmark(
      [
        { store: 'A', repurchase_rate: 0.5, aov: 100 },
        { store: 'B', repurchase_rate: 0.25, aov: 150 },
      ],
      {},
      kpis,
    ); // medians 0.375 and 125 → A 133.3 / 80, B 66.7 / 120
    const o = buildRadarOption(full, labels, [], '基准', 'zh') as any;
    expect(o.radar.indicator).toEqual([
      { name: '复购率', max: 140, min: 0 },
      { name: '客单价', max: 140, min: 0 },
    ]); // top score 133.3 → 140
    expect(o.series[0].data.map((d: any) => [d.name, d.value])).toEqual([
      ['A', [133.3, 80]],
      ['B', [66.7, 120]],
      ['基准', [100, 100]],
    ]);
    expect(o.title).toBeUndefined();
  });
  it('regression: an axis some store has no data for is named as "no data", never drawn as 0 at the centre', () => {
    expect(radarAxes(compass)).toEqual({ drawn: ['repurchase_rate'], noData: ['aov'] });
    const o = buildRadarOption(compass, labels, [], '基准', 'zh') as any;
    expect(o.radar.indicator.map((i: any) => i.name)).toEqual(['复购率']);
    const data = o.series[0].data;
    expect(data.map((d: any) => [d.name, d.value])).toEqual([
      ['A', [100]],
      ['B', [50]],
      ['C', [150]],
      ['基准', [100]],
    ]);
    expect(o.title.subtext).toContain('客单价');
    expect(o.title.subtext).toContain('无数据');
    expect((buildRadarOption(compass, labels, [], 'Benchmark', 'en') as any).title.subtext).toMatch(/^No data .*客单价$/);
    expect(data[3].lineStyle.type).toBe('dashed');
    expect(o.legend.data.map((d: string | { name: string }) => (typeof d === 'string' ? d : d.name))).toEqual(['A', 'B', 'C', '基准']);
    expect(o.tooltip.renderMode).toBe('richText');
  });
  it('draws the selected store bold and filled, the others faint', () => {
    const data = (buildRadarOption(compass, labels, ['B'], '基准', 'zh') as any).series[0].data;
    expect(data[1].lineStyle.width).toBeGreaterThan(data[0].lineStyle.width);
    expect(data[1].areaStyle).toBeDefined();
    expect(data[0].areaStyle).toBeUndefined();
    expect(data[0].lineStyle.opacity).toBeLessThan(1);
    expect(data[1].lineStyle.opacity).toBe(1);
  });
  it('keeps the scale between 120 and the cap', () => {
    expect(radarMax(normaliseAgainstBenchmark([{ store: 'A', aov: 1 }], {}, ['aov']))).toBe(120);
    expect(radarMax(normaliseAgainstBenchmark([{ store: 'A', aov: 10 }], { aov: 1 }, ['aov']))).toBe(200);
  });
  it('wraps long English axis names at a middle space, leaves Chinese alone', () => {
    expect(wrapLabel('Active member share')).toBe('Active\nmember share');
    expect(wrapLabel('净推荐值 NPS')).toBe('净推荐值 NPS');
  });
});

describe('buildScorecardOption', () => {
  it('store × KPI cells with rounded indices, "-" without a score, coloured by index pieces', () => {
    const o = buildScorecardOption(compass, labels, 'zh') as any;
    expect(o.yAxis.data).toEqual(['A', 'B', 'C']);
    expect(o.xAxis.data).toEqual(['复购率', '客单价']);
    expect(o.series[0].data).toEqual([
      [0, 0, 100],
      [1, 0, 80],
      [0, 1, 50],
      [1, 1, 120],
      [0, 2, 150],
      [1, 2, '-'],
    ]);
    expect(o.visualMap.pieces).toBe(SCORE_PIECES);
    const colour = (v: number) => SCORE_PIECES.find((p) => (p.gte === undefined || v >= p.gte) && (p.lt === undefined || v < p.lt))!.color;
    expect(colour(50)).toBe('#D55E00'); // far under: vermilion
    expect(colour(100)).toBe('#EEEEEE'); // on benchmark: neutral
  });
});

it('a narrow chart (1024 px screens, the printed report) shrinks the radar so axis names are not clipped', () => {
  const o = buildRadarOption(compass, labels, [], '基准', 'zh') as any;
  expect(o.radar.radius).toBe('62%');
  const narrow = o.media.find((m: any) => m.query.maxWidth <= 600);
  expect(narrow.option.radar.radius).toBe('48%');
  expect(parseFloat(narrow.option.radar.radius)).toBeLessThan(parseFloat(o.radar.radius));
});
