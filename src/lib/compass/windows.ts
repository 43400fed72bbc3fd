/** Windows for month-by-month charts: at least the last 12 calendar months, so a 90-day period still shows a trend. */
import { addMonths } from '../metrics/params.ts';

export const TREND_MONTHS = 12;

/** [from, to) starting on a month's first day: the period, widened back to `months` calendar months before `to` when shorter. */
export function monthlyWindow(period: { from: string; to: string }, months = TREND_MONTHS): { from: string; to: string } {
  const back = addMonths(period.to, -months);
  const start = back < period.from ? back : period.from;
  return { from: `${start.slice(0, 7)}-01`, to: period.to };
}
