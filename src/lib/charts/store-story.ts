/** Pure builders for the story charts: one line per store over months, and NPS vs members lost on one time axis. */
import type { EChartsCoreOption } from 'echarts/core';
import { formatValue, type Lang } from '../format.ts';
import type { MetricUnit } from '../metrics/define.ts';
import { storeColour, storeStyle } from './store-colours.ts';
import { FONT_FAMILY } from './theme.ts';
import { axisTooltip, periodBand } from './tooltip.ts';

/** One value per month and store. */
export interface StoreMonthRow {
  month: string;
  store: string;
  value: number | null;
}

const monthsOf = (...lists: readonly { month: string }[][]) => [...new Set(lists.flat().map((r) => r.month))].sort();

/** One line per store (its fixed colour), months on x; `band` shades the selected period. */
export function buildStoreLinesOption(rows: readonly StoreMonthRow[], unit: MetricUnit, lang: Lang, band?: { from: string; to: string }): EChartsCoreOption {
  const months = monthsOf([...rows]);
  const stores = [...new Set(rows.map((r) => r.store))].sort((a, b) => a.localeCompare(b, 'zh-CN'));
  return {
    textStyle: { fontFamily: FONT_FAMILY },
    animation: false,
    grid: { left: 56, right: 24, top: 40, bottom: 32 },
    legend: { top: 0, type: 'scroll', textStyle: { color: '#1b2733' } },
    tooltip: { trigger: 'axis', formatter: axisTooltip((v) => formatValue(v, unit, lang)) },
    xAxis: { type: 'category', data: months, axisLabel: { hideOverlap: true } },
    yAxis: { type: 'value', axisLabel: { formatter: (v: number) => formatValue(v, unit, lang) } },
    series: stores.map((store, i) => {
      const byMonth = new Map(rows.filter((r) => r.store === store).map((r) => [r.month, r.value]));
      const { colour, dash, symbol } = storeStyle(store);
      return {
        name: store,
        type: 'line',
        symbol,
        symbolSize: 5,
        data: months.map((m) => byMonth.get(m) ?? null),
        lineStyle: { width: 2.5, color: colour, type: dash },
        itemStyle: { color: colour },
        ...(i === 0 ? periodBand(band) : {}),
      };
    }),
  };
}

/**
 * One store's monthly NPS (line, left axis −100..100) and members lost by month of last purchase
 * (bars in the store's colour, right axis) on one month axis, so the dip visibly comes first.
 */
export function buildNpsChurnOption(
  nps: readonly { month: string; value: number | null }[],
  churners: readonly { month: string; value: number | null }[],
  store: string,
  names: { nps: string; churners: string },
  lang: Lang,
): EChartsCoreOption {
  const months = monthsOf([...nps], [...churners]);
  const at = (rows: readonly { month: string; value: number | null }[]) => {
    const m = new Map(rows.map((r) => [r.month, r.value]));
    return months.map((x) => m.get(x) ?? null);
  };
  return {
    textStyle: { fontFamily: FONT_FAMILY },
    animation: false,
    grid: { left: 56, right: 56, top: 40, bottom: 32 },
    legend: { top: 0, textStyle: { color: '#1b2733' } },
    tooltip: { trigger: 'axis', formatter: axisTooltip((v, i) => formatValue(v, i === 0 ? 'score' : 'count', lang)) },
    xAxis: { type: 'category', data: months, axisLabel: { hideOverlap: true } },
    yAxis: [
      { type: 'value', name: names.nps, min: -100, max: 100 },
      { type: 'value', name: names.churners, splitLine: { show: false }, axisLabel: { formatter: (v: number) => formatValue(v, 'count', lang) } },
    ],
    series: [
      { name: `${store} ${names.nps}`, type: 'line', data: at(nps), symbolSize: 6, z: 3, lineStyle: { width: 3, color: '#000000' }, itemStyle: { color: '#000000' } },
      { name: `${store} ${names.churners}`, type: 'bar', yAxisIndex: 1, data: at(churners), barMaxWidth: 22, itemStyle: { color: storeColour(store), opacity: 0.85 } },
    ],
  };
}
