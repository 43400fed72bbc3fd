/**
 * The store's member day (会员日): a weekday ('w1' Monday … 'w7' Sunday) or a day of the month ('d1' … 'd31'),
 * chosen in the URL (`o.md`). memberDayBalance reads the `member_day_sales` rows: the extra sales on member
 * days against ordinary days, the dip on the days around them, and what is left as added.
 */
export type MemberDay = { kind: 'weekday'; day: number } | { kind: 'monthday'; day: number };

/** Days before and after a member day counted as 'around' it (where shifted purchases would have been). */
export const AROUND_DAYS = 2;

/** 'w1'…'w7' or 'd1'…'d31' → the member day; anything else → null (no member day). */
export function memberDayOf(raw: string | undefined): MemberDay | null {
  const m = /^([wd])(\d{1,2})$/.exec(raw ?? '');
  if (!m) return null;
  const day = Number(m[2]);
  if (m[1] === 'w') return day >= 1 && day <= 7 ? { kind: 'weekday', day } : null;
  return day >= 1 && day <= 31 ? { kind: 'monthday', day } : null;
}

/** The URL form of a member day. */
export const memberDayCode = (d: MemberDay): string => `${d.kind === 'weekday' ? 'w' : 'd'}${d.day}`;

/** One row of `member_day_sales`. */
export interface MemberDayRow {
  day_kind: string;
  days: number;
  /** Never NULL from the SQL (coalesced); typed as the `sales` column. */
  sales: number | null;
  buyer_days: number;
}

export interface MemberDayBalance {
  /** Member sales per day on member days, on the days around them, on other days (¥). */
  perDay: { memberDay: number; around: number | null; other: number };
  /** (member-day rate − other-day rate) × member days: sales above an ordinary day. */
  extra: number;
  /** (other-day rate − around rate) × days around: sales missing around member days (≥ 0 means a dip). */
  dip: number;
  /** extra − max(dip, 0): sales the member days added rather than moved. */
  added: number;
  /** max(dip, 0) ÷ extra: share of the extra that was moved from the days around; null when there is no extra. */
  shiftedShare: number | null;
}

/** Null without member days or ordinary days in the period. */
export function memberDayBalance(rows: readonly MemberDayRow[]): MemberDayBalance | null {
  const by = new Map(rows.map((r) => [r.day_kind, r]));
  const md = by.get('member_day');
  const other = by.get('other');
  if (!md?.days || !other?.days) return null;
  const around = ['before', 'after'].map((k) => by.get(k)).filter((r): r is MemberDayRow => !!r && r.days > 0);
  const aroundDays = around.reduce((s, r) => s + r.days, 0);
  const aroundSales = around.reduce((s, r) => s + (r.sales ?? 0), 0);
  const rate = { memberDay: (md.sales ?? 0) / md.days, around: aroundDays ? aroundSales / aroundDays : null, other: (other.sales ?? 0) / other.days };
  const extra = (rate.memberDay - rate.other) * md.days;
  const dip = rate.around === null ? 0 : (rate.other - rate.around) * aroundDays;
  const moved = Math.max(dip, 0);
  return { perDay: rate, extra, dip, added: extra - moved, shiftedShare: extra > 0 ? Math.min(moved / extra, 1) : null };
}
