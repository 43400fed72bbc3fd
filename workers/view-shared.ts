/**
 * Work the panels' statements share, done once per view (issue 14): a list of shared subqueries (VIEW_SHARED), each
 * held in its own table, built on first use and read by every statement holding it under the same parameters.
 *
 * 1. The segments view's RFM snapshot (session 15). The panel asks rfm_groups (every buyer's RFM at the period's end)
 *    and rfm_migration (the RFM at the day after `migrationFrom` and at the day after `migrationTo`, by default the
 *    period's start and end): both scored the period's last day, each from the orders. A request that carries the
 *    migration days (panel-requests.ts segmentsRequests gives them to its rfm_groups request too) names the view's
 *    two-day snapshot: rfm_migration's own subquery (rfm.ts rfmSnapshotsSql over both days, one pass over the orders),
 *    and one day's rows of it are exactly that day's one-day snapshot (rfm.ts; test/unit/metrics/rfm-one-pass.test.ts).
 * 2. The view's member history (session 16): each member's first and last purchase day to the period's end
 *    (history.ts memberHistory(p, p.to)), held by the repurchase panel's new/returning buyers and monthly trend, the
 *    churn panel's lifecycle stages, flows and members at risk, and the segments panel's cohorts — seven first-paint
 *    statements over three panels, one GROUP BY over every order each.
 *
 * The first statement holding a fragment builds its table (the catalogue's own SQL, `CREATE OR REPLACE TABLE … AS`),
 * and each such statement reads the table instead (src/lib/metrics/shared-sql.ts substituteShared: only an exact whole
 * subquery bound to the same values is replaced), so every answer is the catalogue's.
 *
 * One build per table at a time: a statement under other parameters (a filter click, another scheme or look-back,
 * other migration days) replaces it, and the engine forgets and drops them all at every swap (an import, a restore): a
 * table built from older data is never read. Statements that hold none of the fragments run as they are, nothing
 * built: a click on another panel never waits for these tables. Built inside the statement's own call (a prefetch's
 * statement too, which a click interrupts: the table is then not replaced, and what is held stays the table's).
 */
import { dayAfter, memberHistory } from '../src/lib/metrics/history.ts';
import type { MetricParams } from '../src/lib/metrics/params.ts';
import { rfmSnapshotsSql } from '../src/lib/metrics/rfm.ts';
import { substituteShared, type SharedFragment } from '../src/lib/metrics/shared-sql.ts';
import { raw, sql, type SqlStatement } from '../src/lib/sql.ts';

/** The table holding the view's two-day RFM snapshot. */
export const VIEW_RFM_TABLE = '_view_rfm_snapshots';

/**
 * The view's two-day RFM snapshot and how each statement reads it: null when `params` carry no migration days. The
 * first fragment is the whole snapshot (rfm_migration's subquery), the others each day's one-day snapshot (rfm_groups'
 * and rfm_members' subquery when the day is the snapshot's end), read with a filter on `snapshot`.
 */
export function viewRfmFragments(params: MetricParams): SharedFragment[] | null {
  if (!params.migrationFrom || !params.migrationTo) return null;
  const a = dayAfter(params.migrationFrom);
  const b = dayAfter(params.migrationTo);
  const whole: SharedFragment = { stmt: rfmSnapshotsSql(params, a === b ? [a] : [a, b]), table: VIEW_RFM_TABLE };
  if (a === b) return [whole];
  // The days are ISO dates (validateParams), written in: the replacement holds no `?`.
  const day = (end: string): SharedFragment => ({
    stmt: rfmSnapshotsSql(params, [end]),
    table: VIEW_RFM_TABLE,
    read: `SELECT * FROM ${VIEW_RFM_TABLE} WHERE snapshot = DATE '${end}'`,
  });
  return [whole, day(a), day(b)];
}

/** The table holding the view's member histories (first and last purchase day per member) to the period's end. */
export const VIEW_HISTORY_TABLE = '_view_member_history';

/**
 * The view's member history: each member's first and last purchase day before the period's end under the view's
 * filters (history.ts memberHistory(p, p.to), one GROUP BY over every order to the end). Held by new_buyers,
 * returning_buyers and repurchase_trend (repurchase), lifecycle_stages, lifecycle_flow and members_at_risk (churn; their
 * snapshot end is the period's end unless `asOf`) and cohort_retention (segments): the same text and values under the
 * view's filters and end whatever the panel's other options or start (the trend's and cohorts' 12-month window too).
 */
export function viewHistoryFragments(params: MetricParams): SharedFragment[] {
  return [{ stmt: memberHistory(params, params.to), table: VIEW_HISTORY_TABLE }];
}

/**
 * The work shared per view, one table each: its fragments under a statement's parameters (null: none), the first the
 * table's whole rows (what is built). Substituted in this order (the RFM snapshot first: the larger subquery).
 */
export const VIEW_SHARED: readonly { table: string; fragments: (params: MetricParams) => SharedFragment[] | null }[] = [
  { table: VIEW_RFM_TABLE, fragments: viewRfmFragments },
  { table: VIEW_HISTORY_TABLE, fragments: viewHistoryFragments },
];

export interface ViewShared {
  /**
   * The statement to run for `stmt` (a metric's statement under `params`): read from the view's shared tables where it
   * holds their fragments, each table built first through `run` when it is not held for these parameters; else `stmt`
   * itself, nothing run. A failed or interrupted build throws (from `run`) and holds nothing new.
   */
  prepare(stmt: SqlStatement, params: MetricParams, run: (stmt: SqlStatement) => Promise<unknown>): Promise<SqlStatement>;
  /** The data changed: the tables are forgotten at once and `drop` then drops them (run it in the swap's section). */
  forget(drop: (stmt: SqlStatement) => Promise<unknown>): Promise<void>;
  /** Builds so far, and statements that read a table (tests, bench): in all, and per table. */
  readonly stats: { builds: number; reads: number; tables: Record<string, { builds: number; reads: number }> };
}

export function createViewShared(): ViewShared {
  /** Per table: the statement it was built from (text and values) while it is the live data's, and whether it may exist. */
  const state = new Map<string, { held?: string; exists: boolean }>(VIEW_SHARED.map((k) => [k.table, { exists: false }]));
  const stats: ViewShared['stats'] = { builds: 0, reads: 0, tables: Object.fromEntries(VIEW_SHARED.map((k) => [k.table, { builds: 0, reads: 0 }])) };
  const keyOf = (s: SqlStatement) => JSON.stringify([s.text, s.params]);
  return {
    async prepare(stmt, params, run) {
      let current = stmt;
      for (const { table, fragments: of } of VIEW_SHARED) {
        const fragments = of(params);
        if (!fragments) continue;
        const shared = substituteShared(current, fragments);
        if (shared === current) continue;
        const whole = fragments[0].stmt;
        const key = keyOf(whole);
        const st = state.get(table)!;
        if (st.held !== key) {
          st.held = undefined; // a build stopped half-way leaves no claim (the statement's rollback keeps the old rows, unread)
          st.exists = true;
          // Built from the fragment as a whole `( … )` subquery: a driver that already holds it (the command line's report,
          // scripts/cli/shared-sql.ts: the member history at the period's end) substitutes it here too, so the table is a
          // copy of that one, not a second GROUP BY over every order (100M orders: 40 s CPU; session 17).
          await run(sql`CREATE OR REPLACE TABLE ${raw(table)} AS SELECT * FROM (${whole})`);
          st.held = key;
          stats.builds++;
          stats.tables[table].builds++;
        }
        stats.tables[table].reads++;
        current = shared;
      }
      if (current !== stmt) stats.reads++;
      return current;
    },
    async forget(drop) {
      const built = [...state].filter(([, st]) => st.exists).map(([table]) => table);
      for (const st of state.values()) Object.assign(st, { held: undefined, exists: false }); // all forgotten before any drop can fail
      for (const table of built) await drop(raw(`DROP TABLE IF EXISTS ${table}`));
    },
    stats,
  };
}
