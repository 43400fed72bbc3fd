/**
 * Member lists page through SQL: a list is computed once into a temp table (numbered in its own
 * order), and the page asks for its size, the money columns' scale and one window of rows at a
 * time; a header click sorts the whole list in the worker (sortOrder, the page's own comparator)
 * and pages by position. Nothing but the window crosses to the page; the export alone asks for
 * every row (engine.memberList).
 */
import { tableFromIPC } from 'apache-arrow';
import type { MetricParams } from '../metrics/params.ts';
import { join, raw, sql, type SqlStatement } from '../sql.ts';
import type { MemberTarget } from '../view/member-links.ts';
import { MEMBER_COLUMNS } from './columns.ts';
import { MEMBER_LIST_COLUMNS, memberListBodySql, memberListOrder, type MemberListColumn } from './list.ts';
import { sortOrder, type SortDirection } from './rows.ts';

/** One window of a list: a header sort (null: the list's own order), the first row (0-based) and how many. */
export interface MemberListWindow {
  sort?: { key: MemberListColumn; direction: SortDirection } | null;
  offset: number;
  limit: number;
}

/** A window's answer: the list's size, each money column's largest absolute value (one scale per column), the rows (Arrow IPC). */
export interface MemberListPage {
  total: number;
  offset: number;
  moneyMax: Partial<Record<MemberListColumn, number>>;
  rows: Uint8Array;
}

/** The most rows one window may ask for: a page is a screenful or a top-N, never the list. */
export const MEMBER_PAGE_MAX = 500;

const LIST_TABLE = raw('_member_list');
const MONEY = MEMBER_COLUMNS.filter((c) => c.unit === 'yuan').map((c) => c.key);
const COLUMNS = raw(MEMBER_LIST_COLUMNS.map((c) => `"${c}"`).join(', '));

interface Db {
  query(stmt: SqlStatement): Promise<Uint8Array>;
}

export interface MemberListPager {
  page(target: MemberTarget, params: MetricParams, predictions: string | null, window: MemberListWindow, checkpoint: () => void): Promise<MemberListPage>;
  /** The data or the model fit changed: the cached list is stale. */
  invalidate(): void;
}

export function createMemberListPager(db: Db): MemberListPager {
  let key: string | null = null;
  let total = 0;
  let moneyMax: MemberListPage['moneyMax'] = {};
  /** Member ids of the cached list in a header sort's order, by "key direction". */
  const sorted = new Map<string, string[]>();

  async function materialise(target: MemberTarget, params: MetricParams, predictions: string | null): Promise<void> {
    const k = JSON.stringify([target, params, predictions]);
    if (k === key) return;
    key = null;
    sorted.clear();
    await db.query(
      sql`CREATE OR REPLACE TEMP TABLE ${LIST_TABLE} AS SELECT *, row_number() OVER (ORDER BY ${memberListOrder(target)}) AS _pos
        FROM (${memberListBodySql(target, params, predictions)})`,
    );
    const stats = MONEY.map((c) => `max(abs("${c}"))::DOUBLE AS "${c}"`).join(', ');
    const row = tableFromIPC(await db.query(sql`SELECT count(*)::DOUBLE AS _total, ${raw(stats)} FROM ${LIST_TABLE}`))
      .get(0)!
      .toJSON();
    total = row._total as number;
    moneyMax = Object.fromEntries(MONEY.map((c) => [c, (row[c] as number | null) ?? 0]));
    key = k;
  }

  async function sortedIds(s: NonNullable<MemberListWindow['sort']>): Promise<string[]> {
    const k = `${s.key} ${s.direction}`;
    let ids = sorted.get(k);
    if (!ids) {
      const t = tableFromIPC(await db.query(sql`SELECT member_id, ${raw(`"${s.key}"`)} AS v FROM ${LIST_TABLE}`));
      const all = [...(t.getChild('member_id') ?? [])] as string[];
      const values = [...(t.getChild('v') ?? [])] as (string | number | null)[];
      ids = sortOrder(values, all, s.direction).map((i) => all[i]);
      sorted.set(k, ids);
    }
    return ids;
  }

  return {
    async page(target, params, predictions, window, checkpoint) {
      if (!MEMBER_LIST_COLUMNS.includes(window.sort?.key ?? 'member_id')) throw new Error(`unknown member list column ${window.sort?.key}`);
      const offset = Math.max(0, Math.floor(window.offset));
      const limit = Math.min(MEMBER_PAGE_MAX, Math.max(0, Math.floor(window.limit)));
      await materialise(target, params, predictions);
      checkpoint();
      let rows: Uint8Array;
      if (!window.sort) {
        rows = await db.query(sql`SELECT ${COLUMNS} FROM ${LIST_TABLE} WHERE _pos > ${offset} AND _pos <= ${offset + limit} ORDER BY _pos`);
      } else {
        const ids = (await sortedIds(window.sort)).slice(offset, offset + limit);
        checkpoint();
        const positions = ids.length ? join(ids.map((id, i) => sql`(${i}, ${id})`)) : sql`(0, NULL::VARCHAR)`;
        rows = await db.query(sql`SELECT ${COLUMNS} FROM ${LIST_TABLE} JOIN (VALUES ${positions}) w(_i, _id) ON member_id = w._id ORDER BY w._i`);
      }
      return { total, offset, moneyMax, rows };
    },
    invalidate() {
      key = null;
      sorted.clear();
    },
  };
}
