/** Pure builders for the 流失预警 panel: lifecycle stage counts and the monthly churn trend. */
import type { EChartsCoreOption } from 'echarts/core';
import { formatValue, type Lang } from '../format.ts';
import { defineStrings } from '../i18n.ts';
import { FONT_FAMILY, PALETTE } from './theme.ts';
import { axisTooltip, esc, periodBand } from './tooltip.ts';

import { type Stage, stageLabel, STAGE_ORDER } from '../concepts/lifecycle-stage.ts';

export { type Stage, stageLabel, STAGE_ORDER };

export interface StageRow {
  stage: Stage;
  members: number;
  share: number | null;
}

export interface ChurnTrendRow {
  month: string;
  base: number;
  churned: number;
  churn_rate: number | null;
}

const s = defineStrings({
  churnRate: { zh: '月流失率', en: 'Monthly churn rate' },
  churnedCount: { zh: '流失人数', en: 'Members churned' },
});

// Healthy stages blue/green, warning orange, losses vermilion/black: ordered like a traffic light, colour-blind safe.
export const STAGE_COLOURS: Record<Stage, string> = { new: PALETTE[5], active: PALETTE[0], at_risk: PALETTE[1], dormant: PALETTE[3], churned: '#555555' };

/** Members per stage (bars, count labels); each data item keeps its `stage` for the member-list drill-down. */
export function buildStageOption(rows: readonly StageRow[], lang: Lang): EChartsCoreOption {
  const count = (v: number | null) => formatValue(v, 'count', lang);
  return {
    textStyle: { fontFamily: FONT_FAMILY },
    animation: false,
    grid: { left: 56, right: 16, top: 24, bottom: 32 },
    tooltip: {
      trigger: 'item',
      formatter: (p: { name?: string; value?: unknown; data?: { share?: number | null } }) =>
        `${esc(p.name)}: ${esc(count(typeof p.value === 'number' ? p.value : null))} (${esc(formatValue(p.data?.share ?? null, 'ratio', lang))})`,
    },
    xAxis: { type: 'category', data: rows.map((r) => stageLabel(r.stage, lang)) },
    yAxis: { type: 'value', axisLabel: { formatter: (v: number) => count(v) } },
    series: [
      {
        type: 'bar',
        barMaxWidth: 56,
        cursor: 'pointer',
        label: { show: true, position: 'top', formatter: (p: { value: number }) => count(p.value) },
        data: rows.map((r) => ({ value: r.members, stage: r.stage, share: r.share, itemStyle: { color: STAGE_COLOURS[r.stage] ?? PALETTE[7] } })),
      },
    ],
  };
}

/** Monthly churn: churned members (bars, left axis) and churn rate (line, right axis). */
export function buildChurnTrendOption(rows: readonly ChurnTrendRow[], lang: Lang, band?: { from: string; to: string }): EChartsCoreOption {
  const rateName = s('churnRate', lang);
  const countName = s('churnedCount', lang);
  return {
    color: [PALETTE[1], PALETTE[3]],
    textStyle: { fontFamily: FONT_FAMILY },
    animation: false,
    grid: { left: 56, right: 56, top: 40, bottom: 32 },
    legend: { top: 0, data: [countName, rateName] },
    tooltip: { trigger: 'axis', formatter: axisTooltip((v, i) => formatValue(v, i === 1 ? 'ratio' : 'count', lang)) },
    xAxis: { type: 'category', data: rows.map((r) => r.month), axisLabel: { hideOverlap: true } },
    yAxis: [
      { type: 'value', name: countName, axisLabel: { formatter: (v: number) => formatValue(v, 'count', lang) } },
      { type: 'value', name: rateName, splitLine: { show: false }, axisLabel: { formatter: (v: number) => formatValue(v, 'ratio', lang) } },
    ],
    series: [
      { name: countName, type: 'bar', data: rows.map((r) => r.churned), ...periodBand(band) },
      { name: rateName, type: 'line', yAxisIndex: 1, symbolSize: 5, data: rows.map((r) => r.churn_rate) },
    ],
  };
}
