/** Tooltip helpers for the panel charts: every data string is HTML-escaped (ECharts never escapes a formatter's output). */
import { format } from 'echarts/core';

/** HTML-escapes a data string (store, tier, comment…) for a tooltip. */
export const esc = (s: unknown): string => format.encodeHTML(String(s ?? ''));

interface AxisParam {
  axisValueLabel?: string;
  name?: string;
  seriesName?: string;
  seriesIndex?: number;
  marker?: string;
  value?: unknown;
  data?: unknown;
}

const valueOf = (p: AxisParam): number | null => {
  const v = p.value && typeof p.value === 'object' && !Array.isArray(p.value) ? (p.value as { value?: unknown }).value : p.value;
  return typeof v === 'number' && Number.isFinite(v) ? v : null;
};

/**
 * An axis tooltip: the category, then one line per series with its formatted value. `format`
 * gets the series index, so mixed units (bars + rate line) format right.
 */
export function axisTooltip(formatValue: (v: number | null, seriesIndex: number) => string) {
  return (raw: unknown): string => {
    const params = (Array.isArray(raw) ? raw : [raw]) as AxisParam[];
    if (params.length === 0) return '';
    const head = esc(params[0].axisValueLabel ?? params[0].name);
    const lines = params.map((p) => `${p.marker ?? ''}${esc(p.seriesName)}: ${esc(formatValue(valueOf(p), p.seriesIndex ?? 0))}`);
    return [head, ...lines].join('<br/>');
  };
}

/** Inclusive 'YYYY-MM' bounds of a half-open ISO period, for the shaded "selected period" band. */
export function monthBand(period: { from: string; to: string }): { from: string; to: string } {
  const last = new Date(Date.parse(`${period.to}T00:00:00Z`) - 86_400_000).toISOString();
  return { from: period.from.slice(0, 7), to: last.slice(0, 7) };
}

/** A markArea shading the selected period's months on a category axis. */
export const periodBand = (band?: { from: string; to: string }) =>
  band ? { markArea: { silent: true, itemStyle: { color: 'rgba(0,114,178,0.08)' }, data: [[{ xAxis: band.from }, { xAxis: band.to }]] } } : {};
