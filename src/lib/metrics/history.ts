/** Building blocks for metrics that look beyond the period: snapshots, member histories, grouping keys. */
import { raw, sql, type SqlStatement } from '../sql.ts';
import type { Localized } from './define.ts';
import { addDays, DEFAULT_LIFECYCLE, type MetricParams } from './params.ts';
import { scopedOrders } from './scope.ts';

/** Start of "all history": earlier than any retail data, and a valid DuckDB timestamp. */
export const EPOCH = '1900-01-01';

/** Exclusive end of a snapshot taken on an inclusive day. */
export const dayAfter = (isoDay: string): string => addDays(isoDay, 1);

/** Exclusive end of the snapshot: the day after `asOf`, else the period's end. */
export const snapshotEnd = (p: MetricParams): string => (p.asOf ? dayAfter(p.asOf) : p.to);

/** Lifecycle thresholds in days (defaults: DEFAULT_LIFECYCLE). */
export const lifecycleOf = (p: MetricParams) => p.lifecycle ?? DEFAULT_LIFECYCLE;

/** Per member under the filters: `first_date`, `last_date` of purchases before `end` (whole history). */
export function memberHistory(p: MetricParams, end: string): SqlStatement {
  return sql`SELECT member_id, min(order_date) AS first_date, max(order_date) AS last_date
    FROM (${scopedOrders(p, EPOCH, end)}) WHERE is_purchase AND member_id IS NOT NULL GROUP BY member_id`;
}

/**
 * The period's buyer days (买家消费日): one row per member and purchase day (`member_id`, `order_date`) under the filters
 * in [p.from, p.to) — what purchase_frequency, median_purchase_gap_days and purchase_gap_histogram count and space.
 * Not the campaign's "member day" (会员日, member-day.ts). Rows of one day depend on that day's orders only, so the
 * same builder over consecutive day ranges covering the period gives exactly these rows between them (the command
 * line builds its shared table so, scripts/cli/shared-sql.ts).
 */
export const buyerDays = (p: MetricParams): SqlStatement => sql`SELECT DISTINCT member_id, order_date FROM (${scopedOrders(p)}) WHERE is_purchase AND member_id IS NOT NULL`;

/** Visits per member: distinct purchase days (default) or purchase orders, per `repurchaseBasis`. */
export const visitsExpr = (p: MetricParams): SqlStatement => (p.repurchaseBasis === 'orders' ? raw('count(*)') : raw('count(DISTINCT order_date)'));

/**
 * visitsExpr over member-day rows (one per member and `order_date`, `purchases` = its purchase orders),
 * to use with FILTER (WHERE purchases > 0): the same count, read from orders summed per member-day.
 */
export const dayVisitsExpr = (p: MetricParams): SqlStatement => (p.repurchaseBasis === 'orders' ? raw('sum(purchases)') : raw('count(*)'));

/**
 * Grouping key of a KPI builder: the given column when split by store, else one NULL group.
 * The scalar metric and the per-store compass column then share one definition.
 */
export const keyExpr = (byStore: boolean, column: string): SqlStatement => (byStore ? raw(column) : raw('NULL::VARCHAR'));

/** One-row scalar from a builder's grouped `(k, value)` rows; NULL when the builder yields no group. */
export const scalarOf = (grouped: SqlStatement): SqlStatement => sql`SELECT (SELECT value FROM (${grouped}))::DOUBLE AS value`;

/** One-row scalar from a builder's grouped `(k, value)` rows; 0 when the builder yields no group (a sum or a count over no rows). */
export const scalarOrZero = (grouped: SqlStatement): SqlStatement => sql`SELECT coalesce((SELECT value FROM (${grouped})), 0)::DOUBLE AS value`;

/** Month starts (DATE `ms`) of every calendar month overlapping [from, to). */
export const monthsOf = (from: string, to: string): SqlStatement =>
  sql`SELECT unnest(generate_series(date_trunc('month', ${from}::DATE)::TIMESTAMP, (${to}::DATE - 1)::TIMESTAMP, INTERVAL 1 MONTH))::DATE AS ms`;

/** The rule every month-by-month metric follows at the period's edges (shown in its notes, docs and drawer). */
export const PERIOD_EDGES_NOTE: Localized = {
  zh: '**月份与期间边界**：按自然月分组时，每个月都只算期间 [from, to) 之内的日子——首月从 from 当天算起，末月算到 to 的前一天；两端同样处理，所以各月相加等于整个期间的合计，不完整的月份照常显示。',
  en: '**Months at the period edges**: each calendar month counts only the days inside the period [from, to) — the first month from `from`, the last up to the day before `to`; both ends alike, so the months add up to the period total, and partial months are shown as they are.',
};
