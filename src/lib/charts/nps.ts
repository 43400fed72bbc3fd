/** Pure builders for the 满意度 panel: monthly NPS / CSAT per store, NPS by segment, repurchase by NPS class. */
import type { MetricRow } from '../metrics/index.ts';
import { DETRACTOR_MAX, NPS_CLASS_LABELS, PROMOTER_MIN, type NpsClass } from '../concepts/nps-class.ts';
import { getMetric } from '../metrics/index.ts';
import type { EChartsCoreOption } from 'echarts/core';
import { formatValue, type Lang } from '../format.ts';
import { defineStrings } from '../i18n.ts';
import { storeStyle } from './store-colours.ts';
import { FONT_FAMILY, PALETTE } from './theme.ts';
import { axisTooltip, esc, periodBand } from './tooltip.ts';

export interface SatisfactionTrendRow {
  month: string;
  /** Survey store; null = all stores. */
  segment: string | null;
  nps_responses: number;
  nps: number | null;
  csat_responses: number;
  csat: number | null;
}

export type NpsSegmentRow = Pick<MetricRow<'nps_by'>, 'segment' | 'responses' | 'nps'>;

export interface NpsClassRow {
  nps_class: 'promoter' | 'passive' | 'detractor';
  buyers: number;
  repurchase_rate: number | null;
}

const s = defineStrings({
  all: { zh: '全部门店', en: 'All stores' },
});

const RANGES: Record<NpsClass, string> = {
  promoter: `${PROMOTER_MIN}–10`,
  passive: `${DETRACTOR_MAX + 1}–${PROMOTER_MIN - 1}`,
  detractor: `0–${DETRACTOR_MAX}`,
};

/** Display name of an NPS class with its score range: 推荐者 (9–10) / Promoters (9–10). */
export const npsClassLabel = (c: NpsClass, lang: Lang): string => {
  const name = NPS_CLASS_LABELS[c][lang];
  return `${lang === 'en' ? name[0].toUpperCase() + name.slice(1) : name} (${RANGES[c]})`;
};

const base = (): EChartsCoreOption => ({ color: PALETTE, textStyle: { fontFamily: FONT_FAMILY }, animation: false });

/**
 * One line per store plus a thick black "all stores" line, so one store's dip stands out.
 * `measure` picks NPS (−100..100) or CSAT (ratio); `band` shades the selected period.
 */
export function buildSatisfactionTrendOption(rows: readonly SatisfactionTrendRow[], measure: 'nps' | 'csat', lang: Lang, band?: { from: string; to: string }): EChartsCoreOption {
  const months = [...new Set(rows.map((r) => r.month))].sort();
  const segments = [...new Set(rows.map((r) => r.segment))].sort((a, b) => (a === null ? -1 : b === null ? 1 : a.localeCompare(b)));
  const unit = measure === 'nps' ? 'score' : 'ratio';
  const series = segments.map((seg, i) => {
    const byMonth = new Map(rows.filter((r) => r.segment === seg).map((r) => [r.month, r[measure]]));
    const all = seg === null;
    const style = all ? { colour: '#000000', dash: 'solid' as const, symbol: 'circle' } : storeStyle(seg);
    return {
      name: all ? s('all', lang) : seg,
      type: 'line',
      data: months.map((m) => byMonth.get(m) ?? null),
      symbol: style.symbol,
      symbolSize: all ? 6 : 5,
      lineStyle: { width: all ? 3 : 2, color: style.colour, type: style.dash },
      itemStyle: { color: style.colour },
      z: all ? 3 : 2,
      ...(i === 0 ? periodBand(band) : {}),
    };
  });
  return {
    ...base(),
    grid: { left: 48, right: 24, top: 40, bottom: 32 },
    legend: { top: 0, type: 'scroll' },
    tooltip: { trigger: 'axis', formatter: axisTooltip((v) => formatValue(v, unit, lang)) },
    xAxis: { type: 'category', data: months, axisLabel: { hideOverlap: true } },
    yAxis: measure === 'nps' ? { type: 'value', min: -100, max: 100 } : { type: 'value', min: 0, max: 1, axisLabel: { formatter: (v: number) => formatValue(v, 'ratio', lang) } },
    series,
  };
}

/** Horizontal NPS bars per segment (blue ≥ 0, vermilion < 0); each data item keeps its raw `segment` for clicks. */
export function buildNpsBySegmentOption(rows: readonly NpsSegmentRow[], labelOf: (segment: string) => string, lang: Lang): EChartsCoreOption {
  const shown = [...rows].reverse(); // first row on top
  return {
    ...base(),
    grid: { left: 8, right: 48, top: 8, bottom: 24, containLabel: true },
    tooltip: {
      trigger: 'item',
      formatter: (p: { name?: string; value?: unknown; data?: { responses?: number } }) =>
        `${esc(p.name)}: NPS ${esc(formatValue(typeof p.value === 'number' ? p.value : null, 'score', lang))} (n = ${esc(p.data?.responses ?? '')})`,
    },
    xAxis: { type: 'value', min: -100, max: 100 },
    yAxis: { type: 'category', data: shown.map((r) => labelOf(r.segment ?? '(unknown)')), axisLabel: { width: 110, overflow: 'truncate' } },
    series: [
      {
        type: 'bar',
        barMaxWidth: 28,
        cursor: 'pointer',
        label: { show: true, position: 'right', formatter: (p: { value: number | null }) => formatValue(p.value, 'score', lang) },
        data: shown.map((r) => ({
          value: r.nps,
          segment: r.segment,
          responses: r.responses,
          itemStyle: { color: (r.nps ?? 0) >= 0 ? PALETTE[0] : PALETTE[3] },
        })),
      },
    ],
  };
}

const CLASS_COLOURS = { promoter: PALETTE[0], passive: PALETTE[5], detractor: PALETTE[3] } as const;

/** Repurchase rate of promoters, passives and detractors (bars, % labels); data items keep `npsClass`. */
export function buildNpsClassOption(rows: readonly NpsClassRow[], lang: Lang): EChartsCoreOption {
  const pct = (v: number | null) => formatValue(v, 'ratio', lang);
  return {
    ...base(),
    grid: { left: 48, right: 16, top: 24, bottom: 32 },
    tooltip: {
      trigger: 'item',
      formatter: (p: { name?: string; value?: unknown; data?: { buyers?: number } }) =>
        `${esc(p.name)}: ${esc(pct(typeof p.value === 'number' ? p.value : null))} (${esc(getMetric('repurchase_rate').label[lang])}, n = ${esc(p.data?.buyers ?? '')})`,
    },
    xAxis: { type: 'category', data: rows.map((r) => npsClassLabel(r.nps_class, lang)) },
    yAxis: { type: 'value', min: 0, max: 1, axisLabel: { formatter: (v: number) => pct(v) } },
    series: [
      {
        type: 'bar',
        barMaxWidth: 56,
        cursor: 'pointer',
        label: { show: true, position: 'top', formatter: (p: { value: number | null }) => pct(p.value) },
        data: rows.map((r) => ({ value: r.repurchase_rate, npsClass: r.nps_class, buyers: r.buyers, itemStyle: { color: CLASS_COLOURS[r.nps_class] } })),
      },
    ],
  };
}
