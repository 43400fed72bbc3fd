/**
 * Windows for month-by-month charts, one definition for every panel: the period widened back to
 * `months` calendar months (so a 90-day period still shows a trend), but never before the data's
 * first month — six months of data draw six months, not two years of empty axis.
 */
import { addDays, addMonths } from '../metrics/params.ts';

export const TREND_MONTHS = 12;
/** Long-run charts (satisfaction, tiers, points): two years. */
export const LONG_TREND_MONTHS = 24;

/** The span of the data (DatasetInfo's order dates); absent = unknown, no clipping. */
export interface DataSpan {
  firstOrderDate: string | null;
  lastOrderDate?: string | null;
}

const monthStart = (iso: string) => `${iso.slice(0, 7)}-01`;

/** [from, to): from the 1st of the month `months` before `to` (or the period's start, if earlier), clipped to the data's first month. */
export function monthlyWindow(period: { from: string; to: string }, data?: DataSpan | null, months = TREND_MONTHS): { from: string; to: string } {
  const back = monthStart(addMonths(period.to, -months));
  let from = back < period.from ? back : monthStart(period.from);
  const first = data?.firstOrderDate ? monthStart(data.firstOrderDate) : null;
  if (first && first > from && first < period.to) from = first;
  return { from, to: period.to };
}

/**
 * The churn chart's window: churn is confirmed `dormantDays` after a last purchase, so months before
 * first order + dormantDays read 0 by construction and are left out. Null when no month of the
 * window is observable yet (less history than dormantDays): the panel says so instead of an empty chart.
 */
export function churnWindow(
  period: { from: string; to: string },
  data: DataSpan | null | undefined,
  dormantDays: number,
  months = LONG_TREND_MONTHS,
): { from: string; to: string; clipped: boolean } | null {
  const w = monthlyWindow(period, data, months);
  if (!data?.firstOrderDate) return { ...w, clipped: false };
  const observable = monthStart(addDays(data.firstOrderDate, dormantDays));
  if (observable >= w.to) return null;
  return observable > w.from ? { from: observable, to: w.to, clipped: true } : { ...w, clipped: false };
}

const lastDayOfMonth = (month: string) => Number(addDays(addMonths(`${month}-01`, 1), -1).slice(8, 10));

/**
 * The months of a [from, to) window that are not whole: the first when the window starts after the
 * 1st, the last when it ends before the next 1st (a period ending on the data's last day, say the 9th).
 * Each month's numbers hold only those days, so a month-by-month chart says so under the chart.
 */
export function partialMonths(w: { from: string; to: string }): { month: string; firstDay: number; lastDay: number }[] {
  if (w.from >= w.to) return [];
  const last = addDays(w.to, -1);
  const months = [w.from.slice(0, 7), last.slice(0, 7)].filter((m, i, all) => all.indexOf(m) === i);
  return months.flatMap((month) => {
    const firstDay = month === w.from.slice(0, 7) ? Number(w.from.slice(8, 10)) : 1;
    const lastDay = month === last.slice(0, 7) ? Number(last.slice(8, 10)) : lastDayOfMonth(month);
    return firstDay === 1 && lastDay === lastDayOfMonth(month) ? [] : [{ month, firstDay, lastDay }];
  });
}

/** One line under a month-by-month chart naming its partial months, or null when every month is whole. */
export function partialMonthsNote(w: { from: string; to: string }, lang: 'zh' | 'en'): string | null {
  const parts = partialMonths(w);
  if (!parts.length) return null;
  const days = (p: { firstDay: number; lastDay: number }) => (p.firstDay === p.lastDay ? `${p.firstDay}` : `${p.firstDay}–${p.lastDay}`);
  return lang === 'zh'
    ? `${parts.map((p) => `${p.month} 只含 ${days(p)} 日`).join('，')}（不是整月），与整月比较时请留意。`
    : `${parts.map((p) => `${p.month} covers day${p.firstDay === p.lastDay ? '' : 's'} ${days(p)} only`).join('; ')} (not a whole month): compare with whole months with care.`;
}
