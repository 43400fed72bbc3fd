// Two tabs of the hosted build (one browser context, so one OPFS and one Web Locks namespace)
// import multi-table datasets at staggered moments, 20 rounds: both imports report done, and
// after every round a third tab opens exactly the last completed import, whole — never the demo,
// never a "saved table is missing". Guards issue 13.1 (saves deleting each other's files).
// The third tab boots after round 1 (the app's start opens the save), then stays open and re-runs
// the worker's restore() (the very call a tab makes when it starts, and "load the latest data");
// a brand-new tab boots again after the last round. Booting a tab per round cost ~15 s each.
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { DIST_DIR, openBrowser, serveStatic, type BrowserSession, type StaticServer } from './harness.ts';

const ROUNDS = 20;
/** The portable build on file:// keeps the data in IndexedDB: fewer rounds, same protocol. */
const IDB_ROUNDS = 3;
const dir = mkdtempSync(join(tmpdir(), 'two-tabs-'));

let server: StaticServer;
let session: BrowserSession;
const tabs: Page[] = [];

/** Tab `tab`'s import of round `r`: an orders file and a members file with counts unique to (r, tab). */
function writeRound(r: number, tab: 'a' | 'b'): { files: string[]; orders: number; members: number } {
  const orders = 3 + r * 2 + (tab === 'b' ? 1 : 0);
  const members = 2 + r + (tab === 'b' ? 40 : 0);
  const o = ['订单号,下单时间,会员卡号,门店,实付金额'];
  for (let i = 1; i <= orders; i++) o.push(`${tab}${r}-${i},2024-05-${String(1 + (i % 28)).padStart(2, '0')} 10:00:00,M${i % members},店${tab},${10 + i}`);
  const m = ['会员卡号,姓名,会员等级,入会日期'];
  for (let i = 0; i < members; i++) m.push(`M${i},会员${i},金卡,2023-01-05`);
  const files = [join(dir, `orders-r${r}-${tab}.csv`), join(dir, `members-r${r}-${tab}.csv`)];
  writeFileSync(files[0], `${o.join('\n')}\n`);
  writeFileSync(files[1], `${m.join('\n')}\n`);
  return { files, orders, members };
}

/**
 * Headless Chromium gives the tabs behind the one in front about one animation frame a second
 * (session 16: 10 frames ~10 s in the first of two app tabs, 0.2 s in the second). Playwright's
 * clicks wait for two stable frames and waitForFunction polls on frames by default, so each step in
 * a tab behind waited 1-2 s. The steps here wait on timers instead: clicks `force` (a real mouse
 * click at the element, without the frame-based checks; the button's own state is waited for first)
 * and the previews are polled every 50 ms. (Lifting Chromium's frame limit did the same but cost ~16%
 * more CPU: both tabs then drew as many frames as they could.)
 */
const CLICK = { force: true } as const;

async function choose(page: Page, files: string[]): Promise<void> {
  await page.waitForSelector('[data-action="choose-files"]:not([disabled])');
  const [chooser] = await Promise.all([page.waitForEvent('filechooser'), page.click('[data-action="choose-files"]', CLICK)]);
  await chooser.setFiles(files);
  await page.waitForFunction(
    (n) => {
      const cards = document.querySelectorAll('[data-import-file]');
      return cards.length === n && [...cards].every((c) => c.getAttribute('data-status') === 'ready');
    },
    files.length,
    { polling: 50 },
  );
}

/** The files named by the saved pointer, read from OPFS in the page (what a new tab will open). */
const opfsPointerFiles = (page: Page) =>
  page.evaluate(async () => {
    const dir = await (await navigator.storage.getDirectory()).getDirectoryHandle('store-compass');
    const file = await (await dir.getFileHandle('current.json')).getFile();
    return (JSON.parse(await file.text()) as { files: string[] }).files;
  });

/** The same from IndexedDB (the portable build on file://). */
const idbPointerFiles = (page: Page) =>
  page.evaluate(
    () =>
      new Promise<string[]>((resolve, reject) => {
        const open = indexedDB.open('store-compass');
        open.onerror = () => reject(open.error);
        open.onsuccess = () => {
          const get = open.result.transaction('blobs').objectStore('blobs').get('current.json');
          get.onerror = () => reject(get.error);
          get.onsuccess = () => resolve((JSON.parse(new TextDecoder().decode(get.result as ArrayBuffer)) as { files: string[] }).files);
        };
      }),
  );

interface Opened {
  label: string;
  tables: Record<string, number>;
  restoreError: string | null;
}

/** What a tab's worker opens from the device now: restore(), the same call a tab makes when it starts. */
const restoreIn = (page: Page) =>
  page.evaluate(async (): Promise<Opened> => {
    const engine = (globalThis as unknown as { storeCompass: { engine: { restore(): Promise<Opened & { restoreError?: string }> } } }).storeCompass.engine;
    const d = await engine.restore();
    return { label: d.label, tables: d.tables, restoreError: d.restoreError ?? null };
  });

/** Opens the import view in `page` (default: a brand-new tab of `context`) once the tab has opened its dataset. */
async function openTab(context: BrowserSession['context'], url: string, page?: Page): Promise<Page> {
  page ??= await context.newPage();
  await page.goto(`${url}#import`);
  // A tab boots DuckDB-WASM and opens its data first: generous on a loaded machine.
  await page.waitForSelector('[data-action="choose-files"]', { timeout: 120_000 });
  return page;
}

/** A brand-new tab opens the saved dataset through the app's own start: exactly `expected`, badge 我的数据, no restore error. */
async function expectNewTabOpens(context: BrowserSession['context'], url: string, expected: { orders: number; members: number }, at: string): Promise<Page> {
  const page = await openTab(context, url);
  // The import view draws no panel: the check is the dataset the tab opened, both tables counted.
  await page.waitForFunction(() => document.querySelector('main')?.dataset.status === 'ready' && document.querySelector('[data-dataset]')?.textContent === '我的数据', undefined, {
    timeout: 60_000,
  });
  const started = await page.evaluate(
    async () => (await (globalThis as unknown as { storeCompass: { engine: { dataset(): Promise<{ tables: Record<string, number> }> } } }).storeCompass.engine.dataset()).tables,
  );
  expect([started.orders, started.members], `${at}: a new tab`).toEqual([expected.orders, expected.members]);
  expect(await page.locator('[data-restore-error]').count(), `${at}: a new tab`).toBe(0);
  return page;
}

/**
 * `rounds` staggered imports of two tabs; after each, the pointer names one of the two imports
 * and a third tab opens exactly it, whole. The third tab is brand-new after the first round (it
 * starts on the save) and stays open, re-running restore() after the next rounds; after the last
 * round a brand-new tab opens it too.
 */
async function importRounds(tabs: Page[], url: string, rounds: number, pointerFiles: (p: Page) => Promise<string[]>, context: BrowserSession['context']) {
  let seed = 7;
  const stagger = () => (seed = (seed * 1103515245 + 12345) & 0x7fffffff) % 400;
  let reader: Page | undefined;
  for (let r = 1; r <= rounds; r++) {
    const a = writeRound(r, 'a');
    const b = writeRound(r, 'b');
    // Each tab previews in its own worker: both at once.
    await Promise.all([choose(tabs[0], a.files), choose(tabs[1], b.files)]);
    await Promise.all(tabs.map((t) => t.waitForSelector('[data-action="import"]:not([disabled])')));
    const first = tabs[0].click('[data-action="import"]', CLICK);
    await new Promise((res) => setTimeout(res, stagger()));
    await Promise.all([first, tabs[1].click('[data-action="import"]', CLICK)]);
    for (const [t, imp] of [
      [tabs[0], a],
      [tabs[1], b],
    ] as const) {
      const done = `[data-import-report][data-file="${imp.files[0].replace(/^.*\//, '')}"]`;
      await t.waitForSelector(done, { timeout: 60_000 });
      // The report comes before the save (issue 14): the import is complete once it is saved.
      await t.waitForSelector('[data-saving="false"]', { timeout: 60_000 });
      expect(await t.getAttribute('[data-import-outcome]', 'data-import-outcome'), `round ${r}`).toBe('done');
      expect(await t.locator('[role="alert"]').count(), `round ${r}: no save error`).toBe(0);
    }
    // The last completed import is what the pointer names; another tab must open exactly that, whole.
    const names = await pointerFiles(tabs[0]);
    const last = names[0].endsWith('-a.csv') ? a : b;
    expect(names, `round ${r}`).toEqual(last.files.map((f) => f.replace(/^.*\//, '')));
    if (!reader) reader = await expectNewTabOpens(context, url, last, `round ${r}`);
    else {
      const opened = await restoreIn(reader);
      expect([opened.label, opened.restoreError, opened.tables.orders, opened.tables.members], `round ${r}`).toEqual(['user', null, last.orders, last.members]);
    }
    if (r === rounds && r > 1) await (await expectNewTabOpens(context, url, last, `round ${r}`)).close();
  }
  await reader?.close();
}

beforeAll(async () => {
  server = await serveStatic(resolve(DIST_DIR), '/');
  session = await openBrowser(new URL(server.url).origin);
  // Every tab's console errors are recorded, not only the first page's.
  session.context.on('console', (m) => m.type() === 'error' && m.page() !== session.page && session.consoleErrors.push(m.text()));
  tabs.push(...(await Promise.all([session.page, undefined].map((p) => openTab(session.context, server.url, p)))));
});
afterAll(async () => {
  await session?.close();
  await server?.close();
});

describe('two tabs importing at once', () => {
  it(`${ROUNDS} rounds of staggered multi-table imports: 0 losses, a third tab opens the last completed import`, async () => {
    await importRounds(tabs, server.url, ROUNDS, opfsPointerFiles, session.context);
    expect(session.consoleErrors.filter((e) => /missing|incomplete|不完整/.test(e))).toEqual([]);
  }, 600_000);

  it('the tab whose save was superseded is told, and "load the latest data" opens it', async () => {
    const notice = tabs[0].locator('[data-other-tab="saved"]');
    const superseded = (await notice.count()) > 0 ? tabs[0] : tabs[1];
    await superseded.goto(`${server.url}#compass`);
    await superseded.waitForSelector('[data-other-tab="saved"]', { timeout: 120_000 });
    await superseded.click('[data-action="open-latest"]');
    const names = await opfsPointerFiles(superseded);
    const round = Number(/-r(\d+)-/.exec(names[0])![1]);
    const tab = names[0].endsWith('-a.csv') ? 'a' : 'b';
    const { orders } = writeRound(round, tab);
    await superseded.waitForFunction((n) => document.querySelector('[data-kpi-strip] [data-metric-id="orders"]')?.getAttribute('data-value') === String(n), orders);
    // the notice goes once the latest data is open (it may take a moment after the KPIs on a loaded machine)
    await superseded.waitForSelector('[data-other-tab]', { state: 'detached', timeout: 30_000 });
    expect(await superseded.locator('[data-other-tab]').count()).toBe(0);
  });
});

describe('two tabs of the portable build on file:// (IndexedDB)', () => {
  const file = resolve(process.env.STORE_COMPASS_PORTABLE_DIST ?? 'dist-portable', 'index.html');
  let portable: BrowserSession;
  const pages: Page[] = [];
  beforeAll(async () => {
    if (!existsSync(file)) throw new Error(`${file} is missing: run \`npm run build:portable\` first`);
    portable = await openBrowser('file://');
    pages.push(...(await Promise.all([portable.page, undefined].map((p) => openTab(portable.context, pathToFileURL(file).href, p)))));
  });
  afterAll(() => portable?.close());

  it(`${IDB_ROUNDS} rounds: 0 losses, a third tab opens the last completed import`, async () => {
    await importRounds(pages, pathToFileURL(file).href, IDB_ROUNDS, idbPointerFiles, portable.context);
  }, 600_000);
});
