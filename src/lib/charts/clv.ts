/** Pure builder: distribution of predicted CLV (¥ over the horizon) as a histogram. */
import type { EChartsCoreOption } from 'echarts/core';
import { formatValue, type Lang } from '../format.ts';
import { selectInPlace } from './select.ts';
import { FONT_FAMILY, PALETTE } from './theme.ts';

export interface HistogramBin {
  from: number;
  /** Exclusive upper edge; null for the open last bin that holds the long tail. */
  to: number | null;
  count: number;
}

/**
 * Equal-width bins from 0 to the 99th percentile (a few big spenders would otherwise squeeze
 * everyone into the first bar); values above it go to an open last bin "≥ p99". Nulls are skipped.
 */
export function histogram(values: ArrayLike<number | null>, binCount = 20): HistogramBin[] {
  // Typed copy of the finite values, the p99 by selection (no sort: this runs over every member in
  // scope, ~250k at 1M orders, on the value panel's main thread), then one counting pass.
  let n = 0;
  const xs = new Float64Array(values.length);
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (v !== null && Number.isFinite(v)) xs[n++] = Math.max(0, v);
  }
  if (n === 0) return [];
  const finite = xs.subarray(0, n);
  const cap = selectInPlace(finite, Math.min(n - 1, Math.floor(0.99 * n)));
  if (cap <= 0) return [{ from: 0, to: null, count: n }];
  const width = niceStep(cap / binCount);
  binCount = Math.ceil(cap / width);
  const counts = new Float64Array(binCount);
  const edge = binCount * width; // a round amount ≥ p99
  let tail = 0;
  for (let i = 0; i < n; i++) {
    const v = finite[i];
    if (v >= edge) tail++;
    else counts[Math.min(binCount - 1, Math.floor(v / width))]++;
  }
  const bins: HistogramBin[] = Array.from({ length: binCount }, (_, i) => ({ from: i * width, to: (i + 1) * width, count: counts[i] }));
  return tail ? [...bins, { from: edge, to: null, count: tail }] : bins;
}

/** The smallest 1, 2 or 5 × 10^k at or above `raw`, so bin edges read as round amounts. */
function niceStep(raw: number): number {
  const power = 10 ** Math.floor(Math.log10(raw));
  return [1, 2, 5, 10].map((m) => m * power).find((s) => s >= raw - 1e-9 * power)!;
}

/** Bin label in ¥: "¥0–¥50", "≥¥1,000". */
export const binLabel = (b: HistogramBin, lang: Lang): string =>
  b.to === null ? `≥${formatValue(b.from, 'yuan', lang)}` : `${formatValue(b.from, 'yuan', lang)}–${formatValue(b.to, 'yuan', lang)}`;

export function buildClvHistogramOption(bins: readonly HistogramBin[], names: { members: string; axis: string }, lang: Lang): EChartsCoreOption {
  return {
    color: PALETTE,
    textStyle: { fontFamily: FONT_FAMILY },
    animation: false,
    grid: { left: 56, right: 16, top: 24, bottom: 48 },
    tooltip: { trigger: 'axis', renderMode: 'richText' },
    xAxis: {
      type: 'category',
      name: names.axis,
      nameLocation: 'middle',
      nameGap: 30,
      data: bins.map((b) => binLabel(b, lang)),
      axisLabel: { hideOverlap: true },
    },
    yAxis: { type: 'value', axisLabel: { formatter: (v: number) => formatValue(v, 'count', lang) } },
    series: [
      {
        name: names.members,
        type: 'bar',
        barCategoryGap: '4%',
        data: bins.map((b) => b.count),
        tooltip: { valueFormatter: (v: number) => formatValue(v, 'count', lang) },
      },
    ],
  };
}
