// Member lists paged through SQL (src/lib/members/pager.ts) on the demo, native DuckDB: a window
// never carries more than its rows, the windows put together are the whole list in the same order
// the page used to sort it (sortRows over all rows), and the cache follows the data.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MEMBER_COLUMNS, type MemberRow } from '../../../src/lib/members/columns.ts';
import { MEMBER_LIST_COLUMNS, type MemberListColumn } from '../../../src/lib/members/list.ts';
import { MEMBER_PAGE_MAX, type MemberListWindow } from '../../../src/lib/members/pager.ts';
import { decodeMemberRows, sortRows, type SortDirection } from '../../../src/lib/members/rows.ts';
import type { MetricParams } from '../../../src/lib/metrics/params.ts';
import type { MemberTarget } from '../../../src/lib/view/member-links.ts';
import { presetPeriod } from '../../../src/lib/view/periods.ts';
import { loadFixture, openHarness, type Harness } from '../metrics/harness.ts';

let h: Harness;
let P: MetricParams;
beforeAll(async () => {
  h = await openHarness();
  const info = await h.engine.loadDemo();
  P = presetPeriod('last90', info.lastOrderDate!);
}, 120_000);
afterAll(() => h.close());

const full = async (target: MemberTarget, p = P) => decodeMemberRows(await h.engine.memberList(target, p));
const page = async (target: MemberTarget, window: MemberListWindow, p = P) => {
  const out = await h.engine.memberListPage(target, p, window);
  return { ...out, rows: decodeMemberRows(out.rows) };
};
/** Every window of `size` rows from the start, put together. */
async function allPages(target: MemberTarget, sort: MemberListWindow['sort'], size: number, p = P): Promise<MemberRow[]> {
  const rows: MemberRow[] = [];
  for (let offset = 0; ; offset += size) {
    const w = await page(target, { sort, offset, limit: size }, p);
    expect(w.rows.length).toBeLessThanOrEqual(size);
    rows.push(...w.rows);
    if (offset + size >= w.total) return rows;
  }
}

describe('member list pages (demo, native DuckDB)', () => {
  it('a window holds at most its limit (capped at MEMBER_PAGE_MAX) and the whole list size', async () => {
    const list = await full({ list: 'all' });
    expect(list.length).toBeGreaterThan(MEMBER_PAGE_MAX);
    const first = await page({ list: 'all' }, { offset: 0, limit: 50 });
    expect(first.total).toBe(list.length);
    expect(first.rows.length).toBe(50);
    const capped = await page({ list: 'all' }, { offset: 0, limit: 100_000 });
    expect(capped.rows.length).toBe(MEMBER_PAGE_MAX);
    const tail = await page({ list: 'all' }, { offset: list.length - 3, limit: 50 });
    expect(tail.rows.map((r) => r.member_id)).toEqual(list.slice(-3).map((r) => r.member_id));
    expect((await page({ list: 'all' }, { offset: list.length + 10, limit: 50 })).rows).toEqual([]);
  });

  it.each<MemberTarget>([{ list: 'all' }, { list: 'lifecycle', stage: 'at_risk' }, { list: 'value_at_risk' }, { list: 'rfm', scheme: 'cn8', group: 'important_winback' }])(
    'the list’s own order, window by window, equals the whole list (%o)',
    async (target) => {
      const list = await full(target);
      expect(await allPages(target, null, 97)).toEqual(list);
    },
  );

  it('the value-at-risk list’s first window is its top rows (the value panel’s top 20)', async () => {
    const list = await full({ list: 'value_at_risk' });
    expect(list.length).toBeGreaterThan(20);
    expect((await page({ list: 'value_at_risk' }, { offset: 0, limit: 20 })).rows).toEqual(list.slice(0, 20));
  });

  const SORTS = MEMBER_LIST_COLUMNS.flatMap((key) => (['asc', 'desc'] as SortDirection[]).map((direction) => [key, direction] as [MemberListColumn, SortDirection]));
  it.each(SORTS)('a header sort by %s %s pages in the order sortRows gives the whole list', async (key, direction) => {
    const list = await full({ list: 'all' });
    const expected = sortRows(list, key, direction).map((r) => r.member_id);
    const paged = await allPages({ list: 'all' }, { key, direction }, MEMBER_PAGE_MAX);
    expect(paged.map((r) => r.member_id)).toEqual(expected);
    // a window from the middle is the same slice
    const mid = await page({ list: 'all' }, { sort: { key, direction }, offset: 1000, limit: 30 });
    expect(mid.rows.map((r) => r.member_id)).toEqual(expected.slice(1000, 1030));
  });

  it('money columns: the largest absolute value over the whole list, for one scale per column', async () => {
    const list = await full({ list: 'all' });
    const { moneyMax } = await page({ list: 'all' }, { offset: 0, limit: 1 });
    for (const c of MEMBER_COLUMNS.filter((m) => m.unit === 'yuan')) {
      const values = list.map((r) => r[c.key]).filter((v): v is number => typeof v === 'number');
      expect(moneyMax[c.key], c.key).toBe(values.length ? Math.max(...values.map(Math.abs)) : 0);
    }
  });

  it('another target or filter is another list; a new dataset is never answered from the cached list', async () => {
    const store = (await h.engine.dataset()).stores[0];
    const filtered = await page({ list: 'all' }, { offset: 0, limit: 10 }, { ...P, stores: [store] });
    expect(filtered.total).toBe((await full({ list: 'all' }, { ...P, stores: [store] })).length);
    const before = await page({ list: 'all' }, { offset: 0, limit: 10 });
    await loadFixture(h.engine, 'members-list');
    const fixtureP = { from: '2024-06-01', to: '2024-07-01' };
    const after = await page({ list: 'all' }, { offset: 0, limit: 10 }, fixtureP);
    expect(after.total).toBe(3);
    expect(after.rows.map((r) => r.member_id)).toEqual(['m1', 'm5', 'm7']);
    expect(before.total).toBeGreaterThan(3);
  });
});
