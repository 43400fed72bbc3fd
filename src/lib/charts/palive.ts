/** Pure builder: mean P(alive) by repeat purchases (x) × time since the last purchase, as a heatmap. */
import type { EChartsCoreOption } from 'echarts/core';
import { formatValue, type Lang } from '../format.ts';
import { FONT_FAMILY } from './theme.ts';
import { STEPPED } from './cohort-heatmap.ts';

/** Repeat-purchase buckets: 0..9 and 10+. */
export const FREQUENCY_BUCKETS = ['0', '1', '2', '3', '4', '5', '6', '7', '8', '9', '10+'] as const;
/** Months since the last purchase (upper edges, exclusive; the last bucket is open). */
export const RECENCY_EDGES = [1, 2, 3, 6, 9, 12] as const;

export interface PAliveCell {
  /** Index into FREQUENCY_BUCKETS. */
  f: number;
  /** Index into the recency buckets (RECENCY_EDGES.length + 1 of them). */
  r: number;
  members: number;
  meanPAlive: number;
}

/** Recency bucket labels in months: "<1", "1–2", …, "12+" (zh adds 个月). */
export function recencyLabels(lang: Lang): string[] {
  const edges = [0, ...RECENCY_EDGES];
  const labels = edges.map((e, i) => (i === 0 ? `<${edges[1]}` : i === edges.length - 1 ? `${e}+` : `${e}–${edges[i + 1]}`));
  return labels.map((l) => (lang === 'zh' ? `${l}个月` : `${l} mo`));
}

/** Per-member model columns (same length): repeat purchases, recency in model units, P(alive). */
export interface PAliveColumns {
  x: ArrayLike<number>;
  recency: ArrayLike<number>;
  pAlive: ArrayLike<number>;
}

/**
 * Cells with members; `recency` is in model units of `unitDays` days, a month = 30 days.
 * Mean P(alive) per cell. Reads columns with numeric cell indexes (no object or string key per
 * member): it runs on the page's main thread over every member in scope.
 */
export function pAliveGridOf(m: PAliveColumns, unitDays: number): PAliveCell[] {
  const rows = RECENCY_EDGES.length + 1;
  const count = new Float64Array(FREQUENCY_BUCKETS.length * rows);
  const sum = new Float64Array(count.length);
  for (let i = 0; i < m.x.length; i++) {
    const f = Math.min(Math.round(m.x[i]), FREQUENCY_BUCKETS.length - 1);
    const months = (m.recency[i] * unitDays) / 30;
    let r = 0;
    while (r < RECENCY_EDGES.length && !(months < RECENCY_EDGES[r])) r++;
    count[f * rows + r]++;
    sum[f * rows + r] += m.pAlive[i];
  }
  const cells: PAliveCell[] = [];
  count.forEach((members, k) => {
    if (members > 0) cells.push({ f: Math.floor(k / rows), r: k % rows, members, meanPAlive: sum[k] / members });
  });
  return cells;
}

/** pAliveGridOf over member objects. */
export function pAliveGrid(members: Iterable<{ x: number; recency: number; p_alive: number }>, unitDays: number): PAliveCell[] {
  const list = [...members];
  return pAliveGridOf({ x: list.map((m) => m.x), recency: list.map((m) => m.recency), pAlive: list.map((m) => m.p_alive) }, unitDays);
}

export function buildPAliveHeatmapOption(cells: readonly PAliveCell[], names: { x: string; y: string; value: string }, lang: Lang): EChartsCoreOption {
  return {
    textStyle: { fontFamily: FONT_FAMILY },
    animation: false,
    grid: { left: 88, right: 72, top: 16, bottom: 48 },
    tooltip: {
      renderMode: 'richText',
      formatter: (p: { data: [number, number, number, number] }) =>
        `${names.x} ${FREQUENCY_BUCKETS[p.data[0]]} · ${names.y} ${recencyLabels(lang)[p.data[1]]}\n${names.value} ${formatValue(p.data[2], 'ratio', lang)} (${formatValue(p.data[3], 'count', lang)})`,
    },
    xAxis: { type: 'category', name: names.x, nameLocation: 'middle', nameGap: 28, data: [...FREQUENCY_BUCKETS], splitArea: { show: true } },
    yAxis: { type: 'category', name: names.y, nameLocation: 'end', data: recencyLabels(lang), splitArea: { show: true } },
    // Vermillion (likely gone) → light → blue (likely alive): Okabe–Ito ends, safe for colour-blind readers.
    visualMap: {
      min: 0,
      max: 1,
      calculable: false,
      orient: 'vertical',
      right: 0,
      top: 'middle',
      dimension: 2,
      itemHeight: 120,
      inRange: { color: ['#D55E00', '#F7F7F7', '#0072B2'] },
      formatter: (v: number) => formatValue(v, 'ratio', lang),
    },
    series: [
      {
        name: names.value,
        type: 'heatmap',
        data: cells.map((c) => [c.f, c.r, c.meanPAlive, c.members]),
        label: { show: true, fontSize: 10, formatter: (p: { data: number[] }) => `${Math.round(p.data[2] * 100)}` },
        // Up to 11 × 7 labelled cells: drawn HEATMAP_STEP a task, as the segments heat maps (the whole map in one
        // setOption was the value panel's longest task, 41–44 ms CPU at 1M, session 14).
        ...STEPPED,
      },
    ],
  };
}
