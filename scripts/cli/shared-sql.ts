/**
 * Subqueries a report computes more than once, computed once (issue 14): the catalogue's SQL stays
 * the one definition, and the command line's driver reads a shared subquery from a table built
 * from that same SQL. One RFM snapshot (rfmMembersSql at the period's end) sits inside rfm_members,
 * rfm_groups and nps_by_rfm: at 10M orders each copy was ~25–35 s of a 10-minute report
 * (bench/results.md, session 10). The substitution itself (substituteShared, uses) lives in
 * src/lib/metrics/shared-sql.ts, shared with the tab's engine (workers/view-shared.ts, session 15).
 */
import type { SqlStatement } from '../../src/lib/sql.ts';
import { uses } from '../../src/lib/metrics/shared-sql.ts';
import type { MetricDefinition } from '../../src/lib/metrics/index.ts';
import { buyerDays, dayAfter, memberHistory, snapshotEnd } from '../../src/lib/metrics/history.ts';
import type { MetricParams } from '../../src/lib/metrics/params.ts';
import { rfmMembersSql } from '../../src/lib/metrics/rfm.ts';

export { substituteShared, uses, type SharedFragment } from '../../src/lib/metrics/shared-sql.ts';

/**
 * A shared subquery to build (the catalogue's own SQL). `byDays`: its rows are one day's at a time (history.ts
 * buyerDays), so its table may be built piece by piece, `over(a, b)` (the same builder with the period [a, b)) for
 * consecutive day ranges covering [from, to): the pieces' rows together are exactly the fragment's.
 */
export interface SharedBuild extends SqlStatement {
  byDays?: { from: string; to: string; over: (from: string, to: string) => SqlStatement };
}

/**
 * Consecutive day ranges [a, b) covering [from, to), cut at day boundaries so that each holds at most `maxRows` of
 * `days`' rows (a day with more is a range alone): `days` are the days in [from, to) that have rows, ascending, with
 * how many. One range when everything fits.
 */
export function dayRanges(days: readonly { day: string; rows: number }[], from: string, to: string, maxRows: number): [string, string][] {
  const ranges: [string, string][] = [];
  let start = from;
  let held = 0;
  for (const { day, rows } of days) {
    if (held > 0 && held + rows > maxRows) {
      ranges.push([start, day]);
      start = day;
      held = 0;
    }
    held += rows;
  }
  ranges.push([start, to]);
  return ranges;
}

/**
 * The per-member subqueries, built by the catalogue's own builders, that two or more of `metrics`' statements hold
 * for `params`, at any end a report uses (the period's start and end, the snapshot's end, the migration's ends):
 * - the RFM snapshot (rfmMembersSql): at the period's end in rfm_members, rfm_groups and nps_by_rfm;
 * - each member's first and last purchase day (memberHistory): at the period's end in new_buyers, returning_buyers,
 *   active_members, active_member_share, lifecycle_stages, churn_rate, lifecycle_flow, members_at_risk,
 *   repurchase_trend and cohort_retention (each one group-by over every order before the end, ~0.1 s a statement at
 *   1M orders; test/unit/cli/report-sharing.test.ts lists them), at its start in lifecycle_flow and churn_rate;
 * - the period's buyer days (buyerDays: each member's purchase days in the period) in purchase_frequency,
 *   median_purchase_gap_days and purchase_gap_histogram (session 17: its DISTINCT over the period's 2.2M purchases of
 *   10M orders failed at --memory-limit 100MB in each of them; built by day ranges, `byDays`, it passes).
 */
export function sharedSnapshots(metrics: readonly MetricDefinition[], params: MetricParams): SharedBuild[] {
  const statements = metrics.map((m) => m.sql(params));
  const ends = new Set([snapshotEnd(params), params.from, params.to]);
  if (params.migrationFrom) ends.add(dayAfter(params.migrationFrom));
  if (params.migrationTo) ends.add(dayAfter(params.migrationTo));
  const candidates: SharedBuild[] = [...ends].flatMap((end) => [rfmMembersSql(params, end), memberHistory(params, end)]);
  candidates.push({ ...buyerDays(params), byDays: { from: params.from, to: params.to, over: (from, to) => buyerDays({ ...params, from, to }) } });
  return candidates.filter((f) => uses(f, statements) >= 2);
}
