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
