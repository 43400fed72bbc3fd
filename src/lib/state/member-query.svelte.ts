/**
 * A member list on the page: its size and the windows of rows the table shows, paged through the
 * worker (engine.memberListPage, src/lib/members/pager.ts). The first window comes with every new
 * target, filter or header sort (useEngineQuery: stale answers dropped, superseded requests
 * cancelled); scrolling asks for the pages that come into view. All rows only for an export (allRows).
 */
import { engineClient, newRequestId } from '../engine/client.ts';
import { QueryState, useEngineQuery } from './engine-query.svelte.ts';
import type { MemberTarget } from '../view/member-links.ts';
import type { MemberRow } from '../members/columns.ts';
import type { MemberListColumn } from '../members/list.ts';
import type { MemberListPage, MemberListWindow } from '../members/pager.ts';
import { decodeMemberRows, sortRows } from '../members/rows.ts';
import type { MetricParams } from '../metrics/params.ts';

/** Rows per request: a few screens of the table. */
export const MEMBER_PAGE_ROWS = 100;

export interface MemberListRequest {
  target: MemberTarget;
  params: MetricParams;
  sort: MemberListWindow['sort'];
}

export class MemberQuery extends QueryState {
  /** The list's size (all members, not only the loaded ones). */
  total = $state(0);
  /** Rows by position; undefined where the page is not loaded yet. */
  rows = $state.raw<(MemberRow | undefined)[]>([]);
  /** Counts the lists shown (a new target, filter or header sort): the table scrolls back to the top on each. */
  list = $state(0);
  /** Largest absolute value per money column over the whole list (one scale per column). */
  moneyMax = $state.raw<MemberListPage['moneyMax']>({});
  /** The request the loaded rows belong to, and the pages asked for it. */
  private current: MemberListRequest | null = null;
  // eslint-disable-next-line svelte/prefer-svelte-reactivity -- bookkeeping of requests, never shown
  private asked = new Set<number>();

  /** Makes sure rows [start, end) are loaded (the table's visible window): asks for the pages missing. */
  show(start: number, end: number): void {
    const req = this.current;
    if (!req) return;
    const last = Math.min(end, this.total) - 1;
    for (let p = Math.floor(Math.max(0, start) / MEMBER_PAGE_ROWS); p * MEMBER_PAGE_ROWS <= last; p++) {
      if (this.asked.has(p)) continue;
      this.asked.add(p);
      void fetchPage(req, p * MEMBER_PAGE_ROWS, newRequestId()).then(
        (page) => {
          if (this.current === req) this.place(page);
        },
        () => this.asked.delete(p), // asked again when it comes into view again
      );
    }
  }

  /** A new list's first window: everything loaded before belongs to the old list. */
  start(req: MemberListRequest, page: LoadedPage): void {
    this.current = req;
    this.list++;
    // eslint-disable-next-line svelte/prefer-svelte-reactivity -- as above
    this.asked = new Set([0]);
    this.total = page.total;
    this.moneyMax = page.moneyMax;
    this.rows = new Array(page.total);
    this.place(page);
  }

  private place(page: LoadedPage): void {
    const rows = this.rows.slice();
    page.rows.forEach((r, i) => (rows[page.offset + i] = r));
    this.rows = rows;
  }

  /** Every row of the list, in the order shown (the export; the one time all rows cross to the page). */
  async allRows(): Promise<MemberRow[]> {
    const req = this.current;
    if (!req) return [];
    const rows = decodeMemberRows(await engineClient().memberList(req.target, req.params));
    return req.sort ? sortRows(rows, req.sort.key, req.sort.direction) : rows;
  }
}

type LoadedPage = Omit<MemberListPage, 'rows'> & { rows: MemberRow[] };

async function fetchPage(req: MemberListRequest, offset: number, requestId: string): Promise<LoadedPage> {
  const page = await engineClient().memberListPage(req.target, req.params, { sort: req.sort, offset, limit: MEMBER_PAGE_ROWS }, { requestId });
  return { ...page, rows: decodeMemberRows(page.rows) };
}

export function useMemberList(
  request: () => { target: MemberTarget; params: MetricParams | null; sort?: { key: MemberListColumn; direction: 'asc' | 'desc' } | null },
): MemberQuery {
  const query = new MemberQuery();
  useEngineQuery(
    query,
    () => {
      const { target, params, sort } = request();
      return params ? { target: $state.snapshot(target) as MemberTarget, params: $state.snapshot(params) as MetricParams, sort: sort ? { ...sort } : null } : null;
    },
    async (req, requestId) => ({ req, page: await fetchPage(req, 0, requestId) }),
    ({ req, page }) => query.start(req, page),
  );
  return query;
}
