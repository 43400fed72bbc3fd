/** Pure builders for matrix charts: cohort retention (cohort × months since first purchase) and group migration. */
import type { MetricRow } from '../metrics/index.ts';
import type { EChartsCoreOption } from 'echarts/core';
import type { Lang } from '../format.ts';
import { FONT_FAMILY } from './theme.ts';

export type CohortRow = Pick<MetricRow<'cohort_retention'>, 'cohort' | 'month_offset' | 'cohort_size' | 'retention'>;

/** Sequential blues (light → Okabe–Ito blue): readable on a projector and for colour-blind viewers. */
const BLUES = ['#F2F7FB', '#C6DDEF', '#8DBFE2', '#5AA5D6'];

const pct = (v: number) => `${Math.round(v * 100)}%`;

/**
 * Labelled cells a heat map lays out and paints in one main-thread task. Every cell carries its number, and
 * ECharts builds each label's styles and measures its text in `setOption`: the migration matrix's 144 cells at
 * 1M orders were one 50–100 ms CPU task (issue 14, session 13). With `progressive`, ECharts draws the axes and
 * the first HEATMAP_STEP cells in `setOption` and the next HEATMAP_STEP in each following animation frame,
 * each frame a task of its own; the chart ends the same (all cells, all labels) and 'finished' fires after the
 * last. A matrix of at most HEATMAP_STEP cells is drawn at once, as before.
 */
export const HEATMAP_STEP = 24;
/** The heat map series options that draw it HEATMAP_STEP cells a task (also the value panel's P(alive) map, palive.ts). */
export const STEPPED = { progressive: HEATMAP_STEP, progressiveThreshold: HEATMAP_STEP + 1 };

/**
 * Cohort months down, months since the first purchase across; cells show retention in percent.
 * Month 0 is 100 % by definition, so the colour scale runs to the highest later month to keep contrast.
 */
export function buildCohortOption(rows: readonly CohortRow[], labels: { offset: string; cohort: string }, lang: Lang): EChartsCoreOption {
  const cohorts = [...new Set(rows.map((r) => r.cohort))].sort();
  const maxOffset = Math.max(0, ...rows.map((r) => r.month_offset));
  const offsets = Array.from({ length: maxOffset + 1 }, (_, k) => k);
  const later = rows.filter((r) => r.month_offset > 0 && r.retention !== null).map((r) => r.retention as number);
  const top = later.length ? Math.max(0.05, ...later) : 1;
  const sizes = new Map(rows.map((r) => [r.cohort, r.cohort_size]));
  return {
    textStyle: { fontFamily: FONT_FAMILY },
    animation: false,
    tooltip: { renderMode: 'richText', valueFormatter: undefined },
    grid: { left: lang === 'zh' ? 120 : 128, right: 12, top: 30, bottom: 36 },
    xAxis: { type: 'category', name: labels.offset, nameLocation: 'middle', nameGap: 24, data: offsets.map(String), position: 'bottom' },
    yAxis: {
      type: 'category',
      name: labels.cohort,
      nameLocation: 'start', // top of an inverted axis, clear of the x-axis name
      nameTextStyle: { align: 'right' },
      inverse: true,
      data: cohorts,
      axisLabel: { formatter: (c: string) => `${c} (${sizes.get(c) ?? 0})` },
    },
    visualMap: { show: false, min: 0, max: top, dimension: 2, inRange: { color: BLUES } },
    series: [
      {
        type: 'heatmap',
        data: rows.map((r) => [r.month_offset, cohorts.indexOf(r.cohort), r.retention]),
        label: { show: true, fontSize: 11, formatter: (p: { value: [number, number, number] }) => pct(p.value[2]) },
        itemStyle: { borderColor: '#fff', borderWidth: 1 },
        tooltip: { valueFormatter: (v: number) => pct(v) },
        ...STEPPED,
      },
    ],
  };
}

export interface MigrationRow {
  from_group: string;
  to_group: string;
  members: number;
}

/** From-group down, to-group across, member counts in the cells; `order` fixes the axis order, `label` names groups. */
export function buildMigrationOption(
  rows: readonly MigrationRow[],
  order: readonly string[],
  label: (id: string) => string,
  names: { from: string; to: string },
): EChartsCoreOption {
  const present = new Set(rows.flatMap((r) => [r.from_group, r.to_group]));
  const axis = [...order.filter((g) => present.has(g)), ...[...present].filter((g) => !order.includes(g)).sort()];
  const max = Math.max(1, ...rows.map((r) => r.members));
  return {
    textStyle: { fontFamily: FONT_FAMILY },
    animation: false,
    tooltip: { renderMode: 'richText' },
    grid: { left: 104, right: 12, top: 30, bottom: 84 },
    xAxis: { type: 'category', name: names.to, nameLocation: 'middle', nameGap: 70, data: axis.map(label), axisLabel: { interval: 0, rotate: 35, fontSize: 11 } },
    yAxis: {
      type: 'category',
      name: names.from,
      nameLocation: 'start',
      nameTextStyle: { align: 'right' },
      inverse: true,
      data: axis.map(label),
      axisLabel: { interval: 0, fontSize: 11 },
    },
    visualMap: { show: false, min: 0, max, dimension: 2, inRange: { color: BLUES } },
    series: [
      {
        type: 'heatmap',
        data: rows.map((r) => [axis.indexOf(r.to_group), axis.indexOf(r.from_group), r.members]),
        label: { show: true, fontSize: 10 },
        itemStyle: { borderColor: '#fff', borderWidth: 1 },
        ...STEPPED,
      },
    ],
  };
}
