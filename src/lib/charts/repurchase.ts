/** Pure builders for the repurchase panel: monthly rates vs the comparison period, new vs returning, per-segment bars. */
import type { EChartsCoreOption } from 'echarts/core';
import { formatValue, type Lang } from '../format.ts';
import { FONT_FAMILY, PALETTE } from './theme.ts';

export interface RepurchaseTrendRow {
  month: string;
  buyers: number;
  repurchase_rate: number | null;
  return_to_store_rate: number | null;
  new_buyers: number;
  returning_buyers: number;
}

const ratioAxis = (lang: Lang) => ({ type: 'value', min: 0, axisLabel: { formatter: (v: number) => formatValue(v, 'ratio', lang).replace('.0%', '%') } });
const ratioTip = (lang: Lang) => ({ valueFormatter: (v: number | null) => formatValue(v, 'ratio', lang) });

/**
 * Repurchase and return rates per month (solid) with the comparison window's months (dashed),
 * aligned by position: the comparison window has as many months, just earlier.
 */
export function buildRateTrendOption(
  current: readonly RepurchaseTrendRow[],
  comparison: readonly RepurchaseTrendRow[],
  names: { repurchase: string; ret: string; suffix: string },
  lang: Lang,
): EChartsCoreOption {
  const at = (i: number) => comparison[comparison.length - current.length + i];
  const cmp = (key: 'repurchase_rate' | 'return_to_store_rate') => current.map((_, i) => at(i)?.[key] ?? null);
  const series = [
    { name: names.repurchase, data: current.map((r) => r.repurchase_rate), color: PALETTE[0], dashed: false },
    { name: names.ret, data: current.map((r) => r.return_to_store_rate), color: PALETTE[1], dashed: false },
    { name: `${names.repurchase}${names.suffix}`, data: cmp('repurchase_rate'), color: PALETTE[0], dashed: true },
    { name: `${names.ret}${names.suffix}`, data: cmp('return_to_store_rate'), color: PALETTE[1], dashed: true },
  ];
  return {
    textStyle: { fontFamily: FONT_FAMILY },
    animation: false,
    grid: { left: 52, right: 16, top: 56, bottom: 28 },
    legend: { top: 0, data: series.map((s) => s.name) },
    tooltip: { trigger: 'axis', renderMode: 'richText' },
    xAxis: { type: 'category', data: current.map((r) => r.month), axisLabel: { hideOverlap: true } },
    yAxis: ratioAxis(lang),
    series: series.map((s) => ({
      name: s.name,
      type: 'line',
      data: s.data,
      connectNulls: false,
      symbolSize: s.dashed ? 3 : 6,
      itemStyle: { color: s.color },
      lineStyle: { color: s.color, width: s.dashed ? 1.5 : 2.5, type: s.dashed ? 'dashed' : 'solid', opacity: s.dashed ? 0.7 : 1 },
      tooltip: ratioTip(lang),
    })),
  };
}

/** New and returning buyers per month, stacked bars. */
export function buildNewReturningOption(rows: readonly RepurchaseTrendRow[], names: { fresh: string; returning: string }, lang: Lang): EChartsCoreOption {
  const tip = { valueFormatter: (v: number) => formatValue(v, 'count', lang) };
  return {
    color: [PALETTE[5], PALETTE[0]],
    textStyle: { fontFamily: FONT_FAMILY },
    animation: false,
    grid: { left: 56, right: 16, top: 32, bottom: 28 },
    legend: { top: 0, data: [names.fresh, names.returning] },
    tooltip: { trigger: 'axis', renderMode: 'richText' },
    xAxis: { type: 'category', data: rows.map((r) => r.month), axisLabel: { hideOverlap: true } },
    yAxis: { type: 'value', axisLabel: { formatter: (v: number) => formatValue(v, 'count', lang) } },
    series: [
      { name: names.fresh, type: 'bar', stack: 'buyers', data: rows.map((r) => r.new_buyers), tooltip: tip },
      { name: names.returning, type: 'bar', stack: 'buyers', data: rows.map((r) => r.returning_buyers), tooltip: tip },
    ],
  };
}

export interface SegmentRow {
  key: string;
  buyers: number;
  repurchase_rate: number | null;
  return_to_store_rate: number | null;
}

/** Grouped bars per segment (store or channel); `selected` keys are drawn solid, the others faded when any is selected. */
export function buildSegmentBarsOption(
  rows: readonly SegmentRow[],
  names: { repurchase: string; ret: string },
  selected: readonly string[],
  lang: Lang,
  keyLabel: (k: string) => string = (k) => k,
): EChartsCoreOption {
  const fade = (k: string) => (selected.length > 0 && !selected.includes(k) ? 0.35 : 1);
  const bar = (key: 'repurchase_rate' | 'return_to_store_rate', color: string) => rows.map((r) => ({ value: r[key], itemStyle: { color, opacity: fade(r.key) } }));
  const label = { show: true, position: 'top', fontSize: 11, formatter: (p: { value: number | null }) => formatValue(p.value, 'ratio', lang) };
  return {
    textStyle: { fontFamily: FONT_FAMILY },
    animation: false,
    grid: { left: 52, right: 16, top: 32, bottom: 28 },
    legend: { top: 0, data: [names.repurchase, names.ret] },
    tooltip: { trigger: 'axis', renderMode: 'richText' },
    xAxis: { type: 'category', data: rows.map((r) => keyLabel(r.key)), axisLabel: { interval: 0 } },
    yAxis: ratioAxis(lang),
    series: [
      { name: names.repurchase, type: 'bar', data: bar('repurchase_rate', PALETTE[0]), itemStyle: { color: PALETTE[0] }, label, tooltip: ratioTip(lang) },
      { name: names.ret, type: 'bar', data: bar('return_to_store_rate', PALETTE[1]), itemStyle: { color: PALETTE[1] }, label, tooltip: ratioTip(lang) },
    ],
  };
}
