// The app shell in Chromium: language toggle, presentation mode, printable report, formula drawer.
import { resolve } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { STORY_PANELS } from '../../src/lib/presentation.ts';
import { DIST_DIR, openBrowser, readTiles, serveStatic, type BrowserSession, type StaticServer } from './harness.ts';

let server: StaticServer;
let session: BrowserSession;
beforeAll(async () => {
  server = await serveStatic(resolve(DIST_DIR), '/');
  session = await openBrowser(new URL(server.url).origin);
  await session.page.goto(server.url);
  await readTiles(session.page);
});
afterAll(async () => {
  await session?.close();
  await server?.close();
});

const registeredPanels = async () => session.page.$$eval('nav [data-nav]', (links) => links.map((a) => a.getAttribute('data-nav')));

it('the language toggle switches visible labels, chart labels included, and is kept in the URL', async () => {
  const { page } = session;
  expect(await page.textContent('[data-kpi-strip] [data-metric-id="repurchase_rate"]')).toContain('复购率');
  await page.click('[data-action="toggle-language"]');
  await page.waitForFunction(() => location.hash.includes('lang=en'));
  expect(await page.textContent('[data-kpi-strip] [data-metric-id="repurchase_rate"]')).toContain('Repurchase rate');
  expect(await page.textContent('header nav')).toContain('Compass');
  expect(await page.getAttribute('html', 'lang')).toBe('en');
  await page.click('[data-action="toggle-language"]');
  await page.waitForFunction(() => !location.hash.includes('lang=en'));
  expect(await page.textContent('header nav')).toContain('罗盘');
});

it('the ⓘ drawer shows the catalogue formula and the parameters in force', async () => {
  const { page } = session;
  await page.click('[data-kpi-strip] [data-metric-id="repurchase_rate"] [data-action="how-computed"]');
  const drawer = page.locator('[data-kpi-strip] [data-metric-id="repurchase_rate"] dialog[open]');
  await drawer.waitFor();
  expect(await drawer.textContent()).toContain('期内消费≥2天的会员数 ÷ 期内消费会员数');
  expect(await drawer.textContent()).toMatch(/时间: \d{4}\/\d{2}\/\d{2} ~ \d{4}\/\d{2}\/\d{2}/);
  await page.keyboard.press('Escape');
});

it('presentation mode: larger type, arrow keys step through the panels, Escape leaves', async () => {
  const { page } = session;
  const panels = (await registeredPanels()).filter((p) => (STORY_PANELS as readonly (string | null)[]).includes(p));
  const normalSize = await page.$eval('.app', (el) => parseFloat(getComputedStyle(el).fontSize));
  await page.click('[data-action="present"]');
  await page.waitForFunction(() => location.hash.includes('present=1'));
  expect(await page.$eval('.app', (el) => parseFloat(getComputedStyle(el).fontSize))).toBeGreaterThan(normalSize);
  await page.keyboard.press('ArrowRight');
  await page.waitForFunction((next) => location.hash.startsWith(`#${next}`), panels[1 % panels.length]);
  await page.keyboard.press('ArrowLeft');
  await page.waitForFunction(() => location.hash.startsWith('#compass'));
  await page.keyboard.press('Escape');
  await page.waitForFunction(() => !location.hash.includes('present=1'));
});

it('export report: one A4 page per panel, each stating the period and filters', async () => {
  const { page } = session;
  await page.goto(`${server.url}#compass?store=${encodeURIComponent('旗舰店')}`);
  await page.click('[data-action="print"]');
  await page.waitForSelector('[data-report-page]');
  const pages = await page.$$eval('[data-report-page]', (els) => els.map((e) => e.getAttribute('data-report-page')));
  const panels = (await registeredPanels()).filter((p) => (STORY_PANELS as readonly (string | null)[]).includes(p));
  expect(pages).toEqual(panels);
  const scopes = await page.$$eval('[data-report-scope]', (els) => els.map((e) => e.textContent ?? ''));
  for (const scope of scopes) expect(scope).toMatch(/时间: \d{4}\/\d{2}\/\d{2} ~ .*门店: 旗舰店/);
  await page.waitForFunction(() => !document.querySelector('[aria-busy="true"]'), undefined, { timeout: 60_000 });
  await page.emulateMedia({ media: 'print' });
  const pdf = (await page.pdf({ format: 'A4' })).toString('latin1');
  const pdfPages = pdf.match(/\/Type\s*\/Page(?!s)/g)?.length ?? 0;
  expect(pdfPages).toBeGreaterThanOrEqual(pages.length);
  await page.emulateMedia({ media: 'screen' });
});

it('no console error and no request to another origin', () => {
  expect(session.consoleErrors).toEqual([]);
  expect(session.foreignRequests).toEqual([]);
});
