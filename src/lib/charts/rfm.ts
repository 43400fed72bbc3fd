/** Pure builder: RFM groups as a treemap (area = members), in the scheme's display order. */
import type { MetricRow } from '../metrics/index.ts';
import type { EChartsCoreOption } from 'echarts/core';
import { formatValue, type Lang } from '../format.ts';
import { FONT_FAMILY } from './theme.ts';

export type RfmGroupRow = MetricRow<'rfm_groups'>;

/**
 * Colours by what a group asks of the store (Okabe–Ito hues): keep = blue / green, grow = sky,
 * watch = orange, win back = vermilion, gone = grey. `text` keeps labels readable on each fill.
 */
export const GROUP_COLORS: Readonly<Record<string, { fill: string; text: string }>> = {
  champions: { fill: '#0072B2', text: '#fff' },
  loyal: { fill: '#009E73', text: '#fff' },
  potential_loyalist: { fill: '#56B4E9', text: '#111' },
  new: { fill: '#A6D8F2', text: '#111' },
  promising: { fill: '#CFE8F7', text: '#111' },
  need_attention: { fill: '#F0E442', text: '#111' },
  about_to_sleep: { fill: '#E69F00', text: '#111' },
  at_risk: { fill: '#D55E00', text: '#fff' },
  cannot_lose: { fill: '#CC79A7', text: '#111' },
  hibernating: { fill: '#BBBBBB', text: '#111' },
  lost: { fill: '#888888', text: '#fff' },
  important_value: { fill: '#0072B2', text: '#fff' },
  important_retain: { fill: '#CC79A7', text: '#111' },
  important_develop: { fill: '#009E73', text: '#fff' },
  important_winback: { fill: '#D55E00', text: '#fff' },
  general_value: { fill: '#56B4E9', text: '#111' },
  general_retain: { fill: '#F0E442', text: '#111' },
  general_develop: { fill: '#A6D8F2', text: '#111' },
  general_winback: { fill: '#BBBBBB', text: '#111' },
};
const FALLBACK = { fill: '#999999', text: '#111' };

/**
 * Below this share a tile is too narrow for "285 · 2.4%": wrapped, it stood one character per line. Such a
 * tile shows its name only, cut with "…" rather than broken into letters (a phone's tiles are narrower still);
 * the count and share are in the tooltip and the group table beside the chart.
 */
export const SMALL_TILE_SHARE = 0.03;
const small = (r: RfmGroupRow) => (r.share ?? 0) < SMALL_TILE_SHARE;

function fullLabel(name: string, r: RfmGroupRow, lang: Lang): string {
  return `${name}\n${formatValue(r.members, 'count', lang)} · ${formatValue(r.share, 'ratio', lang)}`;
}

/** Each treemap node keeps the group id in `id`, so a click can open that group's member list. */
export function buildRfmTreemapOption(rows: readonly RfmGroupRow[], order: readonly string[], label: (id: string) => string, lang: Lang): EChartsCoreOption {
  const sorted = [...rows].filter((r) => r.members > 0).sort((a, b) => order.indexOf(a.group) - order.indexOf(b.group));
  return {
    textStyle: { fontFamily: FONT_FAMILY },
    animation: false,
    tooltip: { renderMode: 'richText', formatter: (p: { data: { full: string } }) => p.data.full },
    series: [
      {
        type: 'treemap',
        roam: false,
        nodeClick: false,
        breadcrumb: { show: false },
        width: '100%',
        height: '100%',
        top: 0,
        left: 0,
        label: { show: true, fontSize: 13, overflow: 'break' }, // wrap by width rather than cut "305 · 2.6%" to "305 · 2…"
        upperLabel: { show: false },
        itemStyle: { borderColor: '#fff', borderWidth: 2, gapWidth: 2 },
        data: sorted.map((r) => ({
          id: r.group,
          name: small(r) ? label(r.group) : fullLabel(label(r.group), r, lang),
          full: fullLabel(label(r.group), r, lang),
          value: r.members,
          itemStyle: { color: (GROUP_COLORS[r.group] ?? FALLBACK).fill },
          label: { color: (GROUP_COLORS[r.group] ?? FALLBACK).text, ...(small(r) ? { overflow: 'truncate', ellipsis: '…' } : {}) },
        })),
      },
    ],
  };
}
