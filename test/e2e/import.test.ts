// The import flow in the hosted build: a GBK CSV and an XLSX through the real file chooser,
// reports with the fixture counts, KPIs equal to native DuckDB on the same files, the data kept
// across a reload, a failing import leaving it intact, and "clear all data" back to the demo.
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { KPI_STRIP } from '../../src/lib/metrics/index.ts';
import { appendCsv } from '../../workers/dataset/tables.ts';
import { importFile } from '../../workers/import/index.ts';
import { DIST_DIR, openBrowser, readTiles, serveStatic, type BrowserSession, type StaticServer } from './harness.ts';
import { nativeReference, type NativeReference } from './native-reference.ts';

const FIX = resolve('test/fixtures/import');
const GBK = `${FIX}/orders-basic.gbk.csv`; // 6 read, 5 loaded, 1 rejected (README)
const XLSX = `${FIX}/orders.xlsx`; // sheet 销售: 3 read = 3 loaded
const BAD = `${FIX}/junk.csv`; // binary → ImportError

let server: StaticServer;
let session: BrowserSession;
let page: Page;
let native: NativeReference;
let demoTiles: Record<string, number>;
/** The native catalogue's KPIs over the imported files, for the period the page shows. */
let userKpis: Record<string, number | null>;

beforeAll(async () => {
  const bytes = (p: string) => new Uint8Array(readFileSync(p));
  // The native reference (Node) is built while the page boots and loads its demo.
  const reference = (async () => {
    const gbk = await importFile({ name: 'orders-basic.gbk.csv', bytes: bytes(GBK) });
    const xlsx = await importFile({ name: 'orders.xlsx', bytes: bytes(XLSX) });
    return nativeReference({ orders: appendCsv(gbk.csv, xlsx.csv) });
  })();
  server = await serveStatic(resolve(DIST_DIR), '/store-compass/');
  session = await openBrowser(new URL(server.url).origin);
  page = session.page;
  await page.goto(server.url);
  [demoTiles, native] = await Promise.all([readTiles(page).then(strip), reference]);
});
afterAll(async () => {
  await session?.close();
  await server?.close();
  native?.close();
});

async function chooseFiles(files: string[]) {
  await page.goto(`${server.url}#import`);
  const [chooser] = await Promise.all([page.waitForEvent('filechooser'), page.click('[data-action="choose-files"]')]);
  await chooser.setFiles(files);
  await page.waitForFunction((n) => {
    const cards = document.querySelectorAll('[data-import-file]');
    return cards.length === n && [...cards].every((c) => c.getAttribute('data-status') !== 'reading');
  }, files.length);
}

/** The KPI strip, once its orders tile shows `orders` (the refresh after a dataset switch has landed). */
async function tilesWith(orders: number | null): Promise<Record<string, number>> {
  await page.goto(`${server.url}#compass`);
  await page.waitForFunction((n) => document.querySelector('main[data-status="ready"] [data-metric-id="orders"]')?.getAttribute('data-value') === String(n), orders, {
    timeout: 60_000,
  });
  return strip(await readTiles(page));
}

/** Only the KPI strip's tiles (panels below it carry data-metric-id too, filled at their own pace). */
const strip = (tiles: Record<string, number>) => Object.fromEntries(KPI_STRIP.map((id) => [id, tiles[id]]));

/** The import panel as it stands, in zh and en at 1366 and 1024 wide, for people to look at. */
async function screenshots(name: string) {
  for (const lang of ['zh', 'en']) {
    for (const width of [1366, 1024]) {
      await page.setViewportSize({ width, height: 768 });
      await page.screenshot({ path: `test-results/screenshots/import-${name}-${lang}-${width}.png`, fullPage: true });
    }
    await page.click('[data-action="toggle-language"]');
    await page.waitForFunction((l) => document.documentElement.lang === (l === 'zh' ? 'en' : 'zh-CN'), lang);
  }
  await page.setViewportSize({ width: 1366, height: 768 });
  // toggled twice: back to zh (the attribute follows the hash change asynchronously)
  await page.waitForFunction(() => document.documentElement.lang === 'zh-CN', undefined, { timeout: 5_000 });
}

const badge = () => page.textContent('[data-dataset]');

function expectSameNumbers(actual: Record<string, number>, expected: Record<string, number | null>) {
  for (const id of KPI_STRIP) {
    const e = expected[id];
    if (e === null) expect(actual[id], id).toBeNaN();
    else expect(Math.abs(actual[id] - e), id).toBeLessThanOrEqual(1e-9 * Math.max(1, Math.abs(e)));
  }
}

describe('import', () => {
  it('previews a GBK CSV and an XLSX: encoding, kind, mapping with intact Chinese samples', async () => {
    await chooseFiles([GBK, XLSX]);
    const gbk = page.locator('[data-import-file="orders-basic.gbk.csv"]');
    expect(await gbk.getAttribute('data-kind')).toBe('orders');
    expect(await gbk.textContent()).toContain('GBK');
    expect(await gbk.locator('[data-field="store"] [data-samples]').textContent()).toContain('旗舰店');
    expect(await gbk.locator('[data-field="amount"] select').inputValue()).toBe('实付金额');
    const xlsx = page.locator('[data-import-file="orders.xlsx"]');
    expect(await xlsx.getAttribute('data-kind')).toBe('orders');
    expect(await xlsx.locator('[data-import-sheet]').inputValue()).toBe('销售');
    await screenshots('mapping');
  });

  it('imports both: report counts equal the fixtures, rows read = loaded + rejected, rejected rows downloadable', async () => {
    await page.click('[data-action="import"]');
    await page.waitForSelector('[data-import-outcome="done"]', { timeout: 60_000 });
    const reports = await page.$$eval('[data-import-report]', (els) =>
      els.map((e) => [e.getAttribute('data-file'), ...['read', 'loaded', 'rejected'].map((k) => Number(e.getAttribute(`data-rows-${k}`)))]),
    );
    expect(reports).toEqual([
      ['orders-basic.gbk.csv', 6, 5, 1],
      ['orders.xlsx', 3, 3, 0],
    ]);
    for (const [, read, loaded, rejected] of reports) expect(read).toBe((loaded as number) + (rejected as number));
    expect(await page.textContent('[data-rejected-row="7"]')).toContain('not a date');
    const [download] = await Promise.all([page.waitForEvent('download'), page.click('[data-action="download-rejected"]')]);
    const csv = readFileSync(await download.path(), 'utf8');
    expect(csv.startsWith('\ufefffile,row,column,value,reason\r\n')).toBe(true);
    expect(csv).toContain('orders-basic.gbk.csv,7,下单时间,not a date');
    expect(await badge()).toBe('我的数据');
    await screenshots('report');
  });

  it('KPI tiles equal the catalogue on native DuckDB over the same files; store names intact in the filter', async () => {
    // The next step after a good import is offered: "open the compass" (issue 10), not this page.
    await page.click('[data-import-outcome="done"] [data-action="open-compass"]');
    await page.waitForSelector('[data-panel="compass"]');
    expect(new URL(page.url()).hash.startsWith('#compass')).toBe(true);
    const el = await page.waitForSelector('[data-period-from]');
    const period = { from: (await el.getAttribute('data-period-from'))!, to: (await el.getAttribute('data-period-to'))! };
    expect(period.to).toBe('2024-03-06'); // last90 ending on the fixtures' last order day, 2024-03-05
    userKpis = await native.kpis(period);
    expect(userKpis.orders).toBe(7); // A001 A002 A003 A005 X001–X003: A004 is a refund
    expectSameNumbers(await tilesWith(userKpis.orders), userKpis);
    const stores = await page.$$eval('[data-filter="store"] option', (os) => os.map((o) => o.textContent));
    expect(stores).toEqual(expect.arrayContaining(['旗舰店', '社区店']));
    // The trend begins with the data (every order is in 2024-03), not 24 months of zero bars before it.
    const trend = page.locator('[data-chart-card="monthly-trend"]');
    await trend.locator('[data-action="toggle-table"]').click();
    expect(await trend.locator('tbody tr td:first-child').allTextContents()).toEqual(['2024-03']);
    await trend.locator('[data-action="toggle-table"]').click();
    // …and says its one month is not whole: the period ends on the last order day, 2024-03-05.
    expect(await trend.locator('[data-chart-note]').textContent()).toBe('2024-03 只含 1–5 日（不是整月），与整月比较时请留意。');
  });

  it('a reload restores the imported data from the device without re-importing', async () => {
    const before = await tilesWith(userKpis.orders);
    await page.reload();
    expect(await tilesWith(userKpis.orders)).toEqual(before);
    expect(await badge()).toBe('我的数据');
    await page.goto(`${server.url}#import`);
    await page.waitForSelector('[data-saved-storage="opfs"]');
  });

  it('"add to current data": the XLSX members sheet is added to the orders; the report shows the tier mapping', async () => {
    await chooseFiles([XLSX]);
    await page.waitForSelector('[data-import-file="orders.xlsx"] [data-remembered]'); // same headers as the confirmed 销售 sheet
    await page.locator('[data-import-file="orders.xlsx"] [data-import-sheet]').selectOption('会员');
    await page.waitForSelector('[data-import-file="orders.xlsx"][data-status="ready"][data-kind="members"]');
    await page.check('[data-import-append]');
    await page.click('[data-action="import"]');
    await page.waitForSelector('[data-import-outcome="done"]', { timeout: 60_000 });
    const report = page.locator('[data-import-report]');
    expect([await report.getAttribute('data-kind'), await report.getAttribute('data-rows-read'), await report.getAttribute('data-rows-loaded')]).toEqual(['members', '2', '2']);
    expect(await report.textContent()).toContain('金卡会员 → 金卡');
    expect(await page.textContent('[data-saved-storage="opfs"]')).toContain('orders-basic.gbk.csv、orders.xlsx、orders.xlsx');
    await screenshots('append');
    await tilesWith(userKpis.orders); // the orders are still there: appended, not replaced
  });

  it('a failing import (a bad file) shows the file and what was expected, and leaves the data intact', async () => {
    const before = await tilesWith(userKpis.orders);
    await chooseFiles([BAD]);
    expect(await page.textContent('[data-import-file="junk.csv"] [data-file-error]')).toContain('junk.csv');
    await page.click('[data-action="import"]');
    await page.waitForSelector('[data-import-outcome="failed"]');
    expect(await page.textContent('[data-error-file="junk.csv"]')).toContain('junk.csv');
    expect(await badge()).toBe('我的数据');
    expect(await tilesWith(userKpis.orders)).toEqual(before);
    await page.reload();
    expect(await tilesWith(userKpis.orders)).toEqual(before);
  });

  it('a large import shows progress in bytes and rows, keeps the page responsive, and cancel leaves the data intact', async () => {
    const before = await tilesWith(userKpis.orders);
    const big = join(mkdtempSync(join(tmpdir(), 'import-e2e-')), 'big-orders.csv');
    const lines = ['订单号,下单时间,会员卡号,门店,实付金额'];
    for (let i = 0; i < 400_000; i++) lines.push(`B${i},2025-01-${String(1 + (i % 28)).padStart(2, '0')} 10:00:00,M${i % 5000},大店,${(i % 300) + 0.5}`);
    writeFileSync(big, lines.join('\n'));
    await chooseFiles([big]);
    // Long tasks on the main thread while the worker parses (the issue's bar: none over 50 ms).
    await page.evaluate(() => {
      const w = globalThis as unknown as { longTasks: number[] };
      w.longTasks = [];
      new PerformanceObserver((list) => list.getEntries().forEach((e) => w.longTasks.push(e.duration))).observe({ type: 'longtask' });
    });
    await page.click('[data-action="import"]');
    const progress = await page.waitForSelector('[data-import-progress][data-phase="parsing"]');
    // bytes and rows move while the worker parses
    await page.waitForFunction(() => Number(document.querySelector('[data-import-progress]')?.getAttribute('data-rows')) > 0, undefined, { timeout: 30_000 });
    expect(Number(await progress.getAttribute('data-bytes'))).toBeGreaterThan(0);
    expect(await progress.textContent()).toMatch(/MB/);
    await page.screenshot({ path: 'test-results/screenshots/import-progress-zh-1366.png' });
    const t0 = Date.now();
    await page.evaluate(() => document.title); // the main thread answers while the worker parses
    expect(Date.now() - t0).toBeLessThan(1_000);
    expect(await progress.textContent()).toContain('big-orders.csv');
    await page.waitForTimeout(300); // parsing goes on in the worker meanwhile
    const longTasks = await page.evaluate(() => (globalThis as unknown as { longTasks: number[] }).longTasks);
    console.log('main-thread long tasks during parsing (ms):', longTasks);
    // Parsing on the main thread would block for seconds; the ≤ 50 ms target itself is measured by
    // the benchmark, since two test files share the machine's cores here (73 ms seen under load).
    expect(Math.max(0, ...longTasks)).toBeLessThanOrEqual(250);
    await page.click('[data-action="cancel-import"]');
    await page.waitForSelector('[data-import-outcome="cancelled"]', { timeout: 60_000 });
    expect(await badge()).toBe('我的数据');
    expect(await tilesWith(userKpis.orders)).toEqual(before);
  });

  it('an import that leaves no orders empties the KPI strip instead of keeping the old numbers (issue 13.3)', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'import-e2e-'));
    const headerOnly = join(dir, 'orders-header-only.csv');
    writeFileSync(headerOnly, '订单号,下单时间,会员卡号,门店,实付金额\n');
    const membersAsOrders = join(dir, 'orders.csv'); // a members export under an orders-like name
    writeFileSync(membersAsOrders, readFileSync(`${FIX}/members.csv`));
    for (const file of [headerOnly, membersAsOrders]) {
      await chooseFiles([GBK]);
      await page.click('[data-action="import"]');
      await page.waitForSelector('[data-import-outcome="done"]', { timeout: 60_000 });
      await tilesWith(4); // numbers of a dataset with orders on show (A001 A002 A003 A005)
      await chooseFiles([file]);
      await page.click('[data-action="import"]');
      await page.waitForSelector(`[data-import-report][data-file="${file.replace(/^.*\//, '')}"]`, { timeout: 60_000 });
      await page.goto(`${server.url}#compass`);
      await page.waitForSelector('main[data-status="ready"] [data-kpi-strip][data-kpi-empty]');
      expect(await page.locator('[data-kpi-strip] [data-metric-id]').count(), file).toBe(0);
      expect(await page.textContent('[data-kpi-strip]')).toContain('当前数据没有订单');
    }
  });

  it('"clear all data" deletes the saved copy and returns to the demo, also after a reload', async () => {
    await page.goto(`${server.url}#import`);
    await page.click('[data-action="clear-data"]');
    await page.click('[data-action="confirm-clear"]');
    await page.waitForFunction(() => document.querySelector('[data-dataset]')?.textContent === '示例数据');
    expect(await page.getAttribute('[data-saved-storage]', 'data-saved-storage')).toBe('');
    await page.reload();
    expect(await tilesWith(demoTiles.orders)).toEqual(demoTiles);
    expect(await badge()).toBe('示例数据');
  });

  it('a plain UTF-8 orders export (the SQL path in DuckDB-WASM) reports what the JS path reports, bad rows on their lines', async () => {
    const plain = join(mkdtempSync(join(tmpdir(), 'import-e2e-')), 'plain-orders.csv');
    const lines = ['订单号,下单时间,会员卡号,门店,渠道,实付金额'];
    for (let i = 1; i <= 3000; i++) {
      const amount = i % 1000 === 0 ? 'N/A' : i === 1500 ? '¥1,5' : (i % 97) + 0.25; // 3 unreadable; ¥1,5 a decimal comma (the JS path reads it)
      const time = i === 2222 ? '2025-02-30 10:00:00' : `2025-03-${String(1 + (i % 28)).padStart(2, '0')} 1${i % 10}:00:00`;
      lines.push(`P${i},${time},${i % 7 ? `M${i % 300}` : ''},${i % 2 ? '东店' : '西店'},${i % 3 ? '线下' : '线上'},${amount}`);
    }
    writeFileSync(plain, `${lines.join('\n')}\n`);
    const js = await importFile({ name: 'plain-orders.csv', bytes: new Uint8Array(readFileSync(plain)) });
    await chooseFiles([plain]);
    await page.click('[data-action="import"]');
    await page.waitForSelector('[data-import-outcome="done"]', { timeout: 60_000 });
    const report = page.locator('[data-import-report][data-file="plain-orders.csv"]');
    const counts = await report.evaluate((e) => ['read', 'loaded', 'rejected'].map((k) => Number(e.getAttribute(`data-rows-${k}`))));
    expect(counts).toEqual([js.report.rowsRead, js.report.rowsLoaded, js.report.rowsRejected]);
    expect(js.report.rejected.map((r) => r.row)).toEqual([1001, 2001, 2223, 3001]); // data row i is line i + 1
    const shown = await report.locator('[data-rejected-row]').evaluateAll((rows) => rows.map((r) => Number(r.getAttribute('data-rejected-row'))));
    expect(shown).toEqual([1001, 2001, 2223, 3001]);
  });

  it('drag-and-drop: a file dropped on the zone is previewed like a chosen one', async () => {
    await page.goto(`${server.url}#import`);
    await page.evaluate(() => {
      const text = '订单号,下单时间,会员卡号,门店,实付金额\nD1,2024/3/5 10:00,M1,拖放店,¥1,234.50\n';
      const dt = new DataTransfer();
      dt.items.add(new File([text], 'dropped.csv', { type: 'text/csv' }));
      const zone = document.querySelector('[data-import-input]')!.parentElement!;
      zone.dispatchEvent(new DragEvent('dragover', { dataTransfer: dt, bubbles: true, cancelable: true }));
      zone.dispatchEvent(new DragEvent('drop', { dataTransfer: dt, bubbles: true, cancelable: true }));
    });
    const dropped = page.locator('[data-import-file="dropped.csv"]');
    await dropped.waitFor();
    await page.waitForFunction(() => document.querySelector('[data-import-file="dropped.csv"]')?.getAttribute('data-kind') === 'orders');
    expect(await dropped.locator('[data-field="store"] [data-samples]').textContent()).toContain('拖放店');
  });

  it('had no console error and made no request to any other origin', () => {
    expect(session.consoleErrors).toEqual([]);
    expect(session.foreignRequests).toEqual([]);
  });
});

describe('portable build from file://', () => {
  const file = resolve(process.env.STORE_COMPASS_PORTABLE_DIST ?? 'dist-portable', 'index.html');
  let portable: BrowserSession;
  beforeAll(async () => {
    if (!existsSync(file)) throw new Error(`${file} is missing: run \`npm run build:portable\` first`);
    portable = await openBrowser('file://');
  });
  afterAll(() => portable?.close());

  it('saves the import in IndexedDB (OPFS is forbidden on file://) and restores it after a reload', async () => {
    const p = portable.page;
    const url = pathToFileURL(file).href;
    await p.goto(url);
    await readTiles(p);
    await p.goto(`${url}#import`);
    const [chooser] = await Promise.all([p.waitForEvent('filechooser'), p.click('[data-action="choose-files"]')]);
    await chooser.setFiles([GBK]);
    await p.waitForSelector('[data-import-file][data-status="ready"]');
    await p.click('[data-action="import"]');
    await p.waitForSelector('[data-import-outcome="done"]', { timeout: 60_000 });
    await p.waitForSelector('[data-saved-storage="indexeddb"]');
    await p.goto(`${url}#compass`);
    await p.waitForFunction(() => document.querySelector('[data-metric-id="orders"]')?.getAttribute('data-value') === '4'); // A001 A002 A003 A005
    const before = strip(await readTiles(p));
    await p.reload();
    await p.waitForFunction(() => document.querySelector('[data-dataset]')?.textContent === '我的数据');
    await p.waitForFunction(() => document.querySelector('[data-metric-id="orders"]')?.getAttribute('data-value') === '4');
    expect(strip(await readTiles(p))).toEqual(before);
    expect(await p.textContent('[data-filter="store"]')).toContain('旗舰店');
    expect(portable.consoleErrors).toEqual([]);
    expect(portable.foreignRequests).toEqual([]);
  });
});

describe('import polish (issue 10): 消费门店, needed columns, one language, one way to count lines', () => {
  let polish: BrowserSession;
  let file: string;
  beforeAll(async () => {
    // Title line, blank line, header on line 3; no order id column; 消费门店 as the store; no channel column.
    const dir = mkdtempSync(join(tmpdir(), 'store-compass-polish-'));
    file = join(dir, 'pos-export.csv');
    writeFileSync(
      file,
      '浦东店销售报表 2024年3月\n\n下单时间,会员卡号,消费门店,实付金额\n2024-03-01 10:00,M1,浦东店,100\n2024-03-02 11:00,M2,浦东店,50\nnot a date,M3,浦东店,20\n',
    );
    polish = await openBrowser(new URL(server.url).origin);
    await polish.page.goto(`${server.url}#import`);
    // The tab boots DuckDB-WASM and opens its data first (Playwright's default 30 s failed at load 14+).
    await polish.page.waitForSelector('[data-action="choose-files"]', { timeout: 120_000 });
  });
  afterAll(() => polish?.close());

  const cjk = /[\u4e00-\u9fff]/;
  /** Report lines the app itself writes (warnings, reasons), without the user's own column names and values. */
  const ownWords = (line: string) => line.replace(/「[^」]*」|"[^"]*"/g, '');

  it('maps 消费门店 to the store, counts the header as line 3 in both steps, and writes each line in one language', async () => {
    const p = polish.page;
    const [chooser] = await Promise.all([p.waitForEvent('filechooser'), p.click('[data-action="choose-files"]')]);
    await chooser.setFiles([file]);
    const card = p.locator('[data-import-file="pos-export.csv"][data-status="ready"]');
    await card.waitFor({ timeout: 60_000 });
    expect(await card.locator('[data-field="store"] select').inputValue()).toBe('消费门店');
    expect(await card.textContent()).toContain('表头在第 3 行');
    await p.click('[data-action="import"]');
    await p.waitForSelector('[data-import-outcome="done"]', { timeout: 60_000 });
    const report = p.locator('[data-import-report]');
    expect(await report.textContent()).toContain('表头在第 3 行');

    for (const lang of ['zh', 'en'] as const) {
      const warnings = await report.locator('.warnings li').allTextContents();
      const reasons = await report.locator('[data-rejected-row] td:last-child').allTextContents();
      expect(warnings.length).toBeGreaterThan(0);
      expect(reasons.length).toBe(1);
      for (const line of [...warnings, ...reasons].map(ownWords)) {
        if (lang === 'zh') expect(line, line).not.toMatch(/ \/ |[a-z]{3,}/i);
        else expect(line, line).not.toMatch(cjk);
        expect(line, line).not.toMatch(/\(?(order_time|order_id|member_id)\)?/);
      }
      if (lang === 'zh') {
        expect(warnings).toContain('没有订单号列：按行号生成订单号');
        expect(warnings.some((w) => w.startsWith('没有渠道列：'))).toBe(true);
        expect(warnings.some((w) => w.startsWith('没有门店列'))).toBe(false);
        await p.click('[data-action="toggle-language"]');
        await p.waitForFunction(() => document.documentElement.lang === 'en');
      } else {
        expect(await report.textContent()).toContain('Header on line 3');
        expect(warnings.some((w) => w.startsWith('no channel column:'))).toBe(true);
      }
    }
    await p.screenshot({ path: 'test-results/screenshots/import-polish-report-en.png', fullPage: true });
    expect(polish.consoleErrors).toEqual([]);
  });

  it('a file saved again after it was chosen: a message to choose it again, its card gone, and choosing it again imports it', async () => {
    const p = polish.page;
    await p.click('[data-action="toggle-language"]'); // back to zh
    await p.waitForFunction(() => document.documentElement.lang === 'zh-CN');
    const changed = join(mkdtempSync(join(tmpdir(), 'store-compass-changed-')), 'resaved.csv');
    const header = '下单时间,会员卡号,门店,实付金额\n2024-03-01 10:00,M1,浦东店,100\n';
    writeFileSync(changed, header);
    const [chooser] = await Promise.all([p.waitForEvent('filechooser'), p.click('[data-action="choose-files"]')]);
    await chooser.setFiles([changed]);
    await p.locator('[data-import-file="resaved.csv"][data-status="ready"]').waitFor({ timeout: 60_000 });
    await new Promise((r) => setTimeout(r, 1_100)); // a later modification time, as a second save from Excel has
    writeFileSync(changed, `${header}2024-03-02 11:00,M2,浦东店,50\n`);
    await p.click('[data-action="import"]');
    const error = p.locator('[data-import-outcome="failed"] [data-error-file="resaved.csv"][data-error-code="changed"]');
    await error.waitFor({ timeout: 60_000 });
    expect(await error.textContent()).toContain('请重新选择这个文件');
    expect(await p.locator('[data-import-file="resaved.csv"]').count()).toBe(0);
    const [again] = await Promise.all([p.waitForEvent('filechooser'), p.click('[data-action="choose-files"]')]);
    await again.setFiles([changed]);
    await p.locator('[data-import-file="resaved.csv"][data-status="ready"]').waitFor({ timeout: 60_000 });
    await p.click('[data-action="import"]');
    await p.waitForSelector('[data-import-outcome="done"]', { timeout: 60_000 });
    expect(await p.getAttribute('[data-import-report][data-file="resaved.csv"]', 'data-rows-loaded')).toBe('2');
    expect(polish.consoleErrors).toEqual([]);
  });

  it('orders without a store column: the compass says why there is no store comparison instead of "no data"', async () => {
    const p = polish.page;
    const noStore = join(mkdtempSync(join(tmpdir(), 'store-compass-nostore-')), 'online-orders.csv');
    writeFileSync(noStore, '订单号,下单时间,会员卡号,实付金额\nN1,2024-03-01 10:00,M1,100\nN2,2024-03-09 11:00,M1,80\n');
    await p.goto(`${server.url}#import`);
    const [chooser] = await Promise.all([p.waitForEvent('filechooser'), p.click('[data-action="choose-files"]')]);
    await chooser.setFiles([noStore]);
    await p.locator('[data-import-file="online-orders.csv"][data-status="ready"]').waitFor({ timeout: 60_000 });
    await p.click('[data-action="import"]');
    await p.waitForSelector('[data-import-outcome="done"]', { timeout: 60_000 });
    await p.goto(`${server.url}#compass`);
    for (const card of ['compass-radar', 'compass-scorecard']) {
      const empty = p.locator(`[data-chart-card="${card}"] [data-empty-reason]`);
      await empty.waitFor({ timeout: 60_000 });
      expect(await empty.textContent()).toContain('数据中没有门店');
    }
    expect(await p.textContent('[data-panel="compass"]')).not.toContain('点击门店');
    expect(polish.consoleErrors).toEqual([]);
  });

  it('orders without a members file: churn warning works from the orders alone and says so', async () => {
    const p = polish.page; // the orders-only data of the test above: M1 bought 2024-03-01 and 2024-03-09
    await p.goto(`${server.url}#churn`);
    await p.locator('[data-panel="churn"][data-status="ready"]').waitFor({ timeout: 60_000 });
    const tiles = p.locator('[data-panel="churn"] [data-metric-id="lifecycle_stages"]');
    const members = (await tiles.evaluateAll((els) => els.map((e) => Number(e.getAttribute('data-value'))))).reduce((a, b) => a + b, 0);
    expect(members).toBe(1);
    expect(await p.textContent('[data-note="churn-from-orders"]')).toContain('按订单里的会员号计算');
    expect(await p.textContent('[data-panel="churn"]')).not.toContain('导入会员资料以查看此面板');
    expect(polish.consoleErrors).toEqual([]);
  });
});
