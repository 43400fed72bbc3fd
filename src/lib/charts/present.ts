/**
 * Options for the back row and for screen readers: `presentOption` enlarges every label a chart
 * shows (ticks, axis names, legends, radar names, data labels) to PRESENT_FONT px in full-contrast
 * black; `withAria` turns on ECharts' aria with a description of what the chart shows.
 */
import type { EChartsCoreOption } from 'echarts/core';
import type { Lang } from '../format.ts';

/** Smallest text on a slide, in CSS px. */
export const PRESENT_FONT = 18;
const INK = '#000000';

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);
/** Applies `f` to an option component given as one object or a list of them. */
const each = (v: unknown, f: (o: Obj) => Obj): unknown => (Array.isArray(v) ? v.map((x) => (isObj(x) ? f(x) : x)) : isObj(v) ? f(v) : v);
const bigger = (style: unknown): Obj => ({ ...(isObj(style) ? style : {}), fontSize: Math.max(PRESENT_FONT, Number((style as Obj | undefined)?.fontSize) || 0), color: INK });

/** The same chart with slide-sized, full-contrast text. Pure: the input is not changed. */
export function presentOption(option: EChartsCoreOption): EChartsCoreOption {
  const o = option as Obj;
  const axis = (a: Obj): Obj => ({ ...a, axisLabel: bigger(a.axisLabel), nameTextStyle: bigger(a.nameTextStyle) });
  return {
    ...o,
    textStyle: { ...(isObj(o.textStyle) ? o.textStyle : {}), fontSize: PRESENT_FONT },
    // Fixed grid margins were sized for 12 px ticks; let ECharts make room for the larger ones.
    grid: each(o.grid ?? {}, (g) => ({ ...g, containLabel: true })),
    xAxis: each(o.xAxis, axis),
    yAxis: each(o.yAxis, axis),
    legend: each(o.legend, (l) => ({ ...l, textStyle: bigger(l.textStyle), itemWidth: 30, itemHeight: 16 })),
    radar: each(o.radar, (r) => ({ ...r, axisName: bigger(r.axisName) })),
    visualMap: each(o.visualMap, (v) => ({ ...v, textStyle: bigger(v.textStyle) })),
    series: each(o.series, (s) => (isObj(s.label) ? { ...s, label: { ...s.label, fontSize: Math.max(PRESENT_FONT, Number(s.label.fontSize) || 0) } } : s)),
    media: undefined, // narrow-card overrides would shrink the text again
  } as EChartsCoreOption;
}

/** ECharts aria on, with `description` read out instead of the generated text (which is English-only). */
export function withAria(option: EChartsCoreOption, description: string): EChartsCoreOption {
  return { ...(option as Obj), aria: { enabled: true, label: { enabled: true, description }, decal: { show: false } } } as EChartsCoreOption;
}

/** "What this chart shows", from its option: title, kind, series and the category range. */
export function describeChart(option: EChartsCoreOption, title: string, lang: Lang, takeaway?: string | null): string {
  const o = option as Obj;
  const series = (Array.isArray(o.series) ? o.series : o.series ? [o.series] : []) as Obj[];
  const kinds = [...new Set(series.map((s) => String(s.type ?? '')))].filter(Boolean);
  const KIND: Record<string, [string, string]> = {
    line: ['折线图', 'line chart'],
    bar: ['柱状图', 'bar chart'],
    radar: ['雷达图', 'radar chart'],
    heatmap: ['热力图', 'heat map'],
    treemap: ['矩形树图', 'treemap'],
    sankey: ['桑基图', 'flow (Sankey) chart'],
    pie: ['饼图', 'pie chart'],
    scatter: ['散点图', 'scatter chart'],
  };
  const kind = kinds.map((k) => KIND[k]?.[lang === 'zh' ? 0 : 1] ?? k).join(lang === 'zh' ? '加' : ' and ');
  const names = series.map((s) => s.name).filter((n): n is string => typeof n === 'string' && n !== '');
  const x = (Array.isArray(o.xAxis) ? o.xAxis[0] : o.xAxis) as Obj | undefined;
  const cats = Array.isArray(x?.data) ? (x!.data as unknown[]).map(String) : [];
  const parts =
    lang === 'zh'
      ? [
          `${title}：${kind || '图表'}`,
          names.length ? `系列：${names.join('、')}` : '',
          cats.length ? `横轴 ${cats[0]} 至 ${cats.at(-1)}，共 ${cats.length} 项` : '',
          takeaway ?? '',
        ]
      : [
          `${title}: ${kind || 'chart'}`,
          names.length ? `series: ${names.join(', ')}` : '',
          cats.length ? `x axis ${cats[0]} to ${cats.at(-1)}, ${cats.length} items` : '',
          takeaway ?? '',
        ];
  return parts.filter(Boolean).join(lang === 'zh' ? '。' : '. ') + (lang === 'zh' ? '。' : '.');
}
