/** Pure builders for the store compass: the radar (one polygon per store) and the store × KPI scorecard. */
import type { EChartsCoreOption } from 'echarts/core';
import type { Lang } from '../format.ts';
import { MAX_SCORE, type NormalisedCompass } from '../metrics/compass.ts';
import { storeStyle } from './store-colours.ts';
import { FONT_FAMILY, PALETTE } from './theme.ts';

/** Index colours: vermilion under the benchmark, grey around it, blue above (Okabe–Ito ends). */
export const SCORE_PIECES = [
  { lt: 70, color: '#D55E00' },
  { gte: 70, lt: 90, color: '#F4B183' },
  { gte: 90, lt: 110, color: '#EEEEEE' },
  { gte: 110, lt: 130, color: '#9CC9E6' },
  { gte: 130, color: '#0072B2' },
];

/** Breaks a long label at the space nearest its middle (English axis names), so it fits beside the radar. */
export function wrapLabel(text: string, max = 14): string {
  if (text.length <= max || !text.includes(' ')) return text;
  const mid = text.length / 2;
  let best = -1;
  for (let i = 0; i < text.length; i++) if (text[i] === ' ' && (best < 0 || Math.abs(i - mid) < Math.abs(best - mid))) best = i;
  return `${text.slice(0, best)}\n${text.slice(best + 1)}`;
}

/** Radar scale: up to the largest score, rounded up to 20s, at least 120 so the 100 ring sits inside. */
export function radarMax(compass: NormalisedCompass): number {
  const top = Math.max(0, ...compass.rows.flatMap((r) => Object.values(r.scores).filter((s): s is number => s !== null)));
  return Math.min(MAX_SCORE, Math.max(120, Math.ceil(top / 20) * 20));
}

/**
 * The compass axes the radar can draw: those with a score for every store. ECharts draws a missing
 * value at the centre, which reads as 0 — the worst score — so an axis some store has no data for
 * (no surveys, no footfall) is left off the radar and named instead; the scorecard keeps it as "-".
 */
export function radarAxes(compass: NormalisedCompass): { drawn: string[]; noData: string[] } {
  const complete = (k: string) => compass.rows.length > 0 && compass.rows.every((r) => r.scores[k] !== null && r.scores[k] !== undefined);
  return { drawn: compass.kpis.filter(complete), noData: compass.kpis.filter((k) => !complete(k)) };
}

const NO_DATA = { zh: '无数据（未画出，见评分表）：', en: 'No data (not drawn, see the scorecard): ' };

/**
 * One polygon per store over the KPI axes (index, 100 = benchmark) plus a dashed benchmark ring.
 * `selected` stores are drawn bold and filled; when some are selected the others fade.
 */
export function buildRadarOption(
  compass: NormalisedCompass,
  axisLabels: Record<string, string>,
  selected: readonly string[],
  benchmarkName: string,
  lang: Lang,
): EChartsCoreOption {
  const max = radarMax(compass);
  const { drawn, noData } = radarAxes(compass);
  const anySelected = selected.length > 0;
  const storeSeries = compass.rows.map((r) => {
    const { colour, dash, symbol } = storeStyle(r.store);
    const on = selected.includes(r.store);
    const faint = anySelected && !on;
    return {
      name: r.store,
      value: drawn.map((k) => Math.round(r.scores[k]! * 10) / 10),
      symbol,
      symbolSize: on ? 7 : 5,
      lineStyle: { width: on ? 3.5 : faint ? 1 : 2, opacity: faint ? 0.35 : 1, color: colour, type: dash },
      itemStyle: { color: colour, opacity: faint ? 0.35 : 1 },
      areaStyle: on ? { opacity: 0.18, color: colour } : undefined,
    };
  });
  return {
    color: PALETTE,
    textStyle: { fontFamily: FONT_FAMILY },
    animation: false,
    // Each store's legend mark is its point symbol: past six stores the colours repeat, the symbols do not.
    legend: { bottom: 0, data: [...compass.rows.map((r) => ({ name: r.store, icon: storeStyle(r.store).symbol })), benchmarkName] },
    tooltip: { trigger: 'item', renderMode: 'richText' },
    title: noData.length
      ? { subtext: `${NO_DATA[lang]}${noData.map((k) => axisLabels[k] ?? k).join(lang === 'zh' ? '、' : ', ')}`, left: 0, top: 0, subtextStyle: { color: '#333', fontSize: 12 } }
      : undefined,
    radar: {
      indicator: drawn.map((k) => ({ name: wrapLabel(axisLabels[k] ?? k), max, min: 0 })),
      radius: '62%',
      center: ['50%', '50%'],
      splitNumber: 4,
      axisName: { color: '#333', fontSize: lang === 'zh' ? 13 : 12 },
    },
    // A narrow card (1024 px screens, the printed report) keeps room for the longest axis names.
    media: [{ query: { maxWidth: 560 }, option: { radar: { radius: '48%', axisName: { fontSize: 11 } } } }],
    series: [
      {
        type: 'radar',
        data: [
          ...storeSeries,
          {
            name: benchmarkName,
            value: drawn.map(() => 100),
            symbol: 'none',
            lineStyle: { type: 'dashed', width: 1.5, color: '#555' },
            itemStyle: { color: '#555' },
          },
        ],
      },
    ],
  };
}

/** Store × KPI grid of indices, coloured by SCORE_PIECES and labelled with the index (heatmap). */
export function buildScorecardOption(compass: NormalisedCompass, axisLabels: Record<string, string>, lang: Lang): EChartsCoreOption {
  const data: [number, number, number | string][] = [];
  compass.rows.forEach((r, y) =>
    compass.kpis.forEach((k, x) => {
      const s = r.scores[k];
      data.push([x, y, s === null ? '-' : Math.round(s)]);
    }),
  );
  return {
    textStyle: { fontFamily: FONT_FAMILY },
    animation: false,
    tooltip: { renderMode: 'richText' },
    grid: { left: lang === 'zh' ? 64 : 88, right: 8, top: 8, bottom: 56 },
    // A phone-wide card: eight horizontal labels would overlap, so they stand upright.
    media: [{ query: { maxWidth: 480 }, option: { grid: { bottom: 110 }, xAxis: { axisLabel: { rotate: 90, fontSize: 11 } } } }],
    xAxis: {
      type: 'category',
      data: compass.kpis.map((k) => wrapLabel(axisLabels[k] ?? k, 10)),
      axisLabel: { interval: 0, fontSize: 11 },
      axisTick: { show: false },
    },
    yAxis: { type: 'category', data: compass.rows.map((r) => r.store), inverse: true, axisTick: { show: false } },
    visualMap: { type: 'piecewise', show: false, dimension: 2, pieces: SCORE_PIECES },
    series: [
      {
        type: 'heatmap',
        data,
        label: { show: true, fontSize: 13, fontWeight: 'bold', color: '#222' },
        itemStyle: { borderColor: '#fff', borderWidth: 2 },
      },
    ],
  };
}
