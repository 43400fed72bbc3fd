/**
 * Subqueries a report computes more than once, computed once (issue 14): the catalogue's SQL stays
 * the one definition, and the command line's driver reads a shared subquery from a table built
 * from that same SQL. One RFM snapshot (rfmMembersSql at the period's end) sits inside rfm_members,
 * rfm_groups, nps_by_rfm and rfm_migration: at 10M orders each copy was ~25–35 s of a 10-minute
 * report (bench/results.md, session 10).
 *
 * A fragment is substituted only where its exact text stands as a whole parenthesised subquery
 * bound to the same values, and only in a statement whose `?` marks are exactly its parameters
 * (no `?` inside a string literal could shift the count).
 */
import type { SqlStatement, SqlValue } from '../../src/lib/sql.ts';
import type { MetricDefinition } from '../../src/lib/metrics/index.ts';
import { dayAfter, memberHistory, snapshotEnd } from '../../src/lib/metrics/history.ts';
import type { MetricParams } from '../../src/lib/metrics/params.ts';
import { rfmMembersSql } from '../../src/lib/metrics/rfm.ts';

export interface SharedFragment {
  /** The subquery as the catalogue builds it (text and bound values). */
  stmt: SqlStatement;
  /** The table holding its rows. */
  table: string;
}

const marks = (text: string, end = text.length) => {
  let n = 0;
  for (let i = text.indexOf('?'); i >= 0 && i < end; i = text.indexOf('?', i + 1)) n++;
  return n;
};

const sameValues = (a: readonly SqlValue[], at: number, b: readonly SqlValue[]) => b.every((v, i) => Object.is(a[at + i], v));

/** `stmt` with each shared fragment that stands as a whole `( … )` subquery, with the same values, read from its table instead; else `stmt` itself. */
export function substituteShared(stmt: SqlStatement, shared: readonly SharedFragment[]): SqlStatement {
  if (!shared.length || marks(stmt.text) !== stmt.params.length) return stmt;
  let text = stmt.text;
  const params = [...stmt.params];
  let changed = false;
  for (const { stmt: fragment, table } of shared) {
    const replacement = `SELECT * FROM ${table}`;
    for (let at = text.indexOf(fragment.text); at >= 0; at = text.indexOf(fragment.text, at + 1)) {
      const end = at + fragment.text.length;
      if (text[at - 1] !== '(' || text[end] !== ')') continue;
      const before = marks(text, at);
      if (!sameValues(params, before, fragment.params)) continue;
      text = text.slice(0, at) + replacement + text.slice(end);
      params.splice(before, fragment.params.length);
      changed = true;
    }
  }
  return changed ? { text, params } : stmt;
}

/** How many of `statements` hold `fragment` where substituteShared would replace it. */
export const uses = (fragment: SqlStatement, statements: readonly SqlStatement[]): number =>
  statements.filter((s) => substituteShared(s, [{ stmt: fragment, table: '_' }]) !== s).length;

/**
 * The per-member subqueries, built by the catalogue's own builders, that two or more of `metrics`' statements hold
 * for `params`, at any end a report uses (the period's start and end, the snapshot's end, the migration's ends):
 * - the RFM snapshot (rfmMembersSql): at the period's end in rfm_members, rfm_groups, nps_by_rfm and rfm_migration;
 * - each member's first and last purchase day (memberHistory): at the period's end in new_buyers, returning_buyers,
 *   active_members, lifecycle_stages, churn_rate, lifecycle_flow and members_at_risk (each one group-by over every
 *   order before the end, ~0.1 s a statement at 1M orders), at its start in lifecycle_flow and churn_rate.
 */
export function sharedSnapshots(metrics: readonly MetricDefinition[], params: MetricParams): SqlStatement[] {
  const statements = metrics.map((m) => m.sql(params));
  const ends = new Set([snapshotEnd(params), params.from, params.to]);
  if (params.migrationFrom) ends.add(dayAfter(params.migrationFrom));
  if (params.migrationTo) ends.add(dayAfter(params.migrationTo));
  const candidates = [...ends].flatMap((end) => [rfmMembersSql(params, end), memberHistory(params, end)]);
  return candidates.filter((f) => uses(f, statements) >= 2);
}
