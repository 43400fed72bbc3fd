/**
 * One-line takeaways written from a chart's rows, for presentation slides and chart cards:
 * "社区店复购率 38%，低于中位数 13 个百分点". Pure: rows in, sentence out (null when nothing to say).
 */
import { formatValue, type Lang } from '../format.ts';
import type { MetricUnit } from '../metrics/define.ts';
import { selectInPlace } from '../charts/select.ts';

export interface StoreValue {
  store: string;
  value: number | null;
}

const median = (xs: readonly number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};

/** A value for a sentence read from the back row: whole percents and whole scores, other units as formatted. */
function valueText(v: number, unit: MetricUnit, lang: Lang): string {
  if (unit === 'ratio') return `${Math.round(v * 100)}%`;
  if (unit === 'score') return String(Math.round(v));
  return formatValue(v, unit, lang);
}

/** A gap between two values in words: percentage points for ratios, the unit's format otherwise. */
function gapText(gap: number, unit: MetricUnit, lang: Lang): string {
  if (unit === 'ratio') {
    const pp = Math.round(Math.abs(gap) * 100);
    return lang === 'zh' ? `${pp} 个百分点` : `${pp} percentage point${pp === 1 ? '' : 's'}`;
  }
  if (unit === 'score') {
    const pts = Math.round(Math.abs(gap));
    return lang === 'zh' ? `${pts} 分` : `${pts} point${pts === 1 ? '' : 's'}`;
  }
  return formatValue(Math.abs(gap), unit, lang);
}

/**
 * The store furthest on the bad side of the stores' median, as a sentence. `higherIsBetter` picks
 * the bad side. Null with fewer than two stores with values, or when no store is on the bad side.
 */
export function storeGapTakeaway(rows: readonly StoreValue[], label: string, unit: MetricUnit, lang: Lang, higherIsBetter = true): string | null {
  const valued = rows.filter((r): r is { store: string; value: number } => r.value !== null && Number.isFinite(r.value));
  if (valued.length < 2) return null;
  const mid = median(valued.map((r) => r.value));
  const worst = valued.reduce((w, r) => ((higherIsBetter ? r.value < w.value : r.value > w.value) ? r : w));
  const gap = worst.value - mid;
  // Nothing to say when the store is on the good side, or the gap rounds to nothing ("0 分").
  if (gap > 0 === higherIsBetter || /^0(\D|$)/.test(gapText(gap, unit, lang))) return null;
  const value = valueText(worst.value, unit, lang);
  const side = gap < 0 ? (lang === 'zh' ? '低于' : 'below') : lang === 'zh' ? '高于' : 'above';
  return lang === 'zh'
    ? `${worst.store}${label} ${value}，${side}中位数 ${gapText(gap, unit, lang)}`
    : `${worst.store}: ${label} ${value}, ${gapText(gap, unit, lang)} ${side} the median`;
}

/** Footfall rows (per month and store) summed per store: visitors-weighted daily visitors and conversion. */
export function footfallTotals(rows: readonly { store: string; visitors: number; daily_visitors: number | null; conversion: number | null }[]) {
  const by = new Map<string, { visitors: number; days: number; orders: number }>();
  for (const r of rows) {
    if (!r.visitors || r.daily_visitors === null || r.conversion === null) continue;
    const t = by.get(r.store) ?? { visitors: 0, days: 0, orders: 0 };
    t.visitors += r.visitors;
    t.days += r.visitors / r.daily_visitors;
    t.orders += r.conversion * r.visitors;
    by.set(r.store, t);
  }
  return [...by].map(([store, t]) => ({ store, daily_visitors: t.visitors / t.days, conversion: t.orders / t.visitors }));
}

/** The store with the most visitors a day and how its conversion compares with the median: traffic vs conversion. */
export function footfallTakeaway(rows: readonly { store: string; visitors: number; daily_visitors: number | null; conversion: number | null }[], lang: Lang): string | null {
  const valued = footfallTotals(rows);
  if (valued.length < 2) return null;
  const top = valued.reduce((a, r) => (r.daily_visitors > a.daily_visitors ? r : a));
  const mid = median(valued.map((r) => r.conversion));
  const visitors = formatValue(Math.round(top.daily_visitors), 'count', lang);
  const conv = valueText(top.conversion, 'ratio', lang);
  const gap = top.conversion - mid;
  if (/^0(\D|$)/.test(gapText(gap, 'ratio', lang))) return null;
  const side = gap < 0 ? (lang === 'zh' ? '低于' : 'below') : lang === 'zh' ? '高于' : 'above';
  return lang === 'zh'
    ? `${top.store}日均客流 ${visitors}（最多），转化率 ${conv}，${side}中位数 ${gapText(gap, 'ratio', lang)}`
    : `${top.store}: most visitors (${visitors} a day), conversion ${conv}, ${gapText(gap, 'ratio', lang)} ${side} the median`;
}

/** When NPS bottomed and when members lost peaked after it: "the dip comes first". Null if no peak follows the dip. */
export function leadLagTakeaway(
  store: string,
  nps: readonly { month: string; value: number | null }[],
  churners: readonly { month: string; value: number | null }[],
  lang: Lang,
): string | null {
  const valued = <T extends { value: number | null }>(xs: readonly T[]) => xs.filter((r) => r.value !== null) as (T & { value: number })[];
  const n = valued(nps);
  if (n.length === 0) return null;
  const dip = n.reduce((lo, r) => (r.value < lo.value ? r : lo));
  const after = valued(churners).filter((r) => r.month > dip.month);
  if (after.length === 0) return null;
  const peak = after.reduce((hi, r) => (r.value > hi.value ? r : hi));
  const lag = (Number(peak.month.slice(0, 4)) - Number(dip.month.slice(0, 4))) * 12 + Number(peak.month.slice(5, 7)) - Number(dip.month.slice(5, 7));
  const score = valueText(dip.value, 'score', lang);
  const lost = formatValue(peak.value, 'count', lang);
  return lang === 'zh'
    ? `${store} NPS 在 ${dip.month} 跌到 ${score}，${lag} 个月后（${peak.month}）流失会员达到 ${lost} 人`
    : `${store}: NPS fell to ${score} in ${dip.month}; ${lag} month${lag === 1 ? '' : 's'} later (${peak.month}) ${lost} members were lost`;
}

/** The tier whose share of sales most exceeds its share of members: "钻石 3% 的会员贡献了 15% 的销售额". */
export function tierShareTakeaway(rows: readonly { tier: string; members: number; sales_share: number | null }[], labelOf: (tier: string) => string, lang: Lang): string | null {
  const total = rows.reduce((n, r) => n + r.members, 0);
  const valued = rows.filter((r) => r.members > 0 && r.sales_share !== null && total > 0) as { tier: string; members: number; sales_share: number }[];
  if (valued.length < 2) return null;
  const best = valued.reduce((a, r) => (r.sales_share / r.members > a.sales_share / a.members ? r : a));
  const members = valueText(best.members / total, 'ratio', lang);
  const sales = valueText(best.sales_share, 'ratio', lang);
  if (best.sales_share <= best.members / total) return null;
  return lang === 'zh' ? `${labelOf(best.tier)}会员占 ${members}，贡献了 ${sales} 的销售额` : `${labelOf(best.tier)}: ${members} of members bring ${sales} of sales`;
}

/** The lowest monthly score of any store against all stores that month: where a dip shows. */
export function dipTakeaway(rows: readonly { month: string; store: string | null; value: number | null }[], label: string, lang: Lang): string | null {
  const stores = rows.filter((r) => r.store !== null && r.value !== null) as { month: string; store: string; value: number }[];
  if (stores.length === 0) return null;
  const low = stores.reduce((a, r) => (r.value < a.value ? r : a));
  const all = rows.find((r) => r.store === null && r.month === low.month)?.value;
  if (all === null || all === undefined || all - low.value < 0.5) return null;
  const gap = gapText(low.value - all, 'score', lang);
  return lang === 'zh'
    ? `${low.store}${label}在 ${low.month} 跌到 ${valueText(low.value, 'score', lang)}，比当月全部门店低 ${gap}`
    : `${low.store}: ${label} fell to ${valueText(low.value, 'score', lang)} in ${low.month}, ${gap} below all stores that month`;
}

/**
 * The weakest axis of any store on the compass (index against the benchmark, 100 = on it), as a
 * sentence: "社区店最弱：复购率 38%，基准 51%". Null when no store is below its benchmark.
 */
export function compassTakeaway(
  weakest: readonly { store: string; kpi: string; label: string; unit: MetricUnit; score: number; value: number | null; benchmark: number | null }[],
  lang: Lang,
): string | null {
  const below = weakest.filter((w) => w.score < 100 && w.value !== null && w.benchmark !== null);
  if (below.length === 0) return null;
  const w = below.reduce((a, b) => (b.score < a.score ? b : a));
  const [v, b] = [valueText(w.value!, w.unit, lang), valueText(w.benchmark!, w.unit, lang)];
  return lang === 'zh' ? `${w.store}最弱：${w.label} ${v}，基准 ${b}` : `Weakest: ${w.store}, ${w.label} ${v} against a benchmark of ${b}`;
}

/** The largest share of members in groups that need winning back, or else the largest group: "重要挽留客户 1,234 位（占 12%）". */
export function groupShareTakeaway(groups: readonly { label: string; members: number }[], lang: Lang): string | null {
  const total = groups.reduce((n, g) => n + g.members, 0);
  if (total === 0 || groups.length < 2) return null;
  const top = groups.reduce((a, g) => (g.members > a.members ? g : a));
  const share = valueText(top.members / total, 'ratio', lang);
  const n = formatValue(top.members, 'count', lang);
  return lang === 'zh' ? `最大的分组是${top.label}：${n} 位会员，占 ${share}` : `Largest group: ${top.label}, ${n} members (${share})`;
}

/** The share of the positive values that the largest `topShare` of them hold (0.2: the top 20 %); null under 5 positive values. */
export function valueConcentrationShare(values: ArrayLike<number | null>, topShare = 0.2): number | null {
  // The positive values, the k-th largest by selection (no sort: every member in scope, on the main thread), then sums.
  const v = new Float64Array(values.length);
  let n = 0;
  for (let i = 0; i < values.length; i++) {
    const x = values[i];
    if (x !== null && Number.isFinite(x) && x > 0) v[n++] = x;
  }
  if (n < 5) return null;
  const k = Math.max(1, Math.round(n * topShare));
  const positive = v.subarray(0, n);
  selectInPlace(positive, n - k); // the top k now sit at n-k..n-1
  let total = 0;
  let top = 0;
  for (let i = 0; i < n; i++) {
    total += positive[i];
    if (i >= n - k) top += positive[i];
  }
  return top / total;
}

/** "预测价值最高的 20% 会员贡献 64% 的未来消费" from valueConcentrationShare's share; null for null. */
export function valueConcentrationText(share: number | null, lang: Lang, topShare = 0.2): string | null {
  if (share === null) return null;
  const [p, q] = [valueText(topShare, 'ratio', lang), valueText(share, 'ratio', lang)];
  return lang === 'zh' ? `预测价值最高的 ${p} 会员贡献 ${q} 的未来消费` : `The top ${p} of members by predicted value bring ${q} of future spend`;
}

/** How concentrated predicted value is: "预测价值最高的 20% 会员贡献 64% 的未来消费". Null without values. */
export function valueConcentrationTakeaway(values: ArrayLike<number | null>, lang: Lang, topShare = 0.2): string | null {
  return valueConcentrationText(valueConcentrationShare(values, topShare), lang, topShare);
}

/** Members to win back (warning + dormant) among everyone with a stage: "预警和沉睡会员 5,184 位，占 34%". */
export function winBackTakeaway(stages: readonly { stage: string; members: number }[], names: { atRisk: string; dormant: string }, lang: Lang): string | null {
  const total = stages.reduce((n, s) => n + s.members, 0);
  const n = stages.filter((s) => s.stage === 'at_risk' || s.stage === 'dormant').reduce((a, s) => a + s.members, 0);
  if (total === 0 || n === 0) return null;
  const share = valueText(n / total, 'ratio', lang);
  return lang === 'zh'
    ? `${names.atRisk}和${names.dormant}会员 ${formatValue(n, 'count', lang)} 位，占 ${share}：回访名单从这里开始`
    : `${formatValue(n, 'count', lang)} members (${share}) are in ${names.atRisk} or ${names.dormant}: the call list starts here`;
}
