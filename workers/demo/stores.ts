/**
 * The three demo stores and the story knobs: who is healthy, where the weak points are, and
 * when 社区店's satisfaction dips and its members leave. Tuned so the contrasts are obvious in
 * monthly charts; workers/demo/README.md tells the story.
 */
import { dayIndex } from './calendar.ts';

/** Store names, indexed by the store numbers used in the generator. */
export const STORES = ['旗舰店', '社区店', '商场店'] as const;
export const FLAGSHIP = 0;
export const COMMUNITY = 1;
export const MALL = 2;

export interface StoreProfile {
  /** Share of members whose home store this is. */
  readonly memberShare: number;
  /** Multiplier on a home member's purchase rate: 社区店's members buy less often. */
  readonly frequency: number;
  /** Share of walk-in (non-member) orders placed here: the mall gets most passers-by. */
  readonly walkInShare: number;
  /** Offline orders ÷ visitors: the mall converts its footfall badly. */
  readonly conversion: number;
  /** Mean NPS score (0–10) outside the dip. */
  readonly npsMean: number;
}

/** Per-store knobs, same order as STORES. */
export const PROFILES: readonly StoreProfile[] = [
  { memberShare: 0.4, frequency: 1.1, walkInShare: 0.34, conversion: 0.26, npsMean: 8.5 },
  { memberShare: 0.3, frequency: 0.62, walkInShare: 0.16, conversion: 0.28, npsMean: 8.3 },
  { memberShare: 0.3, frequency: 0.95, walkInShare: 0.5, conversion: 0.065, npsMean: 8.0 },
];

/** Share of a member's orders placed outside their home store. */
export const CROSS_STORE_SHARE = 0.1;

/**
 * 社区店's satisfaction dip (new staff, empty shelves): NPS scores there fall linearly to the
 * bottom and recover by the end day.
 */
export const NPS_DIP = {
  start: dayIndex(2025, 10, 1),
  bottom: dayIndex(2025, 12, 10),
  end: dayIndex(2026, 2, 20),
  /** Points taken off the mean score at the bottom. */
  depth: 4,
};

/**
 * The churn wave that follows the dip by ~3–4 months: this share of 社区店's still-active home
 * members make a last purchase in [start, end) and never come back.
 */
export const CHURN_WAVE = {
  start: dayIndex(2026, 3, 1),
  end: dayIndex(2026, 6, 1),
  share: 0.3,
};

/** How deep the dip is on a given day (0 outside it, 1 at the bottom). */
export function dipDepth(day: number): number {
  const { start, bottom, end } = NPS_DIP;
  if (day <= start || day >= end) return 0;
  return day <= bottom ? (day - start) / (bottom - start) : (end - day) / (end - bottom);
}
