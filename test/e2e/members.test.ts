// The member list drill-down in Chromium on the demo: counts and exported ids equal the catalogue on
// native DuckDB, phones masked by default and while presenting, long lists virtualised and paged
// through the worker (sorted there in the page's own order).
import { readFileSync } from 'node:fs';
import Papa from 'papaparse';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { presetPeriod } from '../../src/lib/view/periods.ts';
import { ipcToRows } from '../../src/lib/engine/rows.ts';
import { decodeMemberRows, sortRows } from '../../src/lib/members/rows.ts';
import { openHostedApp, type HostedApp } from './harness.ts';
import { nativeReference, type NativeReference } from './native-reference.ts';

const GROUP = 'important_winback';
const RFM_HASH = `#members?o.list=rfm&o.scheme=cn8&o.group=${GROUP}`;
let native: NativeReference;
let session: HostedApp;
let period: { from: string; to: string };
let yearPeriod: { from: string; to: string };

beforeAll(async () => {
  native = await nativeReference();
  const info = await native.engine.dataset();
  period = presetPeriod('last90', info.lastOrderDate!); // the default view's period
  yearPeriod = presetPeriod('this_year', info.lastOrderDate!);
  session = await openHostedApp(RFM_HASH);
}, 120_000);
afterAll(async () => {
  await session?.close();
  native?.close();
});

async function memberCount(): Promise<number> {
  const el = await session.page.waitForSelector('[data-panel="members"][data-status="ready"] [data-member-count]:not([data-member-count=""])', { timeout: 90_000 });
  return Number(await el.getAttribute('data-member-count'));
}
const phones = () => session.page.$$eval('[data-member-row] [data-col="phone"]', (cells) => cells.map((c) => c.textContent ?? ''));

describe('member list (hosted build, demo data)', () => {
  let nativeIds: string[];
  it('an RFM drill-down link shows the group with the count rfm_groups gives on native DuckDB', async () => {
    const groups = ipcToRows(await native.engine.runMetric('rfm_groups', { ...period, rfmScheme: 'cn8' }));
    const expected = groups.find((g) => g.group === GROUP)!.members as number;
    expect(expected).toBeGreaterThan(20);
    expect(await memberCount()).toBe(expected);
    expect(await session.page.textContent('[data-member-target]')).toBe('RFM（八类模型）：重要挽留客户');
    const members = ipcToRows(await native.engine.runMetric('rfm_members', { ...period, rfmScheme: 'cn8' }));
    nativeIds = members
      .filter((m) => m.group === GROUP)
      .map((m) => m.member_id as string)
      .sort();
    expect(nativeIds.length).toBe(expected);
  });

  it('phones are masked by default (138****5678)', async () => {
    const shown = (await phones()).filter(Boolean);
    expect(shown.length).toBeGreaterThan(5);
    for (const p of shown) expect(p).toMatch(/^\d{3}\*{4}\d{4}$/);
  });

  it('the CSV export holds exactly the members of the group, with a BOM and masked phones', async () => {
    await session.page.click('[data-action="export-open"]');
    const [download] = await Promise.all([session.page.waitForEvent('download'), session.page.click('[data-export-dialog] [data-action="export-csv"]')]);
    const text = readFileSync((await download.path())!, 'utf8');
    expect(text.charCodeAt(0)).toBe(0xfeff);
    // the about lines, one empty line, then the table
    const [about, table] = text.slice(1).split('\r\n\r\n');
    expect(about.split('\r\n')[0]).toBe('名单,RFM（八类模型）：重要挽留客户');
    const parsed = Papa.parse<string[]>(table.trim(), { skipEmptyLines: true }).data;
    expect(parsed[0][0]).toBe('会员号');
    const phoneCol = parsed[0].indexOf('手机号');
    const body = parsed.slice(1);
    expect(body.map((r) => r[0]).sort()).toEqual(nativeIds);
    for (const r of body) if (r[phoneCol]) expect(r[phoneCol]).toMatch(/^\d{3}\*{4}\d{4}$/);
  });

  it('the toggle unmasks phones (the real numbers), and presentation mode masks them again', async () => {
    await session.page.click('[data-action="toggle-mask"]');
    const rows = await session.page.$$eval('[data-member-row]', (els) =>
      els.map((e) => [e.getAttribute('data-member-row')!, e.querySelector('[data-col="phone"]')!.textContent ?? ''] as const),
    );
    const truth = new Map(
      (await native.engine.rows({ text: 'SELECT member_id, phone FROM members', params: [] })).map((r) => [r.member_id as string, (r.phone as string | null) ?? '']),
    );
    expect(rows.length).toBeGreaterThan(5);
    for (const [id, phone] of rows) expect(phone).toBe(truth.get(id));
    expect(rows.some(([, p]) => /^\d{11}$/.test(p))).toBe(true);
    await session.page.goto(`${session.url}${RFM_HASH}&present=1`);
    await memberCount();
    expect(await session.page.$('[data-action="toggle-mask"]')).toBeNull();
    const presenting = (await phones()).filter(Boolean);
    for (const p of presenting) expect(p).toMatch(/^\d{3}\*{4}\d{4}$/);
  });

  it('a long list renders only a window of rows, also after scrolling to the end; the count equals the buyers KPI', async () => {
    await session.page.goto(`${session.url}#members?preset=this_year&o.list=all`);
    const count = await memberCount();
    const buyers = ipcToRows(await native.engine.runMetric('buyers', yearPeriod))[0].value;
    expect(count).toBe(buyers);
    expect(count).toBeGreaterThan(5_000);
    const domRows = await session.page.$$eval('[data-member-row]', (els) => els.length);
    expect(domRows).toBeGreaterThan(5);
    expect(domRows).toBeLessThan(100);
    await session.page.$eval('[data-member-scroller]', (el) => el.scrollTo(0, el.scrollHeight));
    await session.page.waitForSelector(`[data-member-row][aria-rowindex="${count + 1}"]`, { timeout: 30_000 });
    const last = await session.page.$$eval('[data-member-row]', (els) => els.map((e) => Number(e.getAttribute('aria-rowindex'))));
    expect(Math.max(...last)).toBe(count + 1); // the last member is rendered
    expect(last.length).toBeLessThan(100);
  });

  it('sorting by a header reorders the whole list (member id ascending)', async () => {
    await session.page.$eval('[data-member-scroller]', (el) => el.scrollTo(0, 0));
    const list = ipcToRows(await native.engine.memberList({ list: 'all' }, yearPeriod)).map((r) => r.member_id as string);
    const collator = new Intl.Collator('zh-CN', { numeric: true });
    await session.page.click('[data-sort="member_id"]');
    const firstRow = () => session.page.$eval('[data-member-row]', (e) => e.getAttribute('data-member-row'));
    await expect.poll(firstRow, { timeout: 30_000 }).toBe(list.sort(collator.compare)[0]);
    expect(await session.page.$eval('[role="columnheader"]:has([data-sort="member_id"])', (e) => e.getAttribute('aria-sort'))).toBe('ascending');
  });

  it('a header sort in the worker gives the rows sortRows gives the whole list (spend ascending, empty last, ties by id)', async () => {
    const list = decodeMemberRows(await native.engine.memberList({ list: 'all' }, yearPeriod));
    const expected = sortRows(list, 'spend', 'asc').map((r) => r.member_id);
    await session.page.click('[data-sort="spend"]'); // not the current key: descending first
    await session.page.click('[data-sort="spend"]');
    expect(await session.page.$eval('[role="columnheader"]:has([data-sort="spend"])', (e) => e.getAttribute('aria-sort'))).toBe('ascending');
    const shown = () => session.page.$$eval('[data-member-row]', (els) => els.slice(0, 10).map((e) => e.getAttribute('data-member-row')));
    await expect.poll(shown, { timeout: 30_000 }).toEqual(expected.slice(0, 10));
  });

  it('only the windows in view come to the page: a jump to the middle shows rows waiting for their page, then the right members', async () => {
    const list = decodeMemberRows(await native.engine.memberList({ list: 'all' }, yearPeriod));
    const expected = sortRows(list, 'spend', 'asc').map((r) => r.member_id);
    const middle = Math.floor(expected.length / 2);
    const sawPending = await session.page.$eval(
      '[data-member-scroller]',
      (el, top) =>
        new Promise<boolean>((done) => {
          // Rows not loaded yet render as aria-busy placeholders until their page arrives from the worker.
          const seen = new MutationObserver(() => {
            if (el.querySelector('[aria-busy="true"]')) {
              seen.disconnect();
              done(true);
            }
          });
          seen.observe(el, { childList: true, subtree: true });
          el.scrollTo(0, top);
          setTimeout(() => done(false), 10_000);
        }),
      middle * 34,
    );
    expect(sawPending).toBe(true);
    const at = (i: number) => session.page.$eval(`[data-member-row][aria-rowindex="${i + 2}"]`, (e) => e.getAttribute('data-member-row')).catch(() => null);
    await expect.poll(() => at(middle), { timeout: 30_000 }).toBe(expected[middle]);
  });

  it('a new header sort starts the list from its first row again (scrolled back to the top)', async () => {
    const list = decodeMemberRows(await native.engine.memberList({ list: 'all' }, yearPeriod));
    const expected = sortRows(list, 'purchase_days', 'desc').map((r) => r.member_id);
    expect(await session.page.$eval('[data-member-scroller]', (el) => el.scrollTop)).toBeGreaterThan(1000); // left in the middle above
    await session.page.click('[data-sort="purchase_days"]');
    await expect.poll(() => session.page.$eval('[data-member-scroller]', (el) => el.scrollTop), { timeout: 30_000 }).toBe(0);
    await expect.poll(() => session.page.$eval('[data-member-row]', (e) => e.getAttribute('data-member-row')), { timeout: 30_000 }).toBe(expected[0]);
  });

  it('had no console error', () => {
    expect(session.consoleErrors).toEqual([]);
  });
});
