/** Member-list rows from Arrow IPC, decoded column by column (fast enough for 100k rows), and sorting. */
import { tableFromIPC } from 'apache-arrow';
import type { MemberRow } from './columns.ts';
import { MEMBER_LIST_COLUMNS, type MemberListColumn } from './list.ts';

/** Decodes the engine's member list (or one page of it); BigInt never appears (the SQL casts numbers to DOUBLE). */
export function decodeMemberRows(ipc: Uint8Array): MemberRow[] {
  const table = tableFromIPC(ipc);
  const columns = MEMBER_LIST_COLUMNS.map((name) => [name, [...(table.getChild(name) ?? [])]] as const);
  const rows: MemberRow[] = new Array(table.numRows);
  for (let i = 0; i < table.numRows; i++) {
    const row = {} as MemberRow;
    for (const [name, values] of columns) row[name] = (values[i] ?? null) as string | number | null;
    rows[i] = row;
  }
  return rows;
}

export type SortDirection = 'asc' | 'desc';

const collator = new Intl.Collator('zh-CN', { numeric: true });
type Cell = string | number | null;
const empty = (v: Cell) => v === null || v === '';

/**
 * The member list's one sort order, as positions: numbers numerically, text by the Chinese
 * collation; empty values always last; ties by member id. The page sorts loaded rows with it
 * (sortRows) and the worker sorts a whole list's (member id, key) columns with it (members/pager.ts),
 * so a list paged through the worker comes in exactly the order the page would have sorted it.
 */
export function sortOrder(values: readonly Cell[], ids: readonly Cell[], direction: SortDirection): number[] {
  const sign = direction === 'asc' ? 1 : -1;
  const byId = (a: number, b: number) => collator.compare(String(ids[a]), String(ids[b]));
  const order = Array.from(values, (_, i) => i);
  return order.sort((a, b) => {
    const x = values[a];
    const y = values[b];
    if (empty(x)) return empty(y) ? byId(a, b) : 1;
    if (empty(y)) return -1;
    const c = typeof x === 'number' && typeof y === 'number' ? x - y : collator.compare(String(x), String(y));
    return c !== 0 ? sign * c : byId(a, b);
  });
}

/** A sorted copy of rows by one column (sortOrder). */
export function sortRows(rows: readonly MemberRow[], key: MemberListColumn, direction: SortDirection): MemberRow[] {
  const order = sortOrder(
    rows.map((r) => r[key]),
    rows.map((r) => r.member_id),
    direction,
  );
  return order.map((i) => rows[i]);
}
