/** Member-list rows from Arrow IPC, decoded column by column (fast enough for 100k rows), and sorting. */
import { tableFromIPC } from 'apache-arrow';
import type { MemberRow } from './columns.ts';
import { MEMBER_LIST_COLUMNS, type MemberListColumn } from './list.ts';

/** Decodes the engine's member list; BigInt never appears (the SQL casts numbers to DOUBLE). */
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

/** A sorted copy: numbers numerically, text by the Chinese collation; empty values always last; ties by member id. */
export function sortRows(rows: readonly MemberRow[], key: MemberListColumn, direction: SortDirection): MemberRow[] {
  const sign = direction === 'asc' ? 1 : -1;
  return [...rows].sort((a, b) => {
    const x = a[key];
    const y = b[key];
    if (x === null || x === '') return y === null || y === '' ? collator.compare(String(a.member_id), String(b.member_id)) : 1;
    if (y === null || y === '') return -1;
    const c = typeof x === 'number' && typeof y === 'number' ? x - y : collator.compare(String(x), String(y));
    return c !== 0 ? sign * c : collator.compare(String(a.member_id), String(b.member_id));
  });
}
