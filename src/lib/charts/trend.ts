/** Pure builder: monthly trend rows → ECharts option (bars: net sales, line: buyers). */
import type { MetricRow } from '../metrics/index.ts';
import type { EChartsCoreOption } from 'echarts/core';
import { formatValue, moneyFormatter, type Lang } from '../format.ts';
import { t } from '../i18n.ts';
import { FONT_FAMILY, PALETTE } from './theme.ts';

export type TrendRow = MetricRow<'monthly_trend'>;

/**
 * The formatters as the same function objects for the same inputs: an option built again from the
 * same rows (a filter click derives it more than once) is then exactly the option already drawn
 * (option-shape.ts optionKey compares functions by identity), and the chart is not drawn again.
 */
const unitFormatters = new Map<string, (v: number) => string>();
const unitFormatter = (unit: 'yuan' | 'count', lang: Lang) => {
  const key = `${unit}|${lang}`;
  let f = unitFormatters.get(key);
  if (!f) unitFormatters.set(key, (f = (v: number) => formatValue(v, unit, lang)));
  return f;
};
let lastMoney: { key: string; format: ReturnType<typeof moneyFormatter> } | null = null;
const salesFormatter = (sales: readonly (number | null)[], lang: Lang) => {
  const key = `${lang}|${sales.join(',')}`;
  if (lastMoney?.key !== key) lastMoney = { key, format: moneyFormatter(sales, lang) };
  return lastMoney.format;
};

/** `highlight` marks the selected period's months (inclusive 'YYYY-MM' bounds). */
export function buildTrendOption(rows: readonly TrendRow[], lang: Lang, highlight?: { from: string; to: string }): EChartsCoreOption {
  const months = rows.map((r) => r.month);
  const salesName = t('trend_sales', lang);
  const buyersName = t('trend_buyers', lang);
  return {
    color: PALETTE,
    textStyle: { fontFamily: FONT_FAMILY },
    animation: false,
    grid: { left: 64, right: 56, top: 40, bottom: 32 },
    legend: { top: 0, data: [salesName, buyersName] },
    tooltip: {
      trigger: 'axis',
      renderMode: 'richText', // never HTML: no injection through data strings
      valueFormatter: undefined,
    },
    xAxis: { type: 'category', data: months, axisLabel: { hideOverlap: true } },
    yAxis: [
      { type: 'value', name: salesName, axisLabel: { formatter: unitFormatter('yuan', lang) } },
      { type: 'value', name: buyersName, splitLine: { show: false }, axisLabel: { formatter: unitFormatter('count', lang) } },
    ],
    series: [
      {
        name: salesName,
        type: 'bar',
        data: rows.map((r) => r.sales),
        // the money format of the sales column: one scale for every month (moneyFormatter)
        tooltip: {
          valueFormatter: salesFormatter(
            rows.map((r) => r.sales),
            lang,
          ),
        },
        ...(highlight ? { markArea: { silent: true, itemStyle: { color: 'rgba(0,114,178,0.08)' }, data: [[{ xAxis: highlight.from }, { xAxis: highlight.to }]] } } : {}),
      },
      {
        name: buyersName,
        type: 'line',
        yAxisIndex: 1,
        smooth: false,
        symbolSize: 5,
        data: rows.map((r) => r.buyers),
        tooltip: { valueFormatter: unitFormatter('count', lang) },
      },
    ],
  };
}
