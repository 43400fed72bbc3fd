/** Pure builder: the holdout check — mean predicted vs actual repeat purchases by calibration frequency. */
import type { EChartsCoreOption } from 'echarts/core';
import type { Lang } from '../format.ts';
import { FONT_FAMILY, PALETTE } from './theme.ts';

export interface HoldoutBar {
  label: string;
  members: number;
  predicted: number;
  actual: number;
}

/** The error in words, e.g. "模型在你过去的数据上预测误差 13%（多估）"; null error → no buyers in the holdout. */
export function holdoutErrorText(relativeError: number | null, lang: Lang): string {
  if (relativeError === null) return lang === 'zh' ? '检验期内没有复购，无法计算误差' : 'Nobody bought in the check period, so there is no error to state';
  const pct = `${Math.round(Math.abs(relativeError) * 100)}%`;
  const side = relativeError > 0 ? (lang === 'zh' ? '（多估）' : ' (over-predicted)') : relativeError < 0 ? (lang === 'zh' ? '（少估）' : ' (under-predicted)') : '';
  return lang === 'zh' ? `模型在你过去的数据上预测误差 ${pct}${side}` : `On your past data the model's prediction was off by ${pct}${side}`;
}

export function buildHoldoutOption(groups: readonly HoldoutBar[], names: { predicted: string; actual: string; axis: string }, _lang: Lang): EChartsCoreOption {
  const fixed = (v: number) => (Number.isFinite(v) ? v.toFixed(2) : '—');
  return {
    color: [PALETTE[0], PALETTE[1]],
    textStyle: { fontFamily: FONT_FAMILY },
    animation: false,
    grid: { left: 48, right: 16, top: 36, bottom: 48 },
    legend: { top: 0, data: [names.predicted, names.actual] },
    tooltip: { trigger: 'axis', renderMode: 'richText', valueFormatter: fixed },
    xAxis: { type: 'category', name: names.axis, nameLocation: 'middle', nameGap: 28, data: groups.map((g) => g.label) },
    yAxis: { type: 'value' },
    series: [
      { name: names.predicted, type: 'bar', data: groups.map((g) => g.predicted) },
      { name: names.actual, type: 'bar', data: groups.map((g) => g.actual) },
    ],
  };
}
