/** Parameters shared by all metrics. Dates are ISO `YYYY-MM-DD`; periods are half-open [from, to). */
export interface MetricParams {
  from: string;
  to: string;
  stores?: string[];
  channels?: string[];
  tiers?: string[];
  membership?: 'all' | 'member' | 'nonmember';
  /** Repurchase counted on distinct purchase days (default) or on orders. */
  repurchaseBasis?: 'days' | 'orders';
  /** Days since last purchase that end each lifecycle stage: active ≤ a, at risk ≤ b, dormant ≤ c, else churned. */
  lifecycle?: { active: number; atRisk: number; dormant: number };
  /** Snapshot day (inclusive) for lifecycle, RFM, points balance; default: the period's last day (to − 1). */
  asOf?: string;
  /** RFM look-back window in days ending at the snapshot; default 365. */
  lookbackDays?: number;
  /** RFM naming scheme: 11 R×FM groups (default) or the Chinese 8 classes (R, F, M vs. the mean). */
  rfmScheme?: 'eleven' | 'cn8';
  /** ¥ per point for the points liability; default 0.01. */
  pointValue?: number;
  /** Snapshot days (inclusive) compared by migration matrices; default: the day before `from` and `to − 1`. */
  migrationFrom?: string;
  migrationTo?: string;
  /** Count non-refund orders with amount 0 as purchases too (default false: amount > 0). */
  countZeroAmount?: boolean;
  /** Segment of `nps_by`; default 'store'. */
  npsBy?: 'store' | 'tier' | 'channel';
  /** Campaign response window: a purchase within this many days of the contact; default 30. */
  responseDays?: number;
  /** Gross margin on incremental sales (0–1) for the benefits/campaigns ranking; default 0.4. */
  grossMargin?: number;
  /** The store's member day: 'w1'…'w7' (Monday…Sunday) or 'd1'…'d31' (day of the month); none by default. */
  memberDay?: string;
}

export const DEFAULT_LIFECYCLE = { active: 90, atRisk: 180, dormant: 365 } as const;
export const DEFAULT_LOOKBACK_DAYS = 365;
export const DEFAULT_POINT_VALUE = 0.01;
export const DEFAULT_RESPONSE_DAYS = 30;
export const DEFAULT_GROSS_MARGIN = 0.4;

const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;

/** Throws on malformed dates, an empty period or nonsense options, so no metric runs on nonsense. */
export function validateParams(p: MetricParams): void {
  if (!ISO_DATE.test(p.from) || !ISO_DATE.test(p.to)) throw new RangeError(`period must be YYYY-MM-DD, got ${p.from}..${p.to}`);
  if (p.from >= p.to) throw new RangeError(`period is empty: from ${p.from} is not before to ${p.to}`);
  for (const [name, d] of [
    ['asOf', p.asOf],
    ['migrationFrom', p.migrationFrom],
    ['migrationTo', p.migrationTo],
  ] as const) {
    if (d !== undefined && !ISO_DATE.test(d)) throw new RangeError(`${name} must be YYYY-MM-DD, got ${d}`);
  }
  if (p.lookbackDays !== undefined && !(Number.isInteger(p.lookbackDays) && p.lookbackDays > 0)) {
    throw new RangeError(`lookbackDays must be a positive integer, got ${p.lookbackDays}`);
  }
  if (p.pointValue !== undefined && !Number.isFinite(p.pointValue)) throw new RangeError(`pointValue must be a number`);
  if (p.responseDays !== undefined && !(Number.isInteger(p.responseDays) && p.responseDays > 0 && p.responseDays <= 365)) {
    throw new RangeError(`responseDays must be a whole number of days in 1–365, got ${p.responseDays}`);
  }
  if (p.grossMargin !== undefined && !(p.grossMargin > 0 && p.grossMargin <= 1)) throw new RangeError(`grossMargin must be in (0, 1], got ${p.grossMargin}`);
  const l = p.lifecycle;
  if (l && !(Number.isInteger(l.active) && Number.isInteger(l.atRisk) && Number.isInteger(l.dormant) && 0 < l.active && l.active <= l.atRisk && l.atRisk <= l.dormant)) {
    throw new RangeError(`lifecycle thresholds must be whole days with 0 < active ≤ atRisk ≤ dormant`);
  }
}

const DAY_MS = 86_400_000;
const toDays = (iso: string) => Date.parse(`${iso}T00:00:00Z`) / DAY_MS;
const fromDays = (days: number) => new Date(days * DAY_MS).toISOString().slice(0, 10);

/** Adds whole days to an ISO date (UTC arithmetic, so no DST surprises). */
export const addDays = (iso: string, days: number): string => fromDays(toDays(iso) + days);

/** Number of days in [from, to). */
export const periodDays = (from: string, to: string): number => toDays(to) - toDays(from);

/** Shifts an ISO date by whole months, clamping the day to the target month's length. */
export function addMonths(iso: string, months: number): string {
  const [y, m, d] = iso.split('-').map(Number);
  const total = y * 12 + (m - 1) + months;
  const year = Math.floor(total / 12);
  const month = total - year * 12;
  const last = new Date(Date.UTC(year, month + 1, 0)).getUTCDate();
  return fromDays(Date.UTC(year, month, Math.min(d, last)) / DAY_MS);
}

export type Comparison = 'previous' | 'year_ago';

/** The comparison period: the equal-length period just before (环比) or the same dates a year earlier (同比). */
export function comparisonPeriod(p: MetricParams, kind: Comparison = 'previous'): MetricParams {
  if (kind === 'year_ago') return { ...p, from: addMonths(p.from, -12), to: addMonths(p.to, -12) };
  const days = periodDays(p.from, p.to);
  return { ...p, from: addDays(p.from, -days), to: p.from };
}
