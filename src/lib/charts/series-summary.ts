/**
 * What a chart draws, as data: each series' name, type, number of data points and the sum of its
 * numeric values. ChartCard puts it on the card (`data-series`), so a test can assert a chart shows
 * the numbers it should — an empty chart with axes paints pixels too.
 */
import type { EChartsCoreOption } from 'echarts/core';

export interface SeriesSummary {
  name: string;
  type: string;
  points: number;
  sum: number;
}

/** The number in one data item: a number, the last number of an array ([x, y] or [x, y, v]), or `value`. */
function numberOf(item: unknown): number | null {
  if (typeof item === 'number') return Number.isFinite(item) ? item : null;
  if (Array.isArray(item)) return numberOf(item[item.length - 1]);
  if (item && typeof item === 'object' && 'value' in item) return numberOf((item as { value: unknown }).value);
  return null;
}

/** Sankey and graph series keep their items in `links`/`nodes`; tree-likes in `data` with children. */
function itemsOf(series: Record<string, unknown>): unknown[] {
  if (Array.isArray(series.data)) return series.data;
  if (Array.isArray(series.links)) return series.links;
  return [];
}

export function seriesSummary(option: EChartsCoreOption): SeriesSummary[] {
  const raw = (option as { series?: unknown }).series;
  const list = (Array.isArray(raw) ? raw : raw ? [raw] : []) as Record<string, unknown>[];
  return list.map((s, i) => {
    const items = itemsOf(s);
    let sum = 0;
    let points = 0;
    for (const item of items) {
      const v = numberOf(item);
      if (v !== null) {
        sum += v;
        points++;
      }
    }
    return { name: typeof s.name === 'string' ? s.name : `series ${i + 1}`, type: String(s.type ?? ''), points, sum };
  });
}
