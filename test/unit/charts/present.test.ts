// Slide text is ≥ 18 px and black; every chart carries an aria description of what it shows.
import { describe, expect, it } from 'vitest';
import { buildRadarOption } from '../../../src/lib/charts/radar.ts';
import { describeChart, presentOption, PRESENT_FONT, withAria } from '../../../src/lib/charts/present.ts';
import { buildStoreLinesOption } from '../../../src/lib/charts/store-story.ts';
import { buildTrendOption } from '../../../src/lib/charts/trend.ts';

type O = Record<string, any>;

describe('presentOption', () => {
  it('tick labels, axis names and legends become ≥ 18 px and black, on single and dual axes', () => {
    const base = buildTrendOption([{ month: '2026-01', sales: 1, orders: 1, buyers: 1 }], 'zh') as O;
    const o = presentOption(base) as O;
    expect(o.xAxis.axisLabel.fontSize).toBeGreaterThanOrEqual(PRESENT_FONT);
    expect(o.xAxis.axisLabel.hideOverlap).toBe(true); // existing settings kept
    o.yAxis.forEach((y: O, i: number) => {
      expect(y.axisLabel.fontSize).toBeGreaterThanOrEqual(18);
      expect(y.axisLabel.formatter).toBe(base.yAxis[i].axisLabel.formatter); // ¥ / 万 formats kept
      expect(y.nameTextStyle.color).toBe('#000000');
    });
    expect(o.legend.textStyle).toMatchObject({ fontSize: 18, color: '#000000' });
    expect(base.legend.textStyle).toBeUndefined(); // pure: the input is untouched
  });
  it('radar names and data labels grow too; narrow-card media rules are dropped', () => {
    const radar = buildRadarOption({ kpis: ['a'], rows: [{ store: 'S', scores: { a: 1 } }] } as never, { a: 'a' }, [], 'b', 'zh') as O;
    const o = presentOption(radar) as O;
    expect(o.radar.axisName.fontSize).toBe(18);
    expect(o.media).toBeUndefined();
    const lines = presentOption({ series: [{ type: 'bar', label: { show: true, fontSize: 12 } }] }) as O;
    expect(lines.series[0].label.fontSize).toBe(18);
  });
});

describe('chart descriptions (aria)', () => {
  it('names the chart, its kind, series and month range, then the takeaway', () => {
    const o = buildStoreLinesOption(
      [
        { month: '2026-01', store: '社区店', value: 1 },
        { month: '2026-03', store: '旗舰店', value: 2 },
      ],
      'count',
      'zh',
    );
    expect(describeChart(o, '流失会员', 'zh', '社区店最多')).toBe('流失会员：折线图。系列：旗舰店、社区店。横轴 2026-01 至 2026-03，共 2 项。社区店最多。');
    expect(describeChart(o, 'Members lost', 'en')).toBe('Members lost: line chart. series: 旗舰店, 社区店. x axis 2026-01 to 2026-03, 2 items.');
    const aria = (withAria(o, 'd') as O).aria;
    expect(aria).toMatchObject({ enabled: true, label: { enabled: true, description: 'd' } });
  });
});
