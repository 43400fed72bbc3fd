/** Pure builder: the days-between-purchases histogram (bars per bin, share in the tooltip). */
import type { MetricRow } from '../metrics/index.ts';
import type { EChartsCoreOption } from 'echarts/core';
import { formatValue, type Lang } from '../format.ts';
import { FONT_FAMILY, PALETTE } from './theme.ts';

export type GapBinRow = MetricRow<'purchase_gap_histogram'>;

/** Bin label in days: "1–7", "366+" (zh adds 天). */
export function gapBinLabel(r: Pick<GapBinRow, 'min_days' | 'max_days'>, lang: Lang): string {
  const range = r.max_days === null ? `${r.min_days}+` : `${r.min_days}–${r.max_days}`;
  return lang === 'zh' ? `${range}天` : `${range} d`;
}

export function buildGapHistogramOption(rows: readonly GapBinRow[], names: { gaps: string; axis: string }, lang: Lang): EChartsCoreOption {
  return {
    color: PALETTE,
    textStyle: { fontFamily: FONT_FAMILY },
    animation: false,
    grid: { left: 56, right: 16, top: 24, bottom: 44 },
    tooltip: { trigger: 'axis', renderMode: 'richText' },
    xAxis: { type: 'category', name: names.axis, nameLocation: 'middle', nameGap: 28, data: rows.map((r) => gapBinLabel(r, lang)), axisLabel: { interval: 0 } },
    yAxis: { type: 'value', axisLabel: { formatter: (v: number) => formatValue(v, 'count', lang) } },
    series: [
      {
        name: names.gaps,
        type: 'bar',
        barCategoryGap: '8%',
        data: rows.map((r) => r.gaps),
        label: { show: true, position: 'top', fontSize: 11, formatter: (p: { dataIndex: number }) => formatValue(rows[p.dataIndex]?.share ?? null, 'ratio', lang) },
        tooltip: { valueFormatter: (v: number) => formatValue(v, 'count', lang) },
      },
    ],
  };
}
