/** Pure builders for the 权益与营销 panel: the usage funnel by benefit type and the ranking by incremental margin per ¥. */
import type { MetricRow } from '../metrics/index.ts';
import type { EChartsCoreOption } from 'echarts/core';
import { formatValue, type Lang } from '../format.ts';
import { defineStrings } from '../i18n.ts';
import { FONT_FAMILY, PALETTE } from './theme.ts';
import { axisTooltip } from './tooltip.ts';

export interface FunnelRow {
  benefit_type: string;
  issued: number;
  used: number;
  redeemed_with_purchase: number;
  expired_unused: number;
  face_value: number;
  cost: number;
}

export interface FunnelByType extends FunnelRow {
  usedShare: number | null;
  redeemedShare: number | null;
}

const s = defineStrings({
  issued: { zh: '发放', en: 'Issued' },
  used: { zh: '核销', en: 'Used' },
  redeemed: { zh: '带消费核销', en: 'Used with a purchase' },
  perYuan: { zh: '每 ¥1 成本带来的增量毛利', en: 'Incremental margin per ¥1 of cost' },
});

/** The funnel rows (type × tier × store) summed per benefit type, most issued first. */
export function funnelByType(rows: readonly Pick<MetricRow<'benefit_funnel'>, keyof FunnelRow>[]): FunnelByType[] {
  const by = new Map<string, FunnelRow>();
  for (const r of rows) {
    const t = by.get(r.benefit_type) ?? { benefit_type: r.benefit_type, issued: 0, used: 0, redeemed_with_purchase: 0, expired_unused: 0, face_value: 0, cost: 0 };
    t.issued += r.issued;
    t.used += r.used;
    t.redeemed_with_purchase += r.redeemed_with_purchase;
    t.expired_unused += r.expired_unused;
    t.face_value += r.face_value ?? 0;
    t.cost += r.cost ?? 0;
    by.set(r.benefit_type, t);
  }
  return [...by.values()]
    .sort((a, b) => b.issued - a.issued || (a.benefit_type < b.benefit_type ? -1 : 1))
    .map((t) => ({ ...t, usedShare: t.issued ? t.used / t.issued : null, redeemedShare: t.issued ? t.redeemed_with_purchase / t.issued : null }));
}

const base = (): EChartsCoreOption => ({ textStyle: { fontFamily: FONT_FAMILY }, animation: false });

/** Issued → used → used with a purchase, grouped bars per benefit type. */
export function buildFunnelOption(rows: readonly FunnelByType[], lang: Lang): EChartsCoreOption {
  const names = [s('issued', lang), s('used', lang), s('redeemed', lang)];
  const bar = (i: number, data: number[]) => ({ name: names[i], type: 'bar', barMaxWidth: 28, itemStyle: { color: [PALETTE[5], PALETTE[0], PALETTE[2]][i] }, data });
  return {
    ...base(),
    grid: { left: 56, right: 16, top: 40, bottom: 32, containLabel: true },
    legend: { top: 0, data: names },
    tooltip: { trigger: 'axis', formatter: axisTooltip((v) => formatValue(v, 'count', lang)) },
    xAxis: { type: 'category', data: rows.map((r) => r.benefit_type), axisLabel: { interval: 0, hideOverlap: true } },
    yAxis: { type: 'value', axisLabel: { formatter: (v: number) => formatValue(v, 'count', lang) } },
    series: [
      bar(
        0,
        rows.map((r) => r.issued),
      ),
      bar(
        1,
        rows.map((r) => r.used),
      ),
      bar(
        2,
        rows.map((r) => r.redeemed_with_purchase),
      ),
    ],
  };
}

export interface RankingItem {
  name: string;
  estimate: number;
  lower: number;
  upper: number;
}

/**
 * Horizontal bars of incremental margin per ¥ (best on top), coloured by what the 95 % interval says
 * against break-even (1): green = pays back for sure, vermilion = surely does not, light blue = cannot tell.
 * The intervals themselves are in the table beside it (no extra ECharts modules for error bars).
 */
export function buildRankingOption(items: readonly RankingItem[], lang: Lang): EChartsCoreOption {
  const ordered = [...items].reverse(); // ECharts draws categories bottom-up
  return {
    ...base(),
    grid: { left: 8, right: 40, top: 8, bottom: 40, containLabel: true },
    legend: { show: false },
    tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' } },
    xAxis: { type: 'value', name: s('perYuan', lang), nameLocation: 'middle', nameGap: 22, axisLabel: { formatter: (v: number) => v.toFixed(1) } },
    yAxis: { type: 'category', data: ordered.map((i) => i.name), axisLabel: { width: 150, overflow: 'truncate' } },
    series: [
      {
        name: s('perYuan', lang),
        type: 'bar',
        barMaxWidth: 22,
        data: ordered.map((i) => ({ value: Math.round(i.estimate * 100) / 100, itemStyle: { color: i.lower > 1 ? PALETTE[2] : i.upper < 1 ? PALETTE[3] : PALETTE[5] } })),
        label: { show: true, position: 'right', formatter: (p: { value: number }) => p.value.toFixed(2) },
      },
    ],
  };
}
