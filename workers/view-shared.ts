/**
 * Work the segments panel's statements share, done once per view (issue 14, session 15). The panel asks rfm_groups
 * (every buyer's RFM at the period's end) and rfm_migration (the RFM at the day after `migrationFrom` and at the
 * day after `migrationTo`, by default the period's start and end): both scored the period's last day, each from the
 * orders (~1.2–1.4 s of DuckDB-WASM at 1M orders apiece; the member-day grouping under it ~0.9 s).
 *
 * A request that carries the migration days (panel-requests.ts segmentsRequests gives them to its rfm_groups request
 * too) names the view's two-day snapshot: rfm_migration's own subquery (rfm.ts rfmSnapshotsSql over both days, one
 * pass over the orders). The first statement holding it, or holding one of its days' one-day snapshot (rfm_groups:
 * rfmMembersSql at the period's end), builds it into one table (the catalogue's own SQL, `CREATE OR REPLACE TABLE … AS`),
 * and each such statement reads the table instead (src/lib/metrics/shared-sql.ts substituteShared: only an exact
 * whole subquery bound to the same values is replaced). A day's rows of the two-day snapshot are exactly that day's
 * one-day snapshot (rfm.ts; test/unit/metrics/rfm-one-pass.test.ts), so every answer is the catalogue's.
 *
 * One table at a time: a statement under other parameters (a filter click, another scheme or look-back, other
 * migration days) replaces it, and the engine forgets and drops it at every swap (an import, a restore): a table built
 * from older data is never read. Statements that hold none of the view's snapshots run as they are, nothing built:
 * a click on another panel never waits for this table. Built inside the statement's own call (a prefetch's statement
 * too, which a click interrupts: the table is then not replaced, and what is held stays the table's).
 */
import { dayAfter } from '../src/lib/metrics/history.ts';
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

export interface ViewShared {
  /**
   * The statement to run for `stmt` (a metric's statement under `params`): read from the view's shared table where it
   * holds one of the view's snapshots, the table built first through `run` when it is not held for these parameters;
   * else `stmt` itself, nothing run. A failed or interrupted build throws (from `run`) and holds nothing new.
   */
  prepare(stmt: SqlStatement, params: MetricParams, run: (stmt: SqlStatement) => Promise<unknown>): Promise<SqlStatement>;
  /** The data changed: the table is forgotten at once and `drop` then drops it (run it in the swap's section). */
  forget(drop: (stmt: SqlStatement) => Promise<unknown>): Promise<void>;
  /** Builds so far, and statements that read the table (tests, bench). */
  readonly stats: { builds: number; reads: number };
}

export function createViewShared(): ViewShared {
  /** The statement the table was built from (text and values), while it is the live data's. */
  let held: string | undefined;
  let exists = false;
  const stats = { builds: 0, reads: 0 };
  const keyOf = (s: SqlStatement) => JSON.stringify([s.text, s.params]);
  return {
    async prepare(stmt, params, run) {
      const fragments = viewRfmFragments(params);
      if (!fragments) return stmt;
      const shared = substituteShared(stmt, fragments);
      if (shared === stmt) return stmt;
      const whole = fragments[0].stmt;
      const key = keyOf(whole);
      if (held !== key) {
        held = undefined; // a build stopped half-way leaves no claim (the statement's rollback keeps the old rows, unread)
        exists = true;
        await run(sql`CREATE OR REPLACE TABLE ${raw(VIEW_RFM_TABLE)} AS ${whole}`);
        held = key;
        stats.builds++;
      }
      stats.reads++;
      return shared;
    },
    async forget(drop) {
      held = undefined;
      if (!exists) return;
      exists = false;
      await drop(raw(`DROP TABLE IF EXISTS ${VIEW_RFM_TABLE}`));
    },
    stats,
  };
}
