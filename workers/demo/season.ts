/**
 * Shopping seasons: a day weight that scales every purchase intensity (members, walk-ins, new
 * sign-ups) so 春节, 618 and 双11 show as monthly peaks, plus a sampler of days by weight.
 */
import { DAYS, dayIndex, type Calendar } from './calendar.ts';
import type { Rng } from '../../src/lib/rng.ts';

/** Chinese New Year's days inside the window. */
export const SPRING_FESTIVALS: readonly [number, number, number][] = [
  [2025, 1, 29],
  [2026, 2, 17],
];

/** Why a day is special: 0 none, 1 promotion (discounts, online-heavy), 2 holiday closure. */
export type DayKind = 0 | 1 | 2;

/** Day weights, their running sum and day kinds. */
export interface Season {
  readonly weight: Float64Array;
  /** cum[d] = sum of weight[0..d); length DAYS + 1. */
  readonly cum: Float64Array;
  readonly kind: Uint8Array;
}

const WEEKDAY_WEIGHT = [1.25, 0.88, 0.88, 0.9, 0.95, 1.1, 1.3]; // Sunday … Saturday

/** Builds the day weights for the fixed calendar. */
export function buildSeason(cal: Calendar): Season {
  const weight = new Float64Array(DAYS);
  const kind = new Uint8Array(DAYS);
  for (let day = 0; day < DAYS; day++) {
    const m = cal.monthOfYear[day];
    const d = cal.dayOfMonth[day];
    let w = WEEKDAY_WEIGHT[cal.weekday[day]];
    if (m === 11 && d <= 13) {
      // 双11: pre-sales from Nov 1, the big day, a short tail.
      w *= d === 11 ? 6 : d < 11 ? 1.9 : 1.3;
      kind[day] = 1;
    } else if (m === 6 && d <= 18) {
      // 618: the June mid-year sale.
      w *= d === 18 ? 5 : 1.75;
      kind[day] = 1;
    }
    weight[day] = w;
  }
  for (const [y, m, d] of SPRING_FESTIVALS) {
    const newYear = dayIndex(y, m, d);
    // 年货: almost three weeks of New-Year shopping, then the holiday itself is quiet.
    for (let day = newYear - 20; day < newYear - 1; day++) if (day >= 0) weight[day] *= 2.1;
    for (let day = newYear - 1; day < newYear + 3; day++) {
      weight[day] *= 0.4;
      kind[day] = 2;
    }
    for (let day = newYear + 3; day < newYear + 7; day++) weight[day] *= 0.85;
  }
  const cum = new Float64Array(DAYS + 1);
  for (let day = 0; day < DAYS; day++) cum[day + 1] = cum[day] + weight[day];
  return { weight, cum, kind };
}

/** Total weight of days [lo, hi). */
export const weightBetween = (s: Season, lo: number, hi: number): number => (hi > lo ? s.cum[hi] - s.cum[lo] : 0);

/** A day in [lo, hi) drawn with probability proportional to its weight (inverse CDF). */
export function sampleDay(s: Season, rng: Rng, lo: number, hi: number): number {
  const cum = s.cum;
  const u = cum[lo] + rng.next() * (cum[hi] - cum[lo]);
  let a = lo;
  let b = hi - 1;
  while (a < b) {
    const mid = (a + b + 1) >> 1;
    if (cum[mid] <= u) a = mid;
    else b = mid - 1;
  }
  return a;
}
