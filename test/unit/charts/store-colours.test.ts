// Each store keeps one colour in every chart: the builders read one map.
import { describe, expect, it } from 'vitest';
import { buildSatisfactionTrendOption } from '../../../src/lib/charts/nps.ts';
import { buildRadarOption } from '../../../src/lib/charts/radar.ts';
import { registerStores, STORE_PALETTE, storeColour } from '../../../src/lib/charts/store-colours.ts';
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
});
