/**
 * The demo's fixed calendar: 730 days from 2024-11-01 to 2026-10-31, addressed by a day index
 * (0 = first day). Civil-date arithmetic is done by hand (Hinnant's algorithms) so nothing
 * depends on the clock, the time zone or the locale.
 */
import { civilFromDays, daysFromCivil } from '../civil-date.ts';

export { civilFromDays, daysFromCivil };

/** Last day of demo data (fixed: the demo must not move with the clock). */
export const END_DATE = '2026-10-31';
/** Number of days covered: 24 months ending on END_DATE. */
export const DAYS = 730;
/** Number of calendar months covered (2024-11 … 2026-10). */
export const MONTHS = 24;

/** Epoch day of day index 0 (2024-11-01). */
export const EPOCH0 = daysFromCivil(2024, 11, 1);

/** Day index of a calendar date (negative before the window). */
export const dayIndex = (y: number, m: number, d: number): number => daysFromCivil(y, m, d) - EPOCH0;

/** Two-digit strings '00'…'99'. */
export const PAD2: readonly string[] = Array.from({ length: 100 }, (_, i) => (i < 10 ? '0' : '') + i);

/** `YYYY-MM-DD` of any day index (also outside the window). */
export function isoOfDay(day: number): string {
  const [y, m, d] = civilFromDays(day + EPOCH0);
  return `${y}-${PAD2[m]}-${PAD2[d]}`;
}

/** Per-day lookup tables, built once per generation. */
export interface Calendar {
  /** `YYYY-MM-DD` per day index. */
  readonly date: readonly string[];
  /** `YYYYMMDD` per day index (order ids). */
  readonly compact: readonly string[];
  /** Month index 0–23 (0 = 2024-11). */
  readonly month: Uint8Array;
  /** Calendar month 1–12. */
  readonly monthOfYear: Uint8Array;
  /** Day of month 1–31. */
  readonly dayOfMonth: Uint8Array;
  /** 0 = Sunday … 6 = Saturday. */
  readonly weekday: Uint8Array;
  /** First day index of each month; entry MONTHS is DAYS. */
  readonly monthStart: Int32Array;
}

/** Builds the lookup tables for the 730 days. */
export function buildCalendar(): Calendar {
  const date: string[] = [];
  const compact: string[] = [];
  const month = new Uint8Array(DAYS);
  const monthOfYear = new Uint8Array(DAYS);
  const dayOfMonth = new Uint8Array(DAYS);
  const weekday = new Uint8Array(DAYS);
  const monthStart = new Int32Array(MONTHS + 1);
  let mi = -1;
  for (let day = 0; day < DAYS; day++) {
    const [y, m, d] = civilFromDays(day + EPOCH0);
    date.push(`${y}-${PAD2[m]}-${PAD2[d]}`);
    compact.push(`${y}${PAD2[m]}${PAD2[d]}`);
    if (d === 1) monthStart[++mi] = day;
    month[day] = mi;
    monthOfYear[day] = m;
    dayOfMonth[day] = d;
    weekday[day] = (((day + EPOCH0 + 4) % 7) + 7) % 7; // 1970-01-01 was a Thursday
  }
  monthStart[MONTHS] = DAYS;
  return { date, compact, month, monthOfYear, dayOfMonth, weekday, monthStart };
}

let clocks: string[] | undefined;

/** `HH:MM:SS` of a second of the day (a table built once: timestamps are the hottest strings). */
export function clockOf(sec: number): string {
  if (!clocks) {
    clocks = [];
    for (let h = 0; h < 24; h++) for (let m = 0; m < 60; m++) for (let s = 0; s < 60; s++) clocks.push(`${PAD2[h]}:${PAD2[m]}:${PAD2[s]}`);
  }
  return clocks[sec];
}
