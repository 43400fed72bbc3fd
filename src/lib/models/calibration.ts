/**
 * Calibration summary per member for the BG/NBD and Gamma-Gamma models (Fader, Hardie & Lee 2005
 * setup): purchases are counted per distinct calendar day, as in the CDNOW summaries.
 */
import { purchaseCondition } from '../metrics/scope.ts';
import { ident, raw, sql, type SqlStatement } from '../sql.ts';

/** Time unit of x's companions t_x and T: days, or weeks = days / 7. */
export type ModelTimeUnit = 'day' | 'week';

export interface CalibrationOptions {
  /** Last calendar day of the calibration period, inclusive (`YYYY-MM-DD`). */
  calibrationEnd: string;
  unit: ModelTimeUnit;
  /** Last day of the holdout period, inclusive: adds `x_holdout` (purchase days in (calibrationEnd, holdoutEnd]). */
  holdoutEnd?: string;
  /**
   * Whether a non-refund order with amount 0 (free goods, fully paid with points) counts as a
   * purchase day. Default false: the KPIs' definition (amount > 0). CDNOW counts them: 8 sample
   * customers whose only transaction was $0 are in the published summary.
   */
  includeZeroAmount?: boolean;
  /**
   * Only the members with `from` ≤ member_id < `below` (either bound may be left out): one part of the
   * summary, read between other statements (workers/prediction/service.ts). The parts of a partition
   * of the member ids, in order, are the whole summary's rows in order.
   */
  members?: { from?: string; below?: string };
  /**
   * Read the purchase days from this table of memberDaysSql's rows instead of the orders (the engine's
   * prediction builds it once per dataset: workers/prediction/service.ts). The same rows, to the bit.
   */
  daysFrom?: string;
}

/**
 * A day's spend as an exact sum of whole 1/10,000 yuan (BIGINT): each amount rounded to 1/10,000 yuan, as imported
 * line items are (the value src/lib/metrics/rfm.ts's DECIMAL(18, 4) holds). A DOUBLE sum depends on the order of its
 * terms, and native DuckDB's parallel aggregation adds them in an order that varies from run to run and with the
 * threads: the mean spend's last bits, and so the Gamma-Gamma fit, varied between runs and engines (session 15).
 * BIGINT rather than amount::DECIMAL(18, 4): the same integers, but at 1M orders the summary took ~40 % more CPU than
 * with DOUBLE sums through the DOUBLE → DECIMAL cast, and ~10 % more this way (bench/results.md, session 15, ggexact). 8 bytes a value in the member-days
 * table, like the DOUBLE it replaces; past ±9.2e14 yuan the casts fail rather than wrap.
 */
const daySpend = (filter = ''): string => `sum(round(o.amount * 10000)::BIGINT)${filter}::BIGINT`;

/**
 * One row per member and calendar day with a non-refund order of amount ≥ 0: `spend_pos` sums the
 * day's orders of amount > 0 (NULL when there are none), `spend_all` those of amount ≥ 0 (exact sums in
 * 1/10,000 yuan: see daySpend), in member and day order. Its rows with `spend_pos` (or, counting zero amounts,
 * every row) are calibrationSummarySql's purchase days with their spend.
 */
export function memberDaysSql(members: { from?: string; below?: string } = {}): SqlStatement {
  const from = members.from === undefined ? raw('') : sql` AND o.member_id >= ${members.from}`;
  const below = members.below === undefined ? raw('') : sql` AND o.member_id < ${members.below}`;
  return sql`SELECT o.member_id, o.order_time::DATE AS d, ${raw(daySpend(' FILTER (WHERE o.amount > 0)'))} AS spend_pos, ${raw(daySpend())} AS spend_all
    FROM orders o
    WHERE o.member_id IS NOT NULL AND ${purchaseCondition(true)}${from}${below}
    GROUP BY o.member_id, o.order_time::DATE
    ORDER BY o.member_id, d`;
}

/** Days per model time unit. */
export const UNIT_DAYS: Record<ModelTimeUnit, number> = { day: 1, week: 7 };

/** Whole days from the day after `calibrationEnd` through `holdoutEnd`, in model units (the holdout length t). */
export function holdoutLength(calibrationEnd: string, holdoutEnd: string, unit: ModelTimeUnit): number {
  const days = (Date.parse(`${holdoutEnd}T00:00:00Z`) - Date.parse(`${calibrationEnd}T00:00:00Z`)) / 86_400_000;
  return days / UNIT_DAYS[unit];
}

/**
 * One row per member whose first purchase day is on or before `calibrationEnd`, DOUBLE columns:
 * `x` = purchase days − 1, `t_x` = first → last purchase day, `T` = first purchase day →
 * `calibrationEnd` (whole days, so a first purchase on the last day gives T = 0: this reproduces
 * the published CDNOW summary, T = 38.86 weeks = 272 days for 1997-01-01..1997-09-30),
 * `monetary` = mean spend of the repeat purchase days (a day's spend sums its orders; 0 when x = 0):
 * the double nearest the exact mean of the exact sums (daySpend), one division of two integers (the
 * repeat days' spend in 1/10,000 yuan, exact as a double below ~9e11 yuan, and 10,000 × x): the same on every run, thread count and engine,
 * and `x_holdout` when a holdout end is given. A purchase: amount > 0 (≥ 0 with `includeZeroAmount`)
 * and not a refund; members only. `memberId: false` leaves the member_id column out (the rows keep their member
 * order): the command line's fit reads only the model columns (scripts/cli/fit.ts).
 */
export function calibrationSummarySql(
  { calibrationEnd, unit, holdoutEnd, includeZeroAmount = false, members = {}, daysFrom }: CalibrationOptions,
  { memberId = true }: { memberId?: boolean } = {},
): SqlStatement {
  const unitDays = UNIT_DAYS[unit];
  const isPurchase = purchaseCondition(includeZeroAmount);
  const from = members.from === undefined ? raw('') : sql` AND o.member_id >= ${members.from}`;
  const below = members.below === undefined ? raw('') : sql` AND o.member_id < ${members.below}`;
  const holdoutCte = holdoutEnd
    ? sql`, hold AS (SELECT member_id, count(*) AS n_days FROM days
        WHERE d > ${calibrationEnd}::DATE AND d <= ${holdoutEnd}::DATE GROUP BY member_id)`
    : raw('');
  const holdoutColumn = holdoutEnd ? raw(', coalesce(h.n_days, 0)::DOUBLE AS x_holdout') : raw('');
  const holdoutJoin = holdoutEnd ? raw('LEFT JOIN hold h ON h.member_id = c.member_id') : raw('');
  const spend = raw(includeZeroAmount ? 'spend_all' : 'spend_pos');
  const days = daysFrom
    ? sql`SELECT o.member_id, o.d, o.${spend} AS spend FROM ${ident(daysFrom)} o WHERE o.${spend} IS NOT NULL${from}${below}`
    : sql`SELECT o.member_id, o.order_time::DATE AS d, ${raw(daySpend())} AS spend
      FROM orders o
      WHERE o.member_id IS NOT NULL AND ${isPurchase}${from}${below}
      GROUP BY o.member_id, o.order_time::DATE`;
  return sql`WITH days AS (
      ${days}
    ), cal AS (
      SELECT member_id, min(d) AS first_day, max(d) AS last_day, count(*) AS n_days,
        sum(spend)::BIGINT AS total, arg_min(spend, d) AS first_spend
      FROM days WHERE d <= ${calibrationEnd}::DATE
      GROUP BY member_id
    )${holdoutCte}
    SELECT ${raw(memberId ? 'c.member_id::VARCHAR AS member_id,' : '')}
      (c.n_days - 1)::DOUBLE AS x,
      date_diff('day', c.first_day, c.last_day)::DOUBLE / ${unitDays}::DOUBLE AS t_x,
      date_diff('day', c.first_day, ${calibrationEnd}::DATE)::DOUBLE / ${unitDays}::DOUBLE AS "T",
      CASE WHEN c.n_days > 1 THEN (c.total - c.first_spend)::DOUBLE / ((c.n_days - 1) * 10000)::DOUBLE ELSE 0 END AS monetary
      ${holdoutColumn}
    FROM cal c ${holdoutJoin}
    ORDER BY c.member_id`;
}
