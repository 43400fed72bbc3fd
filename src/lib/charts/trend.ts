/** Pure builder: monthly trend rows → ECharts option (bars: net sales, line: buyers). */
import type { MetricRow } from '../metrics/index.ts';
import type { EChartsCoreOption } from 'echarts/core';
import { formatValue, moneyFormatter, type Lang } from '../format.ts';
import { t } from '../i18n.ts';
import { FONT_FAMILY, PALETTE } from './theme.ts';

export type TrendRow = MetricRow<'monthly_trend'>;

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
      { type: 'value', name: salesName, axisLabel: { formatter: (v: number) => formatValue(v, 'yuan', lang) } },
      { type: 'value', name: buyersName, splitLine: { show: false }, axisLabel: { formatter: (v: number) => formatValue(v, 'count', lang) } },
    ],
    series: [
      {
        name: salesName,
        type: 'bar',
        data: rows.map((r) => r.sales),
        // the money format of the sales column: one scale for every month (moneyFormatter)
        tooltip: {
          valueFormatter: moneyFormatter(
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
        tooltip: { valueFormatter: (v: number) => formatValue(v, 'count', lang) },
      },
    ],
  };
}
