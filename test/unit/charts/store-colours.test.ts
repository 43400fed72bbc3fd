// Each store keeps one colour in every chart: the builders read one map.
import { describe, expect, it } from 'vitest';
import { buildSatisfactionTrendOption } from '../../../src/lib/charts/nps.ts';
import { buildRadarOption } from '../../../src/lib/charts/radar.ts';
import { registerStores, STORE_PALETTE, storeColour, storeStyle } from '../../../src/lib/charts/store-colours.ts';
import { buildNpsChurnOption, buildStoreLinesOption } from '../../../src/lib/charts/store-story.ts';

type Series = { name: string; type?: string; itemStyle?: { color?: string }; lineStyle?: { color?: string } };
const seriesOf = (o: unknown) => (o as { series: Series[] }).series;

describe('store colour map', () => {
  registerStores(['社区店', '旗舰店', '商场店']);
  const colour = { 社区店: storeColour('社区店'), 旗舰店: storeColour('旗舰店'), 商场店: storeColour('商场店') };

  it('gives distinct colours, independent of which stores a chart shows', () => {
    expect(new Set(Object.values(colour)).size).toBe(3);
    for (const c of Object.values(colour)) expect(STORE_PALETTE).toContain(c);
    const lines = buildStoreLinesOption([{ month: '2026-01', store: '商场店', value: 1 }], 'count', 'zh');
    expect(seriesOf(lines)[0].lineStyle?.color).toBe(colour['商场店']); // alone in the chart, still its own colour
  });

  it('the NPS trend, the radar and the story charts agree on every store', () => {
    const trend = buildSatisfactionTrendOption(
      ['商场店', '社区店', null].map((segment) => ({ month: '2026-01', segment, nps_responses: 1, nps: 10, csat_responses: 0, csat: null })),
      'nps',
      'zh',
    );
    expect(seriesOf(trend).filter((x) => x.name in colour)).toHaveLength(2);
    for (const s of seriesOf(trend).filter((x) => x.name in colour)) expect(s.itemStyle?.color, s.name).toBe(colour[s.name as keyof typeof colour]);
    const radar = buildRadarOption(
      {
        kpis: ['a'],
        rows: [
          { store: '旗舰店', scores: { a: 1 } },
          { store: '社区店', scores: { a: 1 } },
        ],
      } as never,
      { a: 'a' },
      [],
      'b',
      'zh',
    );
    const polys = (seriesOf(radar)[0] as unknown as { data: { name: string; lineStyle: { color: string } }[] }).data;
    expect(polys.filter((x) => x.name in colour)).toHaveLength(2);
    for (const p of polys.filter((x) => x.name in colour)) expect(p.lineStyle.color, p.name).toBe(colour[p.name as keyof typeof colour]);
    const nc = buildNpsChurnOption([{ month: '2026-01', value: -10 }], [{ month: '2026-02', value: 5 }], '社区店', { nps: 'NPS', churners: 'lost' }, 'zh');
    expect(seriesOf(nc).find((x) => x.type === 'bar')?.itemStyle?.color).toBe(colour['社区店']);
  });

  it('an unregistered store gets the same colour every time (hash of its name)', () => {
    expect(storeColour('浦东店')).toBe(storeColour('浦东店'));
    expect(STORE_PALETTE).toContain(storeColour('浦东店'));
  });

  it('past six stores no two stores are drawn alike: each round of six gets its own dash and symbol', () => {
    const chain = ['一店', '二店', '三店', '四店', '五店', '六店', '七店', '八店', '九店', '十店', '十一店', '十二店', '十三店'];
    registerStores(chain);
    const looks = chain.map((s) => JSON.stringify(storeStyle(s)));
    expect(new Set(looks).size).toBe(chain.length);
    expect(new Set(chain.map(storeColour)).size).toBe(STORE_PALETTE.length); // colours alone repeat
    const sorted = [...chain].sort((a, b) => a.localeCompare(b, 'zh-CN'));
    expect(storeStyle(sorted[0]).dash).toBe('solid'); // the first six look as before
    expect(storeStyle(sorted[6]).colour).toBe(storeStyle(sorted[0]).colour);
    expect(storeStyle(sorted[6]).dash).not.toEqual(storeStyle(sorted[0]).dash);
    expect(storeStyle(sorted[6]).symbol).not.toBe(storeStyle(sorted[0]).symbol);

    // the radar, the NPS trend and the store lines draw each store with its style
    const radar = buildRadarOption({ kpis: ['a'], rows: chain.map((store) => ({ store, scores: { a: 1 } })) } as never, { a: 'a' }, [], 'b', 'zh');
    const polys = (seriesOf(radar)[0] as unknown as { data: { name: string; symbol?: string; lineStyle: { color: string; type?: unknown } }[] }).data.filter((p) =>
      chain.includes(p.name),
    );
    for (const p of polys) expect({ colour: p.lineStyle.color, dash: p.lineStyle.type, symbol: p.symbol }, p.name).toEqual(storeStyle(p.name));
    const legend = (radar as { legend: { data: ({ name: string; icon?: string } | string)[] } }).legend.data.filter((d) => typeof d !== 'string');
    expect(legend.map((d) => (d as { icon: string }).icon)).toEqual(chain.map((s) => storeStyle(s).symbol)); // the legend tells them apart too
    const lines = buildStoreLinesOption(
      chain.map((store) => ({ month: '2026-01', store, value: 1 })),
      'count',
      'zh',
    );
    for (const l of seriesOf(lines) as (Series & { symbol?: string; lineStyle: { type?: unknown } })[])
      expect({ colour: l.lineStyle.color, dash: l.lineStyle.type, symbol: l.symbol }, l.name).toEqual(storeStyle(l.name));
    const trend = buildSatisfactionTrendOption(
      chain.map((segment) => ({ month: '2026-01', segment, nps_responses: 1, nps: 10, csat_responses: 0, csat: null })),
      'nps',
      'zh',
    );
    for (const l of seriesOf(trend) as (Series & { symbol?: string; lineStyle: { type?: unknown } })[])
      expect({ colour: l.lineStyle.color, dash: l.lineStyle.type, symbol: l.symbol }, l.name).toEqual(storeStyle(l.name));
  });
});
