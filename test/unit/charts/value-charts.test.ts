// Value panel option builders: CLV histogram binning, P(alive) grid, holdout chart and its words.
import { describe, expect, it } from 'vitest';
import { binLabel, buildClvHistogramOption, histogram } from '../../../src/lib/charts/clv.ts';
import { buildHoldoutOption, holdoutErrorText } from '../../../src/lib/charts/holdout.ts';
import { buildPAliveHeatmapOption, pAliveGrid, pAliveGridOf, recencyLabels } from '../../../src/lib/charts/palive.ts';
import { PALETTE } from '../../../src/lib/charts/theme.ts';

describe('histogram', () => {
  it('bins 0..p99 equally and sends the tail to an open last bin; nulls skipped', () => {
    const values = [...Array.from({ length: 99 }, (_, i) => i), 10_000, null];
    const bins = histogram(values, 10);
    // 100 values, p99 = sorted[99] = 10000 → width 1000: 0..98 all in the first bin, 10000 in the tail.
    expect(bins).toHaveLength(11);
    expect(bins[0]).toEqual({ from: 0, to: 1000, count: 99 });
    expect(bins.at(-1)).toEqual({ from: 10_000, to: null, count: 1 });
    expect(bins.reduce((n, b) => n + b.count, 0)).toBe(100);
  });
  it('empty input → no bins; all zero → one open bin', () => {
    expect(histogram([null, null])).toEqual([]);
    expect(histogram([0, 0])).toEqual([{ from: 0, to: null, count: 2 }]);
  });
  it('option: one bar per bin, labels in ¥', () => {
    const bins = [
      { from: 0, to: 50, count: 3 },
      { from: 50, to: null, count: 1 },
    ];
    const o = buildClvHistogramOption(bins, { members: '会员数', axis: 'x' }, 'zh') as { xAxis: { data: string[] }; series: { data: number[] }[]; tooltip: { renderMode: string } };
    expect(o.xAxis.data).toEqual(['¥0–¥50', '≥¥50']);
    expect(o.series[0].data).toEqual([3, 1]);
    expect(o.tooltip.renderMode).toBe('richText');
    expect(binLabel({ from: 10_000, to: 20_000, count: 0 }, 'zh')).toBe('¥1万–¥2万');
  });
});

describe('pAliveGrid', () => {
  it('buckets x (10+) and months since the last purchase, mean P(alive) per cell', () => {
    // weeks: recency 2 weeks = 14 d < 1 month; 13 weeks = 91 d = 3.03 months → bucket 3–6.
    const cells = pAliveGrid(
      [
        { x: 0, recency: 2, p_alive: 1 },
        { x: 0, recency: 2, p_alive: 0.5 },
        { x: 12, recency: 13, p_alive: 0.2 },
        { x: 3, recency: 100, p_alive: 0.1 },
      ],
      7,
    );
    expect(cells).toEqual([
      { f: 0, r: 0, members: 2, meanPAlive: 0.75 },
      { f: 3, r: 6, members: 1, meanPAlive: 0.1 }, // 700 d ≈ 23 months → 12+
      { f: 10, r: 3, members: 1, meanPAlive: 0.2 },
    ]);
    expect(recencyLabels('en')).toEqual(['<1 mo', '1–2 mo', '2–3 mo', '3–6 mo', '6–9 mo', '9–12 mo', '12+ mo']);
  });
  it('from columns (what the value panel passes): the same cells as from member objects, every member counted once', () => {
    let seed = 7;
    const u = () => (seed = (seed * 16807) % 2147483647) / 2147483647;
    const members = Array.from({ length: 5000 }, () => ({ x: Math.floor(u() * 14), recency: u() * 80, p_alive: u() }));
    const cols = { x: members.map((m) => m.x), recency: members.map((m) => m.recency), pAlive: members.map((m) => m.p_alive) };
    const cells = pAliveGridOf(cols, 7);
    expect(cells).toEqual(pAliveGrid(members, 7));
    expect(cells.reduce((n, c) => n + c.members, 0)).toBe(5000);
    // cell (0, 0) by a plain filter: x rounds to 0 and the recency is under a month
    const first = members.filter((m) => Math.round(m.x) === 0 && (m.recency * 7) / 30 < 1);
    expect(cells[0]).toMatchObject({ f: 0, r: 0, members: first.length });
    expect(cells[0].meanPAlive).toBeCloseTo(first.reduce((s, m) => s + m.p_alive, 0) / first.length, 12);
  });
  it('heatmap option: cells as [f, r, mean, members], visual map 0–1 in colour-blind-safe ends', () => {
    const o = buildPAliveHeatmapOption([{ f: 1, r: 2, members: 5, meanPAlive: 0.4 }], { x: 'x', y: 'y', value: 'v' }, 'zh') as {
      series: { type: string; data: number[][] }[];
      visualMap: { min: number; max: number; inRange: { color: string[] } };
    };
    expect(o.series[0].type).toBe('heatmap');
    expect(o.series[0].data).toEqual([[1, 2, 0.4, 5]]);
    expect([o.visualMap.min, o.visualMap.max]).toEqual([0, 1]);
    expect(o.visualMap.inRange.color[0]).toBe(PALETTE[3]);
    expect(o.visualMap.inRange.color[2]).toBe(PALETTE[0]);
  });
});

describe('holdout chart', () => {
  it('predicted and actual bars per frequency group', () => {
    const o = buildHoldoutOption(
      [
        { label: '0', members: 10, predicted: 0.2, actual: 0.25 },
        { label: '7+', members: 2, predicted: 3, actual: 2.5 },
      ],
      { predicted: 'P', actual: 'A', axis: 'x' },
      'zh',
    ) as { xAxis: { data: string[] }; series: { name: string; data: number[] }[] };
    expect(o.xAxis.data).toEqual(['0', '7+']);
    expect(o.series.map((s) => [s.name, s.data])).toEqual([
      ['P', [0.2, 3]],
      ['A', [0.25, 2.5]],
    ]);
  });
  it('error in words', () => {
    expect(holdoutErrorText(0.134, 'zh')).toBe('模型在你过去的数据上预测误差 13%（多估）');
    expect(holdoutErrorText(-0.05, 'en')).toBe("On your past data the model's prediction was off by 5% (under-predicted)");
    expect(holdoutErrorText(null, 'zh')).toBe('检验期内没有复购，无法计算误差');
  });
});
