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
import { dayAfter, memberHistory, snapshotEnd } from '../../src/lib/metrics/history.ts';
import type { MetricParams } from '../../src/lib/metrics/params.ts';
import { rfmMembersSql } from '../../src/lib/metrics/rfm.ts';

export { substituteShared, uses, type SharedFragment } from '../../src/lib/metrics/shared-sql.ts';

/**
 * The per-member subqueries, built by the catalogue's own builders, that two or more of `metrics`' statements hold
 * for `params`, at any end a report uses (the period's start and end, the snapshot's end, the migration's ends):
 * - the RFM snapshot (rfmMembersSql): at the period's end in rfm_members, rfm_groups and nps_by_rfm;
 * - each member's first and last purchase day (memberHistory): at the period's end in new_buyers, returning_buyers,
 *   active_members, active_member_share, lifecycle_stages, churn_rate, lifecycle_flow, members_at_risk,
 *   repurchase_trend and cohort_retention (each one group-by over every order before the end, ~0.1 s a statement at
 *   1M orders; test/unit/cli/report-sharing.test.ts lists them), at its start in lifecycle_flow and churn_rate.
 */
export function sharedSnapshots(metrics: readonly MetricDefinition[], params: MetricParams): SqlStatement[] {
  const statements = metrics.map((m) => m.sql(params));
  const ends = new Set([snapshotEnd(params), params.from, params.to]);
  if (params.migrationFrom) ends.add(dayAfter(params.migrationFrom));
  if (params.migrationTo) ends.add(dayAfter(params.migrationTo));
  const candidates = [...ends].flatMap((end) => [rfmMembersSql(params, end), memberHistory(params, end)]);
  return candidates.filter((f) => uses(f, statements) >= 2);
}
