/**
 * Subqueries computed once and read from a table (issue 14): the catalogue's SQL stays the one definition, and a driver
 * reads a shared subquery from a table built from that same SQL. Used by the command line's report
 * (scripts/cli/shared-sql.ts: the RFM snapshot and the member histories) and by the tab's engine per view
 * (workers/view-shared.ts: the segments panel's RFM snapshots, session 15, and the member history, session 16).
 *
 * A fragment is substituted only where its exact text stands as a whole parenthesised subquery
 * bound to the same values, and only in a statement whose `?` marks are exactly its parameters
 * (no `?` inside a string literal could shift the count).
 */
import type { SqlStatement, SqlValue } from '../sql.ts';

export interface SharedFragment {
  /** The subquery as the catalogue builds it (text and bound values). */
  stmt: SqlStatement;
  /** The table holding its rows. */
  table: string;
  /**
   * What stands in its place (no `?` marks): by default `SELECT * FROM table`. A table holding more rows than the
   * fragment gives reads them with a filter: the segments view's two-day RFM table read for one of its days
   * (workers/view-shared.ts), whose rows for that day are exactly the one-day snapshot's.
   */
  read?: string;
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
  for (const { stmt: fragment, table, read } of shared) {
    const replacement = read ?? `SELECT * FROM ${table}`;
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
