// When EChart.svelte merges a new option into the chart on screen instead of replacing it
// (src/lib/charts/option-shape.ts): only for options of the same shape, and then the chart ends up
// with exactly the option a fresh chart would get. Checked with real ECharts (server-side SVG, no
// DOM) on the filter click's charts: the trend of another store and the radar with another store picked.
import { RadarChart, BarChart, LineChart } from 'echarts/charts';
import { GridComponent, LegendComponent, MarkAreaComponent, RadarComponent, TooltipComponent } from 'echarts/components';
import * as echarts from 'echarts/core';
import { SVGRenderer } from 'echarts/renderers';
import { describe, expect, it } from 'vitest';
import { optionKey, optionShape } from '../../../src/lib/charts/option-shape.ts';
import { buildRadarOption } from '../../../src/lib/charts/radar.ts';
import { buildTrendOption, type TrendRow } from '../../../src/lib/charts/trend.ts';
import { normaliseAgainstBenchmark } from '../../../src/lib/metrics/compass.ts';

echarts.use([RadarChart, BarChart, LineChart, GridComponent, LegendComponent, MarkAreaComponent, RadarComponent, TooltipComponent, SVGRenderer]);

const chart = () => echarts.init(null as unknown as HTMLElement, undefined, { renderer: 'svg', ssr: true, width: 600, height: 300 });
/** The model after drawing `options` in turn, merging each into the last when their shapes match (as EChart.svelte does). */
function drawn(options: object[]): unknown {
  const c = chart();
  let last = '';
  for (const o of options) {
    const shape = optionShape(o);
    c.setOption(o as echarts.EChartsCoreOption, { notMerge: shape !== last });
    last = shape;
  }
  const model = c.getOption();
  c.dispose();
  return pruned(JSON.parse(JSON.stringify(model)));
}
/** Empty objects set nothing (ECharts fills some in when it builds a model from scratch, e.g. markArea items' `label: {}`): left out. */
function pruned(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(pruned);
  if (!v || typeof v !== 'object') return v;
  const out: Record<string, unknown> = {};
  for (const [k, x] of Object.entries(v)) {
    const p = pruned(x);
    if (!(p && typeof p === 'object' && !Array.isArray(p) && Object.keys(p).length === 0)) out[k] = p;
  }
  return out;
}

const months = ['2026-01', '2026-02', '2026-03'];
const trend = (k: number): TrendRow[] => months.map((month, i) => ({ month, sales: 1000 * k + i, orders: 10 * k + i, buyers: 5 * k + i }));
const compass = normaliseAgainstBenchmark(
  [
    { store: 'A', repurchase_rate: 0.5, aov: 100 },
    { store: 'B', repurchase_rate: 0.25, aov: 150 },
    { store: 'C', repurchase_rate: 0.75, aov: 120 },
  ],
  {},
  ['repurchase_rate', 'aov'],
);
const labels = { repurchase_rate: '复购率', aov: '客单价' };

describe('optionShape', () => {
  it('same keys, kinds and type/id/name values: same shape; numbers, texts and arrays inside a component may differ', () => {
    expect(optionShape({ series: [{ type: 'bar', name: 'a', data: [1, 2] }], title: { text: 'x' } })).toBe(
      optionShape({ title: { text: 'y' }, series: [{ name: 'a', type: 'bar', data: [3, null, { value: 4, itemStyle: {} }] }] }),
    );
  });
  it('differs for a key left out, another series type or name, another number of series, an object for a text', () => {
    const base = optionShape({ series: [{ type: 'bar', name: 'a', data: [1, 2], itemStyle: { color: 'red' } }] });
    for (const other of [
      { series: [{ type: 'bar', name: 'a', data: [1, 2] }] },
      { series: [{ type: 'line', name: 'a', data: [1, 2], itemStyle: { color: 'red' } }] },
      { series: [{ type: 'bar', name: 'b', data: [1, 2], itemStyle: { color: 'red' } }] },
      {
        series: [
          { type: 'bar', name: 'a', data: [1, 2], itemStyle: { color: 'red' } },
          { type: 'bar', name: 'b', data: [1, 2], itemStyle: { color: 'red' } },
        ],
      },
      { series: [{ type: 'bar', name: 'a', data: [1, 2], itemStyle: null }] },
      { series: [{ type: 'bar', name: 'a', data: [1, 2], itemStyle: { color: { type: 'linear' } } }] },
      { series: [{ type: 'bar', name: 'a', data: [1, 2], itemStyle: { color: 'red' } }], legend: {} },
    ])
      expect(optionShape(other), JSON.stringify(other)).not.toBe(base);
  });
});

describe('a chart merged with an option of the same shape holds what a fresh chart would', () => {
  it('the trend of another store (same months), with the period shaded', () => {
    const highlight = { from: '2026-02', to: '2026-03' };
    const first = buildTrendOption(trend(1), 'zh', highlight) as object;
    const second = buildTrendOption(trend(2), 'zh', highlight) as object;
    expect(optionShape(second)).toBe(optionShape(first)); // the click's case: merged
    expect(drawn([first, second])).toEqual(drawn([second]));
  });
  it('the radar with a store picked, then another, then none', () => {
    const options = [[], ['A'], ['B'], []].map((sel) => buildRadarOption(compass, labels, sel, '基准', 'zh') as object);
    expect(new Set(options.map(optionShape)).size).toBe(1); // the click's case: merged
    for (let i = 1; i < options.length; i++) expect(drawn(options.slice(0, i + 1)), `step ${i}`).toEqual(drawn([options[i]]));
  });
  it('fewer months, and the shaded period gone: merged or replaced, nothing of the old option is left', () => {
    const first = buildTrendOption(trend(1), 'zh', { from: '2026-02', to: '2026-03' }) as object;
    const fewer = buildTrendOption(trend(2).slice(0, 2), 'zh', { from: '2026-02', to: '2026-03' }) as object;
    const unshaded = buildTrendOption(trend(2), 'zh') as object;
    expect(drawn([first, fewer])).toEqual(drawn([fewer]));
    expect(drawn([first, unshaded])).toEqual(drawn([unshaded]));
  });
});

describe('optionKey: the option already drawn is not drawn again (EChart.svelte)', () => {
  it('the radar and the trend derived again from the same inputs (a filter click re-derives them): the same key', () => {
    const radar = () => buildRadarOption(compass, labels, ['A'], '基准', 'zh');
    expect(optionKey(radar())).toBe(optionKey(radar()));
    // A new period object with the same months (the view read back from the URL hash) gives the same trend.
    const period = () => ({ from: '2026-02', to: '2026-03' });
    expect(optionKey(buildTrendOption(trend(1), 'zh', period()))).toBe(optionKey(buildTrendOption(trend(1), 'zh', period())));
  });
  it('any other content is another key: another store picked, other numbers, a key set to undefined or left out, NaN, another function', () => {
    const keys = [
      optionKey(buildRadarOption(compass, labels, ['A'], '基准', 'zh')),
      optionKey(buildRadarOption(compass, labels, ['B'], '基准', 'zh')),
      optionKey(buildRadarOption(compass, labels, [], '基准', 'zh')),
      optionKey(buildTrendOption(trend(1), 'zh')),
      optionKey(buildTrendOption(trend(2), 'zh')),
      optionKey(buildTrendOption(trend(1), 'zh', { from: '2026-02', to: '2026-03' })),
    ];
    expect(new Set(keys).size).toBe(keys.length);
    const f = () => 'x';
    const g = () => 'x';
    const variants = [{ a: 1 }, { a: 1, b: undefined }, { a: null }, { a: NaN }, { a: Infinity }, { a: '1' }, { a: [1] }, { a: f }, { a: g }, { a: new Date(0) }, { a: {} }];
    const vk = variants.map(optionKey);
    expect(new Set(vk).size).toBe(vk.length);
    expect(optionKey({ a: f })).toBe(optionKey({ a: f })); // the same function object: the same option
  });
});
