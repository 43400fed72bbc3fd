// A store manager's path, end to end (issue 10): compass → 社区店's weak point → a playbook action →
// the store's own members → a call list exported as CSV and XLSX, read back: names, phones, home
// store, tier, last visit, why each member is listed and what to do; masked unless unmasked in the
// export dialog; dates and money as spreadsheet numbers; the about sheet names list and period.
import { readFileSync } from 'node:fs';
import { read, utils } from '@e965/xlsx';
import Papa from 'papaparse';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { raw } from '../../src/lib/sql.ts';
import { openHostedApp, type HostedApp } from './harness.ts';
import { nativeReference, type NativeReference } from './native-reference.ts';

let native: NativeReference;
let session: HostedApp;
let truth: Map<string, { name: string; phone: string; home_store: string }>;

beforeAll(async () => {
  native = await nativeReference();
  truth = new Map(
    (await native.engine.rows(raw('SELECT member_id, name, phone, home_store FROM members'))).map((r) => [
      r.member_id as string,
      { name: r.name as string, phone: r.phone as string, home_store: r.home_store as string },
    ]),
  );
  session = await openHostedApp('#compass');
}, 120_000);
afterAll(async () => {
  await session?.close();
  native?.close();
});

const memberCount = async () => {
  const el = await session.page.waitForSelector('[data-panel="members"][data-status="ready"] [data-member-count]:not([data-member-count=""])', { timeout: 90_000 });
  return Number(await el.getAttribute('data-member-count'));
};

async function exportFile(kind: 'csv' | 'xlsx', unmask: boolean): Promise<Buffer> {
  const { page } = session;
  await page.click('[data-action="export-open"]');
  const box = page.locator('[data-export-dialog] [data-input="export-unmask"]');
  expect(await box.isChecked()).toBe(false); // every export starts masked
  if (unmask) await box.check();
  const [download] = await Promise.all([page.waitForEvent('download'), page.click(`[data-export-dialog] [data-action="export-${kind}"]`)]);
  return readFileSync((await download.path())!);
}

describe('from a weak point to a call list', () => {
  let actionLabel = '';
  let count = 0;

  it('a playbook action of 社区店 opens the store’s own members', async () => {
    const { page } = session;
    await page.click('[data-store-button="社区店"]');
    const link = await page.waitForSelector('[data-weak-points="社区店"] a[data-action-id]', { timeout: 90_000 });
    actionLabel = ((await link.textContent()) ?? '').replace(/\s*→$/, '');
    await link.click();
    count = await memberCount();
    expect(count).toBeGreaterThan(10);
    expect(await page.getAttribute('[data-member-scope]', 'data-member-scope')).toBe('home');
  });

  it('the default CSV is masked, starts with the about lines, and every row says why and what to do', async () => {
    const csv = (await exportFile('csv', false)).toString('utf8');
    expect(csv.charCodeAt(0)).toBe(0xfeff);
    const [about, table] = csv.slice(1).split('\r\n\r\n');
    const aboutRows = Papa.parse<string[]>(about).data;
    expect(aboutRows.map((r) => r[0])).toEqual(expect.arrayContaining(['名单', '范围', '人数', '时间', '门店', '个人信息']));
    expect(aboutRows.find((r) => r[0] === '门店')![1]).toBe('社区店');
    expect(aboutRows.find((r) => r[0] === '人数')![1]).toBe(String(count));
    const [header, ...rows] = Papa.parse<string[]>(table.trim()).data;
    expect(header.slice(0, 8)).toEqual(['会员号', '姓名', '手机号', '所属门店', '等级', '最近消费', '上榜原因', '建议动作']);
    expect(rows).toHaveLength(count);
    for (const r of rows) {
      expect(r[3]).toBe('社区店'); // the store's own members
      expect(r[1]).toMatch(/^[\u4e00-\u9fff]\*{1,2}$/); // 张*
      if (r[2]) expect(r[2]).toMatch(/^\d{3}\*{4}\d{4}$/);
      expect(r[6].length).toBeGreaterThan(3);
      expect(r[7]).toBe(actionLabel); // the action the manager clicked
    }
    const spend = header.indexOf('近一年消费');
    for (const r of rows) expect(r[spend]).toMatch(/^-?\d+(\.\d{1,2})?$/); // cents, no float noise
  });

  it('the unmasked XLSX holds the real names and phones, dates as dates, money with a number format, and an about sheet', async () => {
    const book = read(await exportFile('xlsx', true), { type: 'buffer', cellDates: true, cellNF: true });
    expect(book.SheetNames).toEqual(['名单', '说明']);
    const sheet = book.Sheets['名单'];
    const rows = utils.sheet_to_json<unknown[]>(sheet, { header: 1, defval: null }).slice(1);
    expect(rows).toHaveLength(count);
    for (const r of rows) {
      const t = truth.get(r[0] as string)!;
      expect([r[1], r[2] ?? null, r[3]]).toEqual([t.name, t.phone ?? null, '社区店']);
    }
    expect(sheet.F2.t).toBe('d');
    expect(sheet.J2.z).toBe('#,##0.00');
    const about = utils.sheet_to_json<unknown[]>(book.Sheets['说明'], { header: 1 });
    expect(about.find((r) => r[0] === '个人信息')![1]).toBe('未打码：仅限本店回访使用，请勿外传');
  });

  it('while presenting the dialog offers no unmasking and the file is masked', async () => {
    const { page } = session;
    await page.goto(`${session.url}${new URL(page.url()).hash}&present=1`);
    await memberCount();
    await page.click('[data-action="export-open"]');
    expect(await page.$('[data-export-dialog] [data-input="export-unmask"]')).toBeNull();
    const [download] = await Promise.all([page.waitForEvent('download'), page.click('[data-export-dialog] [data-action="export-csv"]')]);
    const [, table] = readFileSync((await download.path())!, 'utf8')
      .slice(1)
      .split('\r\n\r\n');
    const [, first] = Papa.parse<string[]>(table.trim()).data;
    expect(first[1]).toMatch(/\*/);
  });

  it('one money format per column in the member, churn and value tables: ¥ with two decimals, or 万 for the whole column', async () => {
    const { page } = session;
    const money = /^¥\d{1,3}(,\d{3})*\.\d{2}$|^¥\d+\.\d{2}万$/;
    const columns: [string, string][] = [
      ['#members?preset=this_year&o.list=all', '[data-member-row] [data-col="spend"]'],
      ['#churn', '[data-at-risk] [data-col="spend"]'],
      ['#value', '[data-value-at-risk] [data-col="value_at_risk"]'],
    ];
    for (const [hash, cells] of columns) {
      await page.goto(`${session.url}${hash}`);
      await page.waitForSelector(cells, { timeout: 90_000 });
      const texts = (await page.$$eval(cells, (els) => els.map((e) => e.textContent ?? ''))).filter((t) => t !== '—');
      expect(texts.length, hash).toBeGreaterThan(3);
      for (const t of texts) expect(t, hash).toMatch(money);
      expect(new Set(texts.map((t) => t.endsWith('万'))).size, `${hash}: one scale per column`).toBe(1);
    }
  });

  it('had no console error', () => {
    expect(session.consoleErrors).toEqual([]);
  });
});
