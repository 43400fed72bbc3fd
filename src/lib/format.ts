/** Number formatting for people: ¥ and 万/亿 in Chinese, K/M in English; ratios as percentages. */
import type { MetricUnit } from './metrics/define.ts';

export type Lang = 'zh' | 'en';

function compact(value: number, lang: Lang): string {
  const abs = Math.abs(value);
  const fixed = (v: number, digits: number) => v.toFixed(digits).replace(/\.0+$|(\.\d*?)0+$/, '$1');
  if (lang === 'zh') {
    if (abs >= 1e8) return `${fixed(value / 1e8, 2)}亿`;
    if (abs >= 1e4) return `${fixed(value / 1e4, abs >= 1e6 ? 1 : 2)}万`;
  } else {
    if (abs >= 1e9) return `${fixed(value / 1e9, 2)}B`;
    if (abs >= 1e6) return `${fixed(value / 1e6, 2)}M`;
    if (abs >= 1e4) return `${fixed(value / 1e3, 1)}K`;
  }
  return Math.abs(value - Math.round(value)) < 1e-9 ? Math.round(value).toLocaleString('en-US') : fixed(value, 2);
}

/** A metric value as shown on a tile; `null` (undefined metric, e.g. no buyers) shows as “—”. */
export function formatValue(value: number | null | undefined, unit: MetricUnit, lang: Lang): string {
  if (value === null || value === undefined || Number.isNaN(value)) return '—';
  switch (unit) {
    case 'ratio':
      return `${(value * 100).toFixed(1)}%`;
    case 'yuan':
      return `¥${compact(value, lang)}`;
    case 'days':
      return lang === 'zh' ? `${value.toFixed(1)}天` : `${value.toFixed(1)} d`;
    case 'score':
      return value.toFixed(1);
    default:
      return compact(value, lang);
  }
}

export interface Delta {
  /** Relative change for amounts, point change for ratios; null when not comparable. */
  change: number | null;
  direction: 'up' | 'down' | 'flat';
  text: string;
}

/** The change against the comparison period, shown as ▲/▼ with % (amounts) or pp (ratios). */
export function formatDelta(current: number | null, previous: number | null, unit: MetricUnit): Delta {
  if (current === null || previous === null) return { change: null, direction: 'flat', text: '—' };
  if (unit === 'ratio') {
    const pp = (current - previous) * 100;
    const direction = Math.abs(pp) < 0.05 ? 'flat' : pp > 0 ? 'up' : 'down';
    return { change: pp, direction, text: `${direction === 'up' ? '▲' : direction === 'down' ? '▼' : '■'} ${Math.abs(pp).toFixed(1)}pp` };
  }
  if (previous === 0) return { change: null, direction: 'flat', text: '—' };
  const rel = (current - previous) / Math.abs(previous);
  const direction = Math.abs(rel) < 0.0005 ? 'flat' : rel > 0 ? 'up' : 'down';
  return { change: rel, direction, text: `${direction === 'up' ? '▲' : direction === 'down' ? '▼' : '■'} ${Math.abs(rel * 100).toFixed(1)}%` };
}

const DATE_FORMATS: Record<Lang, Intl.DateTimeFormat> = {
  zh: new Intl.DateTimeFormat('zh-CN', { year: 'numeric', month: '2-digit', day: '2-digit', timeZone: 'UTC' }),
  en: new Intl.DateTimeFormat('en-GB', { year: 'numeric', month: 'short', day: 'numeric', timeZone: 'UTC' }),
};

/** An ISO day in the locale's form: 2026/08/03 in Chinese, 3 Aug 2026 in English. */
export function formatDate(iso: string, lang: Lang): string {
  return DATE_FORMATS[lang].format(new Date(`${iso}T00:00:00Z`));
}

/** A half-open period [from, to) as people read it: the last day included. */
export function formatPeriod(from: string, to: string, lang: Lang): string {
  const last = new Date(Date.parse(`${to}T00:00:00Z`) - 86_400_000).toISOString().slice(0, 10);
  return `${formatDate(from, lang)} ~ ${formatDate(last, lang)}`;
}

const grouped = (v: number, digits: number) => v.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits });

/**
 * The one money format for a column of amounts (tables, tooltips of a series, the printed report):
 * ¥ with thousands separators and two decimals — or, when the column reaches ¥10万 (Chinese) /
 * ¥1M (English), every cell in 万 / M with two decimals. Never ¥9881.9 next to ¥1.9万.
 */
export function moneyFormatter(values: Iterable<number | null | undefined>, lang: Lang): (v: number | null | undefined) => string {
  let max = 0;
  for (const v of values) if (typeof v === 'number' && Number.isFinite(v)) max = Math.max(max, Math.abs(v));
  const [scale, suffix] = lang === 'zh' ? (max >= 1e5 ? [1e4, '万'] : [1, '']) : max >= 1e6 ? [1e6, 'M'] : [1, ''];
  return (v) => (v === null || v === undefined || Number.isNaN(v) ? '—' : `${v < 0 ? '-' : ''}¥${grouped(Math.abs(v) / scale, 2)}${suffix}`);
}

/** A formatter for a whole column of one unit: money columns share one scale (moneyFormatter), others as on a tile. */
export function columnFormatter(unit: MetricUnit | undefined, values: Iterable<number | null | undefined>, lang: Lang): (v: number | null | undefined) => string {
  if (unit === 'yuan') return moneyFormatter(values, lang);
  return (v) => (unit ? formatValue(v, unit, lang) : v === null || v === undefined ? '—' : String(v));
}
